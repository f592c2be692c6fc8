"""Every entry of the tensor table, on random shapes (broadcasting included), against
independent references: a numpy closed form written here for the value, central finite
differences for both products (``gradcheck`` checks the vjp and the jvp rule), and PyTorch in
float64 for values and gradients (skipped when torch is not installed).

Adding a primitive is one row in ``CASES``; ``test_every_table_entry_has_a_case`` insists.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from autograd import Tensor, concatenate, cross_entropy, gradcheck, stack, where
from autograd import primitives as P
from autograd import tensor_table as T
from autograd.tensor import apply
from autograd.tensor_shape import is_basic
from autograd.tensor_table import TABLE

SETTINGS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SHAPES = hnp.array_shapes(min_dims=0, max_dims=3, min_side=1, max_side=3)
SHAPES_1D = hnp.array_shapes(min_dims=1, max_dims=3, min_side=1, max_side=3)


# ----------------------------------------------------------------------------- input domains


def fill(rng: np.random.Generator, shape: tuple[int, ...], domain: str) -> np.ndarray:
    """Random entries where the primitive is smooth, so finite differences are a fair reference."""
    if domain == "positive":
        return rng.uniform(0.5, 2.5, size=shape)
    if domain == "away_from_0":  # kinks of abs, relu, leaky_relu; poles of 1/x
        return rng.choice([-1.0, 1.0], size=shape) * rng.uniform(0.2, 2.0, size=shape)
    if domain == "distinct":  # max without ties: gaps of 0.3 >> the finite-difference step
        return rng.permutation(int(np.prod(shape, dtype=int))).reshape(shape) * 0.3 - 1.0
    return rng.normal(0.0, 1.5, size=shape)


@st.composite
def operands(draw: Any, shapes: Any, domains: tuple[str, ...]) -> list[np.ndarray]:
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    return [np.asarray(fill(rng, shape, domain), dtype=np.float64)
            for shape, domain in zip(draw(shapes), domains)]


def one(shapes: Any = SHAPES) -> Any:
    return shapes.map(lambda s: (s,))


BROADCAST = hnp.mutually_broadcastable_shapes(num_shapes=2, min_dims=0, max_dims=3, max_side=3) \
    .map(lambda bs: bs.input_shapes)


@st.composite
def axis_choice(draw: Any, ndim: int) -> Any:
    """None, one axis (possibly negative) or a tuple of distinct axes."""
    kind = draw(st.sampled_from(["none", "int", "tuple"]))
    if kind == "none" or ndim == 0:
        return None
    if kind == "int":
        return draw(st.integers(-ndim, ndim - 1))
    return tuple(draw(st.lists(st.integers(0, ndim - 1), unique=True, max_size=ndim)))


@st.composite
def reduction(draw: Any, domain: str) -> tuple[list[np.ndarray], dict[str, Any]]:
    (x,) = draw(operands(one(), (domain,)))
    return [x], {"axis": draw(axis_choice(x.ndim)), "keepdims": draw(st.booleans())}


@st.composite
def along_axis(draw: Any) -> tuple[list[np.ndarray], dict[str, Any]]:
    (x,) = draw(operands(one(SHAPES_1D), ("real",)))
    return [x], {"axis": draw(st.integers(-x.ndim, x.ndim - 1))}


def plain(shapes: Any, *domains: str) -> Any:
    return operands(shapes, domains).map(lambda xs: (xs, {}))


def with_params(inputs: Any, **params: Any) -> Any:
    return st.tuples(inputs, st.fixed_dictionaries(params))


@st.composite
def matmul_operands(draw: Any) -> tuple[list[np.ndarray], dict[str, Any]]:
    """Matrices, vectors and broadcast batches: (*ba, n, k) or (k,) times (*bb, k, m) or (k,)."""
    n, k, m = (draw(st.integers(1, 3)) for _ in range(3))
    ba, bb = draw(hnp.mutually_broadcastable_shapes(num_shapes=2, max_dims=2, max_side=2)).input_shapes
    a_vector, b_vector = draw(st.booleans()), draw(st.booleans())
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    a = rng.normal(size=(k,) if a_vector else (*ba, n, k))
    b = rng.normal(size=(k,) if b_vector else (*bb, k, m))
    return [a, b], {}


@st.composite
def reshape_operands(draw: Any) -> tuple[list[np.ndarray], dict[str, Any]]:
    (x,) = draw(operands(one(), ("real",)))
    targets = [(-1,), (x.size,), x.shape[::-1], (1, x.size), (*x.shape, 1), (x.size, -1)]
    return [x], {"shape": draw(st.sampled_from(targets))}


@st.composite
def transpose_operands(draw: Any) -> tuple[list[np.ndarray], dict[str, Any]]:
    (x,) = draw(operands(one(), ("real",)))
    axes = draw(st.one_of(st.none(), st.permutations(range(x.ndim)).map(tuple)))
    return [x], {"axes": axes}


@st.composite
def getitem_operands(draw: Any) -> tuple[list[np.ndarray], dict[str, Any]]:
    """Basic indices (ints, slices, None, Ellipsis) and advanced ones (int arrays with repeats,
    boolean masks)."""
    (x,) = draw(operands(one(SHAPES_1D), ("real",)))
    n = x.shape[0]
    kind = draw(st.sampled_from(["int", "slice", "tuple", "repeats", "mask", "mixed", "newaxis"]))
    if kind == "int":
        index: Any = draw(st.integers(-n, n - 1))
    elif kind == "slice":
        index = slice(draw(st.integers(-n, n)), draw(st.integers(-n, n)),
                      draw(st.sampled_from([1, 2, -1])))
    elif kind == "tuple":
        index = tuple(slice(None, None, draw(st.sampled_from([1, -1, 2]))) for _ in x.shape)
    elif kind == "repeats":
        index = np.array(draw(st.lists(st.integers(-n, n - 1), min_size=1, max_size=5)))
    elif kind == "mask":
        index = np.array(draw(st.lists(st.booleans(), min_size=x.size, max_size=x.size))).reshape(x.shape)
    elif kind == "mixed":
        index = (np.array(draw(st.lists(st.integers(0, n - 1), min_size=1, max_size=4))), Ellipsis)
    else:
        index = (None, Ellipsis)
    return [x], {"index": index}


@st.composite
def join_operands(draw: Any, new_axis: bool) -> tuple[list[np.ndarray], dict[str, Any]]:
    shape = draw(SHAPES_1D)
    count = draw(st.integers(1, 3))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    if new_axis:
        return [rng.normal(size=shape) for _ in range(count)], \
            {"axis": draw(st.integers(-len(shape) - 1, len(shape)))}
    axis = draw(st.integers(-len(shape), len(shape) - 1))
    xs = []
    for _ in range(count):
        s = list(shape)
        s[axis] = draw(st.integers(1, 3))
        xs.append(rng.normal(size=s))
    return xs, {"axis": axis}


@st.composite
def cross_entropy_operands(draw: Any) -> tuple[list[np.ndarray], dict[str, Any]]:
    n, c = draw(st.integers(1, 4)), draw(st.integers(1, 4))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    targets = rng.integers(0, c, size=n)
    return [rng.normal(0.0, 2.0, size=(n, c))], \
        {"targets": targets, "reduction": draw(st.sampled_from(["mean", "sum", "none"]))}


# ----------------------------------------------------------------------------- closed forms


def np_logsumexp(x: np.ndarray, axis: Any, keepdims: bool) -> np.ndarray:
    return np.log(np.sum(np.exp(x), axis=axis, keepdims=keepdims))


def np_softmax(x: np.ndarray, axis: int) -> np.ndarray:
    e = np.exp(x)
    return e / e.sum(axis=axis, keepdims=True)


def np_cross_entropy(z: np.ndarray, targets: np.ndarray, reduction: str) -> np.ndarray:
    losses = -np.log(np_softmax(z, 1))[np.arange(len(targets)), targets]
    return {"mean": losses.mean(), "sum": losses.sum(), "none": losses}[reduction]


def torch_cross_entropy(z: Any, targets: np.ndarray, reduction: str) -> Any:
    import torch

    return torch.nn.functional.cross_entropy(z, torch.tensor(targets), reduction=reduction)


def torch_getitem(x: Any, index: Any) -> Any:
    """x[index] in torch through flat positions (torch has no negative slice steps)."""
    torch = _torch()
    positions = np.asarray(np.arange(x.numel()).reshape(tuple(x.shape))[index])
    return x.reshape(-1)[torch.tensor(positions.reshape(-1).copy())].reshape(positions.shape)


def np_matmul(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """sum_k a[..., i, k] b[..., k, j], a vector a as a row and a vector b as a column."""
    a2 = a[None, :] if a.ndim == 1 else a
    b2 = b[:, None] if b.ndim == 1 else b
    out = (a2[..., :, :, None] * b2[..., None, :, :]).sum(axis=-2)
    out = out[..., 0, :] if a.ndim == 1 else out
    return out[..., 0] if b.ndim == 1 else out


def np_mean(x: np.ndarray, axis: Any, keepdims: bool) -> np.ndarray:
    axes = range(x.ndim) if axis is None else [axis] if isinstance(axis, int) else axis
    count = int(np.prod([x.shape[a] for a in axes]))
    return np.sum(x, axis=axis, keepdims=keepdims) / count


def torch_reduce(name: str, t: Any, p: dict[str, Any]) -> Any:
    """The torch reduction over numpy's ``axis`` (None: all; (): none, the identity)."""
    torch = _torch()
    axis = p["axis"]
    dims = tuple(range(t.ndim)) if axis is None else (axis,) if isinstance(axis, int) else tuple(axis)
    if not dims:
        return t * 1.0
    fn = {"sum": torch.sum, "mean": torch.mean, "max": torch.amax, "min": torch.amin,
          "logsumexp": torch.logsumexp}[name]
    return fn(t, dim=dims, keepdim=p["keepdims"])


