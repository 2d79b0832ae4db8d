"""The ministry's arrivals series: single years, and the arrivals in any window as bounds.

The ministry publishes annual figures only, and groups every arrival before 1998 in one row. A
window that starts or ends inside a year (an era boundary in December 2011, an article dated July
2024) therefore gets an interval: the year it cuts counts anywhere from none to all of its
arrivals. Every method text that relies on this says so.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from ..core import formatting as fmt
from ..core.intervals import Interval, add
from ..evidence.reference import Reference


def annual_series(reference: Reference, revision: str = "current") -> pd.Series:
    """Arrivals per year from 1998. `revision='2012-release'` swaps in the values the ministry
    published in January 2012 for the years it later revised (kept in discrepancies.csv)."""
    series = reference.annual().astype(int)
    if revision == "2012-release":
        disc = reference.discrepancies
        revised = disc[(disc["status"] == "revised") & (disc["field"] == "total")
                       & disc["id"].str.startswith("mou2012-")]
        for row in revised.itertuples():
            series.loc[int(row.period)] = int(row.value)
    return series


def before_1998(reference: Reference) -> int:
    """Every arrival before 1998: the ministry's `~1998` row less 1998 itself."""
    grouped = int(reference.arrivals.loc[reference.arrivals["period"] == "~1998", "total"].iloc[0])
    split = {row["year"]: row["total"] for row in reference.meta["split_years"]}
    return grouped - split[1998]


def _year_fraction(year: int, start: dt.date, end: dt.date) -> float:
    """Share of `year`'s days that fall in [start, end] (both inclusive)."""
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    lo, hi = max(first, start), min(last, end)
    if hi < lo:
        return 0.0
    return ((hi - lo).days + 1) / ((last - first).days + 1)


@dataclass(frozen=True)
class WindowPart:
    """One row of the table as a window sees it: a year (or the grouped arrivals before 1998), its
    arrivals, and the share of its days inside the window (None: the row has no dates)."""
    label: str
    count: float
    inside: float | None


def window_parts(series: pd.Series, reference: Reference, start: dt.date, end: dt.date) -> list[WindowPart]:
    """The rows a window from `start` to `end` (inclusive) touches, with how much of each it holds."""
    parts = [WindowPart(str(year), float(series[year]), share) for year in series.index
             if (share := _year_fraction(year, start, end)) > 0]
    if start < dt.date(1998, 1, 1):
        inside = 1.0 if start.year < 1900 else None  # from the table's beginning: all of them
        parts.append(WindowPart("before 1998", float(before_1998(reference)), inside))
    return parts


def arrivals_bounds(series: pd.Series, reference: Reference, start: dt.date, end: dt.date) -> Interval:
    """Arrivals from `start` to `end` inclusive, as far as the table can tell: a year wholly inside
    counts in full; a year the window cuts counts between none and all of it (the table has no
    months); the arrivals before 1998, one grouped row with no start date, count in full only for
    a window from the table's beginning (`start` before 1900) and otherwise between none and all."""
    return add(*(p.count if p.inside == 1 else Interval(0.0, p.count, True, True)
                 for p in window_parts(series, reference, start, end)))


def arrivals_spread(series: pd.Series, reference: Reference, start: dt.date, end: dt.date) -> Interval:
    """The central estimate of the same arrivals: a year the window cuts counts by the share of its
    days inside (arrivals spread evenly over the year); the grouped arrivals before 1998, which
    have no dates to spread over, stay between none and all."""
    return add(0.0, *(Interval(0.0, p.count, True, True) if p.inside is None else p.count * p.inside
                      for p in window_parts(series, reference, start, end)))


def loose_end(parts: list[WindowPart]) -> tuple[str, WindowPart] | None:
    """Which end of a window's range lies furthest from the central estimate, and the row most
    responsible: "low" when counting none of a cut year moves it most, "high" when counting all of
    it does. None when no row is cut."""
    cut = [p for p in parts if p.inside is not None and 0 < p.inside < 1]
    if not cut:
        return None
    below = sum(p.count * p.inside for p in cut)        # the low end leaves these out
    above = sum(p.count * (1 - p.inside) for p in cut)  # the high end adds these in
    if below >= above:
        return "low", max(cut, key=lambda p: p.count * p.inside)
    return "high", max(cut, key=lambda p: p.count * (1 - p.inside))


TABLE_START = dt.date(1, 1, 1)   # a window "since the table begins"


def window_method(what: str, start: dt.date, end: dt.date) -> str:
    since = "since the table begins" if start == TABLE_START else f"from {fmt.date(start)}"
    return (f"{what} {since} to {fmt.date(end)} in the ministry's table: years wholly inside in full, "
            f"a year the window cuts between none and all of it (the table has no months), the grouped "
            f"arrivals before 1998 between none and all when the window starts after the table begins; "
            f"1998 to 2001 from the single years the ministry published separately")


def years_between(start: dt.date, end: dt.date) -> float:
    """Length of a window in years of 365.25 days."""
    return ((end - start).days + 1) / 365.25


def column_bounds(reference: Reference, column: str, *, year: int | None = None,
                  end: dt.date | None = None) -> Interval:
    """Arrivals of one column of the ministry's table (`male`, `female`): in a single `year`, or
    every row to `end` (a year the end cuts counts between none and all of it)."""
    rows = reference.arrivals
    if year is not None:
        value = float(rows.loc[(rows["year_from"] == year) & (rows["year_to"] == year), column].iloc[0])
        return Interval(value, value, True, True)
    parts: list[Interval | float] = []
    for row in rows.itertuples():
        value = float(getattr(row, column))
        if row.year_to < end.year or (row.year_to == end.year and (end.month, end.day) == (12, 31)):
            parts.append(value)
        elif row.year_to == end.year:
            parts.append(Interval(0.0, value, True, True))
    return add(*parts)
