"""How hard a run works: the full run (the published table) or ``--quick`` (the smoke run the
test suite executes: small sizes, few rounds; its times mean nothing)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Config:
    """``repeats`` timed rounds after ``warmup`` rounds, for every workload; sizes by ``quick``."""

    quick: bool = False
    repeats: int = 7
    warmup: int = 1

    def rounds(self, full: int) -> int:
        """Timed rounds for a workload whose full run wants ``full`` (never fewer than
        ``repeats`` in a full run, 2 in a quick one)."""
        return 2 if self.quick else max(full, self.repeats)

    def size(self, full: int, quick: int) -> int:
        """``full`` in a full run, ``quick`` in a quick one."""
        return quick if self.quick else full


FULL = Config()
QUICK = Config(quick=True, repeats=2)