def np_index_add(x: np.ndarray, index: Any) -> np.ndarray:
    """zeros of x's shape with x[index] added at index (twice where an index repeats)."""
    out = np.zeros_like(x)
    np.add.at(out, index, x[index])
    return out


def np_leaky(x: np.ndarray, alpha: float) -> np.ndarray:
    return np.where(x > 0, x, alpha * x)


def _torch() -> Any:
    import torch

    return torch


@dataclass
class Case:
    """One primitive: inputs, how to call it on Tensors, a numpy closed form, the torch twin."""

    name: str
    inputs: Any  # strategy of (arrays, params)
    f: Callable[..., Any]  # (tensors, params) -> Tensor
    closed_form: Callable[..., Any]  # (arrays, params) -> array
    torch_f: Callable[..., Any] | None  # (torch tensors, params) -> torch tensor, None: no twin

    def __repr__(self) -> str:
        return self.name


CASES = [
    Case("add", plain(BROADCAST, "real", "real"), lambda t, p: t[0] + t[1],
         lambda a, p: a[0] + a[1], lambda t, p: t[0] + t[1]),
    Case("sub", plain(BROADCAST, "real", "real"), lambda t, p: t[0] - t[1],
         lambda a, p: a[0] - a[1], lambda t, p: t[0] - t[1]),
    Case("mul", plain(BROADCAST, "real", "real"), lambda t, p: t[0] * t[1],
         lambda a, p: a[0] * a[1], lambda t, p: t[0] * t[1]),
    Case("div", plain(BROADCAST, "real", "away_from_0"), lambda t, p: t[0] / t[1],
         lambda a, p: a[0] * (1.0 / a[1]), lambda t, p: t[0] / t[1]),
    Case("neg", plain(one(), "real"), lambda t, p: -t[0], lambda a, p: 0.0 - a[0], lambda t, p: -t[0]),
    Case("power", with_params(operands(one(), ("positive",)),
                              p=st.sampled_from([0.0, 1.0, 2.0, 3.0, 0.5, -1.0, -2.5])),
         lambda t, p: t[0] ** p["p"], lambda a, p: np.exp(p["p"] * np.log(a[0])),
         lambda t, p: t[0] ** p["p"]),
    Case("rpow", with_params(operands(one(), ("real",)), c=st.sampled_from([0.5, 2.0, np.e])),
         lambda t, p: p["c"] ** t[0], lambda a, p: np.exp(a[0] * np.log(p["c"])),
         lambda t, p: p["c"] ** t[0]),
    Case("pow", plain(BROADCAST, "positive", "real"), lambda t, p: t[0] ** t[1],
         lambda a, p: np.exp(a[1] * np.log(a[0])), lambda t, p: t[0] ** t[1]),
    Case("matmul", matmul_operands(), lambda t, p: t[0] @ t[1],
         lambda a, p: np_matmul(a[0], a[1]), lambda t, p: t[0] @ t[1]),
    Case("exp", plain(one(), "real"), lambda t, p: t[0].exp(), lambda a, p: np.e ** a[0],
         lambda t, p: t[0].exp()),
    Case("log", plain(one(), "positive"), lambda t, p: t[0].log(), lambda a, p: np.log(a[0]),
         lambda t, p: t[0].log()),
    Case("sqrt", plain(one(), "positive"), lambda t, p: t[0].sqrt(), lambda a, p: a[0] ** 0.5,
         lambda t, p: t[0].sqrt()),
    Case("abs", plain(one(), "away_from_0"), lambda t, p: abs(t[0]),
         lambda a, p: np.where(a[0] < 0, -a[0], a[0]), lambda t, p: t[0].abs()),
    Case("tanh", plain(one(), "real"), lambda t, p: t[0].tanh(),
         lambda a, p: (np.exp(2 * a[0]) - 1) / (np.exp(2 * a[0]) + 1), lambda t, p: t[0].tanh()),
    Case("sigmoid", plain(one(), "real"), lambda t, p: t[0].sigmoid(),
         lambda a, p: 1.0 / (1.0 + np.exp(-a[0])), lambda t, p: t[0].sigmoid()),
    Case("relu", plain(one(), "away_from_0"), lambda t, p: t[0].relu(),
         lambda a, p: a[0] * (a[0] > 0), lambda t, p: t[0].relu()),
    Case("leaky_relu", with_params(operands(one(), ("away_from_0",)), alpha=st.sampled_from([0.01, 0.2])),
         lambda t, p: t[0].leaky_relu(p["alpha"]), lambda a, p: np_leaky(a[0], p["alpha"]),
         lambda t, p: _torch().nn.functional.leaky_relu(t[0], p["alpha"])),
    Case("softplus", plain(one(), "real"), lambda t, p: t[0].softplus(),
         lambda a, p: np.log(1.0 + np.exp(a[0])), lambda t, p: _torch().nn.functional.softplus(t[0])),
    Case("sum", reduction("real"), lambda t, p: t[0].sum(**p),
         lambda a, p: np.sum(a[0], axis=p["axis"], keepdims=p["keepdims"]),
         lambda t, p: torch_reduce("sum", t[0], p)),
    Case("mean", reduction("real"), lambda t, p: t[0].mean(**p),
         lambda a, p: np_mean(a[0], p["axis"], p["keepdims"]), lambda t, p: torch_reduce("mean", t[0], p)),
    Case("max", reduction("distinct"), lambda t, p: t[0].max(**p),
         lambda a, p: -np.min(-a[0], axis=p["axis"], keepdims=p["keepdims"]),
         lambda t, p: torch_reduce("max", t[0], p)),
    Case("min", reduction("distinct"), lambda t, p: t[0].min(**p),
         lambda a, p: -np.max(-a[0], axis=p["axis"], keepdims=p["keepdims"]),
         lambda t, p: torch_reduce("min", t[0], p)),
    Case("broadcast_to", plain(one(hnp.array_shapes(min_dims=0, max_dims=2, min_side=1, max_side=1)), "real"),
         lambda t, p: t[0].broadcast_to((2, 3)), lambda a, p: np.broadcast_to(a[0], (2, 3)).copy(),
         lambda t, p: t[0].expand(2, 3)),
    Case("index_add", getitem_operands(),  # scatter the gathered entries back: the adjoint of getitem
         lambda t, p: apply(T.INDEX_ADD, (t[0][p["index"]],), index=p["index"], shape=t[0].shape,
                            basic=is_basic(p["index"])),
         lambda a, p: np_index_add(a[0], p["index"]), None),
    Case("cumsum", along_axis(), lambda t, p: t[0].cumsum(**p), lambda a, p: np.cumsum(a[0], axis=p["axis"]),
         lambda t, p: _torch().cumsum(t[0], dim=p["axis"])),
    Case("where", plain(BROADCAST, "real", "real"),
         lambda t, p: where(t[0].data > 0, t[0], t[1]), lambda a, p: np.where(a[0] > 0, a[0], a[1]),
         lambda t, p: _torch().where(t[0] > 0, t[0], t[1])),
    Case("logsumexp", reduction("real"), lambda t, p: t[0].logsumexp(**p),
         lambda a, p: np_logsumexp(a[0], p["axis"], p["keepdims"]),
         lambda t, p: torch_reduce("logsumexp", t[0], p)),
    Case("softmax", along_axis(), lambda t, p: t[0].softmax(**p), lambda a, p: np_softmax(a[0], p["axis"]),
         lambda t, p: _torch().softmax(t[0], dim=p["axis"])),
    Case("log_softmax", along_axis(), lambda t, p: t[0].log_softmax(**p),
         lambda a, p: np.log(np_softmax(a[0], p["axis"])),
         lambda t, p: _torch().log_softmax(t[0], dim=p["axis"])),
    Case("reshape", reshape_operands(), lambda t, p: t[0].reshape(p["shape"]),
         lambda a, p: np.reshape(a[0], p["shape"]), lambda t, p: t[0].reshape(p["shape"])),
    Case("transpose", transpose_operands(),
         lambda t, p: t[0].T if p["axes"] is None else t[0].transpose(*p["axes"]),
         lambda a, p: np.transpose(a[0], p["axes"]),
         lambda t, p: t[0].permute(tuple(range(t[0].ndim))[::-1] if p["axes"] is None else p["axes"])),
    Case("getitem", getitem_operands(), lambda t, p: t[0][p["index"]],
         lambda a, p: np.asarray(a[0][p["index"]]), lambda t, p: torch_getitem(t[0], p["index"])),
    Case("concatenate", join_operands(new_axis=False), lambda t, p: concatenate(t, **p),
         lambda a, p: np.concatenate(a, axis=p["axis"]), lambda t, p: _torch().cat(t, dim=p["axis"])),
    Case("stack", join_operands(new_axis=True), lambda t, p: stack(t, **p),
         lambda a, p: np.stack(a, axis=p["axis"]), lambda t, p: _torch().stack(t, dim=p["axis"])),
    Case("cross_entropy", cross_entropy_operands(), lambda t, p: cross_entropy(t[0], **p),
         lambda a, p: np_cross_entropy(a[0], **p), lambda t, p: torch_cross_entropy(t[0], **p)),
]

