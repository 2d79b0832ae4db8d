"""Published numbers as intervals, and verdicts computed at full precision.

A printed figure stands for every value that would print the same way: "0.23%" is any share in
[0.225%, 0.235%); "nearly 11,000" is a little under 11,000; "more than 20" is anything above 20.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

CONSISTENT = "consistent"
ROUNDING = "consistent only through rounding"
APPROXIMATE = "approximate"
CONTRADICTED = "contradicted"
NOT_CHECKABLE = "not checkable"
SINGLE_SOURCE = "single-source"  # backed only by the article's own figures: its arithmetic, not the figure
# Read as its words say, the claim fails; only a reading its words do not point to makes it hold.
GENEROUS = "holds only on a generous reading"
# A check draft-claims proposed that no analyst has reviewed (`reviewed: false` in the ledger): its
# verdict is computed and shown beside this one, but counted apart until someone reviews it.
DRAFTED = "drafted, not reviewed"
# The numbers agree, but the claim and its check count different populations (data/populations.yaml).
ACROSS = "consistent across definitions"
VERDICTS = (CONSISTENT, ROUNDING, ACROSS, APPROXIMATE, GENEROUS, CONTRADICTED, SINGLE_SOURCE, NOT_CHECKABLE, DRAFTED)
# Verdicts that find nothing about the figure's truth: no rating, no agreement, no grade either way.
UNRATED = (SINGLE_SOURCE, NOT_CHECKABLE, DRAFTED)


@dataclass(frozen=True)
class Interval:
    low: float
    high: float
    low_closed: bool = True
    high_closed: bool = False

    def __post_init__(self):
        if self.low > self.high:
            raise ValueError(f"empty interval: {self.low} > {self.high}")

    def __contains__(self, x: float) -> bool:
        above = x > self.low or (self.low_closed and x == self.low)
        below = x < self.high or (self.high_closed and x == self.high)
        return above and below

    def overlaps(self, other: "Interval") -> bool:
        if self.high < other.low or other.high < self.low:
            return False
        if self.high == other.low:
            return self.high_closed and other.low_closed
        if other.high == self.low:
            return other.high_closed and self.low_closed
        return True

    def distance(self, x: float) -> float:
        """How far x lies outside the interval (0 inside or on its edge)."""
        if x < self.low:
            return self.low - x
        if x > self.high:
            return x - self.high
        return 0.0

    def relative_distance(self, x: float) -> float:
        """Distance from the nearest edge, as a share of that edge (how far off, in relative terms)."""
        edge = self.low if x < self.low else self.high
        if self.distance(x) == 0:
            return 0.0
        return self.distance(x) / abs(edge) if edge else math.inf

    def __str__(self) -> str:
        left = "[" if self.low_closed else "("
        right = "]" if self.high_closed else ")"
        return f"{left}{_fmt(self.low)}, {_fmt(self.high)}{right}"


def _fmt(x: float) -> str:
    if math.isinf(x):
        return "∞" if x > 0 else "-∞"
    return f"{x:.6g}"


def printed_interval(value: float, precision: float | None, qualifier: str, nearly_margin: float = 0.1) -> Interval:
    """The values a printed figure stands for, given its printed precision and qualifier.

    `precision` is the figure's resolution (1 for "196", 0.01 for "0.23%", 1000 for "34,000");
    None means the figure is exact as written (a fraction like one-sixth). `nearly_margin` is how
    far below its figure "nearly"/"almost" may fall, and how far either side "around" may stray,
    as a share of the figure.
    """
    half = (precision or 0) / 2
    if qualifier in ("exact", "matches"):
        if half == 0:
            return Interval(value, value, True, True)
        return Interval(value - half, value + half, True, False)
    if qualifier == "more_than":
        return Interval(value, math.inf, False, False)
    if qualifier == "at_least":
        return Interval(value, math.inf, True, False)
    if qualifier == "fewer_than":
        return Interval(-math.inf, value, False, False)
    if qualifier == "up_to":
        return Interval(-math.inf, value, False, True)
    if qualifier == "nearly":
        return Interval(value * (1 - nearly_margin), value, True, False)
    if qualifier == "around":
        spread = max(half, abs(value) * nearly_margin)
        return Interval(value - spread, value + spread, True, True)
    raise ValueError(f"unknown qualifier {qualifier!r}")


def verdict(claimed: Interval, computed: float | None, tolerance: float,
            from_printed_inputs: Interval | None = None) -> str:
    """Compare a claim with a value recomputed at full precision from the data.

    - consistent: the full-precision value lies in the claim's interval;
    - consistent only through rounding: it does not, but the claim's own rounded inputs
      (`from_printed_inputs`, the value range they allow) reach the interval;
    - approximate: it lies outside, by no more than `tolerance` (relative);
    - contradicted: further off than that;
    - not checkable: nothing to compare with.
    """
    if computed is None or (isinstance(computed, float) and math.isnan(computed)):
        return NOT_CHECKABLE
    if computed in claimed:
        return CONSISTENT
    if from_printed_inputs is not None and from_printed_inputs.overlaps(claimed):
        return ROUNDING
    if claimed.relative_distance(computed) <= tolerance:
        return APPROXIMATE
    return CONTRADICTED


def quotient_interval(numerator: Interval, denominator: Interval) -> Interval:
    """Every value a/b can take with a and b in their intervals (b positive)."""
    if denominator.low <= 0:
        raise ValueError("denominator interval must be positive")
    return Interval(numerator.low / denominator.high, numerator.high / denominator.low, True, True)


# Interval arithmetic for figures the data can only bound (a year cut by a window, a grouped row):
# every result is closed, since each bound is reached by some split of the table's rows.

def bounds(x: "Interval | float") -> Interval:
    """A number as a degenerate interval; an interval as itself."""
    return x if isinstance(x, Interval) else Interval(float(x), float(x), True, True)


def add(*parts: "Interval | float") -> Interval:
    """Every value a sum can take with each part in its interval."""
    ivs = [bounds(p) for p in parts]
    return Interval(sum(i.low for i in ivs), sum(i.high for i in ivs), True, True)


def subtract(a: "Interval | float", b: "Interval | float") -> Interval:
    a, b = bounds(a), bounds(b)
    return Interval(a.low - b.high, a.high - b.low, True, True)


def divide(a: "Interval | float", b: "Interval | float") -> Interval:
    """a / b for non-negative a and positive b; a b that can be zero has no bounded quotient."""
    if bounds(b).low <= 0:
        raise ZeroDivisionError("division by a range that reaches zero")
    return quotient_interval(bounds(a), bounds(b))


def scale(a: "Interval | float", k: float) -> Interval:
    """a × k for k >= 0."""
    a = bounds(a)
    return Interval(a.low * k, a.high * k, True, True)


def monotone(a: "Interval | float", f) -> Interval:
    """f over an interval, for an increasing f (log, share of a total)."""
    a = bounds(a)
    return Interval(f(a.low), f(a.high), True, True)
