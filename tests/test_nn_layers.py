"""nn.Neuron / nn.Layer / nn.MLP: forward values against closed forms and numpy, the one-node
pre-activation, scopes, micrograd's API and order, weights by hand, seeded initialisation."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import autograd
import nn
from autograd import Value

X3 = [0.5, -1.5, 2.0]
W3 = [0.3, -0.2, 0.1]
B = 0.25
Z = 0.3 * 0.5 + (-0.2) * (-1.5) + 0.1 * 2.0 + 0.25  # = 0.9


def sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-z))


CLOSED_FORMS = {  # activation: (f(z), f'(z)) written out
    "linear": (lambda z: z, lambda z: 1.0),
    "identity": (lambda z: z, lambda z: 1.0),
    "relu": (lambda z: max(0.0, z), lambda z: 1.0 if z > 0 else 0.0),
    "leaky_relu": (lambda z: z if z > 0 else 0.01 * z, lambda z: 1.0 if z > 0 else 0.01),
    "abs": (abs, lambda z: math.copysign(1.0, z)),
    "softplus": (lambda z: math.log(1.0 + math.exp(z)), sigmoid),
    "sigmoid": (sigmoid, lambda z: sigmoid(z) * (1.0 - sigmoid(z))),
    "tanh": (math.tanh, lambda z: 1.0 - math.tanh(z) ** 2),
    "step": (lambda z: 1.0 if z >= 0 else 0.0, lambda z: 0.0),
}


# ----------------------------------------------------------------------------- Neuron


@pytest.mark.parametrize("activation", sorted(CLOSED_FORMS))
@pytest.mark.parametrize("bias", [0.25, -1.9])
def test_neuron_value_and_gradients_match_closed_form(activation: str, bias: float) -> None:
    f, df = CLOSED_FORMS[activation]
    n = nn.Neuron(3, activation, w=W3, b=bias)
    xs = [Value(v) for v in X3]
    a = n(xs)
    z = sum(w * x for w, x in zip(W3, X3)) + bias
    assert a.data == pytest.approx(f(z), rel=1e-14, abs=1e-15)
    a.backward()
    # da/dw_i = f'(z) x_i, da/db = f'(z), da/dx_i = f'(z) w_i
    assert [p.grad for p in n.w] == pytest.approx([df(z) * x for x in X3], rel=1e-12, abs=1e-15)
    assert n.b.grad == pytest.approx(df(z), rel=1e-12, abs=1e-15)
    assert [x.grad for x in xs] == pytest.approx([df(z) * w for w in W3], rel=1e-12, abs=1e-15)


def test_neuron_pre_activation_is_one_node_with_2n_plus_1_edges() -> None:
    n = nn.Neuron(3, "tanh", w=W3, b=B)
    xs = [Value(v) for v in X3]
    a = n(xs)
    assert a.op == "tanh" and len(a.inputs) == 1
    (z,) = a.inputs
    assert z.op == "dot+b"
    assert z.inputs == (*n.w, *xs, n.b)
    assert z.data == pytest.approx(Z, rel=1e-15)
    # the whole neuron is two operation nodes: z and a
    ops = [v for v in autograd.topological_order(a) if v.inputs]
    assert ops == [z, a]
    # exactly the node autograd.dot(w, x, bias=b) makes
    ref = autograd.dot(n.w, xs, bias=n.b)
    assert (ref.op, ref.inputs, ref.data, ref.local_grads) == (z.op, z.inputs, z.data, z.local_grads)


def test_linear_neuron_makes_only_the_pre_activation_node() -> None:
    a = nn.Neuron(3, "linear", w=W3, b=B)(X3)
    assert a.op == "dot+b" and a.data == pytest.approx(Z, rel=1e-15)


def test_neuron_without_bias_is_a_dot_node_and_has_no_bias_parameter() -> None:
    n = nn.Neuron(3, "linear", w=W3, bias=False)
    a = n(X3)
    assert a.op == "dot" and n.b is None
    assert a.data == pytest.approx(Z - B, rel=1e-15)
    assert n.parameters() == n.w and n.num_parameters() == 3
    with pytest.raises(ValueError, match="bias=False"):
        nn.Neuron(3, w=W3, b=1.0, bias=False)


def test_callable_activation_is_used_and_named() -> None:
    def cube(z: Value) -> Value:
        return z**3

    n = nn.Neuron(3, cube, w=W3, b=B)
    assert n.activation == "cube"
    a = n(X3)
    assert a.data == pytest.approx(Z**3, rel=1e-14)
    a.backward()
    assert n.b.grad == pytest.approx(3 * Z**2, rel=1e-14)


def test_leaky_relu_with_another_slope_through_a_callable() -> None:
    n = nn.Neuron(1, lambda z: z.leaky_relu(0.2), w=[1.0], b=0.0)
    assert n([-2.0]).data == pytest.approx(-0.4, rel=1e-15)


def test_unknown_activation_lists_the_known_ones() -> None:
    with pytest.raises(ValueError) as info:
        nn.Neuron(2, "swish")
    message = str(info.value)
    assert "'swish'" in message
    for name in ("relu", "tanh", "sigmoid", "softmax", "maxout", "step", "leaky_relu", "softplus", "abs"):
        assert name in message
    with pytest.raises(ValueError, match="swish"):
        nn.MLP(2, [3, 1], activation="swish")
    with pytest.raises(TypeError, match="activation"):
        nn.Layer(2, 3, activation=3)


def test_softmax_is_a_layer_activation_not_a_neuron_one() -> None:
    with pytest.raises(ValueError, match="Layer"):
        nn.Neuron(3, "softmax")


@pytest.mark.parametrize("bad, error", [([1.0, 2.0], ValueError), ([1.0, "a", 2.0], TypeError),
                                        ([1.0, float("nan"), 2.0], ValueError), ("abc", TypeError),
                                        (3.0, TypeError)])
def test_neuron_rejects_bad_inputs_naming_the_operation(bad: object, error: type) -> None:
    with pytest.raises(error, match="Neuron"):
        nn.Neuron(3)(bad)  # type: ignore[arg-type]


def test_constructor_arguments_are_checked() -> None:
    with pytest.raises(TypeError, match="nin"):
        nn.Neuron(2.5)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="nin"):
        nn.Neuron(0)
    with pytest.raises(ValueError, match="w"):
        nn.Neuron(3, w=[1.0, 2.0])
    with pytest.raises(TypeError, match="Neuron"):
        nn.Neuron(2, w=[1.0, "x"])
    with pytest.raises(ValueError, match="finite"):
        nn.Neuron(2, w=[1.0, math.inf])
    with pytest.raises(ValueError, match="unknown init"):
        nn.MLP(2, [3], init="zeros")
    with pytest.raises(TypeError, match="seed"):
        nn.MLP(2, [3], seed="0")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="nouts"):
        nn.MLP(2, 3)  # type: ignore[arg-type]


# ----------------------------------------------------------------------------- maxout


def test_maxout_is_the_max_of_k_affine_pieces_and_routes_the_gradient_to_the_winner() -> None:
    pieces = [[1.0, 0.0], [0.0, 1.0], [-1.0, -1.0]]
    biases = [0.0, 0.5, 0.0]
    n = nn.Neuron(2, "maxout", k=3, w=pieces, b=biases)
    assert isinstance(n, nn.Maxout) and isinstance(n, nn.Unit)  # nn.Neuron is the factory
    assert n.activation == "maxout" and n.k == 3 and not hasattr(n, "w")
    x = [Value(0.2), Value(0.4)]
    a = n(x)
    # pieces: 0.2, 0.4 + 0.5 = 0.9, -0.6  -> the second wins
    assert a.data == pytest.approx(0.9, rel=1e-15)
    a.backward()
    assert [[p.grad for p in w] for w in n.pieces] == [[0.0, 0.0], [0.2, 0.4], [0.0, 0.0]]
    assert [p.grad for p in n.biases] == [0.0, 1.0, 0.0]
    assert [v.grad for v in x] == [0.0, 1.0]
    assert n.num_parameters() == 3 * (2 + 1)
    assert n.parameters() == [*n.pieces[0], *n.pieces[1], *n.pieces[2], *n.biases]


def test_maxout_with_two_pieces_implements_relu_and_abs() -> None:
    relu = nn.Neuron(1, "maxout", k=2, w=[[1.0], [0.0]], b=[0.0, 0.0])  # max(z, 0)
    absolute = nn.Neuron(1, "maxout", k=2, w=[[1.0], [-1.0]], b=[0.0, 0.0])  # max(z, -z)
    for z in (-2.0, -0.5, 0.0, 1.5):
        assert relu([z]).data == max(z, 0.0)
        assert absolute([z]).data == abs(z)


def test_maxout_mlp_parameter_count_and_names() -> None:
    m = nn.MLP(3, [4, 2], activation="maxout", k=3)
    # hidden: 4 units x 3 pieces x (3 + 1); output: 2 x (4 + 1)
    assert m.num_parameters() == 4 * 3 * 4 + 2 * 5
    names = [name for name, _ in m.named_parameters()]
    assert names[0] == "layers.0.neurons.0.pieces.0.0" and "layers.0.neurons.0.biases.2" in names
    assert isinstance(m([0.1, 0.2, 0.3]), list)


# ----------------------------------------------------------------------------- Layer


def test_layer_rows_are_neurons_and_outputs_are_w_x_plus_b() -> None:
    W = [[1.0, -2.0], [0.5, 0.25], [0.0, 3.0]]
    b = [0.1, -0.2, 0.3]
    layer = nn.Layer(2, 3, "linear", W=W, b=b)
    x = [2.0, -1.0]
    expected = np.array(W) @ np.array(x) + np.array(b)
    assert [a.data for a in layer(x)] == pytest.approx(expected.tolist(), rel=1e-15)
    assert (layer.nin, layer.nout, layer.activation, len(layer.neurons)) == (2, 3, "linear", 3)
    assert layer.get_weights() == (W, b)


@pytest.mark.parametrize("name, fn", [
    ("softmax", lambda z: np.exp(z - z.max()) / np.exp(z - z.max()).sum()),
    ("log_softmax", lambda z: z - z.max() - np.log(np.exp(z - z.max()).sum())),
])
def test_softmax_layers_match_numpy(name: str, fn: object) -> None:
    W = [[1.0, -2.0], [0.5, 0.25], [0.0, 3.0]]
    layer = nn.Layer(2, 3, name, W=W, b=[0.0, 0.0, 0.0])
    x = [0.7, -0.3]
    out = layer(x)
    z = np.array(W) @ np.array(x)
    assert [a.data for a in out] == pytest.approx(fn(z).tolist(), rel=1e-13)  # type: ignore[operator]
    assert all(n.activation == "linear" for n in layer.neurons)
    if name == "softmax":
        assert sum(a.data for a in out) == pytest.approx(1.0, rel=1e-15)


def test_softmax_layer_gradient_matches_central_differences() -> None:
    layer = nn.Layer(2, 3, "softmax", seed=4)
    x = [0.7, -0.3]

    def p1() -> float:
        return layer(x)[1].data

    layer(x)[1].backward()
    for p in layer.parameters():
        analytic, h, old = p.grad, 1e-6, p.data
        p.data = old + h
        up = p1()
        p.data = old - h
        down = p1()
        p.data = old
        assert analytic == pytest.approx((up - down) / (2 * h), rel=1e-6, abs=1e-9)


def test_layer_set_weights_is_all_or_nothing() -> None:
    layer = nn.Layer(2, 2, "relu", seed=1)
    before = layer.get_weights()
    with pytest.raises(ValueError, match="expected 2 numbers"):
        layer.set_weights([[1.0, 2.0], [3.0]], [0.0, 0.0])
    assert layer.get_weights() == before
    with pytest.raises(TypeError):
        layer.set_weights([[1.0, 2.0], [3.0, None]])
    assert layer.get_weights() == before


# ----------------------------------------------------------------------------- MLP


def test_parameter_count_of_seed_001_network() -> None:
    # 10 inputs, hidden layers of 10 and 5, one output: 10*11 + 5*11 + 6 = 171
    m = nn.MLP(10, [10, 5, 1])
    assert m.num_parameters() == 171 == len(m.parameters())
    assert m.sizes == [10, 10, 5, 1] and (m.nin, m.nout) == (10, 1)
    assert [layer.activation for layer in m.layers] == ["relu", "relu", "linear"]


def test_parameters_in_micrograds_order() -> None:
    m = nn.MLP(2, [3, 2], seed=5)
    expected = []
    for layer in m.layers:
        for n in layer.neurons:
            expected += [*n.w, n.b]
    assert m.parameters() == expected
    assert [p for _, p in m.named_parameters()] == expected
    names = [name for name, _ in m.named_parameters()]
    assert names[:3] == ["layers.0.neurons.0.w.0", "layers.0.neurons.0.w.1", "layers.0.neurons.0.b"]
    assert names[-1] == "layers.1.neurons.1.b" and len(set(names)) == len(names)


def test_mlp_forward_matches_numpy_layer_by_layer() -> None:
    m = nn.MLP(3, [4, 4, 2], activation="tanh", output_activation="sigmoid", init="xavier", seed=3)
    x = np.array([0.3, -0.8, 1.2])
    a = x
    for i, (W, b) in enumerate(m.get_weights()):
        z = np.array(W) @ a + np.array(b)
        a = np.tanh(z) if i < 2 else 1.0 / (1.0 + np.exp(-z))
    out = m(x.tolist())
    assert isinstance(out, list) and [v.data for v in out] == pytest.approx(a.tolist(), rel=1e-13)


def test_single_output_is_a_value_and_many_outputs_a_list() -> None:
    assert isinstance(nn.MLP(2, [3, 1])([1.0, 2.0]), Value)
    assert isinstance(nn.Layer(2, 1)([1.0, 2.0]), Value)  # as micrograd's Layer
    assert isinstance(nn.Layer(2, 2)([1.0, 2.0]), list)
    out = nn.MLP(2, [3, 2])([1.0, 2.0])
    assert isinstance(out, list) and len(out) == 2


def test_mlp_accepts_values_and_numpy_rows_and_rejects_bad_input() -> None:
    m = nn.MLP(2, [3, 1], activation="tanh", seed=2)
    x = [Value(0.5), Value(-0.25)]
    out = m(x)
    assert out.data == m([0.5, -0.25]).data == m(np.array([0.5, -0.25])).data
    out.backward()
    assert x[0].grad != 0.0  # gradients reach inputs given as Values
    with pytest.raises(ValueError, match="MLP: expected 2 inputs, got 3"):
        m([1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match="MLP"):
        m([1.0, float("nan")])
    with pytest.raises(TypeError, match="MLP"):
        m([1.0, "2"])


def test_scopes_name_layer_and_neuron_on_the_nodes_they_make() -> None:
    m = nn.MLP(2, [2, 3], output_activation="softmax", seed=0)
    out = m([0.5, 1.0])
    assert {v.scope for v in out} == {"layer1"}
    hidden_unit = m.layers[0].neurons[1]
    a = m.layers[0]._forward([Value(0.5), Value(1.0)])[1]
    assert a.scope == "layer0/neuron1" and a.inputs[0].scope == "layer0/neuron1"
    assert hidden_unit._scope == "layer0/neuron1"
    z_out = out[0].inputs[2]
    assert z_out.scope == "layer1/neuron2"
    with autograd.scope("model"):
        inner = m([0.5, 1.0])
    assert {v.scope for v in inner} == {"model/layer1"}
    assert inner[0].inputs[0].scope == "model/layer1/neuron0"


def test_repr_shows_layers_sizes_and_activations() -> None:
    text = repr(nn.MLP(2, [16, 16, 1]))
    assert text.startswith("MLP(2 -> 16 -> 16 -> 1, 337 parameters")
    assert "(0): Layer(2, 16, activation='relu')" in text
    assert "(2): Layer(16, 1, activation='linear')" in text
    assert repr(nn.Neuron(3, "tanh")) == "Neuron(3, activation='tanh')"
    assert repr(nn.Neuron(3, "maxout", k=4)) == "Maxout(3, k=4)"


def test_hand_set_weights_round_trip_and_reject_bad_shapes_atomically() -> None:
    m = nn.MLP(2, [2, 1], activation="step", output_activation="step")
    weights = [([[1.0, 1.0], [-1.0, -1.0]], [-0.5, 1.5]), ([[1.0, 1.0]], [-1.5])]
    m.set_weights(weights)
    assert m.get_weights() == weights
    before = m.state_dict()
    with pytest.raises(ValueError):
        m.set_weights([weights[0], ([[1.0, 1.0, 1.0]], [0.0])])
    assert m.state_dict() == before
    with pytest.raises(ValueError, match="2 \\(W, b\\) pairs"):
        m.set_weights(weights[:1])
    m.layers[1].neurons[0].b.data = 7.0  # plain attribute access works too
    assert m.get_weights()[1][1] == [7.0]


# ----------------------------------------------------------------------------- initialisation


def test_seeded_init_is_reproducible_and_draws_micrograds_uniform() -> None:
    a, b = nn.MLP(2, [16, 16, 1], seed=0), nn.MLP(2, [16, 16, 1], seed=0)
    assert a.state_dict() == b.state_dict()
    assert nn.MLP(2, [16, 16, 1], seed=1).state_dict() != a.state_dict()
    rng = np.random.default_rng(0)  # U(-1, 1), layer by layer, one row per neuron; biases 0
    expected = [(rng.uniform(-1.0, 1.0, size=(o, i)).tolist(), [0.0] * o)
                for i, o in [(2, 16), (16, 16), (16, 1)]]
    assert a.get_weights() == expected


def test_init_matches_the_benchmarks_shared_weights() -> None:
    from benchmarks.peers.moons import init_weights

    shared = init_weights((2, 16, 16, 1), seed=0)
    assert nn.MLP(2, [16, 16, 1], seed=0).get_weights() == [([w for w, _ in layer], [b for _, b in layer])
                                                             for layer in shared]


@pytest.mark.parametrize("init, bound, var", [
    ("uniform", 1.0, 1.0 / 3.0),
    ("xavier_uniform", math.sqrt(6.0 / (200 + 100)), 2.0 / (200 + 100)),
    ("glorot", math.sqrt(6.0 / (200 + 100)), 2.0 / (200 + 100)),
    ("he_uniform", math.sqrt(6.0 / 200), 2.0 / 200),
    ("xavier_normal", None, 2.0 / (200 + 100)),
    ("he_normal", None, 2.0 / 200),
    ("he", None, 2.0 / 200),
])
def test_init_schemes_have_their_bound_and_variance(init: str, bound: float | None, var: float) -> None:
    layer = nn.Layer(200, 100, "relu", init=init, seed=7)
    ws = np.array(layer.get_weights()[0])
    assert ws.shape == (100, 200)
    if bound is not None:
        assert np.abs(ws).max() <= bound
    # 20,000 draws: the sample variance is within ~3% of the target (standard error ~1%)
    assert ws.var() == pytest.approx(var, rel=0.05)
    assert abs(ws.mean()) < 0.05 * math.sqrt(var)


def test_bias_init_starts_every_bias_at_the_given_value() -> None:
    m = nn.MLP(3, [5, 1], init="he", bias_init=0.1, seed=0)
    assert all(b == 0.1 for _, bs in m.get_weights() for b in bs)


def test_no_hidden_global_random_state() -> None:
    import random

    random.seed(1)
    np.random.seed(1)
    first = nn.MLP(3, [4, 1], seed=9).state_dict()
    random.seed(2)
    np.random.seed(2)
    assert nn.MLP(3, [4, 1], seed=9).state_dict() == first
    state = np.random.get_state()[1].copy()
    nn.MLP(3, [4, 1])
    assert (np.random.get_state()[1] == state).all()  # the global generator was not touched


def test_custom_init_callable() -> None:
    def ones(fan_in: int, fan_out: int, rng: np.random.Generator) -> list[list[float]]:
        return [[1.0] * fan_in for _ in range(fan_out)]

    m = nn.MLP(2, [3, 1], init=ones)
    assert all(w == 1.0 for W, _ in m.get_weights() for row in W for w in row)


# ----------------------------------------------------------------------------- micrograd


def test_same_outputs_and_gradients_as_micrograd() -> None:
    micrograd_nn = pytest.importorskip("micrograd.nn")
    import random

    random.seed(3)
    theirs = micrograd_nn.MLP(3, [4, 4, 1])
    ours = nn.MLP(3, [4, 4, 1])
    assert ours.num_parameters() == len(theirs.parameters())
    for p, q in zip(ours.parameters(), theirs.parameters()):  # same order: copy one to one
        p.data = q.data
    xs = [[0.5, -1.0, 2.0], [1.5, 0.25, -0.75], [-0.3, 0.8, 0.1]]
    for x in xs:
        assert ours(x).data == pytest.approx(theirs(x).data, rel=1e-12)
    loss_ours = sum(((ours(x) - 1.0) ** 2 for x in xs), Value(0.0))
    loss_theirs = sum((theirs(x) - 1.0) ** 2 for x in xs)
    loss_ours.backward()
    loss_theirs.backward()
    assert [p.grad for p in ours.parameters()] == pytest.approx([q.grad for q in theirs.parameters()],
                                                                rel=1e-10, abs=1e-14)
    ours.zero_grad()
    assert all(p.grad == 0.0 for p in ours.parameters())


# ----------------------------------------------------------------------------- PyTorch


@pytest.mark.parametrize("activation", ["relu", "tanh", "sigmoid", "softplus", "leaky_relu", "abs"])
def test_mlp_gradients_match_pytorch_float64(activation: str) -> None:
    torch = pytest.importorskip("torch")
    fns = {"relu": torch.relu, "tanh": torch.tanh, "sigmoid": torch.sigmoid,
           "softplus": torch.nn.functional.softplus, "abs": torch.abs,
           "leaky_relu": lambda t: torch.nn.functional.leaky_relu(t, 0.01)}
    m = nn.MLP(3, [5, 4, 2], activation=activation, init="xavier", bias_init=0.05, seed=11)
    Ws = [(torch.tensor(W, dtype=torch.float64, requires_grad=True),
           torch.tensor(b, dtype=torch.float64, requires_grad=True)) for W, b in m.get_weights()]
    xs = [[0.5, -1.0, 2.0], [1.5, 0.25, -0.75]]
    a = torch.tensor(xs, dtype=torch.float64)
    for i, (W, b) in enumerate(Ws):
        a = a @ W.T + b
        if i < len(Ws) - 1:
            a = fns[activation](a)
    (a**2).sum().backward()
    ours = sum((o * o for x in xs for o in m(x)), Value(0.0))
    ours.backward()
    assert ours.data == pytest.approx(float((a**2).sum().detach()), rel=1e-12)
    expected = []
    for W, b in Ws:
        for row, bias in zip(W.grad.tolist(), b.grad.tolist()):
            expected += [*row, bias]
    assert [p.grad for p in m.parameters()] == pytest.approx(expected, rel=1e-10, abs=1e-13)


# ----------------------------------------------------------------------------- random architectures

NUMPY_ACTIVATIONS = {
    "linear": lambda z: z, "relu": lambda z: np.maximum(z, 0.0), "tanh": np.tanh,
    "sigmoid": lambda z: 1.0 / (1.0 + np.exp(-z)), "softplus": lambda z: np.logaddexp(0.0, z),
    "leaky_relu": lambda z: np.where(z > 0, z, 0.01 * z), "abs": np.abs,
    "step": lambda z: (z >= 0).astype(float),
    "softmax": lambda z: np.exp(z - z.max()) / np.exp(z - z.max()).sum(),
}


@settings(max_examples=60, deadline=None)
@given(sizes=st.lists(st.integers(1, 4), min_size=2, max_size=4),
       hidden=st.sampled_from(sorted(set(NUMPY_ACTIVATIONS) - {"softmax"})),
       output=st.sampled_from(sorted(NUMPY_ACTIVATIONS)),
       init=st.sampled_from(["uniform", "xavier", "he"]), seed=st.integers(0, 2**32 - 1),
       data=st.data())
def test_any_mlp_matches_numpy_forward_propagation(sizes: list[int], hidden: str, output: str, init: str,
                                                    seed: int, data: st.DataObject) -> None:
    # z^(l) = W^(l) a^(l-1) + b^(l), a^(l) = f^(l)(z^(l)) (seeds 001, 004), for random shapes
    m = nn.MLP(sizes[0], sizes[1:], activation=hidden, output_activation=output, init=init, seed=seed)
    x = data.draw(st.lists(st.floats(-3, 3), min_size=sizes[0], max_size=sizes[0]))
    a = np.array(x)
    for i, (W, b) in enumerate(m.get_weights()):
        a = NUMPY_ACTIVATIONS[output if i == len(sizes) - 2 else hidden](np.array(W) @ a + np.array(b))
    out = m(x)
    got = [out.data] if isinstance(out, Value) else [v.data for v in out]
    np.testing.assert_allclose(got, a, rtol=1e-12, atol=1e-12)
    assert m.num_parameters() == sum((i + 1) * o for i, o in zip(sizes, sizes[1:]))
