"""Words that compare figures, chosen from the figures: the prose never types "rose" or "larger".

Each function returns the word or phrase the numbers call for, so a change in the data changes the
word with it. Intervals get a word only when the whole interval is on one side; otherwise the
phrase says the data cannot tell.
"""

from __future__ import annotations

from .intervals import Interval, bounds


def direction(before: float, after: float, rose: str = "rose", fell: str = "fell",
              same: str = "held steady") -> str:
    """'rose' when `after` is above `before`, 'fell' below, `same` when equal."""
    return rose if after > before else fell if after < before else same


def against_one(multiple: "Interval | float", above: str, below: str, unsure: str, same: str | None = None) -> str:
    """A multiple (later / earlier) in words: `above` when all of it exceeds 1, `below` when all of
    it is under 1, `unsure` when it straddles 1 (or `same` for exactly 1 where given)."""
    iv = bounds(multiple)
    if iv.low > 1:
        return above
    if iv.high < 1:
        return below
    if same is not None and iv.low == iv.high == 1:
        return same
    return unsure


def compare(a: "Interval | float", b: "Interval | float", larger: str, smaller: str, unsure: str) -> str:
    """`larger` when all of a exceeds all of b, `smaller` when all of it is below, else `unsure`."""
    a, b = bounds(a), bounds(b)
    if a.low > b.high:
        return larger
    if a.high < b.low:
        return smaller
    return unsure


def majority(share: "Interval | float", most: str, least: str, unsure: str) -> str:
    """A share (0..1) in words: `most` when all of it is above a half, `least` when below."""
    iv = bounds(share)
    return most if iv.low > 0.5 else least if iv.high < 0.5 else unsure
