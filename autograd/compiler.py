"""``compile(f)``: f traced once per argument structure and run as generated Python (as jax.jit).

``compiled = ag.compile(f)`` is called like f. On a call whose argument structure (the nesting
and lengths of lists, which leaves are numbers, and for arrays their shapes and dtypes) is new,
f is recorded once on those arguments (``recording.record``) and the graph turned into a Python
function (``codegen.generate``); later calls with the same structure run that function on
plain floats: no Value objects, no graph walk. Python control flow inside f (``if x > 0``, a
loop over a list's length) is fixed by the arguments of the call that traced it. Called on
Values or Tensors (inside ``grad`` ...), a compiled f runs f itself, so it composes.

``ag.compile(ag.value_and_grad(f))`` compiles the gradient too: the transform nested inside the
trace records the derivative graph (relu masks as nodes, recomputed at each call), and its
nodes compile like any other. Errors: the generated code calls each entry's domain check and
checks its outputs for NaN; on any error it runs f on the interpreted engine, which raises the
same error the interpreted engine always raises (naming the operation and the value).
"""

from __future__ import annotations

import builtins
import functools
import gc
import inspect
import numbers
import time
from collections.abc import Callable
from operator import countOf
from typing import Any

import numpy as np

from autograd.codegen import NotANumber, generate
from autograd.program import Program
from autograd.recording import Recording, record, usable
from autograd.tensor import Tensor
from autograd.tensor_data import FLOAT_DTYPES, as_array
from autograd.value import Value

Key = Any


def structure(args: Any, op: str = "compile") -> tuple[Key, bool]:
    """(a hashable description of the arguments' structure, whether any leaf is an int).
    A list of floats is described by its length alone (the common case, checked in C)."""
    has_int = False
    stack = [args]
    parts: list[Any] = []
    while stack:
        a = stack.pop()
        cls = a.__class__
        if cls is float:
            parts.append("f")
        elif cls is list or cls is tuple:
            kinds = set(map(type, a))  # (in C: this is the cost of a call, per list entry)
            if kinds <= _FLOAT:
                parts.append((cls.__name__, len(a)))
            elif kinds <= _NUMBER:
                has_int = True
                parts.append((cls.__name__, len(a)))
            else:
                parts.append((cls.__name__, len(a), "["))
                stack.append(_CLOSE)
                stack.extend(reversed(a))
        elif a is _CLOSE:
            parts.append("]")
        elif isinstance(a, np.ndarray):
            parts.append(("array", a.shape, a.dtype.str))
            if a.dtype not in FLOAT_DTYPES:  # ints, bools, float16: float64, as the engine has them
                has_int = True
            if a.dtype.kind == "f" and np.isnan(a).any():
                parts.append(NAN)
        elif isinstance(a, numbers.Real) and not isinstance(a, bool):
            has_int = True
            parts.append("f")
        elif isinstance(a, (Value, Tensor)):
            raise GraphArguments
        else:
            raise TypeError(
                f"{op}: arguments must be numbers, (nested) lists of numbers or "
                f"numpy arrays, got {type(a).__name__} ({a!r})"
            )
    return tuple(parts), has_int


class GraphArguments(Exception):
    """An argument is a node of a graph being recorded: f runs on the engine, traceable."""


_CLOSE = object()
_FLOAT = {float}
_NUMBER = {float, int}
NAN = "NaN"
"""In a structure: an array argument holds NaN (the engine refuses it; so does the compiled f)."""


def _floats(tree: Any) -> Any:
    """Numbers as floats and arrays as float32/float64 arrays, as the engine takes them."""
    if isinstance(tree, (list, tuple)):
        return type(tree)(_floats(t) for t in tree)
    if isinstance(tree, np.ndarray):
        return as_array(tree, "compile")
    return float(tree) if isinstance(tree, numbers.Real) else tree


def guard(key: Key) -> tuple[int | None, ...] | None:
    """For a structure made only of float arguments and flat lists of floats, the
    length of each list argument (None for a float): enough to recognise the same structure in
    a later call without rebuilding its key (the fast path of every call). None otherwise."""
    if not (key and key[-1] == "]" and key[0][0] == "tuple" and len(key[0]) == 3):
        return None
    spec: list[int | None] = []
    for part in key[1:-1]:
        if part == "f":
            spec.append(None)
        elif isinstance(part, tuple) and len(part) == 2 and part[0] == "list":
            spec.append(part[1])
        else:
            return None
    return tuple(spec) if len(spec) == key[0][1] else None


def matches(spec: tuple[int | None, ...], args: tuple[Any, ...]) -> bool:
    """Whether ``args`` has the structure ``spec`` describes (see :func:`guard`), with every
    leaf a float: the check ``structure`` makes, without building a key."""
    if len(args) != len(spec):
        return False
    for a, n in zip(args, spec):
        if n is None:
            if a.__class__ is not float:
                return False
        elif a.__class__ is not list or len(a) != n or countOf(map(type, a), float) != n:
            return False
    return True


