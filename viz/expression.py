"""An expression typed on the command line, parsed into a graph of Values, never evaluated.

    build("(a + b) * (b + 1)", {"a": 2.0, "b": 1.0})  ->  (y, {"a": Value a, "b": Value b})

The text is parsed by Python's ``ast`` and only this walk builds anything: numbers, names
given a value, + - * / **, unary minus and plus, parentheses and calls of the table's
one-input functions (``autograd.primitives.UNARY`` names that ``autograd`` has as functions:
exp, log, sin, tanh, ...; and abs). "e = <expr>" names the output e (else it is y). Anything
else (attributes, subscripts, other calls, keywords, strings ...) is an ExpressionError naming
what was found, before anything runs: ``__import__('os')`` is refused as a call of an unknown
function.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Mapping
from typing import Any

import autograd
from autograd import Value
from autograd.primitives import UNARY

_BINARY: dict[type, Callable[[Any, Any], Any]] = {
    ast.Add: lambda a, b: a + b, ast.Sub: lambda a, b: a - b, ast.Mult: lambda a, b: a * b,
    ast.Div: lambda a, b: a / b, ast.Pow: lambda a, b: a ** b}
_UNARY_OPS: dict[type, Callable[[Any], Any]] = {ast.USub: lambda a: -a, ast.UAdd: lambda a: +a}


def functions() -> dict[str, Callable[[Any], Any]]:
    """{name: function} the command line accepts: the table's one-input primitives."""
    table: dict[str, Callable[[Any], Any]] = {"abs": abs}
    for name in UNARY:
        fn = getattr(autograd, name, None)
        if callable(fn):
            table[name] = fn
    return table


class ExpressionError(ValueError):
    """The text is not an expression the command line draws; the message says why."""


def _describe(node: ast.AST) -> str:
    try:
        return repr(ast.unparse(node))
    except Exception:  # pragma: no cover - unparse handles every node ast.parse makes
        return type(node).__name__


class _Builder:
    def __init__(self, values: Mapping[str, float], text: str) -> None:
        self.text = text
        self.functions = functions()
        self.variables = {name: Value(v, label=name) for name, v in values.items()}
        self.used: dict[str, Value] = {}

    def fail(self, node: ast.AST, why: str) -> ExpressionError:
        allowed = ("numbers, names, + - * / **, unary minus, parentheses and the functions "
                   + ", ".join(sorted(self.functions)))
        return ExpressionError(f"expression {self.text!r}: {why} at {_describe(node)}; "
                               f"only {allowed} are allowed")

    def build(self, node: ast.AST) -> Any:
        if isinstance(node, ast.Constant):
            if isinstance(node.value, bool) or not isinstance(node.value, (int, float)):
                raise self.fail(node, f"a {type(node.value).__name__} constant")
            return float(node.value)
        if isinstance(node, ast.Name):
            if node.id not in self.variables:
                raise ExpressionError(f"expression {self.text!r}: no value for {node.id!r}; "
                                      f"give one with --at {node.id}=NUMBER")
            self.used[node.id] = self.variables[node.id]
            return self.variables[node.id]
        if isinstance(node, ast.BinOp) and type(node.op) in _BINARY:
            return _BINARY[type(node.op)](self.build(node.left), self.build(node.right))
        if isinstance(node, ast.UnaryOp) and type(node.op) in _UNARY_OPS:
            return _UNARY_OPS[type(node.op)](self.build(node.operand))
        if isinstance(node, ast.Call):
            name = node.func.id if isinstance(node.func, ast.Name) else None
            if name not in self.functions:
                raise self.fail(node, "a call of an unknown function")
            if node.keywords or len(node.args) != 1:
                raise self.fail(node, f"{name} takes exactly one argument")
            return self.functions[name](self.build(node.args[0]))
        raise self.fail(node, f"a {type(node).__name__} (not allowed)")


def build(text: str, values: Mapping[str, float]) -> tuple[Value, dict[str, Value]]:
    """The output Value of ``text`` at ``values``, and the input Values it used by name."""
    try:
        tree = ast.parse(text.strip(), mode="exec")
    except SyntaxError as error:
        raise ExpressionError(f"expression {text!r}: not valid syntax ({error.msg})") from None
    if len(tree.body) != 1:
        raise ExpressionError(f"expression {text!r}: expected one expression, got {len(tree.body)} statements")
    statement = tree.body[0]
    name = None
    if (isinstance(statement, ast.Assign) and len(statement.targets) == 1
            and isinstance(statement.targets[0], ast.Name)):
        name, root = statement.targets[0].id, statement.value
    elif isinstance(statement, ast.Expr):
        root = statement.value
    else:
        raise ExpressionError(f"expression {text!r}: expected an expression or 'name = expression', "
                              f"got a {type(statement).__name__} statement")
    builder = _Builder(values, text)
    if name is not None and name in builder.variables:
        raise ExpressionError(f"expression {text!r}: the output name {name!r} is also an input")
    out = builder.build(root)
    if not isinstance(out, Value):
        raise ExpressionError(f"expression {text!r}: it has no variable to differentiate "
                              f"(it is the number {out!r})")
    if out.inputs and name is not None:
        out.label = name
    return out, builder.used
