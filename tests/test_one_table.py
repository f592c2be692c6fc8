"""One table for both engines: every entry of the table of primitives on Tensors agrees with the
same entry on Values (values and gradients to 1e-13, tails included), with central finite
differences in both modes, and with finite differences of the first derivative at second order;
Tensor Hessians and grad-of-grad against closed forms; user-defined primitives on every kind of
number; the sweeps on Tensor graphs; and the layout of autograd without import cycles.

The Value side is checked against the lecture's closed forms in test_primitives.py; here the
Tensor side is checked against it and against references that know nothing of the engine.
"""

from __future__ import annotations

import ast
import math
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from test_primitives import ROWS, Row, fixed_points

import autograd as ag
from autograd import Dual, Tensor, Value

TAILS = {  # points far out where a naive formula loses the derivative (tails of the S-curves)
    "sigmoid": [(40.0,), (-40.0,), (-700.0,)], "tanh": [(20.0,), (-20.0,)],
    "softplus": [(-40.0,), (40.0,), (1000.0,)], "silu": [(-40.0,), (40.0,)],
    "gelu": [(-10.0,), (10.0,)], "erf": [(5.0,), (-5.0,)], "erfc": [(8.0,)],
    "logsumexp": [(1000.0, -1000.0, 999.0)], "softmax[0]": [(1000.0, -1000.0, 999.0)],
    "log_softmax[1]": [(1000.0, -1000.0, 999.0)],
}


def points(row: Row) -> list[tuple[float, ...]]:
    return fixed_points(row) + TAILS.get(row.name, [])


def on_values(row: Row, xs: tuple[float, ...]) -> tuple[float, list[float]]:
    leaves = [Value(x) for x in xs]
    out = row.op(*leaves)
    out.backward()
    return out.data, [leaf.grad for leaf in leaves]


@pytest.mark.parametrize("row", ROWS, ids=[r.name for r in ROWS])
def test_tensor_and_value_agree_to_1e_13(row: Row) -> None:
    """The same entry at the same points: one Tensor holding every point, one Value per point."""
    pts = points(row)
    tensors = [Tensor(np.array(column), requires_grad=True) for column in zip(*pts)]
    out = row.op(*tensors)
    assert out.primitive is row.prim  # the Tensor node carries the very entry of the table
    out.backward(np.ones(len(pts)))
    for k, xs in enumerate(pts):
        value, grads = on_values(row, xs)
        assert out.data[k] == pytest.approx(value, rel=1e-13, abs=1e-300), xs
        for t, g in zip(tensors, grads):
            assert t.grad[k] == pytest.approx(g, rel=1e-13, abs=1e-300), (xs, t.grad[k], g)


@pytest.mark.parametrize("row", ROWS, ids=[r.name for r in ROWS])
def test_tensor_entry_against_finite_differences_both_modes(row: Row) -> None:
    pts = fixed_points(row)
    arrays = [np.array(column) for column in zip(*pts)]
    assert ag.gradcheck(lambda *ts: row.op(*ts), arrays, rtol=1e-6, atol=1e-7)


SMOOTH = [r for r in ROWS if r.prim.arity == 1 and r.name not in
          ("abs", "relu", "leaky_relu", "step", "elu", "clamp")]


@pytest.mark.parametrize("row", SMOOTH, ids=[r.name for r in SMOOTH])
def test_tensor_second_derivative_against_differences_of_the_first(row: Row) -> None:
    """diag of the Tensor Hessian of sum f(x) = f''(x), against a central difference of f'
    (f' itself checked against the closed form in test_primitives)."""
    pts = [xs[0] for xs in fixed_points(row)]
    hess = ag.hessian(lambda t: row.op(t).sum())(np.array(pts))
    np.testing.assert_allclose(hess - np.diag(np.diag(hess)), 0.0, atol=1e-12)
    for k, x in enumerate(pts):
        h = 1e-5 * max(1.0, abs(x))
        fd = (row.partials(x + h)[0] - row.partials(x - h)[0]) / (2 * h)
        assert hess[k, k] == pytest.approx(fd, rel=1e-5, abs=1e-7), x


# ----------------------------------------------------------------------------- higher order


