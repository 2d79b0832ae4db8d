"""The ministry's arrivals series: single years, era totals and cumulative counts at any date.

Within a year, arrivals are spread evenly over its days: the ministry publishes only annual
figures, so a window that starts or ends inside a year takes that year's share by days. Every
method text that relies on this says so.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from .reference import Reference


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


def arrivals_between(series: pd.Series, start: dt.date, end: dt.date) -> float:
    """Arrivals from `start` to `end` inclusive, partial years taken by their share of days."""
    return float(sum(series[y] * _year_fraction(y, start, end) for y in series.index))


def cumulative_at(series: pd.Series, reference: Reference, date: dt.date) -> float:
    """All arrivals since records began (pre-1998 included) up to and including `date`."""
    return before_1998(reference) + arrivals_between(series, dt.date(1998, 1, 1), date)


def years_between(start: dt.date, end: dt.date) -> float:
    """Length of a window in years of 365.25 days."""
    return ((end - start).days + 1) / 365.25
