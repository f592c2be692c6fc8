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
# # 2. Forward mode vs reverse mode
#
# Lecture 000: summing over paths is exponential, so factor the sum. **Forward mode** factors
# it from one input: "how does x affect every node?", one sweep from the inputs up, giving one
# *column* ∂y/∂xⱼ of the Jacobian. **Reverse mode** factors it from one output: "how does every
# node affect y?", one sweep from the output down, giving one *row* ∂yᵢ/∂x.
#
# So the Jacobian of f: Rⁿ → Rᵐ costs n forward sweeps or m reverse sweeps. "Imagine a loss
# function with a million input weights and one output": one reverse sweep, or a million
# forward sweeps.

# %%
import random
import time

import autograd as ag
import viz
from autograd import Value


def layer(xs, n_out, rng, activation=True):
    """n_out units z = w · x + b (one node each), tanh unless activation=False."""
    outs = []
    for _ in range(n_out):
        z = ag.dot([rng.uniform(-1, 1) for _ in xs], xs, bias=rng.uniform(-1, 1))
        outs.append(z.tanh() if activation else z)
    return outs


def network(n, m, width=8, seed=0):
    """x (n inputs) -> tanh(W x + b) (width units) -> W' h + b' (m outputs)."""
    rng = random.Random(seed)
    xs = [Value(rng.uniform(-1, 1), label=f"x{j + 1}") for j in range(n)]
    ys = layer(layer(xs, width, rng), m, rng, activation=False)
    return xs, ys

# %% [markdown]
# The Jacobian both ways, counting the sweeps: forward mode runs one `forward_sweep` per
# input, reverse mode one `reverse_sweep` per output.

# %%
def jacobian_forward(xs, ys):
    sweeps, columns = 0, []
    for x in xs:
        tangent = ag.forward_sweep(ys, wrt=x)  # ∂node/∂x for every node
        sweeps += 1
        columns.append([tangent.get(y, 0.0) for y in ys])
    return [list(row) for row in zip(*columns)], sweeps


def jacobian_reverse(xs, ys):
    sweeps, rows = 0, []
    for y in ys:
        adjoint = ag.reverse_sweep(y)  # ∂y/∂node for every node
        sweeps += 1
        rows.append([adjoint.get(x, 0.0) for x in xs])
    return rows, sweeps


print("   n     m  fwd sweeps  fwd time  rev sweeps  rev time  max|Jf - Jr|")
timings = []
for n, m in [(1, 50), (5, 50), (50, 50), (50, 5), (50, 1)]:
    xs, ys = network(n, m)
    t0 = time.perf_counter()
    Jf, fwd = jacobian_forward(xs, ys)
    t1 = time.perf_counter()
    Jr, rev = jacobian_reverse(xs, ys)
    t2 = time.perf_counter()
    err = max(abs(p - q) for rf, rr in zip(Jf, Jr) for p, q in zip(rf, rr))
    timings.append((n, m, t1 - t0, t2 - t1))
    print(f"{n:4d}  {m:4d}  {fwd:10d}  {1e3 * (t1 - t0):6.2f}ms  {rev:10d}  {1e3 * (t2 - t1):6.2f}ms"
          f"  {err:.1e}")
    assert (fwd, rev) == (n, m) and err < 1e-12
print("forward sweeps = n, reverse sweeps = m: forward pays per input, reverse per output")

# %% [markdown]
# The times printed above are one run on this machine; they move from run to run. The sweep
# counts do not. A picture of the smallest case, n = 2 inputs and m = 2 outputs, each node
# showing its tangent ∂node/∂x1 (one forward sweep):

# %%
xs, ys = network(2, 2, width=2)
y = ys[0] + ys[1]
y.label = "y1 + y2"
viz.draw_graph(y, mode="forward", wrt=xs[0])

# %% [markdown]
# And one reverse sweep from the output: each node shows its adjoint ∂y/∂node.

# %%
viz.draw_graph(y, mode="reverse")

# %% [markdown]
# ## The gradient of a loss: one reverse sweep, or P forward sweeps
#
# A loss L(w) = (MLP(x; w) − t)² has one output and P weights. Reverse mode gives all P
# partials in one sweep; forward mode needs one sweep per weight. Both give the same numbers.

# %%
import nn

model = nn.MLP(4, [8, 8, 1], activation="tanh", seed=0)
loss = (model([0.5, -0.2, 0.1, 0.9]) - 1.0) ** 2
params = model.parameters()

t0 = time.perf_counter()
reverse = ag.reverse_sweep(loss)
t1 = time.perf_counter()
forward = [ag.forward_sweep(loss, wrt=p)[loss] for p in params]
t2 = time.perf_counter()
print(f"P = {len(params)} weights: 1 reverse sweep {1e3 * (t1 - t0):.2f} ms, "
      f"{len(params)} forward sweeps {1e3 * (t2 - t1):.1f} ms")
assert max(abs(reverse[p] - f) for p, f in zip(params, forward)) < 1e-12

# %% [markdown]
# JAX's names do the same: `ag.jacfwd` runs n forward sweeps, `ag.jacrev` m reverse sweeps.

# %%
g = lambda v: [v[0] * v[1], v[0] + v[1], v[1].exp()]
print(ag.jacfwd(g)([1.0, 2.0]))
assert ag.jacfwd(g)([1.0, 2.0]) == ag.jacrev(g)([1.0, 2.0])
