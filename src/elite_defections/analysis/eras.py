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
import math
from dataclasses import dataclass
from typing import Any

from ..core import formatting as fmt
from ..core import wording
from ..core.intervals import Interval, divide, monotone, scale, subtract
from ..core.loading import date_bounds
from ..core.params import ERA_EVENTS
from ..core.statistic import Statistic
from ..evidence.base import Evidence
from ..evidence.citations import rows_input
from .arrivals import (
    TABLE_START,
    WindowPart,
    annual_series,
    arrivals_bounds,
    arrivals_spread,
    before_1998,
    window_method,
    window_parts,
    years_between,
)

KJI_COUNT = "dailystar2024-elite-kji-era-54"
KJU_COUNT = "dailystar2024-elite-kju-era-134"
KJI_ARRIVALS = "dailystar2024-defectors-kji-era-23027"
KJU_ARRIVALS = "dailystar2024-defectors-kju-era-10985"
SHARE_MULTIPLE = "dailystar2024-elite-share-5-3-fold"
KJI_SHARE = "dailystar2024-elite-share-kji"   # the article's rounded shares ("0.23%", "1.22%")
KJU_SHARE = "dailystar2024-elite-share-kju"
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
    arrivals_kji: Interval          # the ministry's table: records start to the split, bounded
    arrivals_kju: Interval          # the ministry's table: after the split to the window's end, bounded
    cumulative_kji_year_end: float  # since the table begins to the end of the split's year
    arrivals_kju_full_years: float  # the whole years after the split's year and before the end's
    years_kji: float                # the counts' window before the split
    years_kju: float
    early_in_kji: float = 0.0       # grouped arrivals before 1998 the earlier window may hold (none to all)
    records_start_text: str = ""    # the window's ends as precise as the statement gives them
    as_of_text: str = ""
    share_multiple_figure: str = "" # the article's multiple of the shares, as it prints it
    share_kji_printed: float = 0.0  # the article's rounded shares, in percent
    share_kju_printed: float = 0.0
    # The central estimates: a cut year spread over its days (see arrivals.arrivals_spread), and the
    # table's rows as each window sees them, to say which end of a range is the loose one.
    arrivals_kji_central: Interval = Interval(0, 0, True, True)
    arrivals_kju_central: Interval = Interval(0, 0, True, True)
    parts_kji: tuple[WindowPart, ...] = ()
    parts_kju: tuple[WindowPart, ...] = ()

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

    @property
    def rate_multiple(self) -> float:
        return self.rate_kju / self.rate_kji

    # The same windows on the ministry's table: every figure an interval, since the table cannot
    # split the year the split cuts, the year as_of cuts or the grouped arrivals before 1998.
    @property
    def share_kji_mou(self) -> Interval:
        return scale(divide(self.elite_kji, self.arrivals_kji), 100)

    @property
    def share_kju_mou(self) -> Interval:
        return scale(divide(self.elite_kju, self.arrivals_kju), 100)

    @property
    def share_multiple_mou(self) -> Interval:
        return divide(self.share_kju_mou, self.share_kji_mou)

    @property
    def arrivals_rate_multiple(self) -> Interval:
        """All arrivals a year, later window against earlier."""
        return divide(divide(self.arrivals_kju, self.years_kju), divide(self.arrivals_kji, self.years_kji))

    @property
    def others_rate_multiple(self) -> Interval:
        """Arrivals other than the elite ones, a year, later window against earlier."""
        later = divide(subtract(self.arrivals_kju, self.elite_kju), self.years_kju)
        earlier = divide(subtract(self.arrivals_kji, self.elite_kji), self.years_kji)
        return divide(later, earlier)

    @property
    def odds_multiple(self) -> Interval:
        """Elite defectors per other arrival, later against earlier: exactly the elite rate's
        multiple divided by the other arrivals' (the decomposition the briefing states)."""
        return divide(self.rate_multiple, self.others_rate_multiple)

    @property
    def elite_part_of_rise(self) -> Interval | None:
        """Share of the rise in elites per other arrival that the elite rate accounts for, on a log
        scale: ln(elite multiple) / ln(odds multiple). None unless both factors push it up."""
        others = self.others_rate_multiple
        if not (self.rate_multiple > 1 and others.high < 1):
            return None
        a = math.log(self.rate_multiple)
        return monotone(others, lambda r: a / (a - math.log(r)))


