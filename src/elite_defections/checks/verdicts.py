"""Claim checks: recompute each claim from the data and give it a verdict, with the arithmetic.

`check_value` compares a number recomputed at full precision with the interval the printed figure
stands for; `check_against_interval` compares a claim with a reference figure that is itself an
interval (a fact reported as "around 10"); `check_date` compares a dated claim with a dated
event; `not_checkable` records why a claim cannot be checked with the data at hand. Each returns
a `Statistic` with id `check-<claim id>`.
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any

from ..core import formatting as fmt
from ..core.intervals import (
    APPROXIMATE,
    CONSISTENT,
    CONTRADICTED,
    NOT_CHECKABLE,
    Interval,
    bounds,
    printed_interval,
    verdict,
)
from ..core.loading import date_bounds
from ..core.statistic import Statistic
from ..evidence.claims import Claim


def claim_interval(claim: Claim, params: dict[str, Any]) -> Interval:
    if claim.unit == "fraction" and isinstance(claim.value, str) and claim.precision:
        # a spelled fraction approximates like a spelled number: "one-sixth" is any 1/d with d
        # rounding to 6, as "14-year" is any length rounding to 14
        fraction = Fraction(claim.value)
        half = claim.precision / 2
        return Interval(fraction.numerator / (fraction.denominator + half),
                        fraction.numerator / (fraction.denominator - half), False, True)
    return printed_interval(claim.number, claim.precision, claim.qualifier, params["nearly_margin"])


def _display(value: float, unit: str) -> str:
    if unit == "percent":
        return fmt.percent(value, 4 if abs(value) < 10 else 2)
    if unit in ("multiple", "fraction", "years"):
        return f"{value:.4g}" + (" years" if unit == "years" else "")
    return fmt.count(value) if float(value).is_integer() or abs(value) >= 100 else f"{value:,.1f}"


def _display_span(reference: Interval, unit: str) -> str:
    """A range of values as a reader reads it, in the claim's unit."""
    if not (math.isfinite(reference.low) and math.isfinite(reference.high)):
        return str(reference)
    if unit == "persons":
        return fmt.count_span(reference)
    if unit == "percent":
        return fmt.percent_span(reference)
    if unit == "multiple":
        return fmt.multiple_span(reference)
    return str(reference)


def check_statistic(claim: Claim, value: Any, display: str, method: str, the_verdict: str,
          computed_from: dict[str, list[str]]) -> Statistic:
    # The checked claim is the statistic's subject (`claim`), not its data: its article is cited
    # only if it prints the recomputed figure (see citations.py).
    return Statistic(id=f"check-{claim.id}", value=value, display=display, unit=claim.unit,
                     method=method, computed_from=computed_from, verdict=the_verdict, claim=claim.id)


def check_value(claim: Claim, computed: float, how: str, params: dict[str, Any], *,
                computed_from: dict[str, list[str]] | None = None,
                from_printed_inputs: Interval | None = None) -> Statistic:
    """A number recomputed from the data against the printed figure's interval."""
    interval = claim_interval(claim, params)
    the_verdict = verdict(interval, computed, params["approximate_tolerance"], from_printed_inputs)
    shown = _display(computed, claim.unit)
    method = f"{how} = {shown}. \u201c{claim.figure}\u201d stands for {interval}"
    if the_verdict == APPROXIMATE or the_verdict == CONTRADICTED:
        method += f"; off by {interval.relative_distance(computed):.1%} of the nearest edge"
    if from_printed_inputs is not None:
        method += f"; the article's rounded inputs allow {from_printed_inputs}"
    return check_statistic(claim, computed, shown, method + f": {the_verdict}.", the_verdict, computed_from or {})


def interval_verdict(claimed: Interval, reference: Interval, tolerance: float) -> tuple[str, float]:
    """Two intervals: consistent when they overlap; else approximate or contradicted by the gap,
    relative to the reference's nearest edge."""
    if claimed.overlaps(reference):
        return CONSISTENT, 0.0
    if claimed.low >= reference.high:
        gap = (claimed.low - reference.high) / abs(reference.high) if reference.high else math.inf
    else:
        gap = (reference.low - claimed.high) / abs(reference.low) if reference.low else math.inf
    return (APPROXIMATE if gap <= tolerance else CONTRADICTED), gap


# How a method says that a claim meets its check only at one point, the extreme the data allow
# (the tally reads it: such a claim holds, but only at the edge).
EDGE_WORDS = "the edge of what the data allow"


