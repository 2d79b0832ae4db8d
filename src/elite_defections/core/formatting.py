"""How numbers are printed in the briefing: one place, so every statistic reads alike."""

from __future__ import annotations

import datetime as dt

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")


def count(x: float) -> str:
    """A number of people: whole, with thousands separators."""
    return f"{round(x):,}"


def number(x: float, digits: int = 1) -> str:
    return f"{x:,.{digits}f}"


def percent(x: float, digits: int = 2) -> str:
    """`x` already in percent (1.2198 -> '1.22%')."""
    return f"{x:.{digits}f}%"


def multiple(x: float, digits: int = 2) -> str:
    return f"{x:.{digits}f} times"


def date(value: dt.date | str) -> str:
    """'2011-12-17' -> '17 December 2011'; partial ISO dates print what they have."""
    text = value.isoformat() if isinstance(value, dt.date) else str(value)
    parts = [int(p) for p in text.split("-")]
    if len(parts) == 3:
        return f"{parts[2]} {MONTHS[parts[1] - 1]} {parts[0]}"
    if len(parts) == 2:
        return f"{MONTHS[parts[1] - 1]} {parts[0]}"
    return str(parts[0])


def span(low: str, high: str, unit: str = "") -> str:
    """An interval's display: 'between 19,524 and 23,106', or one figure when both print alike."""
    suffix = f" {unit}" if unit else ""
    return f"{low}{suffix}" if low == high else f"between {low} and {high}{suffix}"


def count_span(iv) -> str:
    return span(count(iv.low), count(iv.high))


def percent_span(iv, digits: int = 2) -> str:
    return span(percent(iv.low, digits), percent(iv.high, digits))


def multiple_span(iv, digits: int = 2) -> str:
    return span(f"{iv.low:.{digits}f}", f"{iv.high:.{digits}f}", "times")


def share_span(iv) -> str:
    """Fractions (0..1) as whole percentages: 'between 63% and 84%'."""
    return span(percent(100 * iv.low, 0), percent(100 * iv.high, 0))


def plural(n: int, noun: str) -> str:
    """'1 claim', '2 claims': a count with its noun."""
    return f"{n} {noun}" + ("" if n == 1 else "s")


def and_list(items: list[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]
