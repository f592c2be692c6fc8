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
# # 7. Tensors and the handwritten digits
#
# Lecture 004 writes a layer for a batch of B samples, one per row, as matrices:
# Z = X Wᵀ + b, A = f(Z), and the output as softmax probabilities trained on the
# cross-entropy. `autograd.Tensor` runs the same engine on numpy arrays: each primitive keeps
# its vector-Jacobian product (for back propagation) and its Jacobian-vector product (for
# forward mode) beside its value rule.
#
# The data: scikit-learn's 8x8 handwritten digits (1797 images, shipped inside the package; the
# extra `data`).

# %%
# %matplotlib inline
import numpy as np
from sklearn.datasets import load_digits

import autograd as ag
import nn
import viz

digits = load_digits()
X, labels = digits.data / 16.0, digits.target  # pixels in [0, 1]
order = np.random.default_rng(0).permutation(len(X))
train, test = order[:1400], order[1400:]
print(f"{len(train)} images to train on, {len(test)} to test, {X.shape[1]} pixels each")

# %%
from matplotlib.figure import Figure

fig = Figure(figsize=(8, 1.6))
for k, ax in enumerate(fig.subplots(1, 8)):
    ax.imshow(digits.images[k], cmap="gray_r")
    ax.set_title(str(digits.target[k]))
    ax.axis("off")
fig

# %% [markdown]
# ## A Tensor graph
#
# One linear layer and the cross-entropy on three samples: each node shows its shape and its
# adjoint ∂J/∂node (an array of the node's shape); each edge its vector-Jacobian rule.

# %%
tiny = nn.Linear(2, 3, seed=0)
Xs = ag.Tensor(np.array([[0.0, 1.0], [2.0, -1.0], [1.0, 1.0]]), label="X")
J = nn.losses.cross_entropy(tiny(Xs), np.array([0, 2, 1]))
J.backward()
viz.draw_graph(J)

# %% [markdown]
# ## The network and its training
#
# `nn.Sequential(nn.Linear(64, 32), nn.ReLU(), nn.Linear(32, 10))`: 64 pixels, 32 ReLU units,
# 10 logits; the softmax is inside the loss (`cross_entropy`, one fused and stable node).
# Adam on mini-batches of 32, a few epochs.

# %%
model = nn.Sequential(nn.Linear(64, 32, seed=0), nn.ReLU(), nn.Linear(32, 10, seed=1))
history = nn.fit(model, X[train], labels[train], loss="cross_entropy",
                 optimizer=nn.Adam(model, lr=0.01), epochs=8, batch_size=32, progress=False)
with ag.no_grad():
    predicted = model(X[test]).data.argmax(axis=1)
accuracy = (predicted == labels[test]).mean()
print(f"{model.num_parameters()} parameters; loss {history.loss[0]:.3f} -> {history.loss[-1]:.3f}; "
      f"test accuracy {accuracy:.1%} ({(predicted == labels[test]).sum()} of {len(test)})")
assert accuracy > 0.9

# %%
viz.plot_loss(history)

# %% [markdown]
# Which digits it confuses: true digit (rows) against predicted digit (columns).

# %%
confusion = np.zeros((10, 10), dtype=int)
np.add.at(confusion, (labels[test], predicted), 1)
fig = Figure(figsize=(4.2, 3.8))
ax = fig.add_subplot()
ax.imshow(confusion, cmap="Blues")
for i in range(10):
    for j in range(10):
        if confusion[i, j]:
            ax.text(j, i, confusion[i, j], ha="center", va="center", fontsize=7)
ax.set(xlabel="predicted", ylabel="true", xticks=range(10), yticks=range(10))
fig

# %% [markdown]
# ## The delta recursion in matrix form
#
# For a batch of B rows and the mean cross-entropy, lecture 004's backward pass is
#
# - δ⁽³⁾ = (P − Y) / B, with P = softmax(Z⁽³⁾) and Y the one-hot labels,
# - ∇W⁽²⁾ = δ⁽³⁾ᵀ A⁽²⁾, ∇b⁽²⁾ = the column sums of δ⁽³⁾,
# - δ⁽²⁾ = (δ⁽³⁾ W⁽²⁾) ∘ f′(Z⁽²⁾), with f′ = 1{Z > 0} for ReLU,
# - ∇W⁽¹⁾ = δ⁽²⁾ᵀ X.
#
# (Rows are samples, so the lectures' W δ becomes δ W.) Written out in numpy, against the
# engine's `backward()` on one batch:

# %%
batch = train[:32]
model.zero_grad()
loss = nn.losses.cross_entropy(model(X[batch]), labels[batch])
loss.backward()

W1, b1 = model[0].weight.data, model[0].bias.data
W2, b2 = model[2].weight.data, model[2].bias.data
Z2 = X[batch] @ W1.T + b1
A2 = np.maximum(Z2, 0)
Z3 = A2 @ W2.T + b2
P = np.exp(Z3 - Z3.max(axis=1, keepdims=True))
P /= P.sum(axis=1, keepdims=True)
Y = np.eye(10)[labels[batch]]
delta3 = (P - Y) / len(batch)
delta2 = (delta3 @ W2) * (Z2 > 0)
print("delta recursion vs engine, largest difference:",
      max(abs(delta3.T @ A2 - model[2].weight.grad).max(), abs(delta3.sum(axis=0) - model[2].bias.grad).max(),
          abs(delta2.T @ X[batch] - model[0].weight.grad).max()))
assert np.allclose(delta3.T @ A2, model[2].weight.grad, atol=1e-12)
assert np.allclose(delta3.sum(axis=0), model[2].bias.grad, atol=1e-12)
assert np.allclose(delta2.T @ X[batch], model[0].weight.grad, atol=1e-12)

# %% [markdown]
# Each Tensor primitive prints its rules in one line: the value, the vector-Jacobian products
# (g) and the Jacobian-vector product (t).

# %%
for name in ("matmul", "sum"):
    print(f"{name:>6s}: {ag.tensor_table.TABLE[name].math}")
