"""How far the era figures could move, and which way.

Two kinds of uncertainty, kept apart:

- **Allocation.** The ministry's table has years, not days, so a window that cuts a year can hold
  anywhere from none to all of that year's arrivals: the range. The central estimate spreads a cut
  year's arrivals evenly over its days; the grouped arrivals before 1998, which have no dates, stay
  between none and all. The end of a range furthest from the central estimate is the loose one, and
  the notes say which it is and which year makes it so, computed from the rows, never typed.
- **Sampling.** 54 and 134 are small counts: a multiple of two counts (or of two rates over known
  lengths of time) carries a sampling range. It is the exact (Clopper-Pearson) interval for the
  later window's part of the total, conditional on the total, turned into a multiple.
"""

from __future__ import annotations

import math
from typing import Any

from ..core import formatting as fmt
from ..core import wording
from ..core.intervals import Interval, divide, scale, subtract
from ..core.statistic import Statistic
from ..evidence.citations import rows_input
from .arrivals import WindowPart, loose_end
from .eras import COUNTS_FACT, KJI_COUNT, KJU_COUNT, SPLIT_FACT, TABLE_FIRST_YEAR, Eras

LEVEL = 0.95  # the sampling ranges' confidence level


def _binomial_tail(k: int, n: int, p: float, upper: bool) -> float:
    """P(X >= k) (upper) or P(X <= k) for X ~ Binomial(n, p), summed in logs (n is small)."""
    ks = range(k, n + 1) if upper else range(0, k + 1)
    if p <= 0:
        return 1.0 if (0 in ks) else 0.0
    if p >= 1:
        return 1.0 if (n in ks) else 0.0
    logs = [math.lgamma(n + 1) - math.lgamma(i + 1) - math.lgamma(n - i + 1) + i * math.log(p)
            + (n - i) * math.log1p(-p) for i in ks]
    top = max(logs)
    return math.exp(top) * sum(math.exp(v - top) for v in logs)


def _solve(f, target: float, increasing: bool) -> float:
    lo, hi = 0.0, 1.0
    for _ in range(100):
        mid = (lo + hi) / 2
        if (f(mid) < target) == increasing:
            lo = mid
        else:
            hi = mid
    return (lo + hi) / 2


def binomial_interval(k: int, n: int, level: float = LEVEL) -> Interval:
    """The exact (Clopper-Pearson) interval for a proportion: k successes in n trials."""
    alpha = 1 - level
    low = 0.0 if k == 0 else _solve(lambda p: _binomial_tail(k, n, p, upper=True), alpha / 2, increasing=True)
    high = 1.0 if k == n else _solve(lambda p: _binomial_tail(k, n, p, upper=False), alpha / 2, increasing=False)
    return Interval(low, high, True, True)


def rate_ratio_interval(later: int, later_years: float, earlier: int, earlier_years: float,
                        level: float = LEVEL) -> Interval:
    """Sampling range of (later / later_years) / (earlier / earlier_years) for two Poisson counts:
    given their total, the later count is binomial, and the ratio follows from its proportion."""
    part = binomial_interval(later, later + earlier, level)
    odds = lambda p: p / (1 - p) * earlier_years / later_years
    return Interval(odds(part.low), odds(part.high), True, True)


def about(iv: Interval, show, unit: str = "") -> str:
    """A central estimate in words: one figure when its range rounds to one, else the span."""
    low, high = show(iv.low), show(iv.high)
    figure = low if low == high else f"{low}\u2013{high}"
    return f"about {figure}" + (f" {unit}" if unit else "")


def loose_note(parts: tuple[WindowPart, ...], direction: int) -> str:
    """Which end of a range is loose, in words: the end the allocation of a cut year drives, and
    the year. `direction` is +1 for a measure that grows with the arrivals, -1 for one that shrinks
    as they grow (a share of them)."""
    found = loose_end(list(parts))
    if found is None:
        return "the range comes only from the arrivals before 1998, which the table cannot date"
    end, part = found
    measure_end = {"low": "top", "high": "floor"}[end] if direction < 0 else {"low": "floor", "high": "top"}[end]
    counted = "none" if end == "low" else "all"
    return (f"the {measure_end} is the loose end: it puts {counted} of {part.label}'s {fmt.count(part.count)} "
            f"arrivals in this window, which holds {part.inside:.0%} of that year")


