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
# # 6. Universal approximation
#
# Lectures 001 and 002: one hidden layer,
# F(x) = Σᵢ₌₁ᴺ αᵢ f(wᵢx + bᵢ) + c,
# fits any continuous function on a compact set as closely as we like once N is large enough
# (Cybenko 1989, Hornik 1991). The theorem says nothing about how large N must be, or how to
# find the weights: here gradient descent finds them, for f(x) = sin(3πx) on [0, 1] and
# N = 1, 2, 4, 8 tanh units.

# %%
# %matplotlib inline
import math

import autograd as ag
import nn
import viz


def target(x: float) -> float:
    return math.sin(3 * math.pi * x)


def scaled(x: float) -> list[float]:
    """x in [0, 1] mapped to [-3, 3], where tanh bends."""
    return [3.0 * (2.0 * x - 1.0)]


xs = [i / 19 for i in range(20)]  # 20 samples
grid = [i / 100 for i in range(101)]
fits, worst = {}, {}
epochs = 400
for N in (1, 2, 4, 8):
    model = nn.MLP(1, [N, 1], activation="tanh", seed=0)
    history = nn.fit(model, [scaled(x) for x in xs], [target(x) for x in xs], loss="mse",
                     optimizer=nn.Adam(model, lr=0.05), epochs=epochs, progress=False,
                     lr_schedule=lambda k: 0.05 * 0.1 ** (k / epochs))
    with ag.no_grad():
        fits[N] = [model(scaled(x)).data for x in grid]
    worst[N] = max(abs(F - target(x)) for F, x in zip(fits[N], grid))
    print(f"N = {N}: {model.num_parameters():2d} parameters (3N + 1), "
          f"training MSE {history.loss[-1]:.2e}, max |F - f| on [0, 1] = {worst[N]:.3f}")
assert worst[8] < worst[1] / 3  # more units, closer fit

# %%
from matplotlib.figure import Figure

fig = Figure(figsize=(7, 4))
ax = fig.add_subplot()
ax.plot(grid, [target(x) for x in grid], color="black", linewidth=3, alpha=0.3, label="sin(3πx)")
for N, ys in fits.items():
    ax.plot(grid, ys, label=f"N = {N}")
ax.scatter(xs, [target(x) for x in xs], s=12, color="black", zorder=3, label="samples")
ax.set(xlabel="x", title="F(x) = Σ αᵢ tanh(wᵢx + bᵢ) + c")
ax.grid(alpha=0.3)
ax.legend(fontsize="small")
fig

# %% [markdown]
# The N = 8 network: one input, eight tanh units, one linear output.

# %%
viz.draw_network(model)

# %% [markdown]
# ## Depth vs width, and counting parameters
#
# A layer of n_out units on n_in inputs has n_out · n_in weights and n_out biases. Lecture
# 001's 10-10-5-1 network has 10·10 + 10 + 5·10 + 5 + 1·5 + 1 = 171 parameters. For a wiggly
# function a single hidden layer may need exponentially many units; stacking layers composes
# the bends and is usually the cheaper way.

# %%
count = nn.MLP(10, [10, 5, 1]).num_parameters()
print("10-10-5-1:", count, "parameters")
assert count == 10 * 10 + 10 + 5 * 10 + 5 + 1 * 5 + 1 == 171
