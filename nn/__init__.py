"""edgegrad neural networks: neurons, layers, MLPs, activations, initialisation, losses,
optimisers and the training loop, one nn for both of autograd's engines: scalar Values
(micrograd's API) and Tensors (PyTorch's names); each activation, loss, metric and optimiser is
written once (``nn.engine`` is the one place that tells the engines apart).

    model = nn.MLP(2, [4, 1], activation="tanh", output_activation="sigmoid", seed=0)
    history = nn.fit(model, X, y, loss="binary_cross_entropy", optimizer=nn.optim.Adam(model, lr=0.05),
                     epochs=300, progress=False)

The same on batches with the Tensor engine (PyTorch's names; weight (out, in), z = x W^T + b):

    model = nn.Sequential(nn.Linear(64, 32), nn.ReLU(), nn.Linear(32, 10))
    history = nn.fit(model, X, labels, loss="cross_entropy", optimizer=nn.Adam(model, lr=1e-2),
                     epochs=30, batch_size=32)
    twin = nn.to_tensor(scalar_mlp)      # the same weights; nn.to_scalar(model) goes back

Imports point down only: nn imports autograd, never viz or demos.
"""

from nn import activations, data, init, losses, metrics, optim, shapes
from nn.activation_modules import (
    Abs,
    Identity,
    Lambda,
    LeakyReLU,
    LogSoftmax,
    ReLU,
    Sigmoid,
    Softmax,
    Softplus,
    Step,
    Tanh,
)
from nn.activations import Activation
from nn.convert import to_scalar, to_tensor
from nn.layers import MLP, Layer
from nn.linear import Linear
from nn.module import Module, TensorModule
from nn.neuron import Maxout, Neuron, Unit
from nn.optim import SGD, Adam, Optimizer
from nn.sequential import Sequential, tensor_mlp
from nn.torch_bridge import from_torch, to_torch
from nn.train import History, evaluate, fit

__all__ = [
    "Module",
    "Neuron",
    "Unit",
    "Maxout",
    "Layer",
    "MLP",
    "Activation",
    "Optimizer",
    "SGD",
    "Adam",
    "History",
    "fit",
    "evaluate",
    "activations",
    "init",
    "losses",
    "optim",
    "metrics",
    "data",
    "shapes",
    "TensorModule",
    "Linear",
    "Sequential",
    "tensor_mlp",
    "to_tensor",
    "to_scalar",
    "to_torch",
    "from_torch",
    "ReLU",
    "Tanh",
    "Sigmoid",
    "Softplus",
    "LeakyReLU",
    "Abs",
    "Identity",
    "Step",
    "Softmax",
    "LogSoftmax",
    "Lambda",
]