def uncertainty_statistics(e: Eras, params: dict[str, Any]) -> list[Statistic]:
    central_kji, central_kju = e.arrivals_kji_central, e.arrivals_kju_central
    share_kji = scale(divide(e.elite_kji, central_kji), 100)
    share_kju = scale(divide(e.elite_kju, central_kju), 100)
    share_x = divide(share_kju, share_kji)
    arrivals_x = divide(divide(central_kju, e.years_kju), divide(central_kji, e.years_kji))
    others_x = divide(divide(subtract(central_kju, e.elite_kju), e.years_kju),
                      divide(subtract(central_kji, e.elite_kji), e.years_kji))
    sampled = rate_ratio_interval(e.elite_kju, e.years_kju, e.elite_kji, e.years_kji)
    rows_kji = rows_input(TABLE_FIRST_YEAR, e.split.year)
    rows_kju = rows_input(e.split.year, e.as_of.year)
    table = rows_input(TABLE_FIRST_YEAR, e.as_of.year)
    counts = {"claims": [KJI_COUNT, KJU_COUNT]}
    mixed = {**counts, **table}
    iv = lambda x: [x.low, x.high]
    rule = ("a year the window cuts counted by the share of its days inside (arrivals spread evenly over "
            "the year); the arrivals before 1998, which the table cannot date, between none and all")
    before_split = f"before {fmt.date(e.split)}"
    after_split = f"after {fmt.date(e.split)}"
    note_kji = loose_note(e.parts_kji, -1)
    note_kju = loose_note(e.parts_kju, -1)
    percent = lambda x: fmt.percent(x, 2)
    return [
        Statistic(id="arrivals_kji_central", value=iv(central_kji), display=about(central_kji, fmt.count),
                  unit="persons", method=f"arrivals {before_split} in the records window, {rule}: {central_kji}",
                  computed_from=rows_kji),
        Statistic(id="arrivals_kju_central", value=iv(central_kju), display=about(central_kju, fmt.count),
                  unit="persons", method=f"arrivals {after_split} to {fmt.date(e.as_of)}, {rule}: {central_kju}",
                  computed_from=rows_kju),
        Statistic(id="elite_share_kji_central", value=iv(share_kji), display=about(share_kji, percent), unit="percent",
                  method=f"100 × {e.elite_kji} / {central_kji} (the central estimate of the window's arrivals) "
                  f"= {share_kji}%", computed_from={"claims": [KJI_COUNT], **rows_kji}),
        Statistic(id="elite_share_kju_central", value=iv(share_kju), display=about(share_kju, percent), unit="percent",
                  method=f"100 × {e.elite_kju} / {central_kju} (the central estimate of the window's arrivals) "
                  f"= {share_kju}%", computed_from={"claims": [KJU_COUNT], **rows_kju}),
        Statistic(id="elite_share_multiple_central", value=iv(share_x), display=about(share_x, lambda x: f"{x:.2f}", "times"),
                  unit="multiple", method=f"{share_kju}% / {share_kji}%, the central estimates = {share_x}",
                  computed_from=mixed),
        Statistic(id="arrivals_rate_multiple_central", value=iv(arrivals_x), display=about(arrivals_x, lambda x: f"{x:.2f}", "times"),
                  unit="multiple", method=f"(arrivals {central_kju} / {e.years_kju:.2f} years) / (arrivals "
                  f"{central_kji} / {e.years_kji:.2f} years), the central estimates = {arrivals_x}",
                  computed_from=table),
        Statistic(id="others_rate_multiple_central", value=iv(others_x), display=about(others_x, lambda x: f"{x:.2f}", "times"),
                  unit="multiple", method=f"arrivals less elite defectors, a year, later window against earlier, "
                  f"from the central estimates = {others_x}", computed_from=mixed),
        Statistic(id="elite_share_kji_mou_note", value=iv(share_kji), display=note_kji, unit="words",
                  method="which end of the earlier window's share range the allocation of a cut year drives: the "
                  "end further from the central estimate, and the year most responsible", computed_from=rows_kji),
        Statistic(id="elite_share_kju_mou_note", value=iv(share_kju), display=note_kju, unit="words",
                  method="which end of the later window's share range the allocation of a cut year drives",
                  computed_from=rows_kju),
        Statistic(id="elite_rate_multiple_sampling", value=iv(sampled),
                  display=f"{fmt.span(f'{sampled.low:.1f}', f'{sampled.high:.1f}')} times at {LEVEL:.0%}",
                  unit="multiple", method=f"exact {LEVEL:.0%} interval for the later window's part of the "
                  f"{e.elite_kju + e.elite_kji} elite defectors ({e.elite_kju}), conditional on the total, as a "
                  f"multiple of the rates over {e.years_kju:.2f} and {e.years_kji:.2f} years = {sampled}",
                  computed_from={**counts, "reference": [f"facts.yaml: {COUNTS_FACT}", f"facts.yaml: {SPLIT_FACT}"]}),
        Statistic(id="elite_rate_multiple_sampling_words", value=iv(sampled),
                  display=wording.against_one(sampled, "still clearly above 1", "still clearly below 1",
                                              "not clearly different from 1"),
                  unit="words", method=f"the sampling range {sampled} against 1", computed_from=counts),
    ]