def _edge(claimed: Interval, reference: Interval) -> str:
    """Said of two ranges that meet at a single point: the claim then holds (or misses) only at
    the extreme the data allow, which the method must not hide, whichever the verdict."""
    point = max(claimed.low, reference.low)
    if point != min(claimed.high, reference.high) or not math.isfinite(point):
        return ""
    held = point in claimed and point in reference
    return (f"; the two ranges meet only at {point:g}, {EDGE_WORDS}"
            + (", so the claim holds only there" if held else ", which the claim's words exclude"))


def check_against_interval(claim: Claim, reference: Interval, how: str, params: dict[str, Any], *,
                           value: float | None = None,
                           computed_from: dict[str, list[str]] | None = None) -> Statistic:
    interval = claim_interval(claim, params)
    the_verdict, gap = interval_verdict(interval, reference, params["approximate_tolerance"])
    shown = _display(value, claim.unit) if value is not None else _display_span(reference, claim.unit)
    method = (f"{how}: the reference allows {reference}; \u201c{claim.figure}\u201d stands for {interval}"
              + (f"; gap {gap:.1%}" if gap else "") + _edge(interval, reference) + f": {the_verdict}.")
    if value is None and math.isfinite(reference.low) and math.isfinite(reference.high):
        value = [reference.low, reference.high]   # the bounds themselves, so errors can be sized
    return check_statistic(claim, value, shown, method, the_verdict, computed_from or {})


def check_date(claim: Claim, event: str, what: str, params: dict[str, Any], *,
               near: dict[str, str] | None = None,
               computed_from: dict[str, list[str]] | None = None) -> Statistic:
    """A dated claim against the date of the event it names (ISO, partial allowed).

    Consistent when the claim's date range contains the event's; approximate when it misses it
    but contains a closely related event in `near` (e.g. the arrival after the defection), or
    lies within the approximate tolerance of a year of it; contradicted otherwise."""
    claimed = date_bounds(str(claim.value)) if claim.unit == "date" else date_bounds(claim.period_start)
    if claim.unit == "date" and claim.period_start and claim.period_end:
        # a period that overlaps the date is the span its words were resolved to ("within hours" of
        # 14 July is 14-15 July); one apart from it is what the figure covers, not the date itself
        span = date_bounds(claim.period_start)[0], date_bounds(claim.period_end)[1]
        if span[0] <= claimed[1] and claimed[0] <= span[1]:
            claimed = min(claimed[0], span[0]), max(claimed[1], span[1])
    actual = date_bounds(event)
    overlap = claimed[0] <= actual[1] and actual[0] <= claimed[1]
    if overlap:
        the_verdict, why = CONSISTENT, f"{what}: {fmt.date(event)}, within \u201c{claim.figure}\u201d"
    else:
        related = [(label, d) for label, d in (near or {}).items()
                   if claimed[0] <= date_bounds(d)[1] and date_bounds(d)[0] <= claimed[1]]
        days = min(abs((claimed[0] - actual[1]).days), abs((actual[0] - claimed[1]).days))
        if related:
            label, d = related[0]
            the_verdict = APPROXIMATE
            why = (f"{what}: {fmt.date(event)}, outside \u201c{claim.figure}\u201d; "
                   f"the claim fits {label} ({fmt.date(d)})")
        else:
            the_verdict = APPROXIMATE if days <= params["approximate_tolerance"] * 365.25 else CONTRADICTED
            why = f"{what}: {fmt.date(event)}, {days} day{'' if days == 1 else 's'} from \u201c{claim.figure}\u201d"
    return check_statistic(claim, event, fmt.date(event), why + f": {the_verdict}.", the_verdict, computed_from or {})


def not_checkable(claim: Claim, reason: str) -> Statistic:
    return check_statistic(claim, None, "not checkable", f"Not checkable with the data at hand: {reason}.",
                 NOT_CHECKABLE, {})


NUMERIC_UNITS = ("persons", "percent", "fraction", "multiple", "years")


def error_factor(claim: Claim, check: Statistic, params: dict[str, Any]) -> float | None:
    """How far a numeric claim is from its check, as a factor (1 = within the claim's interval):
    the ratio of the nearest edges of the claim's interval and of the value the check found."""
    if claim.unit not in NUMERIC_UNITS or check.value is None or isinstance(check.value, str):
        return None
    found = bounds(Interval(*check.value, True, True) if isinstance(check.value, list) else float(check.value))
    said = claim_interval(claim, params)
    if found.low > said.high:
        return found.low / said.high if said.high > 0 else math.inf
    if found.high < said.low:
        return said.low / found.high if found.high > 0 else math.inf
    return 1.0