def test_hessian_of_logistic_regression_is_xt_diag_p_1_minus_p_x_over_n() -> None:
    rng = np.random.default_rng(3)
    X, y, w = rng.normal(size=(7, 3)), (rng.random(7) > 0.5).astype(float), rng.normal(size=3)

    def loss(w: Tensor) -> Tensor:  # mean binary cross-entropy from logits: softplus(z) - y z
        z = Tensor(X) @ w
        return (z.softplus() - Tensor(y) * z).mean()

    p = 1.0 / (1.0 + np.exp(-X @ w))
    expected = X.T @ np.diag(p * (1 - p)) @ X / len(y)
    np.testing.assert_allclose(ag.hessian(loss)(w), expected, rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(ag.jacrev(ag.jacrev(loss))(w), expected, rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(ag.grad(loss)(w), X.T @ (p - y) / len(y), rtol=1e-12)


def test_grad_of_grad_on_tensors_against_closed_forms() -> None:
    x = np.array([0.5, -1.5, 2.0])
    # d/dx_i sum_j d/dx_j (x_j³) = d/dx_i sum 3x² = 6 x_i
    inner = ag.grad(lambda t: (t ** 3).sum())
    np.testing.assert_allclose(ag.grad(lambda t: inner(t).sum())(x), 6 * x, rtol=1e-14)
    # third order: sum sin -> cos -> -sin -> -cos
    g3 = ag.grad(lambda t: ag.grad(lambda u: ag.grad(lambda v: v.sin().sum())(u).sum())(t).sum())
    np.testing.assert_allclose(g3(x), -np.cos(x), rtol=1e-13)


def test_jacobians_of_a_vector_function_nest_both_ways() -> None:
    """f(x) = softmax(W x): jacfwd(jacrev f) = jacrev(jacfwd f), both against finite differences
    of jacrev."""
    rng = np.random.default_rng(5)
    W, x = rng.normal(size=(3, 2)), rng.normal(size=2)

    def f(t: Tensor) -> Tensor:
        return (Tensor(W) @ t).softmax(axis=0)

    a, b = ag.jacfwd(ag.jacrev(f))(x), ag.jacrev(ag.jacfwd(f))(x)
    assert a.shape == (3, 2, 2)
    np.testing.assert_allclose(a, b, rtol=1e-12, atol=1e-14)
    h = 1e-6
    for k in range(2):
        e = np.zeros(2)
        e[k] = h
        fd = (ag.jacrev(f)(x + e) - ag.jacrev(f)(x - e)) / (2 * h)
        np.testing.assert_allclose(a[:, :, k], fd, rtol=1e-5, atol=1e-8)


def test_no_perturbation_confusion_on_tensors() -> None:
    """d/dx [x · d/dy (x + y)] = 1 at any x: the inner derivative must not see the outer x."""
    def f(x: Tensor) -> Tensor:
        inner = ag.grad(lambda y: (x + y).sum())(np.ones(1))
        return (x * Tensor(inner)).sum() if not isinstance(inner, Tensor) else (x * inner).sum()

    np.testing.assert_allclose(ag.grad(f)(np.array([3.0])), [1.0])


# ----------------------------------------------------------------------------- one rule, one policy


def test_max_splits_ties_equally_in_both_engines() -> None:
    a, b = Value(2.0), Value(2.0)
    ag.max([a, b]).backward()
    t = Tensor([2.0, 2.0], requires_grad=True)
    t.max().backward()
    c, d = Value(1.0), Value(1.0)
    ag.maximum(c, d).backward()
    assert (a.grad, b.grad) == (0.5, 0.5) and list(t.grad) == [0.5, 0.5] and (c.grad, d.grad) == (0.5, 0.5)


def test_one_error_policy_for_floats_values_duals_arrays_and_tensors() -> None:
    for x in (-1.0, Value(-1.0), Dual(-1.0, 1.0)):
        with pytest.raises(ValueError, match=r"log: needs x > 0, got -1.0"):
            ag.log(x)
    for x in (np.array([1.0, -1.0]), Tensor([1.0, -1.0])):
        with pytest.raises(ValueError, match=r"log: needs x > 0, got -1.0 at index \(1,\)"):
            ag.log(x)


def test_every_op_is_a_function_form_and_a_method_of_every_node() -> None:
    for name, op in ag.primitives.OPS.items():
        assert callable(getattr(ag, name)), name
        if op.method:
            for cls in (Value, Tensor, Dual):
                assert callable(getattr(cls, name, None)), (cls, name)
    x = 0.3
    for name in ("sin", "exp", "tanh", "gelu", "erf", "atanh"):
        expected = getattr(ag, name)(x)
        assert getattr(Value(x), name)().data == pytest.approx(expected, rel=1e-15)
        assert getattr(Tensor([x]), name)().data[0] == pytest.approx(expected, rel=1e-15)
        assert getattr(ag, name)(np.array([x]))[0] == pytest.approx(expected, rel=1e-15)
        assert getattr(Dual(x, 1.0), name)().primal == pytest.approx(expected, rel=1e-15)


# ----------------------------------------------------------------------------- defprimitive

CUBE = ag.defprimitive("cube_test", lambda m, x: (x * x * x, (3.0 * x * x,)), symbols=("3·{0}²",),
                       method=True)
SMOOTH_MIN = ag.defprimitive("softmin_test", lambda m, a, b: _softmin(m, a, b),
                             symbols=("σ(({1}-{0})/2)", "σ(({0}-{1})/2)"))


def _softmin(m: Any, a: Any, b: Any) -> tuple[Any, tuple[Any, Any]]:
    """-2 ln(e^{-a/2} + e^{-b/2}); d/da = σ((b - a)/2)."""
    return -2.0 * m.logsumexp([-0.5 * a, -0.5 * b]), (m.sigmoid(0.5 * (b - a)), m.sigmoid(0.5 * (a - b)))


def test_defprimitive_on_every_kind_of_number() -> None:
    assert CUBE(2.0) == 8.0
    np.testing.assert_allclose(CUBE(np.array([1.0, 2.0])), [1.0, 8.0])
    d = CUBE(Dual(2.0, 1.0))
    assert (d.primal, d.tangent) == (8.0, 12.0)
    v = Value(2.0)
    CUBE(v).backward()
    assert v.grad == 12.0 and Value(2.0).cube_test().data == 8.0
    t = Tensor([1.0, -2.0], requires_grad=True)
    y = CUBE(t)
    assert y.primitive.name == "cube_test"
    y.backward(np.ones(2))
    np.testing.assert_allclose(t.grad, [3.0, 12.0])


def test_defprimitive_in_both_modes_and_second_order() -> None:
    a, b = 0.3, 1.1
    # forward and reverse against the closed form of the softmin's partials
    s = lambda z: 1.0 / (1.0 + math.exp(-z))  # noqa: E731
    assert ag.grad(SMOOTH_MIN, argnums=(0, 1))(a, b) == pytest.approx((s((b - a) / 2), s((a - b) / 2)))
    assert ag.jvp(SMOOTH_MIN, (a, b), (1.0, 0.0))[1] == pytest.approx(s((b - a) / 2))
    # second order: d²/da² = -σ'((b-a)/2)/2, against a central difference of the first derivative
    h = 1e-5
    fd = (ag.grad(SMOOTH_MIN)(a + h, b) - ag.grad(SMOOTH_MIN)(a - h, b)) / (2 * h)
    assert ag.grad(ag.grad(SMOOTH_MIN))(a, b) == pytest.approx(fd, rel=1e-6)
    assert ag.hessian(lambda t: CUBE(t).sum())(np.array([1.0, 2.0])) == pytest.approx(np.diag([6.0, 12.0]))
    assert ag.gradcheck(lambda x, y: SMOOTH_MIN(x, y), [np.array([0.2, -1.0]), np.array([1.0, 3.0])])


def test_defprimitive_checks_its_arguments_and_domain() -> None:
    def domain(x: Any) -> None:
        ag.primitive.require(x > 0, "rootish", "needs x > 0", x)

    rootish = ag.defprimitive("rootish_test", lambda m, x: (m.sqrt(x), (0.5 / m.sqrt(x),)), domain=domain)
    with pytest.raises(ValueError, match="rootish: needs x > 0, got -1.0"):
        rootish(Value(-1.0))
    with pytest.raises(ValueError, match=r"index \(1,\)"):
        rootish(Tensor([1.0, -1.0]))
    with pytest.raises(ValueError, match="already an operation"):
        ag.defprimitive("sin", lambda m, x: (x, (1.0,)))
    twice = ag.defprimitive("twice_test", lambda m, x: (2.0 * x, (2.0,)))
    thrice = ag.defprimitive("twice_test", lambda m, x: (3.0 * x, (3.0,)))  # a cell run again
    assert thrice(1.0) == 3.0 and ag.grad(ag.twice_test)(1.0) == 3.0 and twice is not thrice
    with pytest.raises(ValueError, match="1 inputs but 2 symbols"):
        ag.defprimitive("bad_test", lambda m, x: (x, (1.0,)), symbols=("a", "b"))


def test_defprimitive_symbols_label_the_picture() -> None:
    viz = pytest.importorskip("viz")
    x = Value(2.0, label="x")
    svg = viz.draw_graph(CUBE(x)).svg()
    assert "= 3x² = 12<" in svg  # the user's symbol "3·{0}²" in the picture's notation, and its value


# ----------------------------------------------------------------------------- sweeps on Tensors


def test_gradients_and_sweeps_accept_tensor_graphs() -> None:
    rng = np.random.default_rng(1)
    A, x0 = rng.normal(size=(2, 3)), rng.normal(size=3)
    x = Tensor(x0, requires_grad=True)
    y = (Tensor(A) @ x).tanh()  # y_i = tanh(sum_j A_ij x_j), J = diag(1 - y²) A
    J = np.diag(1 - np.tanh(A @ x0) ** 2) @ A
    (g,) = ag.gradients(y, [x], grad_outputs=[np.array([1.0, 2.0])])
    np.testing.assert_allclose(g, np.array([1.0, 2.0]) @ J, rtol=1e-13)
    adjoint = ag.reverse_sweep(y, np.array([0.0, 1.0]))
    np.testing.assert_allclose(adjoint[x], J[1], rtol=1e-13)
    tangent = ag.forward_sweep(y, {x: np.array([1.0, 0.0, 0.0])})
    np.testing.assert_allclose(tangent[y], J[:, 0], rtol=1e-13)
    # create_graph: the gradient is a Tensor that can be differentiated again
    s = (x * x * x).sum()
    (dx,) = ag.gradients(s, [x], create_graph=True)
    assert isinstance(dx, Tensor)
    (ddx,) = ag.gradients(dx.sum(), [x])
    np.testing.assert_allclose(ddx, 6 * x0, rtol=1e-14)


# ----------------------------------------------------------------------------- layout


def test_autograd_has_no_import_cycles_and_no_hidden_imports() -> None:
    """Module-level imports between autograd's modules form no cycle, and no function imports
    an autograd module lazily (which is how a cycle hides)."""
    root = Path(ag.__file__).parent
    graph: dict[str, set[str]] = {}
    for path in root.glob("*.py"):
        tree = ast.parse(path.read_text())
        name = path.stem
        deps: set[str] = set()
        for node in tree.body:
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("autograd"):
                parts = node.module.split(".")
                deps |= {parts[1]} if len(parts) > 1 else {a.name for a in node.names}
            if isinstance(node, ast.If):  # TYPE_CHECKING blocks are not imports at run time
                continue
        for func in (n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))):
            for inner in ast.walk(func):
                assert not (isinstance(inner, ast.ImportFrom) and inner.module and
                            inner.module.startswith("autograd")), f"{name}: lazy import in {func.name}"
        graph[name] = deps - {name, "__init__"}
    state: dict[str, int] = {}
    for start in graph:
        stack = [(start, iter(sorted(graph[start])))]
        state[start] = 1
        while stack:
            node, it = stack[-1]
            for dep in it:
                if dep not in graph:
                    continue
                assert state.get(dep) != 1, f"import cycle through {node} -> {dep}"
                if dep not in state:
                    state[dep] = 1
                    stack.append((dep, iter(sorted(graph[dep]))))
                    break
            else:
                state[node] = 2
                stack.pop()
