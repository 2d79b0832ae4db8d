"""Overall arrivals over time: the ministry's series by era, the 2020 border closure, and the
arrival figures the articles quote."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd

from . import formatting as fmt
from .arrivals import annual_series, arrivals_between, cumulative_at
from .citations import rows
from .evidence import Evidence
from .statistics import Statistic

def _rows(first: int, last: int | None = None) -> dict[str, list[str]]:
    """The table rows a figure is computed from (see citations.py)."""
    return {"reference": [rows(first, last)]}


def series_for(evidence: Evidence, params: dict[str, Any]) -> pd.Series:
    series = annual_series(evidence.reference, params["arrivals_revision"])
    return series.loc[params["arrivals_first_year"]:params["arrivals_last_year"]]


def arrival_statistics(evidence: Evidence, params: dict[str, Any]) -> list[Statistic]:
    full = annual_series(evidence.reference, params["arrivals_revision"])
    series = series_for(evidence, params)
    last = int(series.index.max())
    peak_year = int(series.idxmax())
    low_year = int(series.idxmin())
    cumulative = cumulative_at(full, evidence.reference, dt.date(last, 12, 31))
    revision = f" ({params['arrivals_revision']} values)"
    used = _rows(int(series.index.min()), last)
    stats = [
        Statistic("arrivals_first_year", int(series.index.min()), str(int(series.index.min())), "year",
                  "first year of the ministry's series used", used),
        Statistic("arrivals_latest_year", last, str(last), "year", "last year of the ministry's series used", used),
        Statistic("arrivals_cumulative_latest", cumulative, fmt.count(cumulative), "persons",
                  f"all arrivals since records began, to the end of {last}{revision}", _rows(int(full.index.min()), last)),
        Statistic("arrivals_peak_year", peak_year, str(peak_year), "year",
                  f"the year with most arrivals, {series.index.min()}–{last}", used),
        Statistic("arrivals_peak", int(series.max()), fmt.count(series.max()), "persons",
                  f"arrivals in {peak_year}{revision}", used),
        Statistic("arrivals_low_year", low_year, str(low_year), "year",
                  f"the year with fewest arrivals, {series.index.min()}–{last}", used),
        Statistic("arrivals_low", int(series.min()), fmt.count(series.min()), "persons",
                  f"arrivals in {low_year}", used),
    ]
    for year in (2011, 2017, 2019, 2020, 2022, 2023):
        if year in series.index:
            stats.append(Statistic(f"arrivals_{year}", int(series[year]), fmt.count(series[year]), "persons",
                                   f"arrivals in {year}{revision}", _rows(year)))
    if {2019, 2020} <= set(series.index):
        drop = 100 * (series[2020] - series[2019]) / series[2019]
        stats.append(Statistic("arrivals_border_drop", drop, fmt.percent(abs(drop), 0), "percent",
                               f"fall from 2019 to 2020, when North Korea closed its border against Covid: "
                               f"({series[2019]:,} − {series[2020]:,}) / {series[2019]:,} = {abs(drop):.1f}%",
                               _rows(2019, 2020)))
    if {2022, 2023} <= set(series.index):
        stats.append(Statistic("arrivals_2023_vs_2022", series[2023] / series[2022],
                               fmt.multiple(series[2023] / series[2022]), "multiple",
                               f"{series[2023]} / {series[2022]} = {series[2023] / series[2022]:.4f}", _rows(2022, 2023)))
    return stats
