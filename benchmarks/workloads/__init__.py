"""One module per section of the table, each with ``run(cfg: Config) -> Section``:
``w1`` (micrograd's demo step), ``w2`` (deep chain), ``w3`` (wide sum), ``w4`` (tensor MLP),
``nodes`` (MEM: memory and time per node, issue 2), ``cheap_gradient`` (CG) and ``inference``
(INF: the no_grad fast path). ``common`` holds what they share."""
