"""Text for pictures: compact numbers and the ∂ notation.

``number(2.0) == "2"``, ``number(1234567.0) == "1.235e6"``, ``number(0.1 + 0.2) == "0.3"``:
``digits`` significant digits (4 by default), no trailing zeros, short exponents.
"""

from __future__ import annotations

import math
import re

DIGITS = 4

_WORD = re.compile(r"[\w.'′\[\];]+(?:\[[\w,;]+\])*")  # a label, a number or a generated name: needs no brackets
_CALL = re.compile(r"[\w.]+\(.*\)")  # f(...): needs no brackets if its own are balanced


def number(x: float, digits: int = DIGITS) -> str:
    """x with ``digits`` significant digits, e.g. 2.0 -> "2", 3.14159 -> "3.142", 1e-7 -> "1e-7"."""
    if not isinstance(digits, int) or isinstance(digits, bool) or digits < 1:
        raise ValueError(f"number: digits must be an int >= 1, got {digits!r}")
    x = float(x)
    if math.isnan(x):
        return "nan"
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    if x == 0.0:
        return "0"  # also -0.0: a sign on zero teaches nothing
    text = f"{x:.{digits}g}"
    mantissa, e, exponent = text.partition("e")
    if not e:
        return text
    return f"{mantissa}e{int(exponent)}"


def factor(x: float, digits: int = DIGITS) -> str:
    """``number(x)`` ready to multiply: a negative number in brackets, "3 · (-1.5)"."""
    text = number(x, digits)
    return f"({text})" if text.startswith("-") else text


def balanced_wrap(text: str) -> bool:
    """True when ``text`` is "(...)" and its first "(" closes at the very end."""
    if len(text) < 2 or text[0] != "(" or text[-1] != ")":
        return False
    depth = 0
    for i, ch in enumerate(text):
        depth += (ch == "(") - (ch == ")")
        if depth == 0 and i < len(text) - 1:
            return False
    return depth == 0


def operand(name: str) -> str:
    """``name`` ready to sit inside a formula: "b+1" -> "(b+1)", "b" -> "b", "-1" -> "(-1)"."""
    if _WORD.fullmatch(name) or balanced_wrap(name):
        return name
    if _CALL.fullmatch(name) and balanced_wrap(name[name.index("("):]):
        return name
    return f"({name})"


def tidy(text: str) -> str:
    """A printed formula without doubled brackets: "cos((x*x))" -> "cos(x*x)"."""
    match: dict[int, int] = {}
    stack: list[int] = []
    for i, ch in enumerate(text):
        if ch == "(":
            stack.append(i)
        elif ch == ")" and stack:
            match[stack.pop()] = i
    drop = {k for i, j in match.items() if match.get(i + 1) == j - 1 for k in (i, j)}
    return "".join(ch for i, ch in enumerate(text) if i not in drop)


def unwrap(text: str) -> str:
    """A formula without brackets around the whole of it: "(b+1)" -> "b+1"."""
    while balanced_wrap(text):
        text = text[1:-1]
    return text


def partial(top: str, bottom: str) -> str:
    """The Leibniz symbol "∂top/∂bottom", bracketing compound names: ∂e/∂(a+b)."""
    return f"∂{operand(top)}/∂{operand(bottom)}"


def equation(lhs: str, symbol: str, value: float, digits: int = DIGITS) -> str:
    """"lhs = symbol = value", dropping the symbol when it says no more than the number
    ("∂c/∂a = 1", not "∂c/∂a = 1 = 1")."""
    shown = number(value, digits)
    symbol = unwrap(symbol)
    if symbol == shown or not symbol or _is_number(symbol):
        return f"{lhs} = {shown}"
    return f"{lhs} = {symbol} = {shown}"


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


_SUPERSCRIPT = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")
_POWER = re.compile(r"(?:\*\*|\^)\(?(-?\d+(?:\.\d+)?)\)?(?![\w.(])")
_FLOAT = re.compile(r"(?<![\w.])\d+(?:\.\d+)?e[+-]?\d+")
_COEFFICIENT = re.compile(r"(?<![\w.⁰¹²³⁴⁵⁶⁷⁸⁹])(-?)(\d+(?:\.\d+)?)·(?=[^\W\d])")


def _power(match: re.Match[str]) -> str:
    p = match.group(1)
    if p == "1":
        return ""
    if float(p).is_integer():
        return str(int(float(p))).translate(_SUPERSCRIPT)
    return f"^{p}"


def _coefficient(match: re.Match[str]) -> str:
    sign, c = match.groups()
    return sign if c == "1" else f"{sign}{c}"


def math_text(text: str) -> str:
    """A formula from code to math: x**2 -> x², 2·x^1 -> 2x, -1·x^-2 -> -x⁻², a*b -> a·b,
    1e+12 -> 1e12; integer powers as superscripts, other powers as ^p (never **)."""
    text = _FLOAT.sub(lambda m: number(float(m.group(0)), 12), text)
    text = _POWER.sub(_power, text)
    text = text.replace("**", "^").replace("*", "·")
    return _COEFFICIENT.sub(_coefficient, text)
