"""What a notebook shows: tables an analyst can read.

`show(x)` turns what a notebook computed into a table: a list of statistics (what the briefing
prints, the verdict when any of them checks a claim, and the method), a dataclass or a mapping (one
row a field), or a data frame. Numbers are rounded for reading (the statistics keep full
precision), intervals read "low – high", dates are ISO, and an empty value is a blank cell: a
column with nothing in it is dropped. The briefing's figures are shown by `figures.save`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import inspect
import math
from collections.abc import Mapping
from typing import Any

from ..core.intervals import Interval
from ..core.statistic import Statistic


def number(x: float) -> str:
    """A float for reading: whole numbers with separators, else four significant digits."""
    if not math.isfinite(x):
        return str(x)
    if x == int(x) and abs(x) < 1e15:
        return f"{int(x):,}"
    if abs(x) >= 1000:
        return f"{x:,.1f}"
    if abs(x) >= 1e-4:
        return f"{x:.4g}"
    return f"{x:.2e}"


def cell(value: Any) -> Any:
    """One value as a table shows it."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return f"{value:,}" if abs(value) >= 10_000 else value
    if isinstance(value, float):
        return number(value)
    if isinstance(value, Interval):
        low, high = number(value.low), number(value.high)
        return low if low == high else f"{'[' if value.low_closed else '('}{low} – {high}{']' if value.high_closed else ')'}"
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, (list, tuple)) and len(value) == 2 and all(isinstance(v, (int, float)) for v in value):
        return f"{cell(value[0])} – {cell(value[1])}"
    if isinstance(value, (list, tuple, set)):
        return ("; " if any(dataclasses.is_dataclass(v) for v in value) else ", ").join(str(cell(v)) for v in value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return ", ".join(f"{f.name} {cell(getattr(value, f.name))}" for f in dataclasses.fields(value))
    return value


def _frame(rows: list[dict[str, Any]], index: str | None):
    import pandas as pd

    frame = pd.DataFrame(rows)
    if frame.empty:
        return frame
    frame = frame.map(cell)
    frame = frame.loc[:, [not (frame[c] == "").all() for c in frame.columns]]  # no empty columns
    return frame.set_index(index) if index and index in frame.columns else frame


def statistics_table(statistics) -> Any:
    """Statistics as the briefing will print them: id, display, verdict (if any checks a claim), method."""
    return _frame([{"id": s.id, "display": s.display, "verdict": s.verdict, "method": s.method}
                   for s in statistics], "id")


def _fields(record: Any) -> list[tuple[str, Any]]:
    """A dataclass's fields, then the figures it computes (its public properties)."""
    computed = [name for name, member in inspect.getmembers(type(record))
                if isinstance(member, property) and not name.startswith("_")]
    return [(f.name, getattr(record, f.name)) for f in dataclasses.fields(record)] + \
        [(name, getattr(record, name)) for name in computed]


def fields_table(record: Any) -> Any:
    """A dataclass (its fields and computed properties) or a mapping, one row a field. A build's
    parameters are shown without counting as read (`freshness.ReadParameters`): showing is not
    computing."""
    items = dict.items(record) if isinstance(record, dict) else (
        record.items() if isinstance(record, Mapping) else _fields(record))
    return _frame([{"field": name, "value": value} for name, value in items], "field")


def show(value: Any) -> Any:
    """A readable table of `value` (see the module's docstring); returns a pandas DataFrame."""
    import pandas as pd

    if isinstance(value, pd.Series):
        value = value.to_frame()
    if isinstance(value, pd.DataFrame):
        shown = value.map(cell)
        return shown.loc[:, [not (shown[c] == "").all() for c in shown.columns]]
    if isinstance(value, (list, tuple)) and all(isinstance(s, Statistic) for s in value):
        return statistics_table(value)
    if isinstance(value, Mapping) or (dataclasses.is_dataclass(value) and not isinstance(value, type)):
        return fields_table(value)
    raise TypeError(f"show() takes statistics, a dataclass, a mapping or a data frame, not {type(value).__name__}")
