"""Training with generated Python: ``compile_step(model)`` (and ``fit(..., compile=True)``,
which uses it), for scalar models and Tensor models.

A training step needs dL/dp = sum_i sum_k (dL/dy_ik) (dy_ik/dp) over the samples i of a batch
and the outputs k of the model (the chain rule through the predictions y). The expensive part,
the model and its Jacobian dy_ik/dp, is the same program for every sample, so it is compiled
once (``autograd.compile``: one generated Python function of the sample's features; the
parameters are read from the model at every call, so optimiser updates are seen). The loss is
cheap, often holds Python logic on the targets (class indices, checks), and may add penalties
on the parameters (``l2(model)``): it runs on the interpreted engine, on the predictions as
leaves, and its ``backward`` gives the weights dL/dy_ik of the Jacobian rows.

    step = compile_step(model)           # from nn.compiled import compile_step
    L = step(X_batch, y_batch, loss)     # L.data: the loss; L.predictions: the model's outputs
    optimizer.zero_grad(); L.backward(); optimizer.step()

A Tensor model (``model.batched``) is compiled twice per batch shape: its forward pass
X -> Y, and its vector-Jacobian product (X, G) -> G . dY/dp (the gradient of sum(Y * G), which
runs the forward pass again); between them the loss runs on the interpreted engine on Y as a
leaf, and its ``backward`` gives G = dL/dY. So targets (class indices) never enter the
compiled code.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

import autograd
from autograd import Tensor, Value


class CompiledLoss:
    """The loss of one batch: ``data`` (a float), ``predictions`` (leaves holding the model's
    outputs) and ``backward()``, which adds dL/dp into every parameter's ``.grad``."""

    def __init__(
        self, loss: Any, params: list[Value], outputs: list[list[Value]], rows: list[list[list[float]]]
    ) -> None:
        self.loss = loss
        self.params = params
        self.outputs = outputs
        self.rows = rows

    @property
    def data(self) -> float:
        return float(self.loss.data) if isinstance(self.loss, Value) else float(self.loss)

    def backward(self) -> None:
        """dL/dp = sum over samples and outputs of dL/dy (from the loss) times dy/dp (compiled)."""
        if not isinstance(self.loss, Value):
            return
        self.loss.backward()  # dL/dy into the prediction leaves; penalties into the parameters
        total = [0.0] * len(self.params)
        for outs, rows in zip(self.outputs, self.rows):
            for y, row in zip(outs, rows):
                v = y.grad
                if v:
                    total = [t + v * r for t, r in zip(total, row)]
        for p, g in zip(self.params, total):
            p.grad += g


class CompiledStep:
    """``step(X, y, loss) -> CompiledLoss`` for a scalar model (see the module). ``program`` is
    the compiled per-sample function: features -> (outputs, one gradient row per output)."""

    def __init__(self, model: Callable[[Any], Any]) -> None:
        self.model = model
        self.params: list[Value] = list(model.parameters())  # type: ignore[attr-defined]
        self.single = True

        def outputs_and_jacobian(x: Any) -> Any:
            out = model(x)
            self.single = not isinstance(out, (list, tuple))
            outs = [out] if self.single else list(out)
            rows = [autograd.gradients(y, self.params, create_graph=True) for y in outs]
            return outs, rows

        self.program = autograd.compile(outputs_and_jacobian)

    def __call__(self, X: Sequence[Any], y: Sequence[Any], loss: Callable[[Any, Any], Any]) -> CompiledLoss:
        outputs, rows = [], []
        for x in X:
            outs, jac = self.program(list(x))
            outputs.append([Value(o) for o in outs])
            rows.append(jac)
        preds = [o[0] if self.single else o for o in outputs]
        result = CompiledLoss(loss(preds, list(y)), self.params, outputs, rows)
        result.predictions = preds  # type: ignore[attr-defined]
        return result


class CompiledTensorLoss:
    """The loss of one batch of a Tensor model: ``data``, ``predictions`` (a leaf Tensor holding
    the model's output) and ``backward()``, adding dL/dp into every parameter's ``.grad``."""

    def __init__(self, loss: Any, predictions: Tensor, X: Any, step: CompiledTensorStep) -> None:
        self.loss = loss
        self.predictions = predictions
        self.X = X
        self.step = step

    @property
    def data(self) -> Any:
        return self.loss.data

    def backward(self) -> None:
        """G = dL/dY from the loss, then the compiled G . dY/dp into the parameters."""
        self.loss.backward()
        G = self.predictions.grad
        if G is None:
            return
        for p, g in zip(self.step.params, self.step.pullback(self.X, G)):
            if p.grad is None:
                p.grad = np.array(g, dtype=p.data.dtype)
            else:
                p.grad += g


class CompiledTensorStep:
    """``step(X, y, loss) -> CompiledTensorLoss`` for a Tensor model (see the module);
    ``forward`` and ``pullback`` are the two compiled programs."""

    def __init__(self, model: Callable[[Any], Any]) -> None:
        self.params: list[Tensor] = list(model.parameters())  # type: ignore[attr-defined]

        def forward(X: Any) -> Any:
            return model(X)

        def pullback(X: Any, G: Any) -> Any:
            return autograd.gradients((model(X) * G).sum(), self.params, create_graph=True)

        self.forward = autograd.compile(forward)
        self.pullback = autograd.compile(pullback)

    def __call__(self, X: Any, y: Any, loss: Callable[[Any, Any], Any]) -> CompiledTensorLoss:
        X = np.asarray(getattr(X, "data", X))
        predictions = Tensor(self.forward(X), requires_grad=True)
        return CompiledTensorLoss(loss(predictions, y), predictions, X, self)


def compile_step(model: Callable[[Any], Any]) -> CompiledStep | CompiledTensorStep:
    """The compiled training step of a scalar model (``nn.MLP``, ``nn.Layer``, ``nn.Neuron``) or
    a Tensor model (``nn.Sequential``, ``nn.Linear``): ``step(X, y, loss)`` returns the batch's
    loss with a ``backward()`` that fills ``.grad``."""
    return CompiledTensorStep(model) if getattr(model, "batched", False) else CompiledStep(model)


def fit_step(
    model: Any, loss: Callable[[Any, Any], Any], X: np.ndarray, y: np.ndarray, shuffle: bool
) -> Callable[[Sequence[int]], tuple[Any, Any, Any]]:
    """``fit``'s per-batch step (indices -> (L, predictions, targets)) with a compiled model:
    the Tensor one batch by batch, a scalar one sample by sample."""
    tensor = getattr(model, "batched", False)
    step: Any = CompiledTensorStep(model) if tensor else compile_step(model)

    def batch(idx: Sequence[int]) -> tuple[Any, Any, Any]:
        rows = np.asarray(idx) if shuffle else slice(idx[0], idx[-1] + 1)
        if tensor:
            L = step(X[rows], y[rows], loss)
        else:
            L = step(X[rows].tolist(), y[rows].tolist(), loss)
        return L, L.predictions, y[rows]

    return batch


__all__ = [
    "compile_step",
    "CompiledStep",
    "CompiledLoss",
    "CompiledTensorStep",
    "CompiledTensorLoss",
    "fit_step",
]
