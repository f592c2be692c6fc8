"""edgegrad neural networks: neurons, layers, MLPs, activations, initialisation, losses,
optimisers and the training loop, on autograd's scalar Values (micrograd's API, PyTorch's names).

    model = nn.MLP(2, [4, 1], activation="tanh", output_activation="sigmoid", seed=0)
    history = nn.fit(model, X, y, loss="binary_cross_entropy", optimizer=nn.optim.Adam(model, lr=0.05),
                     epochs=300, progress=False)

Imports point down only: nn imports autograd, never viz or demos.
"""

from nn import activations, data, init, losses, metrics, optim, shapes
from nn.activations import Activation
from nn.layers import MLP, Layer
from nn.module import Module
from nn.neuron import Maxout, Neuron
from nn.optim import SGD, Adam, Optimizer
from nn.train import History, evaluate, fit

__all__ = ["Module", "Neuron", "Maxout", "Layer", "MLP", "Activation", "Optimizer", "SGD", "Adam",
           "History", "fit", "evaluate", "activations", "init", "losses", "optim", "metrics", "data",
           "shapes"]
