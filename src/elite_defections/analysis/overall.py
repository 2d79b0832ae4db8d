"""Overall arrivals over time: the ministry's series by era, the 2020 border closure, and the
arrival figures the articles quote."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd

from ..core import formatting as fmt
from ..core import wording
from ..core.statistic import Statistic
from ..evidence.base import Evidence
from ..evidence.citations import rows
from .arrivals import TABLE_START, annual_series, arrivals_bounds


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
    cumulative = arrivals_bounds(full, evidence.reference, TABLE_START, dt.date(last, 12, 31)).low  # whole years: exact
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
    for year in (2011, 2017, 2019, 2020, 2022, 2023, 2024, 2025):
        if year in series.index:
            stats.append(Statistic(f"arrivals_{year}", int(series[year]), fmt.count(series[year]), "persons",
                                   f"arrivals in {year}{revision}", _rows(year)))
    if {2019, 2020} <= set(series.index):
        change = 100 * (series[2020] - series[2019]) / series[2019]
        noun = wording.direction(series[2019], series[2020], "a rise", "a fall", "no change")
        stats += [
            Statistic("arrivals_border_drop", change, f"{noun} of {fmt.percent(abs(change), 0)}", "percent",
                      f"change from 2019 to 2020, when North Korea closed its border against Covid: "
                      f"({series[2020]:,} − {series[2019]:,}) / {series[2019]:,} = {change:+.1f}%", _rows(2019, 2020)),
            Statistic("arrivals_border_direction", change, wording.direction(series[2019], series[2020]), "words",
                      f"{series[2020]:,} arrivals in 2020 against {series[2019]:,} in 2019", _rows(2019, 2020)),
        ]
    if {2022, 2023} <= set(series.index):
        stats += [
            Statistic("arrivals_2023_vs_2022", series[2023] / series[2022],
                      fmt.multiple(series[2023] / series[2022]), "multiple",
                      f"{series[2023]} / {series[2022]} = {series[2023] / series[2022]:.4f}", _rows(2022, 2023)),
            # the years by name, so that the prose need not say "the year before"
            Statistic("arrivals_2022_year", 2022, "2022", "year", "the year of the earlier figure compared", _rows(2022)),
            Statistic("arrivals_2023_year", 2023, "2023", "year", "the year of the later figure compared", _rows(2023)),
            Statistic("arrivals_2023_direction", int(series[2023] - series[2022]),
                      wording.direction(series[2022], series[2023]), "words",
                      f"{series[2023]} arrivals in 2023 against {series[2022]} in 2022", _rows(2022, 2023)),
        ]
    latest = int(series[last])
    stats += [
        Statistic("arrivals_latest", latest, fmt.count(latest), "persons", f"arrivals in {last}{revision}", _rows(last)),
        Statistic("arrivals_latest_share_of_peak", latest / series.max(), fmt.percent(100 * latest / series.max(), 0),
                  "share", f"{latest:,} arrivals in {last} / {series.max():,} in {peak_year} = {latest / series.max():.4f}",
                  used),
    ]
    return stats
