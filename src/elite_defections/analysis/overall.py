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
from ..evidence.citations import rows_input
from .arrivals import TABLE_START, annual_series, arrivals_bounds


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
    used = rows_input(int(series.index.min()), last)
    stats = [
        Statistic(id="arrivals_first_year", value=int(series.index.min()), display=str(int(series.index.min())), unit="year",
                  method="first year of the ministry's series used", computed_from=used),
        Statistic(id="arrivals_latest_year", value=last, display=str(last), unit="year", method="last year of the ministry's series used", computed_from=used),
        Statistic(id="arrivals_cumulative_latest", value=cumulative, display=fmt.count(cumulative), unit="persons",
                  method=f"all arrivals since records began, to the end of {last}{revision}", computed_from=rows_input(int(full.index.min()), last)),
        Statistic(id="arrivals_peak_year", value=peak_year, display=str(peak_year), unit="year",
                  method=f"the year with most arrivals, {series.index.min()}–{last}", computed_from=used),
        Statistic(id="arrivals_peak", value=int(series.max()), display=fmt.count(series.max()), unit="persons",
                  method=f"arrivals in {peak_year}{revision}", computed_from=used),
        Statistic(id="arrivals_low_year", value=low_year, display=str(low_year), unit="year",
                  method=f"the year with fewest arrivals, {series.index.min()}–{last}", computed_from=used),
        Statistic(id="arrivals_low", value=int(series.min()), display=fmt.count(series.min()), unit="persons",
                  method=f"arrivals in {low_year}", computed_from=used),
    ]
    for year in (2011, 2017, 2019, 2020, 2022, 2023, 2024, 2025):
        if year in series.index:
            stats.append(Statistic(id=f"arrivals_{year}", value=int(series[year]), display=fmt.count(series[year]), unit="persons",
                                   method=f"arrivals in {year}{revision}", computed_from=rows_input(year)))
    if {2019, 2020} <= set(series.index):
        change = 100 * (series[2020] - series[2019]) / series[2019]
        noun = wording.direction(series[2019], series[2020], "a rise", "a fall", "no change")
        stats += [
            Statistic(id="arrivals_border_drop", value=change, display=f"{noun} of {fmt.percent(abs(change), 0)}", unit="percent",
                      method=f"change from 2019 to 2020, when North Korea closed its border against Covid: "
                      f"({series[2020]:,} − {series[2019]:,}) / {series[2019]:,} = {change:+.1f}%", computed_from=rows_input(2019, 2020)),
            Statistic(id="arrivals_border_direction", value=change, display=wording.direction(series[2019], series[2020]), unit="words",
                      method=f"{series[2020]:,} arrivals in 2020 against {series[2019]:,} in 2019", computed_from=rows_input(2019, 2020)),
        ]
    if {2022, 2023} <= set(series.index):
        stats += [
            Statistic(id="arrivals_2023_vs_2022", value=series[2023] / series[2022],
                      display=fmt.multiple(series[2023] / series[2022]), unit="multiple",
                      method=f"{series[2023]} / {series[2022]} = {series[2023] / series[2022]:.4f}", computed_from=rows_input(2022, 2023)),
            # the years by name, so that the prose need not say "the year before"
            Statistic(id="arrivals_2022_year", value=2022, display="2022", unit="year", method="the year of the earlier figure compared", computed_from=rows_input(2022)),
            Statistic(id="arrivals_2023_year", value=2023, display="2023", unit="year", method="the year of the later figure compared", computed_from=rows_input(2023)),
            Statistic(id="arrivals_2023_direction", value=int(series[2023] - series[2022]),
                      display=wording.direction(series[2022], series[2023]), unit="words",
                      method=f"{series[2023]} arrivals in 2023 against {series[2022]} in 2022", computed_from=rows_input(2022, 2023)),
        ]
    latest = int(series[last])
    stats += [
        Statistic(id="arrivals_latest", value=latest, display=fmt.count(latest), unit="persons", method=f"arrivals in {last}{revision}", computed_from=rows_input(last)),
        Statistic(id="arrivals_latest_share_of_peak", value=latest / series.max(), display=fmt.percent(100 * latest / series.max(), 0),
                  unit="share", method=f"{latest:,} arrivals in {last} / {series.max():,} in {peak_year} = {latest / series.max():.4f}",
                  computed_from=used),
    ]
    return stats
