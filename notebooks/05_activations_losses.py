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
# # 5. Activations and losses
#
# Lectures 000-004 list the activation functions (sigmoid, tanh, ReLU and its
# generalisations: absolute value, leaky ReLU, maxout; softplus) and the losses (RSS, MSE, MAE,
# Huber, binary cross-entropy, cross-entropy with softmax, hinge, KL divergence). Each
# activation is one entry of the table of primitives, so its derivative f′ is the local
# derivative on the edge z → a. Here each f′ from the engine is checked against the lectures'
# closed form.

# %%
# %matplotlib inline
import math

import autograd as ag
import nn
from autograd import Value

sig = lambda z: 1 / (1 + math.exp(-z))
closed_forms = {  # f'(z), as the lectures write it
    "sigmoid": lambda z: sig(z) * (1 - sig(z)),
    "tanh": lambda z: 1 - math.tanh(z) ** 2,
    "relu": lambda z: 1.0 if z > 0 else 0.0,
    "leaky_relu": lambda z: 1.0 if z > 0 else 0.01,
    "softplus": lambda z: sig(z),  # softplus' = sigmoid
    "abs": lambda z: 1.0 if z > 0 else -1.0,
}
points = [-2.0, -0.5, 0.3, 1.7]
print(f"{'f':>10s}  " + "  ".join(f"f'({z:+.1f})" for z in points))
for name, fprime in closed_forms.items():
    def f(z, name=name):
        return abs(z) if name == "abs" else getattr(z, name)()

    engine = [ag.grad(f)(z) for z in points]
    print(f"{name:>10s}  " + "  ".join(f"{g:8.4f}" for g in engine))
    assert all(abs(g - fprime(z)) < 1e-12 for g, z in zip(engine, points)), name

# %% [markdown]
# The activations and their derivatives, all computed by the engine (`ag.grad`):

# %%
from matplotlib.figure import Figure

zs = [i / 50 for i in range(-200, 201)]
fig = Figure(figsize=(9, 3.4))
ax_f, ax_d = fig.subplots(1, 2)
for name in ["sigmoid", "tanh", "relu", "softplus"]:
    f = lambda z, name=name: getattr(z, name)()
    ax_f.plot(zs, [f(Value(z)).data for z in zs], label=name)
    ax_d.plot(zs, [ag.grad(f)(z) for z in zs], label=name)
ax_f.set(title="f(z)", xlabel="z")
ax_d.set(title="f′(z), from the engine", xlabel="z")
for ax in (ax_f, ax_d):
    ax.grid(alpha=0.3)
    ax.legend(fontsize="small")
fig.tight_layout()
fig

# %% [markdown]
# ## Losses
#
# Each loss of `nn.losses` on one small example, against the formula. The lectures' squared
# error J = ½‖ŷ − y‖² is `0.5 * rss`; `mse` divides by n as PyTorch's `MSELoss` does.

# %%
yhat, target = [Value(0.8), Value(0.1), Value(0.4)], [1.0, 0.0, 1.0]
L = nn.losses
ps = [p.data for p in yhat]
checks = {
    "rss": (L.rss(yhat, target), sum((p - t) ** 2 for p, t in zip(ps, target))),
    "mse": (L.mse(yhat, target), sum((p - t) ** 2 for p, t in zip(ps, target)) / 3),
    "mae": (L.mae(yhat, target), sum(abs(p - t) for p, t in zip(ps, target)) / 3),
    "huber": (L.huber(yhat, target), sum(0.5 * (p - t) ** 2 for p, t in zip(ps, target)) / 3),
    "binary_cross_entropy": (L.binary_cross_entropy(yhat, target),
                             -sum(t * math.log(p) + (1 - t) * math.log(1 - p)
                                  for p, t in zip(ps, target)) / 3),
    "hinge": (L.hinge([Value(0.8), Value(-0.3), Value(2.0)], [1, 1, -1]), (0.2 + 1.3 + 3.0) / 3),
}
for name, (loss, formula) in checks.items():
    print(f"{name:>22s}: {loss.data:.6f}  formula {formula:.6f}")
    assert abs(loss.data - formula) < 1e-12

# %% [markdown]
# ## Softmax and cross-entropy: the gradient is softmax − one-hot
#
# For logits z, p = softmax(z) and J = −ln p_t, the lectures' output delta is
# δ = ∂J/∂z = p − y with y the one-hot label. The engine finds it by back propagation through
# its `cross_entropy` node:

# %%
logits = [Value(2.0), Value(-1.0), Value(0.5)]
loss = L.cross_entropy(logits, 2)  # class 2
loss.backward()
p = [math.exp(z.data) for z in logits]
p = [q / sum(p) for q in p]
one_hot = [0.0, 0.0, 1.0]
print("engine ∂J/∂z:   ", [round(z.grad, 6) for z in logits])
print("softmax - one-hot:", [round(q - y, 6) for q, y in zip(p, one_hot)])
assert all(abs(z.grad - (q - y)) < 1e-12 for z, q, y in zip(logits, p, one_hot))

# %% [markdown]
# The graph of that loss: one node for the fused cross-entropy, its local derivatives the
# softmax probabilities (minus one on the true class).

# %%
import viz

for k, z in enumerate(logits):
    z.label = f"z{k}"
loss = L.cross_entropy(logits, 2)
loss.label = "J"
viz.draw_graph(loss)
