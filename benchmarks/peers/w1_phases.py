"""W1's loss split into timed phases per engine, for the cheap-gradient section (CG).

Each ``phases(state)`` zeroes the gradients (untimed), then times: building the loss graph
(the forward pass), one reverse sweep (``backward()``) and, on edgegrad, one forward-mode sweep
(``autograd.forward_sweep`` of the loss along the first parameter) and the topological order
alone. It returns the times with the loss, dL/dp_0 from the reverse sweep and, on edgegrad,
dL/dp_0 from the forward sweep (they must agree). No SGD update: every round is the same.
"""

from __future__ import annotations

from time import perf_counter
from typing import Any

Phases = dict[str, float]


def edgegrad(state: Any, loss: Any = None) -> Phases:
    """Phases of ``w1_edgegrad`` (or of ``w1_edgegrad_nn`` given its ``loss``)."""
    import autograd

    from . import w1_edgegrad

    build = loss or w1_edgegrad.loss
    params = state.params
    w1_edgegrad.zero_grad(params)
    start = perf_counter()
    total = build(state)
    forward = perf_counter() - start
    start = perf_counter()
    topo = len(autograd.topological_order(total))
    topo_seconds = perf_counter() - start
    start = perf_counter()
    total.backward()
    reverse = perf_counter() - start
    start = perf_counter()
    tangents = autograd.forward_sweep(total, wrt=params[0])
    fsweep = perf_counter() - start
    return {"forward": forward, "reverse": reverse, "fsweep": fsweep, "topo": topo_seconds,
            "nodes": topo, "loss": total.data, "grad": params[0].grad, "tangent": tangents[total]}


def edgegrad_nn(state: Any) -> Phases:
    """Phases of ``w1_edgegrad_nn``."""
    from . import w1_edgegrad_nn

    return edgegrad(state, w1_edgegrad_nn.loss)


def micrograd(state: Any) -> Phases:
    """Phases of ``w1_micrograd`` (no forward mode)."""
    from . import w1_micrograd

    state.model.zero_grad()
    start = perf_counter()
    total = w1_micrograd.loss(state.model, state.X, state.y)
    forward = perf_counter() - start
    start = perf_counter()
    total.backward()
    reverse = perf_counter() - start
    return {"forward": forward, "reverse": reverse, "loss": total.data,
            "grad": state.model.parameters()[0].grad}


def torch(state: Any) -> Phases:
    """Phases of ``w1_torch`` (reverse mode only)."""
    from . import w1_torch

    for p in state.Ws + state.bs:
        p.grad = None
    start = perf_counter()
    total = w1_torch.loss(state)
    forward = perf_counter() - start
    start = perf_counter()
    total.backward()
    reverse = perf_counter() - start
    return {"forward": forward, "reverse": reverse, "loss": total.item(),
            "grad": state.Ws[0].grad[0, 0].item()}
