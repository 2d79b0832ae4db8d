"""Elite defections by leader era: counts, shares of all arrivals, multiples and yearly rates.

The elite counts (54 before Kim Jong-il's death, 134 since) exist only as the ministry's
statement reported by the Daily Star, for July 1997 to mid-2024 split at his death; the ministry
publishes no yearly series of elite defectors. Everything computed from those counts (rates,
shares, the arrivals they are divided by) therefore uses the counts' own window and split, read
from the data; the parameters era_boundary, records_start and as_of move only what the data can
follow: the checks of the articles' era arrivals and of the length of Kim Jong-un's rule.
`limitations` says which of them a build could not follow, for page 1.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from . import formatting as fmt
from .arrivals import annual_series, arrivals_between, cumulative_at, years_between
from .citations import rows
from .evidence import Evidence
from .loading import date_bounds
from .params import ERA_EVENTS
from .statistics import Statistic

KJI_COUNT = "dailystar2024-elite-kji-era-54"
KJU_COUNT = "dailystar2024-elite-kju-era-134"
KJI_ARRIVALS = "dailystar2024-defectors-kji-era-23027"
KJU_ARRIVALS = "dailystar2024-defectors-kju-era-10985"
# The window of the elite counts and the event they are split at (the article: "before the death of
# former North Korean leader Kim Jong-il in December 2011").
COUNTS_FACT = "elite-total-1997-2024h1"
SPLIT_FACT = "kim-jong-il-death"
TABLE_FIRST_YEAR = 1998  # the table's first row groups every arrival up to 1998
BOUNDARY_EVENTS = ERA_EVENTS  # what the prose calls each leadership date (params.py)


def fact_date(evidence: Evidence, fact: str) -> dt.date:
    return dt.date.fromisoformat(evidence.reference.facts.loc[fact, "date"])


def boundary_label(evidence: Evidence, boundary: dt.date) -> str:
    """The name of the event at `boundary`, or a neutral description when it is none of them."""
    for fact, label in BOUNDARY_EVENTS.items():
        if fact_date(evidence, fact) == boundary:
            return label
    return "the chosen era boundary"


@dataclass(frozen=True)
class Eras:
    boundary: dt.date               # the parameter era_boundary
    boundary_label: str             # what that date is ("Kim Jong-il's death")
    records_start: dt.date          # the window of the elite counts and their split, from the data
    as_of: dt.date
    split: dt.date
    elite_kji: int
    elite_kju: int
    arrivals_kji_printed: int       # the article's denominators
    arrivals_kju_printed: int
    arrivals_kji: float             # the ministry's series, cumulative to the split
    arrivals_kju: float             # the ministry's series, split to the end of the counts' window
    years_kji: float                # the counts' window before the split
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
    counts = evidence.reference.facts.loc[COUNTS_FACT]
    start, end = date_bounds(counts["period_start"])[0], date_bounds(counts["period_end"])[1]
    split, boundary = fact_date(evidence, SPLIT_FACT), params["era_boundary"]
    n = lambda cid: int(evidence.claim(cid).number)
    return Eras(
        boundary=boundary, boundary_label=boundary_label(evidence, boundary),
        records_start=start, as_of=end, split=split,
        elite_kji=n(KJI_COUNT), elite_kju=n(KJU_COUNT),
        arrivals_kji_printed=n(KJI_ARRIVALS), arrivals_kju_printed=n(KJU_ARRIVALS),
        arrivals_kji=cumulative_at(series, evidence.reference, split),
        arrivals_kju=arrivals_between(series, split + dt.timedelta(days=1), end),
        years_kji=years_between(start, split),
        years_kju=years_between(split + dt.timedelta(days=1), end),
    )


def limitations(e: Eras, params: dict[str, Any]) -> list[str]:
    """What the data cannot follow in this build's parameters, in words for page 1 (empty for the defaults)."""
    moved = [f"{name} {fmt.date(params[name])}" for name, data in
             (("era_boundary", e.split), ("records_start", e.records_start), ("as_of", e.as_of))
             if params[name] != data]
    if not moved:
        return []
    return [f"The elite counts exist only for {fmt.date(e.records_start)} to {fmt.date(e.as_of)}, split at "
            f"{BOUNDARY_EVENTS[SPLIT_FACT]} ({fmt.date(e.split)}), so the counts and every rate and share "
            f"computed from them stay on that window and split. What follows {' and '.join(moved)}: the checks "
            f"of the articles' era arrivals and of the length of Kim Jong-un's rule, and the diplomats' count."]


