"""Elite defections by leader era: counts, shares of all arrivals, multiples and yearly rates.

The elite counts (54 before Kim Jong-il's death, 134 since) exist only as the ministry's
statement reported by the Daily Star; the ministry publishes no yearly series of elite defectors.
The era boundary parameter therefore moves the arrivals denominators and the window lengths, not
the elite counts, and the method texts say so.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from . import formatting as fmt
from .arrivals import annual_series, arrivals_between, cumulative_at, years_between
from .evidence import Evidence
from .statistics import Statistic

MOU = "mou2026arrivals"
DS = "dailystar2024"
KJI_COUNT = "dailystar2024-elite-kji-era-54"
KJU_COUNT = "dailystar2024-elite-kju-era-134"
KJI_ARRIVALS = "dailystar2024-defectors-kji-era-23027"
KJU_ARRIVALS = "dailystar2024-defectors-kju-era-10985"


@dataclass(frozen=True)
class Eras:
    boundary: dt.date
    records_start: dt.date
    as_of: dt.date
    elite_kji: int
    elite_kju: int
    arrivals_kji_printed: int       # the article's denominators
    arrivals_kju_printed: int
    arrivals_kji: float             # the ministry's series, cumulative to the boundary
    arrivals_kju: float             # the ministry's series, boundary to as_of
    years_kji: float                # records window before the boundary
    years_kju: float

    @property
    def share_kji(self) -> float:
        return 100 * self.elite_kji / self.arrivals_kji_printed

    @property
    def share_kju(self) -> float:
        return 100 * self.elite_kju / self.arrivals_kju_printed

    @property
    def share_multiple(self) -> float:
        return self.share_kju / self.share_kji

    @property
    def rate_kji(self) -> float:
        return self.elite_kji / self.years_kji

    @property
    def rate_kju(self) -> float:
        return self.elite_kju / self.years_kju


def compute_eras(evidence: Evidence, params: dict[str, Any]) -> Eras:
    series = annual_series(evidence.reference, params["arrivals_revision"])
    boundary, start, as_of = params["era_boundary"], params["records_start"], params["as_of"]
    n = lambda cid: int(evidence.claim(cid).number)
    return Eras(
        boundary=boundary, records_start=start, as_of=as_of,
        elite_kji=n(KJI_COUNT), elite_kju=n(KJU_COUNT),
        arrivals_kji_printed=n(KJI_ARRIVALS), arrivals_kju_printed=n(KJU_ARRIVALS),
        arrivals_kji=cumulative_at(series, evidence.reference, boundary),
        arrivals_kju=arrivals_between(series, boundary + dt.timedelta(days=1), as_of),
        years_kji=years_between(start, boundary),
        years_kju=years_between(boundary + dt.timedelta(days=1), as_of),
    )


def era_statistics(e: Eras, params: dict[str, Any]) -> list[Statistic]:
    counts = {"claims": [KJI_COUNT, KJU_COUNT]}
    window = (f"records window {fmt.date(e.records_start)} to {fmt.date(e.boundary)} (Kim Jong-il) and "
              f"{fmt.date(e.boundary + dt.timedelta(days=1))} to {fmt.date(e.as_of)} (Kim Jong-un)")
    prorate = "years cut by the window counted by their share of days (the ministry publishes annual totals only)"
    chosen = "the era boundary chosen for this build (parameter era_boundary)"
    return [
        Statistic("era_boundary_date", e.boundary.isoformat(), fmt.date(e.boundary), "date", chosen, []),
        Statistic("era_boundary_year", e.boundary.year, str(e.boundary.year), "year", chosen, []),
        Statistic("records_start_date", e.records_start.isoformat(), fmt.date(e.records_start), "date",
                  "start of the NIS records of elite defectors (parameter records_start)", [DS]),
        Statistic("as_of_date", e.as_of.isoformat(), fmt.date(e.as_of), "date",
                  "end of the window the elite counts cover (parameter as_of)", [DS]),
        Statistic("elite_total", e.elite_kji + e.elite_kju, fmt.count(e.elite_kji + e.elite_kju), "persons",
                  f"{e.elite_kji} + {e.elite_kju} elite defectors recorded by the NIS, July 1997 to mid-2024",
                  [DS], counts),
        Statistic("elite_kji", e.elite_kji, fmt.count(e.elite_kji), "persons",
                  "elite defectors before Kim Jong-il's death, as the ministry's statement reports", [DS],
                  {"claims": [KJI_COUNT]}),
        Statistic("elite_kju", e.elite_kju, fmt.count(e.elite_kju), "persons",
                  "elite defectors since Kim Jong-un took power, as the ministry's statement reports", [DS],
                  {"claims": [KJU_COUNT]}),
        Statistic("elite_ratio_kju_kji", e.elite_kju / e.elite_kji, fmt.multiple(e.elite_kju / e.elite_kji), "multiple",
                  f"{e.elite_kju} / {e.elite_kji} = {e.elite_kju / e.elite_kji:.4f}", [DS], counts),
        Statistic("elite_share_kji", e.share_kji, fmt.percent(e.share_kji), "percent",
                  f"100 × {e.elite_kji} / {e.arrivals_kji_printed:,} = {e.share_kji:.4f}%", [DS],
                  {"claims": [KJI_COUNT, KJI_ARRIVALS]}),
        Statistic("elite_share_kju", e.share_kju, fmt.percent(e.share_kju), "percent",
                  f"100 × {e.elite_kju} / {e.arrivals_kju_printed:,} = {e.share_kju:.4f}%", [DS],
                  {"claims": [KJU_COUNT, KJU_ARRIVALS]}),
        Statistic("elite_share_multiple", e.share_multiple, fmt.multiple(e.share_multiple), "multiple",
                  f"({e.elite_kju}/{e.arrivals_kju_printed:,}) / ({e.elite_kji}/{e.arrivals_kji_printed:,}) "
                  f"= {e.share_multiple:.4f}, from the unrounded shares", [DS],
                  {"claims": [KJI_COUNT, KJU_COUNT, KJI_ARRIVALS, KJU_ARRIVALS]}),
        Statistic("elite_share_multiple_printed", 1.22 / 0.23, fmt.multiple(1.22 / 0.23), "multiple",
                  "1.22 / 0.23, the article's rounded shares divided", [DS],
                  {"claims": ["dailystar2024-elite-share-kji", "dailystar2024-elite-share-kju"]}),
        Statistic("years_kji_window", e.years_kji, fmt.number(e.years_kji) + " years", "years",
                  f"length of the {window.split(' and ')[0]}, in years of 365.25 days", []),
        Statistic("years_kju_window", e.years_kju, fmt.number(e.years_kju) + " years", "years",
                  f"length of the {window.split(' and ')[1]}, in years of 365.25 days", []),
        Statistic("elite_rate_kji", e.rate_kji, fmt.number(e.rate_kji) + " a year", "persons per year",
                  f"{e.elite_kji} / {e.years_kji:.2f} years = {e.rate_kji:.3f} a year", [DS], counts),
        Statistic("elite_rate_kju", e.rate_kju, fmt.number(e.rate_kju) + " a year", "persons per year",
                  f"{e.elite_kju} / {e.years_kju:.2f} years = {e.rate_kju:.3f} a year", [DS], counts),
        Statistic("elite_rate_multiple", e.rate_kju / e.rate_kji, fmt.multiple(e.rate_kju / e.rate_kji), "multiple",
                  f"{e.rate_kju:.3f} / {e.rate_kji:.3f} = {e.rate_kju / e.rate_kji:.4f}: elite defections per "
                  f"year under Kim Jong-un against under Kim Jong-il, over the actual length of each window",
                  [DS], counts),
        Statistic("arrivals_kji_era", e.arrivals_kji, fmt.count(e.arrivals_kji), "persons",
                  f"all arrivals in the ministry's table up to {fmt.date(e.boundary)} "
                  f"({e.arrivals_kji:,.1f}; {prorate})", [MOU], {"reference": ["mou_arrivals.csv"]}),
        Statistic("arrivals_kju_era", e.arrivals_kju, fmt.count(e.arrivals_kju), "persons",
                  f"arrivals from {fmt.date(e.boundary + dt.timedelta(days=1))} to {fmt.date(e.as_of)} "
                  f"({e.arrivals_kju:,.1f}; {prorate})", [MOU], {"reference": ["mou_arrivals.csv"]}),
        Statistic("elite_share_kji_mou", 100 * e.elite_kji / e.arrivals_kji,
                  fmt.percent(100 * e.elite_kji / e.arrivals_kji), "percent",
                  f"100 × {e.elite_kji} / {e.arrivals_kji:,.1f} (ministry series) = {100 * e.elite_kji / e.arrivals_kji:.4f}%",
                  [DS, MOU], {"claims": [KJI_COUNT], "reference": ["mou_arrivals.csv"]}),
        Statistic("elite_share_kju_mou", 100 * e.elite_kju / e.arrivals_kju,
                  fmt.percent(100 * e.elite_kju / e.arrivals_kju), "percent",
                  f"100 × {e.elite_kju} / {e.arrivals_kju:,.1f} (ministry series) = {100 * e.elite_kju / e.arrivals_kju:.4f}%",
                  [DS, MOU], {"claims": [KJU_COUNT], "reference": ["mou_arrivals.csv"]}),
    ]