IDS = [case.name for case in CASES]


ELEMENTWISE = {"add": P.ADD, "sub": P.SUB, "mul": P.MUL, "div": P.DIV, "neg": P.NEG, "pow": P.POW,
               "exp": P.EXP, "log": P.LOG, "sqrt": P.SQRT, "abs": P.ABS, "tanh": P.TANH,
               "sigmoid": P.SIGMOID, "relu": P.RELU, "softplus": P.SOFTPLUS}


def test_every_tensor_only_entry_has_a_case() -> None:
    """The tensor-only entries each have a case; the elementwise cases run the one table's
    entries on Tensors (tests/test_one_table.py checks every entry against Values)."""
    assert sorted(TABLE) == sorted(set(IDS) - set(ELEMENTWISE) - {"power", "rpow", "leaky_relu"})


def test_elementwise_cases_use_the_one_table() -> None:
    for name, prim in ELEMENTWISE.items():
        case = next(c for c in CASES if c.name == name)
        arrays = [np.full((2,), 1.5) for _ in range(prim.arity or 1)]
        out = case.f([Tensor(a, requires_grad=True) for a in arrays], {})
        assert out.primitive is prim


def test_every_entry_prints_its_math() -> None:
    for prim in TABLE.values():
        assert prim.math.count(";") >= 2, prim  # value; vjp; jvp