def _rows(first: int, last: int) -> dict[str, list[str]]:
    return {"reference": [rows(first, last)]}


def era_statistics(e: Eras, params: dict[str, Any]) -> list[Statistic]:
    limits = limitations(e, params)
    counts = {"claims": [KJI_COUNT, KJU_COUNT]}
    # the counts over the lengths of the windows they cover
    rates = {**counts, "reference": [f"facts.yaml: {COUNTS_FACT}", f"facts.yaml: {SPLIT_FACT}"]}
    statement = {"reference": [f"facts.yaml: {COUNTS_FACT}"]}
    split = {"reference": [f"facts.yaml: {SPLIT_FACT}"]}
    boundary = {"parameters": ["era_boundary"]}
    rows_kji = _rows(TABLE_FIRST_YEAR, e.split.year)
    rows_kju = _rows(e.split.year, e.as_of.year)
    window = (f"records window {fmt.date(e.records_start)} to {fmt.date(e.split)} (Kim Jong-il) and "
              f"{fmt.date(e.split + dt.timedelta(days=1))} to {fmt.date(e.as_of)} (Kim Jong-un)")
    prorate = "years cut by the window counted by their share of days (the ministry publishes annual totals only)"
    chosen = "the era boundary chosen for this build (parameter era_boundary)"
    return [
        Statistic("era_boundary_date", e.boundary.isoformat(), fmt.date(e.boundary), "date", chosen, boundary),
        Statistic("era_boundary_label", e.boundary_label, e.boundary_label, "label", f"what {fmt.date(e.boundary)} is, from the leadership dates in facts.yaml", boundary),
        Statistic("parameter_limitations", limits, "; ".join(limits) or "none", "text",
                  "what the data cannot follow among this build's parameters (shown on page 1)", {}),
        Statistic("elite_split_date", e.split.isoformat(), fmt.date(e.split), "date",
                  "the date the ministry's statement splits the elite counts at", split),
        Statistic("elite_split_label", BOUNDARY_EVENTS[SPLIT_FACT], BOUNDARY_EVENTS[SPLIT_FACT], "label",
                  "the event the ministry's statement splits the elite counts at (a name: its date is cited)", {}),
        Statistic("era_boundary_year", e.boundary.year, str(e.boundary.year), "year", chosen, boundary),
        Statistic("records_start_date", e.records_start.isoformat(), fmt.date(e.records_start), "date",
                  "start of the NIS records of elite defectors (the ministry's statement)",
                  {**statement, "claims": ["dailystar2024-records-began-july-1997"]}),
        Statistic("as_of_date", e.as_of.isoformat(), fmt.date(e.as_of), "date",
                  "end of the window the elite counts cover (the ministry's statement)", statement),
        Statistic("elite_total", e.elite_kji + e.elite_kju, fmt.count(e.elite_kji + e.elite_kju), "persons",
                  f"{e.elite_kji} + {e.elite_kju} elite defectors recorded by the NIS, July 1997 to mid-2024",
                  counts, ["dailystar2024-elite-protected-188", f"facts.yaml: {COUNTS_FACT}"]),
        Statistic("elite_kji", e.elite_kji, fmt.count(e.elite_kji), "persons",
                  "elite defectors before Kim Jong-il's death, as the ministry's statement reports",
                  {"claims": [KJI_COUNT]}),
        Statistic("elite_kju", e.elite_kju, fmt.count(e.elite_kju), "persons",
                  "elite defectors since Kim Jong-un took power, as the ministry's statement reports",
                  {"claims": [KJU_COUNT]}),
        Statistic("elite_ratio_kju_kji", e.elite_kju / e.elite_kji, fmt.multiple(e.elite_kju / e.elite_kji), "multiple",
                  f"{e.elite_kju} / {e.elite_kji} = {e.elite_kju / e.elite_kji:.4f}", counts),
        Statistic("elite_share_kji", e.share_kji, fmt.percent(e.share_kji), "percent",
                  f"100 × {e.elite_kji} / {e.arrivals_kji_printed:,} = {e.share_kji:.4f}%",
                  {"claims": [KJI_COUNT, KJI_ARRIVALS]}, ["dailystar2024-elite-share-kji"]),
        Statistic("elite_share_kju", e.share_kju, fmt.percent(e.share_kju), "percent",
                  f"100 × {e.elite_kju} / {e.arrivals_kju_printed:,} = {e.share_kju:.4f}%",
                  {"claims": [KJU_COUNT, KJU_ARRIVALS]}, ["dailystar2024-elite-share-kju"]),
        Statistic("elite_share_multiple", e.share_multiple, fmt.multiple(e.share_multiple), "multiple",
                  f"({e.elite_kju}/{e.arrivals_kju_printed:,}) / ({e.elite_kji}/{e.arrivals_kji_printed:,}) "
                  f"= {e.share_multiple:.4f}, from the unrounded shares",
                  {"claims": [KJI_COUNT, KJU_COUNT, KJI_ARRIVALS, KJU_ARRIVALS]}),
        Statistic("elite_share_multiple_printed", 1.22 / 0.23, fmt.multiple(1.22 / 0.23), "multiple",
                  "1.22 / 0.23, the article's rounded shares divided",
                  {"claims": ["dailystar2024-elite-share-kji", "dailystar2024-elite-share-kju"]},
                  ["dailystar2024-elite-share-5-3-fold"]),
        Statistic("years_kji_window", e.years_kji, fmt.number(e.years_kji) + " years", "years",
                  f"length of the {window.split(' and ')[0]}, in years of 365.25 days",
                  {"reference": rates["reference"]}),
        Statistic("years_kju_window", e.years_kju, fmt.number(e.years_kju) + " years", "years",
                  f"length of the {window.split(' and ')[1]}, in years of 365.25 days",
                  {"reference": rates["reference"]}),
        Statistic("elite_rate_kji", e.rate_kji, fmt.number(e.rate_kji) + " a year", "persons per year",
                  f"{e.elite_kji} / {e.years_kji:.2f} years = {e.rate_kji:.3f} a year", rates),
        Statistic("elite_rate_kju", e.rate_kju, fmt.number(e.rate_kju) + " a year", "persons per year",
                  f"{e.elite_kju} / {e.years_kju:.2f} years = {e.rate_kju:.3f} a year", rates),
        Statistic("elite_rate_multiple", e.rate_kju / e.rate_kji, fmt.multiple(e.rate_kju / e.rate_kji), "multiple",
                  f"{e.rate_kju:.3f} / {e.rate_kji:.3f} = {e.rate_kju / e.rate_kji:.4f}: elite defections per "
                  f"year under Kim Jong-un against under Kim Jong-il, over the actual length of each window",
                  rates),
        Statistic("arrivals_kji_era", e.arrivals_kji, fmt.count(e.arrivals_kji), "persons",
                  f"all arrivals in the ministry's table up to {fmt.date(e.split)} "
                  f"({e.arrivals_kji:,.1f}; {prorate})", rows_kji),
        Statistic("arrivals_kju_era", e.arrivals_kju, fmt.count(e.arrivals_kju), "persons",
                  f"arrivals from {fmt.date(e.split + dt.timedelta(days=1))} to {fmt.date(e.as_of)} "
                  f"({e.arrivals_kju:,.1f}; {prorate})", rows_kju),
        Statistic("elite_share_kji_mou", 100 * e.elite_kji / e.arrivals_kji,
                  fmt.percent(100 * e.elite_kji / e.arrivals_kji), "percent",
                  f"100 × {e.elite_kji} / {e.arrivals_kji:,.1f} (ministry series) = {100 * e.elite_kji / e.arrivals_kji:.4f}%",
                  {"claims": [KJI_COUNT], **rows_kji}),
        Statistic("elite_share_kju_mou", 100 * e.elite_kju / e.arrivals_kju,
                  fmt.percent(100 * e.elite_kju / e.arrivals_kju), "percent",
                  f"100 × {e.elite_kju} / {e.arrivals_kju:,.1f} (ministry series) = {100 * e.elite_kju / e.arrivals_kju:.4f}%",
                  {"claims": [KJU_COUNT], **rows_kju}),
    ]
