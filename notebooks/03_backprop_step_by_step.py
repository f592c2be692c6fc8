# ---
# jupyter:
#   jupytext:
#     formats: py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 3. Back propagation, step by step
#
# Back propagation is reverse mode: seed ∂e/∂e = 1, then visit the nodes from the output down,
# and on every edge input → node add
#
#     adjoint[input] += local_grad * adjoint[node]
#
# First on the lectures' e = (a + b)(b + 1), then on a network, where the same loop is the
# lectures' delta recursion.

# %%
import tempfile
from pathlib import Path

import autograd as ag
import viz
from autograd import Value

a, b = Value(2.0, label="a"), Value(1.0, label="b")
c = a + b
c.label = "c"
d = b + 1
d.label = "d"
e = c * d
e.label = "e"

adjoint = {e: 1.0}  # the seed
for node in reversed(ag.topological_order(e)):  # from the output down
    for x, local_grad in zip(node.inputs, node.local_grads):
        adjoint[x] = adjoint.get(x, 0.0) + local_grad * adjoint[node]
        print(f"adjoint[{x.label}] += {local_grad:g} * adjoint[{node.label}]   # {adjoint[x]:g}")
assert (adjoint[a], adjoint[b]) == (2.0, 5.0)
e.backward()  # the engine runs the same loop
assert (a.grad, b.grad) == (2.0, 5.0)

# %% [markdown]
# ## The stepper
#
# `viz.backprop_frames` records the engine's own sweep as it runs and draws one picture per
# step: the node at work and its edges in red, the adjoints known so far, the finished ones
# shaded. It also writes an `index.html` to step through them with the arrow keys (here into
# a temporary folder; open the printed path in a browser).

# %%
def show(svg_file: Path) -> None:
    """Show an SVG file inline in Jupyter; as a plain script, say where it is."""
    try:
        from IPython.display import SVG, display
    except ImportError:
        print("picture:", svg_file)
    else:
        display(SVG(filename=str(svg_file)))


folder = Path(tempfile.mkdtemp()) / "backprop"
page = viz.backprop_frames(e, folder)
print("step through:", page)
for step in sorted(folder.glob("step_*.svg")):
    show(step)

# %% [markdown]
# The forward sweep from b, step by step: each node's tangent ∂node/∂b.

# %%
folder = Path(tempfile.mkdtemp()) / "forward"
viz.forward_frames(e, b, folder)
show(sorted(folder.glob("step_*.svg"))[-1])

# %% [markdown]
# ## The delta recursion (lectures 001 and 004)
#
# For a network with activations a⁽ˡ⁺¹⁾ = f(z⁽ˡ⁺¹⁾), z⁽ˡ⁺¹⁾ = W⁽ˡ⁾a⁽ˡ⁾ + b⁽ˡ⁾ and the
# squared error J = ½‖a⁽ⁿˡ⁺¹⁾ − y‖² with a linear output, the lectures write
#
# - δ⁽ⁿˡ⁺¹⁾ = a⁽ⁿˡ⁺¹⁾ − y,
# - δ⁽ˡ⁾ = ((W⁽ˡ⁾)ᵀ δ⁽ˡ⁺¹⁾) ∘ f′(z⁽ˡ⁾),
# - ∇_W⁽ˡ⁾ J = δ⁽ˡ⁺¹⁾ (a⁽ˡ⁾)ᵀ, ∇_b⁽ˡ⁾ J = δ⁽ˡ⁺¹⁾.
#
# δ is the adjoint ∂J/∂z of a neuron's pre-activation. Below, the recursion written out in
# numpy for a 2-3-1 sigmoid network, against the engine's `backward()` on the same network.

# %%
import numpy as np

import nn

model = nn.MLP(2, [3, 1], activation="sigmoid", seed=0)  # output layer: linear
x, y = [0.5, -1.0], 0.25
J = 0.5 * nn.losses.rss([model(x)], [y])  # J = ½ (a - y)²
model.zero_grad()
J.backward()

(W1, b1), (W2, b2) = [(np.array(W), np.array(bias)) for W, bias in model.get_weights()]
sigmoid = lambda z: 1 / (1 + np.exp(-z))
a1 = np.array(x)
z2 = W1 @ a1 + b1
a2 = sigmoid(z2)
a3 = W2 @ a2 + b2  # linear output
delta3 = a3 - y
delta2 = (W2.T @ delta3) * a2 * (1 - a2)  # f'(z) = σ(z)(1 - σ(z))
grad_W1, grad_W2 = np.outer(delta2, a1), np.outer(delta3, a2)

engine_W1 = np.array([[w.grad for w in neuron.w] for neuron in model.layers[0].neurons])
engine_W2 = np.array([[w.grad for w in neuron.w] for neuron in model.layers[1].neurons])
print("delta recursion ∇W1:\n", grad_W1.round(6), "\nengine ∇W1:\n", engine_W1.round(6))
assert np.allclose(grad_W1, engine_W1, atol=1e-14) and np.allclose(grad_W2, engine_W2, atol=1e-14)
assert np.allclose(delta2, [n.b.grad for n in model.layers[0].neurons], atol=1e-14)  # ∇b = δ

# %% [markdown]
# The same network's graph, each neuron drawn as one box (`collapse=True`): the adjoint in a
# box is ∂J/∂(the neuron's output); δ is that times f′(z).

# %%
viz.draw_graph(J, collapse=True, params=model)

# %% [markdown]
# ## Backprop as a function
#
# `ag.vjp` returns the reverse sweep as a function of the seed (the pull-back); `ag.linearize`
# returns the forward sweep as a function of the tangent.
#
# *Traced programs*: `ag.trace` prints the function and its backward pass as a program of
# equations, one per edge (the last cell); `ag.compile` runs that program as Python.

# %%
out, pullback = ag.vjp(lambda a, b: (a + b) * (b + 1), 2.0, 1.0)
print("e =", out, " pull-back of 1:", pullback(1.0))
assert pullback(1.0) == (2.0, 5.0)

# %% [markdown]
# Back propagation as a program: `ag.trace` records the function once; `.reverse()` writes
# each adjoint as the sum, over the nodes that read it, of their adjoint times the edge's local
# derivative. ∂e/∂b = c̄ + d̄ = 2 + 3 = 5, the lecture's number.

# %%
program = ag.trace(lambda a, b: (a + b) * (b + 1), 2.0, 1.0)
print(program)
print(program.reverse())
step = ag.compile(ag.value_and_grad(lambda a, b: (a + b) * (b + 1), argnums=(0, 1)))
assert step(2.0, 1.0) == (6.0, (2.0, 5.0))
