"""Re-export of ``autograd.files.write_atomic`` for viz until it imports from autograd directly."""

from autograd.files import write_atomic

__all__ = ["write_atomic"]