def compute_eras(evidence: Evidence, params: dict[str, Any]) -> Eras:
    series = annual_series(evidence.reference, params["arrivals_revision"])
    counts = evidence.reference.facts.loc[COUNTS_FACT]
    start, end = date_bounds(counts["period_start"])[0], date_bounds(counts["period_end"])[1]
    split, boundary = fact_date(evidence, SPLIT_FACT), params["era_boundary"]
    n = lambda cid: int(evidence.claim(cid).number)
    window = lambda a, b: arrivals_bounds(series, evidence.reference, a, b)
    spread = lambda a, b: arrivals_spread(series, evidence.reference, a, b)
    parts = lambda a, b: tuple(window_parts(series, evidence.reference, a, b))
    # The elite defectors of a window are among its arrivals: a floor the table's bounds may lack.
    at_least = lambda iv, k: Interval(max(iv.low, k), max(iv.high, k), True, True)
    return Eras(
        boundary=boundary, boundary_label=boundary_label(evidence, boundary),
        records_start=start, as_of=end, split=split,
        elite_kji=n(KJI_COUNT), elite_kju=n(KJU_COUNT),
        arrivals_kji_printed=n(KJI_ARRIVALS), arrivals_kju_printed=n(KJU_ARRIVALS),
        arrivals_kji=at_least(window(start, split), n(KJI_COUNT)),
        arrivals_kju=at_least(window(split + dt.timedelta(days=1), end), n(KJU_COUNT)),
        cumulative_kji_year_end=window(TABLE_START, dt.date(split.year, 12, 31)).low,
        arrivals_kju_full_years=window(dt.date(split.year + 1, 1, 1), dt.date(end.year - 1, 12, 31)).low,
        years_kji=years_between(start, split),
        years_kju=years_between(split + dt.timedelta(days=1), end),
        early_in_kji=float(before_1998(evidence.reference)) if TABLE_START < start < dt.date(1998, 1, 1) else 0.0,
        records_start_text=str(counts["period_start"]), as_of_text=str(counts["period_end"]),
        share_multiple_figure=evidence.claim(SHARE_MULTIPLE).figure,
        share_kji_printed=float(evidence.claim(KJI_SHARE).number),
        share_kju_printed=float(evidence.claim(KJU_SHARE).number),
        arrivals_kji_central=at_least(spread(start, split), n(KJI_COUNT)),
        arrivals_kju_central=at_least(spread(split + dt.timedelta(days=1), end), n(KJU_COUNT)),
        parts_kji=parts(start, split), parts_kju=parts(split + dt.timedelta(days=1), end),
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



def _near(printed: int, candidate: float, label: str) -> str:
    """How an article's figure sits against the count it most resembles, in words from the numbers."""
    gap = (printed - candidate) / candidate
    side = wording.direction(candidate, printed, "above", "below", "equal to")
    how = "exactly" if gap == 0 else f"{abs(gap):.1%} {side}"
    return f"{fmt.count(printed)} is {how} {label} ({fmt.count(candidate)})"


def _denominator(sid: str, printed: int, candidate: float, claim_id: str, label: str, window: str,
                 table: dict[str, list[str]]) -> Statistic:
    """What an article's denominator is: the count of the ministry's table it comes nearest to."""
    return Statistic(id=sid, value=printed, display=_near(printed, candidate, label), unit="words",
                     method=f"the article's {printed:,} against {label}, {candidate:,.0f}; {window}",
                     computed_from={"claims": [claim_id], **table})


def era_statistics(e: Eras, params: dict[str, Any]) -> list[Statistic]:
    limits = limitations(e, params)
    counts = {"claims": [KJI_COUNT, KJU_COUNT]}
    # the counts over the lengths of the windows they cover
    rates = {**counts, "reference": [f"facts.yaml: {COUNTS_FACT}", f"facts.yaml: {SPLIT_FACT}"]}
    statement = {"reference": [f"facts.yaml: {COUNTS_FACT}"]}
    split = {"reference": [f"facts.yaml: {SPLIT_FACT}"]}
    boundary = {"parameters": ["era_boundary"]}
    rows_kji = rows_input(TABLE_FIRST_YEAR, e.split.year)
    rows_kju = rows_input(e.split.year, e.as_of.year)
    window = (f"records window {fmt.date(e.records_start)} to {fmt.date(e.split)} (Kim Jong-il) and "
              f"{fmt.date(e.split + dt.timedelta(days=1))} to {fmt.date(e.as_of)} (Kim Jong-un)")
    after = e.split + dt.timedelta(days=1)
    table = rows_input(TABLE_FIRST_YEAR, e.as_of.year)                  # both windows' rows
    mixed = {**counts, "reference": rates["reference"] + table["reference"]}  # counts, windows and rows
    share_kji, share_kju, share_x = e.share_kji_mou, e.share_kju_mou, e.share_multiple_mou
    arrivals_x, others_x, odds_x = e.arrivals_rate_multiple, e.others_rate_multiple, e.odds_multiple
    part = e.elite_part_of_rise
    iv = lambda x: [x.low, x.high]
    chosen = "the era boundary chosen for this build (parameter era_boundary)"
    return [
        Statistic(id="era_boundary_date", value=e.boundary.isoformat(), display=fmt.date(e.boundary), unit="date", method=chosen, computed_from=boundary),
        Statistic(id="era_boundary_label", value=e.boundary_label, display=e.boundary_label, unit="label", method=f"what {fmt.date(e.boundary)} is, from the leadership dates in facts.yaml", computed_from=boundary),
        Statistic(id="parameter_limitations", value=limits, display="; ".join(limits) or "none", unit="text",
                  method="what the data cannot follow among this build's parameters (shown on page 1)", computed_from={}),
        Statistic(id="elite_split_date", value=e.split.isoformat(), display=fmt.date(e.split), unit="date",
                  method="the date the ministry's statement splits the elite counts at", computed_from=split),
        Statistic(id="elite_split_label", value=BOUNDARY_EVENTS[SPLIT_FACT], display=BOUNDARY_EVENTS[SPLIT_FACT], unit="label",
                  method="the event the ministry's statement splits the elite counts at (a name: its date is cited)", computed_from={}),
        Statistic(id="era_boundary_year", value=e.boundary.year, display=str(e.boundary.year), unit="year", method=chosen, computed_from=boundary),
        Statistic(id="records_start_date", value=e.records_start.isoformat(), display=fmt.date(e.records_start_text or e.records_start), unit="date",
                  method="start of the NIS records of elite defectors (the ministry's statement)",
                  computed_from={**statement, "claims": ["dailystar2024-records-began-july-1997"]}),
        Statistic(id="as_of_date", value=e.as_of.isoformat(), display=fmt.date(e.as_of), unit="date",
                  method="end of the window the elite counts cover (the ministry's statement)", computed_from=statement),
        Statistic(id="as_of_month", value=e.as_of_text or e.as_of.isoformat(), display=fmt.date(e.as_of_text or e.as_of), unit="date",
                  method="end of the window the elite counts cover, as precise as the ministry's statement gives it",
                  computed_from=statement),
        Statistic(id="elite_total", value=e.elite_kji + e.elite_kju, display=fmt.count(e.elite_kji + e.elite_kju), unit="persons",
                  method=f"{e.elite_kji} + {e.elite_kju} elite defectors recorded by the NIS, July 1997 to mid-2024",
                  computed_from=counts, reported_by=["dailystar2024-elite-protected-188", f"facts.yaml: {COUNTS_FACT}"]),
        Statistic(id="elite_kji", value=e.elite_kji, display=fmt.count(e.elite_kji), unit="persons",
                  method="elite defectors before Kim Jong-il's death, as the ministry's statement reports",
                  computed_from={"claims": [KJI_COUNT]}),
        Statistic(id="elite_kju", value=e.elite_kju, display=fmt.count(e.elite_kju), unit="persons",
                  method="elite defectors since Kim Jong-un took power, as the ministry's statement reports",
                  computed_from={"claims": [KJU_COUNT]}),
        Statistic(id="elite_ratio_kju_kji", value=e.elite_kju / e.elite_kji, display=fmt.multiple(e.elite_kju / e.elite_kji), unit="multiple",
                  method=f"{e.elite_kju} / {e.elite_kji} = {e.elite_kju / e.elite_kji:.4f}", computed_from=counts),
        Statistic(id="elite_share_kji", value=e.share_kji, display=fmt.percent(e.share_kji), unit="percent",
                  method=f"100 × {e.elite_kji} / {e.arrivals_kji_printed:,} = {e.share_kji:.4f}%",
                  computed_from={"claims": [KJI_COUNT, KJI_ARRIVALS]}, reported_by=["dailystar2024-elite-share-kji"]),
        Statistic(id="elite_share_kju", value=e.share_kju, display=fmt.percent(e.share_kju), unit="percent",
                  method=f"100 × {e.elite_kju} / {e.arrivals_kju_printed:,} = {e.share_kju:.4f}%",
                  computed_from={"claims": [KJU_COUNT, KJU_ARRIVALS]}, reported_by=["dailystar2024-elite-share-kju"]),
        Statistic(id="elite_share_multiple", value=e.share_multiple, display=fmt.multiple(e.share_multiple), unit="multiple",
                  method=f"({e.elite_kju}/{e.arrivals_kju_printed:,}) / ({e.elite_kji}/{e.arrivals_kji_printed:,}) "
                  f"= {e.share_multiple:.4f}, from the unrounded shares",
                  computed_from={"claims": [KJI_COUNT, KJU_COUNT, KJI_ARRIVALS, KJU_ARRIVALS]}),
        Statistic(id="elite_share_multiple_printed", value=e.share_kju_printed / e.share_kji_printed,
                  display=fmt.multiple(e.share_kju_printed / e.share_kji_printed), unit="multiple",
                  method=f"{e.share_kju_printed:g} / {e.share_kji_printed:g}, the article's rounded shares divided",
                  computed_from={"claims": [KJI_SHARE, KJU_SHARE]},
                  reported_by=[SHARE_MULTIPLE]),
        Statistic(id="elite_share_multiple_as_printed", value=e.share_multiple_figure,
                  display=f"\u201c{e.share_multiple_figure}\u201d", unit="quote",
                  method="the article's multiple of the shares, as it prints it", computed_from={}, reported_by=["article: dailystar2024"]),
        Statistic(id="years_kji_window", value=e.years_kji, display=fmt.number(e.years_kji) + " years", unit="years",
                  method=f"length of the {window.split(' and ')[0]}, in years of 365.25 days",
                  computed_from={"reference": rates["reference"]}),
        Statistic(id="years_kju_window", value=e.years_kju, display=fmt.number(e.years_kju) + " years", unit="years",
                  method=f"length of the {window.split(' and ')[1]}, in years of 365.25 days",
                  computed_from={"reference": rates["reference"]}),
        Statistic(id="elite_rate_kji", value=e.rate_kji, display=fmt.number(e.rate_kji) + " a year", unit="persons per year",
                  method=f"{e.elite_kji} / {e.years_kji:.2f} years = {e.rate_kji:.3f} a year", computed_from=rates),
        Statistic(id="elite_rate_kju", value=e.rate_kju, display=fmt.number(e.rate_kju) + " a year", unit="persons per year",
                  method=f"{e.elite_kju} / {e.years_kju:.2f} years = {e.rate_kju:.3f} a year", computed_from=rates),
        Statistic(id="elite_rate_multiple", value=e.rate_kju / e.rate_kji, display=fmt.multiple(e.rate_kju / e.rate_kji), unit="multiple",
                  method=f"{e.rate_kju:.3f} / {e.rate_kji:.3f} = {e.rate_kju / e.rate_kji:.4f}: elite defections per "
                  f"year under Kim Jong-un against under Kim Jong-il, over the actual length of each window",
                  computed_from=rates),
        # Words that compare, chosen from the numbers they compare.
        Statistic(id="elite_count_direction", value=wording.direction(e.elite_kji, e.elite_kju), 
                  display=wording.direction(e.elite_kji, e.elite_kju), unit="words",
                  method=f"{e.elite_kju} elite defectors after the split against {e.elite_kji} before it", computed_from=rates),
        Statistic(id="elite_rate_direction", value=wording.direction(e.rate_kji, e.rate_kju),
                  display=wording.direction(e.rate_kji, e.rate_kju), unit="words",
                  method=f"{e.rate_kju:.3f} elite defectors a year after the split against {e.rate_kji:.3f} before it",
                  computed_from=rates),
        Statistic(id="rate_vs_count_rise", value=e.rate_multiple,
                  display=wording.compare(e.rate_multiple, e.elite_kju / e.elite_kji, "a larger change than",
                                  "a smaller change than", "the same change as"), unit="words",
                  method=f"the rates' multiple {e.rate_multiple:.4f} against the counts' {e.elite_kju / e.elite_kji:.4f}: "
                  f"the later window is {e.years_kju:.2f} years long, the earlier {e.years_kji:.2f}", computed_from=rates),
        # The ministry's table over the same windows as the elite counts.
        Statistic(id="arrivals_kji_era", value=iv(e.arrivals_kji), display=fmt.count_span(e.arrivals_kji), unit="persons",
                  method=window_method("all arrivals", e.records_start, e.split) + f": {e.arrivals_kji}",
                  computed_from=rows_kji),
        Statistic(id="arrivals_kju_era", value=iv(e.arrivals_kju), display=fmt.count_span(e.arrivals_kju), unit="persons",
                  method=window_method("all arrivals", after, e.as_of) + f": {e.arrivals_kju}", computed_from=rows_kju),
        Statistic(id="elite_share_kji_mou", value=iv(share_kji), display=fmt.percent_span(share_kji), unit="percent",
                  method=f"100 × {e.elite_kji} / {e.arrivals_kji} (arrivals in the same window, the ministry's table) "
                  f"= {share_kji}%", computed_from={"claims": [KJI_COUNT], **rows_kji}),
        Statistic(id="elite_share_kju_mou", value=iv(share_kju), display=fmt.percent_span(share_kju), unit="percent",
                  method=f"100 × {e.elite_kju} / {e.arrivals_kju} (arrivals in the same window, the ministry's table) "
                  f"= {share_kju}%", computed_from={"claims": [KJU_COUNT], **rows_kju}),
        Statistic(id="elite_share_multiple_mou", value=iv(share_x), display=fmt.multiple_span(share_x), unit="multiple",
                  method=f"{share_kju}% / {share_kji}%, each end at the extremes of both intervals = {share_x}",
                  computed_from=mixed),
        Statistic(id="elite_share_direction_mou", value=iv(share_x),
                  display=wording.against_one(share_x, "rose", "fell", "may have risen or fallen"), unit="words",
                  method=f"the elite share's multiple {share_x} lies " +
                  wording.against_one(share_x, "wholly above 1", "wholly below 1", "on both sides of 1"),
                  computed_from=mixed),
        Statistic(id="share_vs_rate_rise", value=iv(share_x),
                  display=wording.compare(share_x, e.rate_multiple, "larger", "smaller", "of a similar size"), unit="words",
                  method=f"the share's multiple {share_x} against the elite rate's {e.rate_multiple:.4f}", computed_from=mixed),
        Statistic(id="arrivals_rate_multiple", value=iv(arrivals_x), display=fmt.multiple_span(arrivals_x), unit="multiple",
                  method=f"(arrivals {e.arrivals_kju} / {e.years_kju:.2f} years) / (arrivals {e.arrivals_kji} / "
                  f"{e.years_kji:.2f} years) = {arrivals_x}", computed_from=table),
        Statistic(id="arrivals_rate_direction", value=iv(arrivals_x),
                  display=wording.against_one(arrivals_x, "rose", "fell", "may have risen or fallen"), unit="words",
                  method=f"arrivals a year, later window against earlier: {arrivals_x}", computed_from=table),
        Statistic(id="others_rate_multiple", value=iv(others_x), display=fmt.multiple_span(others_x), unit="multiple",
                  method=f"arrivals less elite defectors, a year: ({e.arrivals_kju} − {e.elite_kju}) / {e.years_kju:.2f} "
                  f"against ({e.arrivals_kji} − {e.elite_kji}) / {e.years_kji:.2f} = {others_x}", computed_from=mixed),
        Statistic(id="others_rate_direction", value=iv(others_x),
                  display=wording.against_one(others_x, "rose", "fell", "may have risen or fallen"), unit="words",
                  method=f"other arrivals a year, later window against earlier: {others_x}", computed_from=mixed),
        Statistic(id="odds_multiple", value=iv(odds_x), display=fmt.multiple_span(odds_x), unit="multiple",
                  method=f"elite defectors per other arrival, later against earlier = the elite rate's multiple "
                  f"{e.rate_multiple:.4f} / the other arrivals' {others_x} = {odds_x}", computed_from=mixed),
        Statistic(id="elite_part_of_rise", value=iv(part) if part else None,
                  display=fmt.share_span(part) if part else "no share (the two do not push the same way)", unit="share",
                  method=f"ln({e.rate_multiple:.4f}) / ln(odds multiple {odds_x}), the elite rate's part of the rise "
                  f"on a log scale; the rest is the fall in other arrivals" + (f" = {part}" if part else ""),
                  computed_from=mixed),
        Statistic(id="elite_part_majority", value=iv(part) if part else None,
                  display=wording.majority(part, "most", "the smaller part", "about half") if part else "none",
                  unit="words", method=f"the elite rate's part of the rise, {part}, against a half", computed_from=mixed),
        # What the article's denominators are.
        Statistic(id="arrivals_cumulative_kji_year_end", value=e.cumulative_kji_year_end, display=fmt.count(e.cumulative_kji_year_end),
                  unit="persons", method=f"every arrival in the ministry's table from its first row (everything up to 1998) "
                  f"to the end of {e.split.year}", computed_from=rows_input(TABLE_FIRST_YEAR, e.split.year)),
        Statistic(id="arrivals_kju_full_years", value=e.arrivals_kju_full_years, display=fmt.count(e.arrivals_kju_full_years),
                  unit="persons", method=f"arrivals in the ministry's table from {e.split.year + 1} to {e.as_of.year - 1}",
                  computed_from=rows_input(e.split.year + 1, e.as_of.year - 1)),
        _denominator("denominator-kji", e.arrivals_kji_printed, e.cumulative_kji_year_end, KJI_ARRIVALS,
                     f"the ministry's count since its table begins to the end of {e.split.year}",
                     f"arrivals in the records window alone are {e.arrivals_kji}", rows_input(TABLE_FIRST_YEAR, e.split.year)),
        _denominator("denominator-kju", e.arrivals_kju_printed, e.arrivals_kju_full_years, KJU_ARRIVALS,
                     f"the arrivals from {e.split.year + 1} to {e.as_of.year - 1}",
                     f"the window to {fmt.date(e.as_of)} holds {e.arrivals_kju}", rows_input(e.split.year + 1, e.as_of.year - 1)),
    ]