KEEP_NODES = 20_000
"""A trace keeps a recording of at most this many nodes (for ``.program``); a larger one is
freed once its code is generated: the garbage collector, enabled again, would otherwise walk
every node it holds (about 0.15 s for W1's 134,000), and it holds that memory."""


class Entry:
    """One trace: the recording, its generated ``source``, the function, and timings."""

    def __init__(self, rec: Recording, name: str) -> None:
        start = time.perf_counter()
        self.recording: Recording | None = rec
        self.args: tuple[Any, ...] | None = None
        """the arguments it was traced on, when the recording is not kept."""
        self.source, namespace = generate(rec, name)
        code = builtins.compile(self.source, f"<compiled {name}>", "exec")
        exec(code, namespace)  # the source is generated from the table, never from user text
        self.function: Callable[..., Any] = namespace[name]
        self.generate_seconds = time.perf_counter() - start


class Compiled:
    """f compiled (see the module): call it like f; ``source`` is the generated Python of the
    latest trace, ``program`` its :class:`Program`, ``traces`` how many times f was traced."""

    def __init__(self, f: Callable[..., Any]) -> None:
        if not callable(f):
            raise TypeError(f"compile: expected a function, got {type(f).__name__}")
        self.f = f
        self.cache: dict[Key, Entry] = {}
        self.latest: Entry | None = None
        self.fast: tuple[tuple[int | None, ...], Callable[..., Any]] | None = None
        """(the latest trace's guard spec, its function) when its arguments are floats and flat
        float lists: a call with the same structure skips building the key."""
        self.traces = 0
        self.compile_seconds = 0.0
        name = getattr(f, "__name__", "program")
        self.name = name if usable(name, set()) else "program"
        functools.update_wrapper(self, f)
        try:
            self.signature: inspect.Signature | None = inspect.signature(f)
        except (TypeError, ValueError):
            self.signature = None

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        fast = self.fast
        if fast is not None and not kwargs and matches(fast[0], args):
            try:
                return fast[1](*args)
            except (ArithmeticError, ValueError):
                pass  # the slow path below runs it again and explains the error
        if kwargs:
            if self.signature is None:
                raise TypeError("compile: pass the arguments by position")
            args = tuple(self.signature.bind(*args, **kwargs).args)
        try:
            key, has_int = structure(args)
        except GraphArguments:  # inside a transform (grad(compile(f))): f on the engine
            return self.f(*args)
        if NAN in key:
            record(self.f, args, "compile")  # raises the engine's error for NaN data
        if has_int:
            args = _floats(args)
        entry = self.cache.get(key)
        if entry is None:
            entry = self.trace(args, key)
        try:
            return entry.function(*args)
        except (ArithmeticError, ValueError) as error:
            record(self.f, args, "compile")  # the interpreted engine raises its error, naming
            if isinstance(error, NotANumber):  # the operation and the value
                raise ValueError(f"compile: {self.name} gave NaN for these arguments") from None
            raise

    def trace(self, args: tuple[Any, ...], key: Key | None = None) -> Entry:
        """Record f on ``args`` and generate its function (done by a call with a new structure)."""
        start = time.perf_counter()
        if key is None:
            key, has_int = structure(args)
            args = _floats(args) if has_int else args
        collecting = gc.isenabled()
        gc.disable()  # the recording is acyclic and freed by reference counting: no cycle to find
        try:
            rec = record(self.f, args, "compile")
            entry = Entry(rec, self.name)
            if len(rec.order) > KEEP_NODES:  # freed now, before the collector would walk it
                entry.recording = None
                entry.args = _floats(args)  # (a copy: .program records f on them again)
                del rec
        finally:
            if collecting:
                gc.enable()
        self.cache[key] = entry
        if self.latest is not None:
            self.latest.recording = None  # only the latest trace keeps its graph (for .program)
        self.latest = entry
        spec = guard(key)
        self.fast = None if spec is None else (spec, entry.function)
        self.traces += 1
        self.compile_seconds = time.perf_counter() - start
        return entry

    def _entry(self) -> Entry:
        if self.latest is None:
            raise ValueError(
                "compile: not traced yet; call the compiled function once (or .trace(args)) first"
            )
        return self.latest

    @property
    def source(self) -> str:
        """The generated Python of the latest trace."""
        return self._entry().source

    @property
    def program(self) -> Program:
        """The latest trace as equations (a large one recorded again: f runs once more)."""
        entry = self._entry()
        rec = entry.recording
        if rec is None:
            assert entry.args is not None  # kept when the recording is not
            rec = record(self.f, entry.args, "compile")
        return Program.from_recording(rec)


def compile(f: Callable[..., Any]) -> Compiled:
    """f as generated Python: traced once per argument structure, then run on floats."""
    return Compiled(f)


__all__ = ["Compiled", "compile", "structure"]
