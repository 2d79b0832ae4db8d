"""Arithmetic over intervals: the expressions an `arithmetic` check writes (`100 * a / b`), parsed
safely (numbers, names and + - * / only) and evaluated over ranges."""

from __future__ import annotations

import ast
import math
import operator

from .intervals import Interval


class ExpressionError(ValueError):
    """An expression that is not plain arithmetic over names and numbers."""


# Interval arithmetic over the four operations, for expressions whose terms may be ranges.
def _combine(op, a: Interval, b: Interval) -> Interval:
    if op is operator.truediv and b.low <= 0 <= b.high:
        raise ZeroDivisionError("division by a range that includes zero")
    corners = [op(x, y) for x in (a.low, a.high) for y in (b.low, b.high)]
    corners = [c for c in corners if not math.isnan(c)]
    return Interval(min(corners), max(corners), True, True)


OPS = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.Div: operator.truediv}
# An arithmetic check is a line of arithmetic: longer ones are refused before they are parsed.
MAX_EXPRESSION_CHARS = 500
MAX_DEPTH = 50


def names(expression: str) -> set[str]:
    """The term names of an arithmetic expression; ExpressionError if it is anything but numbers,
    names and + - * /."""
    if not isinstance(expression, str):
        raise ExpressionError(f"{expression!r} is not an expression (write it as text)")
    if len(expression) > MAX_EXPRESSION_CHARS:
        raise ExpressionError(f"{expression[:40]!r}... is {len(expression):,} characters long; at most "
                              f"{MAX_EXPRESSION_CHARS} (EXPRESSION_TOO_LONG)")
    if max(_depths(expression), default=0) > MAX_DEPTH:
        raise ExpressionError(f"{expression[:40]!r}... nests brackets more than {MAX_DEPTH} deep")
    try:
        tree = ast.parse(expression, mode="eval")
    except SyntaxError as exc:
        raise ExpressionError(f"{expression!r} is not an expression: {exc.msg}") from None
    except (RecursionError, MemoryError, ValueError):
        raise ExpressionError(f"{expression[:40]!r}... is too complex to be a check's arithmetic") from None
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            names.add(node.id)
        elif not isinstance(node, (ast.Expression, ast.BinOp, ast.Load, ast.Constant, ast.USub, ast.UnaryOp,
                                   *OPS)) or (isinstance(node, ast.Constant)
                                             and not isinstance(node.value, (int, float))):
            raise ExpressionError(f"{expression!r}: only numbers, term names and + − × / are allowed")
        elif isinstance(node, ast.Constant) and not math.isfinite(node.value):
            raise ExpressionError(f"{expression!r}: {node.value!r} is not a finite number")
    return names


def _depths(expression: str):
    depth = 0
    for c in expression:
        depth += (c == "(") - (c == ")")
        yield depth


def evaluate(expression: str, values: dict[str, Interval]) -> Interval:
    """An arithmetic expression over named intervals (a point is an interval of width 0)."""
    def walk(node) -> Interval:
        if isinstance(node, ast.Expression):
            return walk(node.body)
        if isinstance(node, ast.Constant):
            return Interval(float(node.value), float(node.value), True, True)
        if isinstance(node, ast.Name):
            return values[node.id]
        if isinstance(node, ast.UnaryOp):
            inner = walk(node.operand)
            return Interval(-inner.high, -inner.low, True, True)
        return _combine(OPS[type(node.op)], walk(node.left), walk(node.right))
    return walk(ast.parse(expression, mode="eval"))
