"""Names of nodes in pictures, so that edge symbols like "∂e/∂c = d" can be printed.

The primitive table prints partials over input *names* (for e = c*d, ∂e/∂c = "d"). A node is
named, in this order of preference:

1. its ``label``;
2. a node a model made, by its role (``viz.roles``): z[l][j], a[l][j], ŷ, and the model's
   inputs x1, x2 ... even when they were given as numbers;
3. a Constant (a number given to an n-ary operation, the 2 of ``dot([a, 2.0], [b, c])``):
   its number ("2");
4. the output, when unlabelled: "y", or "L" when it is built on a model's output (a loss);
5. a small expression, when every input is named by 1-5 and the text is at most ``max_expr``
   characters, in math notation: d = b + 1 (one node "+1" over b) is named "b+1", a loss on
   the model's output "(ŷ-1)²"; an n-ary operation by its first input, "sum((ŷ-1)², …)";
6. otherwise a generated name "v1", "v2", ... in topological order, skipping names in use.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from autograd import Constant
from viz.format import DIGITS, math_text, number, operand, tidy
from viz.roles import model_names

MAX_EXPR = 12
MAX_HEADLINE = 28
MAX_AFFINE = 44  # w[1][1,1]·x1 + w[1][1,2]·x2 + b[1][1] written out
_AFFINE = frozenset({"dot", "dot+b"})  # w1..wn, x1..xn[, b]: a neuron's pre-activation
_INFIX = frozenset({"+", "-", "*", "/", "**", "@"})
_ALIASES = {"add": "+", "sub": "-", "mul": "*", "div": "/", "matmul": "@"}  # Tensor op names


def expression(op: str, inputs: Sequence[str]) -> str:
    """The operation ``op`` written over input names: "+", [a, b] -> "a+b"; "sin", [x] -> "sin(x)"."""
    args = [operand(name) for name in inputs]
    return math_text(_code(_ALIASES.get(op, op), inputs, args))


def _code(op: str, inputs: Sequence[str], args: list[str]) -> str:
    if op in _INFIX and len(args) == 2:
        return f"{args[0]}{op}{args[1]}"
    if op == "neg" and len(args) == 1:
        return f"-{args[0]}"
    # One input and a number: the number on the left when the op ends in its operator ("2-" is
    # 2-x, "-2/" is -2/x, "2**" is 2**x), else on the right ("+1" is x+1, "-2" x-2, "*2" x*2,
    # "**-1" x**-1). Ends first: "-2-" starts like "-2".
    if len(args) == 1 and op.endswith(("-", "/", "**")):
        return f"{op}{args[0]}"
    if len(args) == 1 and op.startswith("*") and not op.startswith("**"):
        return f"{op[1:]}*{args[0]}"  # 2x, as math writes it
    if len(args) == 1 and op[:1] in ("+", "-", "*", "/"):
        return f"{args[0]}{op}"
    return f"{op}({', '.join(inputs)})"


class Names:
    """The printable name of every node of a graph (see the module docstring for the rules)."""

    def __init__(self, order: Sequence[Any], output: Any, digits: int = DIGITS,
                 max_expr: int = MAX_EXPR) -> None:
        self.digits = digits
        self._name: dict[Any, str] = {}
        self._kind: dict[Any, str] = {}  # "label", "constant", "expr", "generated"
        self._symbols: dict[Any, tuple[str, ...]] = {}
        roles = model_names(order, output)
        taken = {node.label for node in order if node.label is not None} | set(roles.values())
        counter = 0
        for node in order:  # inputs come first, so their names exist when a node is named
            if node.label is not None:
                self._set(node, node.label, "label")
            elif node in roles:
                self._set(node, roles[node], "role")
            elif isinstance(node, Constant):
                self._set(node, number(node.data, digits), "constant")
            elif node is output and not roles and "y" not in taken:
                self._set(node, "y", "label")
            elif node is output and roles and "L" not in taken:  # a loss on a model's output
                self._set(node, "L", "label")
            else:
                expr = self._small_expression(node, max_expr)
                if expr is not None:
                    self._set(node, expr, "expr")
                    continue
                counter += 1
                while f"v{counter}" in taken:
                    counter += 1
                self._set(node, f"v{counter}", "generated")

    def _set(self, node: Any, name: str, kind: str) -> None:
        self._name[node] = name
        self._kind[node] = kind

    def _small_expression(self, node: Any, max_expr: int) -> str | None:
        if not node.inputs or node.primitive is None:
            return None
        if any(self._kind[child] == "generated" for child in node.inputs):
            return None
        names = [self._name[child] for child in node.inputs]
        expr = expression(node.op, names)
        if len(expr) <= max_expr:
            return expr
        if len(names) > 2 and node.op not in _INFIX:  # sum((ŷ-1)², …): its first term shows what
            short = f"{math_text(_ALIASES.get(node.op, node.op))}({names[0]}, …)"
            return short if len(short) <= max_expr + 6 else None
        return None

    def __getitem__(self, node: Any) -> str:
        return self._name[node]

    def __contains__(self, node: Any) -> bool:
        return node in self._name

    def is_number(self, node: Any) -> bool:
        """True when the node is named by its number (a constant): no derivative is taken
        with respect to it in a picture."""
        return self._kind[node] == "constant"

    def is_expression(self, node: Any) -> bool:
        """True when the node's name is its own expression ("b+1")."""
        return self._kind[node] == "expr"

    def headline(self, node: Any) -> str:
        """The first line of a node's box: "e = c*d", "b+1", "a", "1"."""
        name = self._name[node]
        if not node.inputs or self.is_expression(node):
            return name
        expr = self._formula(node)
        if len(expr) > (MAX_AFFINE if node.op in _AFFINE else MAX_HEADLINE):
            expr = f"{math_text(node.op)}({len(node.inputs)} inputs)"
            if node.op in _AFFINE:
                n = len(node.inputs) // 2
                expr = f"Σ w·x{' + b' if node.op == 'dot+b' else ''} ({n} term{'s' * (n > 1)})"
        return name if expr == name else f"{name} = {expr}"

    def _formula(self, node: Any) -> str:
        """The node's operation over its inputs' names; a neuron's w·x + b written out."""
        names = [self._name[child] for child in node.inputs]
        if node.op not in _AFFINE:
            return expression(node.op, names)
        n = len(names) // 2
        terms = [f"{operand(w)}·{operand(x)}" for w, x in zip(names[:n], names[n:2 * n])]
        return math_text(" + ".join(terms + names[2 * n:]))

    def symbol(self, node: Any, index: int) -> str:
        """The printable partial d(node)/d(input ``index``), from the primitive table."""
        symbols = self._symbols.get(node)
        if symbols is None:  # once per node: an n-ary node prints all its partials at once
            inputs = [operand(self._name[child]) for child in node.inputs]
            symbols = self._symbols[node] = tuple(
                math_text(tidy(text)) for text in node.primitive.symbols(inputs, operand(self._name[node])))
        return symbols[index]
