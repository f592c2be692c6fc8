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
# # 4. XOR three ways
#
# No single line separates XOR's ones from its zeros, so one neuron cannot learn it; one hidden
# layer can. Lecture 000 learns XOR in three steps; here they are:
#
# 1. **by hand**, with lecture 002's threshold units f(z) = 1{z ≥ 0}: an OR unit and a NAND
#    unit feed an AND unit;
# 2. **by gradient descent with forward-mode gradients**: one forward sweep per weight;
# 3. **by back propagation**: one reverse sweep per step, the same gradient.

# %%
# %matplotlib inline
import autograd as ag
import nn
import viz

X = [[0, 0], [0, 1], [1, 0], [1, 1]]
y = [0, 1, 1, 0]

# %% [markdown]
# ## 1. By hand
#
# a₁ = 1{x₁ + x₂ − 0.5 ≥ 0} (OR), a₂ = 1{−x₁ − x₂ + 1.5 ≥ 0} (NAND),
# y = 1{a₁ + a₂ − 1.5 ≥ 0} (AND). Rows of W are neurons: W_ij goes from input j to unit i.

# %%
xor = nn.MLP(2, [2, 1], activation="step", output_activation="step")
xor.set_weights([([[1, 1], [-1, -1]], [-0.5, 1.5]),  # OR, NAND
                 ([[1, 1]], [-1.5])])                # AND
hidden = xor.layers[0]
print("x1  x2  a1  a2  y  x1 xor x2")
for x, target in zip(X, y):
    a1, a2 = (unit.data for unit in hidden(x))
    out = xor(x).data
    print(f"{x[0]:2d}  {x[1]:2d}  {a1:2.0f}  {a2:2.0f}  {out:.0f}  {target:9d}")
    assert out == target

# %%
viz.draw_network(xor)

# %% [markdown]
# ## 2. Gradient descent with forward-mode gradients, and 3. with back propagation
#
# A 2-2-1 network with tanh hidden units and a sigmoid output, trained on the binary
# cross-entropy. Each step needs ∂L/∂w for its 9 weights and biases: forward mode sweeps once
# per weight (9 sweeps), reverse mode once. From the same start, the two runs take the same
# steps: the gradient is the same, only its cost differs.

# %%
def train(mode: str, steps: int = 60, lr: float = 0.5) -> list[float]:
    model = nn.MLP(2, [2, 1], activation="tanh", output_activation="sigmoid", seed=1)
    params, losses, sweeps = model.parameters(), [], 0
    for _ in range(steps):
        loss = nn.losses.binary_cross_entropy([model(x) for x in X], y)
        losses.append(loss.data)
        if mode == "forward":
            grads = [ag.forward_sweep(loss, wrt=p)[loss] for p in params]
            sweeps += len(params)
        else:
            adjoint = ag.reverse_sweep(loss)
            grads = [adjoint[p] for p in params]
            sweeps += 1
        for p, g in zip(params, grads):
            p.data -= lr * g
    print(f"{mode:8s} mode: {sweeps:4d} sweeps, loss {losses[0]:.4f} -> {losses[-1]:.4f}")
    return losses


forward_losses, reverse_losses = train("forward"), train("reverse")
gap = max(abs(f - r) for f, r in zip(forward_losses, reverse_losses))
print(f"largest difference between the two loss curves: {gap:.1e}")
assert gap < 1e-12

# %% [markdown]
# Trained to the end with `nn.fit` (back propagation, Adam):

# %%
model = nn.MLP(2, [2, 1], activation="tanh", output_activation="sigmoid", seed=0)
history = nn.fit(model, X, y, loss="binary_cross_entropy", optimizer=nn.Adam(model, lr=0.1),
                 epochs=300, progress=False)
print(f"loss {history.loss[0]:.3f} -> {history.loss[-1]:.4f}, accuracy {history.accuracy[-1]:.0%}")
print("outputs:", [round(model(x).data, 3) for x in X])
assert [round(model(x).data) for x in X] == y

# %%
viz.plot_decision_boundary(model, X, y)

# %% [markdown]
# The trained network, each edge its learned weight (blue +, red −):

# %%
viz.draw_network(model)
