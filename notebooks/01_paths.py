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
# # 1. Derivatives on a graph, and the sum over paths
#
# Lecture 000, "derivatives on computational graphs": to find how one node affects another,
# **sum over all paths from one node to the other, multiplying the derivatives on each edge of
# the path together**. The lectures' example is e = (a + b)(b + 1) at a = 2, b = 1, with
# c = a + b and d = b + 1.
#
# edgegrad records each operation as a node, and each edge input → node carries its *local*
# derivative ∂node/∂input, computed once when the node is made.

# %%
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
print(f"c = {c.data:g}, d = {d.data:g}, e = {e.data:g}")
print("the edges into e carry", e.local_grads, "= (∂e/∂c, ∂e/∂d) = (d, c)")

# %% [markdown]
# The graph, with the local derivative on every edge. In each node, the adjoint ∂e/∂node
# (what reverse mode computes) and the tangent ∂node/∂b (what forward mode from b computes).

# %%
viz.draw_graph(e, mode="both", wrt=b)

# %% [markdown]
# ## The sum over paths
#
# From b to e there are two paths, b → c → e and b → d → e. Multiply the edge derivatives
# along each one, then add: ∂e/∂b = 1 · 2 + 1 · 3 = 5. From a there is one path:
# ∂e/∂a = 1 · 2 = 2.

# %%
for path in ag.paths(e, b):
    print(" -> ".join(edge.source.label for edge in path.edges) + " -> e:",
          " · ".join(f"{edge.local_grad:g}" for edge in path.edges), "=", path.product)
de_da, de_db = ag.path_sum(e, a), ag.path_sum(e, b)
print(f"∂e/∂a = {de_da:g}, ∂e/∂b = {de_db:g}")
assert (de_da, de_db) == (2.0, 5.0)  # the lecture's hand-computed numbers

# %% [markdown]
# One path drawn in bold, with its product in the caption:

# %%
viz.draw_graph(e, highlight=list(ag.paths(e, b))[1])

# %% [markdown]
# ## The same numbers, three ways
#
# Reverse mode ("how every node affects e") and forward mode ("how b affects every node")
# factor the same sum so that no path is walked twice.

# %%
e.backward()
tangent = ag.forward_sweep(e, wrt=b)
print(f"reverse mode:   ∂e/∂a = {a.grad:g}, ∂e/∂b = {b.grad:g}")
print(f"forward mode:   ∂e/∂b = {tangent[e]:g}")
print(f"dual numbers:   ∂e/∂b = {((2.0 + ag.Dual(1.0, 1.0)) * (ag.Dual(1.0, 1.0) + 1)).tangent:g}")
assert (a.grad, b.grad, tangent[e]) == (2.0, 5.0, 5.0)

# %% [markdown]
# ## Why not sum over paths? There are exponentially many
#
# The lecture's diamond: X feeds Y through three edges α, β, γ, and Y feeds Z through δ, ε, ζ.
# ∂Z/∂X = αδ + αε + αζ + βδ + βε + βζ + γδ + γε + γζ: nine paths, but it factors as
# (α + β + γ)(δ + ε + ζ). A chain of k diamonds has 3^k paths; a sweep visits each edge once.

# %%
def diamonds(k: int) -> tuple[Value, Value]:
    """A chain of k diamonds; each node feeds the next through three parallel edges."""
    x = Value(0.5, label="x")
    node = x
    for _ in range(k):
        node = ag.sum([node.sin(), node.cos(), node * 0.5])
    return node, x


for k in (1, 2, 5, 10, 20):
    y, x = diamonds(k)
    n_paths, dy_dx = ag.count_paths(y, x), ag.reverse_sweep(y)[x]
    print(f"k = {k:2d}: {n_paths:>13,} paths; one reverse sweep: dy/dx = {dy_dx:.6f}")
y, x = diamonds(5)
assert ag.count_paths(y, x) == 3 ** 5
assert abs(ag.path_sum(y, x) - ag.reverse_sweep(y)[x]) < 1e-12

# %% [markdown]
# ## The chain rule, from the derivative table
#
# Lecture 001's univariate example: f = 2g² − 3g + 1 with g = x³ + 2x, so
# df/dx = (4g − 3)(3x² + 2). Its multivariate example: f = 2g₁² − 3g₁g₂ + 1 with g₁ = 3x,
# g₂ = x² + 2x, so df/dx = ∂f/∂g₁ · dg₁/dx + ∂f/∂g₂ · dg₂/dx, which at x = 0.6 is
# (2.52)(3) + (−5.4)(3.2) = −9.72.

# %%
def univariate(x):
    g = x ** 3 + 2 * x
    return 2 * g ** 2 - 3 * g + 1


def multivariate(x):
    g1, g2 = 3 * x, x ** 2 + 2 * x
    return 2 * g1 ** 2 - 3 * g1 * g2 + 1


x0 = 0.6
g = x0 ** 3 + 2 * x0
print("univariate:  ", ag.grad(univariate)(x0), "closed form:", (4 * g - 3) * (3 * x0 ** 2 + 2))
print("multivariate:", ag.grad(multivariate)(x0), "lecture: -9.72")
assert abs(ag.grad(univariate)(x0) - (4 * g - 3) * (3 * x0 ** 2 + 2)) < 1e-12
assert abs(ag.grad(multivariate)(x0) - (-9.72)) < 1e-12

# %% [markdown]
# The multivariate example's graph: the two paths from x through g₁ and g₂ are the two terms
# of the chain rule.

# %%
x = Value(0.6, label="x")
g1, g2 = 3 * x, x ** 2 + 2 * x
g1.label, g2.label = "g1", "g2"
f = 2 * g1 ** 2 - 3 * g1 * g2 + 1
f.label = "f"
viz.draw_graph(f, mode="both", wrt=x)
