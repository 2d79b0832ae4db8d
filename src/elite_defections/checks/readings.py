"""A claim read more than one way: its verdict is that of the best-supported reading, and each
reading is also recorded as a statistic of its own, so the briefing can quote any of them."""

from __future__ import annotations

import math
from dataclasses import replace

from ..core.intervals import (
    APPROXIMATE,
    CONSISTENT,
    CONTRADICTED,
    DRAFTED,
    GENEROUS,
    NOT_CHECKABLE,
    ROUNDING,
    SINGLE_SOURCE,
)
from ..core.statistic import Statistic
from .kinds import Context, run_spec

# Best to worst, for choosing among readings.
SUPPORT = (CONSISTENT, ROUNDING, SINGLE_SOURCE, APPROXIMATE, CONTRADICTED, NOT_CHECKABLE)


def _support(stat: Statistic, claim) -> tuple[int, float]:
    distance = math.inf
    if isinstance(stat.value, (int, float)) and claim.number:
        distance = abs(stat.value - claim.number) / abs(claim.number)
    return SUPPORT.index(stat.verdict), distance


def _merged_inputs(tried: list[tuple[str, Statistic]]) -> dict[str, list[str]]:
    inputs: dict[str, list[str]] = {}
    for _, s in tried:
        for key, ids in s.computed_from.items():
            inputs[key] = list(dict.fromkeys(inputs.get(key, []) + ids))
    return inputs


def check_claim(claim, ctx: Context) -> Statistic:
    """The claim's check, as the `check-<id>` statistic. A check draft-claims proposed and no
    analyst has reviewed (`reviewed: false`) is run, and its verdict shown in the method, but the
    statistic's verdict is "drafted, not reviewed"."""
    stat = _checked(claim, ctx)
    if getattr(claim, "reviewed", True) or claim.check["kind"] == "none":
        return stat
    return replace(stat, verdict=DRAFTED, method=drafted_method(claim, stat))


def drafted_method(claim, stat: Statistic) -> str:
    rule = claim.check.get("rule")
    return ("Drafted, not reviewed: the check draft-claims proposed"
            + (f" (rule {rule})" if rule else "")
            + f" gives \u201c{stat.verdict}\u201d; it counts apart until an analyst sets reviewed: true. "
            + stat.method)


def _checked(claim, ctx: Context) -> Statistic:
    """The claim's check; with readings, strictly: the literal reading
    (the main `check`) decides, unless the article's own words point to another (a reading's
    `signal`), in which case the best-supported of those decides. A reading the words do not signal
    never decides; if it alone makes the claim hold, the verdict says so: it holds only on a
    generous reading, which counts against the article."""
    if not claim.readings:
        return run_spec(claim, claim.check, ctx)
    literal = (claim.check["label"], run_spec(claim, claim.check, ctx))
    signalled = [(r["label"], run_spec(claim, r["check"], ctx)) for r in claim.readings if r.get("signal")]
    unsignalled = [(r["label"], run_spec(claim, r["check"], ctx)) for r in claim.readings if not r.get("signal")]
    candidates = [literal, *signalled]
    best = min(range(len(candidates)), key=lambda i: (*_support(candidates[i][1], claim), i))
    label, stat = candidates[best]
    inputs = _merged_inputs(candidates + unsignalled)
    generous = [(lab, s) for lab, s in unsignalled if s.verdict in (CONSISTENT, ROUNDING)]
    if stat.verdict in (APPROXIMATE, CONTRADICTED) and generous:
        lab, s = generous[0]
        return replace(stat, computed_from=inputs, verdict=GENEROUS, method=(
            f"Read as its words say (\u201c{label}\u201d): {stat.method} Only a reading the article's words do "
            f"not point to makes it hold, \u201c{lab}\u201d: {s.method} So the claim {GENEROUS}, which counts "
            f"against the article."))
    others = "; ".join(f"\u201c{lab}\u201d: {s.method}" for i, (lab, s) in enumerate(candidates) if i != best)
    worse = [(lab, s) for i, (lab, s) in enumerate(candidates)
             if i != best and s.verdict not in (stat.verdict, NOT_CHECKABLE)]
    caveat = "".join(f" Taking the best-supported reading favours the article: read as \u201c{lab}\u201d, "
                     f"the claim is {s.verdict} ({s.display})." for lab, s in worse)
    unused = "".join(f" Not taken, since the article's words do not point to it: \u201c{lab}\u201d ({s.verdict})."
                     for lab, s in unsignalled)
    chosen = (f"Read as \u201c{label}\u201d (the best-supported of {len(candidates)} readings the article's words "
              f"allow)" if len(candidates) > 1 else f"Read as its words say (\u201c{label}\u201d)")
    return replace(stat, computed_from=inputs, method=(
        f"{chosen}: {stat.method}" + (f" Other readings: {others}" if others else "") + caveat + unused))


def reading_statistics(claim, ctx: Context) -> list[Statistic]:
    """Each reading of a claim with readings as its own statistic (`reading-<claim id>-<n>`), so the
    briefing can quote the figure of a reading that did not decide the verdict."""
    if not claim.readings:
        return []
    specs = [(claim.check["label"], claim.check)] + [(r["label"], r["check"]) for r in claim.readings]
    out = []
    for n, (label, spec) in enumerate(specs, start=1):
        s = run_spec(claim, spec, ctx)
        out.append(Statistic(id=f"reading-{claim.id}-{n}", value=s.value, display=s.display, unit=s.unit,
                             method=f"Reading \u201c{label}\u201d: {s.method}", computed_from=s.computed_from))
    return out
