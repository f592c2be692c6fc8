"""``Sequential``: modules applied in order, a^(l) = f_l(a^(l-1)) (PyTorch's ``nn.Sequential``),
and ``tensor_mlp``, the Tensor twin of ``nn.MLP``.

    model = nn.Sequential(nn.Linear(64, 32), nn.ReLU(), nn.Linear(32, 10))
    model = nn.Sequential(nn.Linear(2, 4), "tanh", nn.Linear(4, 1))     # activation names work
    logits = model(X)                  # X: (B, 64) array or Tensor -> Tensor (B, 10)

Parameter names are PyTorch's ("0.weight", "0.bias", "2.weight", ...), so ``state_dict`` keys
match a ``torch.nn.Sequential`` built the same way.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any

import numpy as np

from autograd import Tensor
from nn import init as _init
from nn.activation_modules import module_for
from nn.checks import count, finite
from nn.linear import Linear
from nn.module import Module, TensorModule
from nn.names import label_parameters


class Sequential(TensorModule):
    """Modules in order: Tensor modules, scalar activation names or functions of one Tensor
    (wrapped in ``Lambda``). ``model[i]``, ``len(model)``, iteration and ``append`` as in
    PyTorch; ``nin`` / ``nout`` are the first and last Linear's feature counts."""

    def __init__(self, *modules: TensorModule | str | Callable[[Tensor], Tensor]) -> None:
        if len(modules) == 1 and isinstance(modules[0], (list, tuple)):
            modules = tuple(modules[0])
        self._modules: list[TensorModule] = [module_for(m, "Sequential") for m in modules]
        label_parameters(self)  # w[l], b[l]: names for pictures (nn/names.py)

    def forward(self, x: Tensor) -> Tensor:
        """Each module on the previous one's output."""
        for module in self._modules:
            x = module.forward(x)
        return x

    def append(self, module: TensorModule | str | Callable[[Tensor], Tensor]) -> Sequential:
        """Add a module at the end; returns self."""
        self._modules.append(module_for(module, "Sequential.append"))
        return self

    def __getitem__(self, i: int) -> TensorModule:
        return self._modules[i]

    def __len__(self) -> int:
        return len(self._modules)

    def __iter__(self) -> Iterator[TensorModule]:
        return iter(self._modules)

    def _linears(self) -> list[Linear]:
        return [m for m in self._modules if isinstance(m, Linear)]

    @property
    def nin(self) -> int | None:
        """Input features of the first Linear (None without one)."""
        linears = self._linears()
        return linears[0].in_features if linears else None

    @property
    def nout(self) -> int | None:
        """Output features of the last Linear (None without one)."""
        linears = self._linears()
        return linears[-1].out_features if linears else None

    def _children(self) -> list[tuple[str, Module]]:
        return [(str(i), m) for i, m in enumerate(self._modules)]

    def config(self) -> dict[str, Any]:
        return {"type": "Sequential", "modules": [m.config() for m in self._modules]}

    def __repr__(self) -> str:
        lines = [f"  ({i}): {m!r}" for i, m in enumerate(self._modules)]
        return "Sequential(\n" + "\n".join(lines) + "\n)" if lines else "Sequential()"


def tensor_mlp(
    nin: int,
    nouts: Sequence[int],
    activation: str | Callable[[Tensor], Tensor] = "relu",
    output_activation: str | Callable[[Tensor], Tensor] = "linear",
    *,
    init: str | _init.Init = "uniform",
    seed: int = 0,
    bias: bool = True,
    bias_init: float = 0.0,
    rng: np.random.Generator | None = None,
    dtype: Any = np.float64,
) -> Sequential:
    """``nn.MLP(nin, nouts, activation, output_activation, ...)`` as a Sequential of Linear and
    activation modules, drawing the same weights from the same seed (one generator, layer by
    layer, ``init(fan_in, fan_out, rng)``): ``tensor_mlp(...)`` holds exactly the weights of
    ``nn.to_tensor(nn.MLP(...))``. A "linear" activation adds no module."""
    op = "tensor_mlp"
    nin = count(nin, op, "nin")
    if isinstance(nouts, (str, bytes)) or not isinstance(nouts, Sequence) or not nouts:
        raise TypeError(f"{op}: nouts must be a non-empty list of layer sizes, got {nouts!r}")
    sizes = [nin] + [count(n, op, f"nouts[{i}]") for i, n in enumerate(nouts)]
    gen = _init.make_rng(seed, rng, op)
    bias_init = finite(bias_init, f"{op}: bias_init")
    modules: list[TensorModule | str | Callable[[Tensor], Tensor]] = []
    for i, (a, b) in enumerate(zip(sizes, sizes[1:])):
        modules.append(Linear(a, b, bias, init=init, bias_init=bias_init, rng=gen, dtype=dtype))
        act = output_activation if i == len(nouts) - 1 else activation
        if act not in ("linear", "identity"):
            modules.append(act)
    return Sequential(*modules)


__all__ = ["Sequential", "tensor_mlp"]