# ----------------------------------------------------------------------------- the tests


@pytest.mark.parametrize("case", CASES, ids=IDS)
@SETTINGS
@given(data=st.data())
def test_value_matches_closed_form(case: Case, data: Any) -> None:
    arrays, params = data.draw(case.inputs)
    out = case.f([Tensor(a) for a in arrays], params)
    assert out.op == "" and out.data.dtype == np.float64  # constants in, a constant out
    np.testing.assert_allclose(out.data, case.closed_form(arrays, params), rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("case", CASES, ids=IDS)
@SETTINGS
@given(data=st.data())
def test_gradcheck_both_modes(case: Case, data: Any) -> None:
    arrays, params = data.draw(case.inputs)
    assert gradcheck(lambda *ts: case.f(list(ts), params), arrays, rtol=1e-6, atol=1e-7)


@pytest.mark.parametrize("case", CASES, ids=IDS)
@SETTINGS
@given(data=st.data())
def test_agrees_with_torch_float64(case: Case, data: Any) -> None:
    torch = pytest.importorskip("torch")
    if case.torch_f is None:
        pytest.skip(f"{case.name} has no PyTorch twin (finite differences check it)")
    arrays, params = data.draw(case.inputs)
    ours = [Tensor(a, requires_grad=True) for a in arrays]
    theirs = [torch.tensor(a, requires_grad=True) for a in arrays]
    out, ref = case.f(ours, params), case.torch_f(theirs, params)
    np.testing.assert_allclose(out.data, ref.detach().numpy(), rtol=1e-12, atol=1e-12)
    seed = np.random.default_rng(0).normal(size=out.shape)
    out.backward(seed)
    ref.backward(torch.tensor(seed))
    for x, t in zip(ours, theirs):
        expected = np.zeros_like(x.data) if t.grad is None else t.grad.numpy()
        np.testing.assert_allclose(x.grad, expected, rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("case", CASES, ids=IDS)
@settings(max_examples=5, deadline=None)
@given(data=st.data())
def test_float32_in_float32_out(case: Case, data: Any) -> None:
    arrays, params = data.draw(case.inputs)
    ours = [Tensor(a, dtype=np.float32, requires_grad=True) for a in arrays]
    out = case.f(ours, params)
    assert out.data.dtype == np.float32
    out.backward(np.ones(out.shape, np.float32))
    assert all(x.grad.dtype == np.float32 for x in ours)
    np.testing.assert_allclose(out.data, case.closed_form(arrays, params), rtol=1e-5, atol=1e-5)
