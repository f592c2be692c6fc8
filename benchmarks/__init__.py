"""edgegrad's benchmarks: every workload on every available peer, in one run, one table.

Run ``make bench``, ``python -m benchmarks`` or ``python benchmarks/run.py`` (``--quick`` for a
smoke run, ``--json PATH`` to save the results, ``--only W1,MEM`` for some sections,
``--malloc default`` to leave glibc's allocator thresholds dynamic).

Layout: ``harness`` (command line and report), ``threads`` (one BLAS/OpenMP thread, set by the
entry points before numpy is imported), ``allocator`` (glibc's malloc held steady for the
run), ``layouts`` (a measurement repeated in fresh processes over several heap layouts: W4),
``timing`` (the gc policy and the alternating
medians), ``results`` (rows, groups, sections), ``table`` (the printed table), ``targets`` (the
engine's targets and whether they are met), ``machine`` (what the run was measured on),
``config`` (full or quick), ``workloads/`` (one section each) and ``peers/`` (one
implementation per workload and engine).
"""
