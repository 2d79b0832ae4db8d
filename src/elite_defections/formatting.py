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
