"""Why the figures of one quantity differ, in words: which articles are apart, by how much, and
which of them the records favour."""

from __future__ import annotations

import itertools
import math

from ..core import formatting as fmt
from ..core.intervals import (
    APPROXIMATE,
    CONSISTENT,
    CONTRADICTED,
)
from .quantity import SEVERITY, Member, number_text


def apart_text(a: Member, b: Member, kind: str) -> str:
    """How far apart two articles' figures are, in words (a lies above b)."""
    if kind == "date":
        return f"they are {int(a.interval.low - b.interval.high)} days apart"
    ratio = a.interval.low / b.interval.high if b.interval.high else math.inf
    return (f"the least the first allows ({number_text(a.interval.low)}) is {ratio:.1f} times "
            f"the most the second allows ({number_text(b.interval.high)})")


def amount_text(gap: float, kind: str) -> str:
    if kind == "date":
        return fmt.plural(int(gap), "day")
    return f"{gap:.1%}"


def off_text(members: list[Member], kind: str, one: bool, what: str) -> str:
    """How the figures outside the reference miss `what`: 'falls 2.0% short of it', 'comes 1 day before it'."""
    verb = lambda singular, plural: singular if one else plural
    if all(m.gap == 0 for m in members):
        return f"{verb('only touches', 'only touch')} the edge of {what}"
    below = all(m.interval.high <= m.reference.low for m in members)
    above = all(m.interval.low >= m.reference.high for m in members)
    gaps = sorted(m.gap for m in members)
    amount = amount_text(gaps[0], kind) + ("" if len(gaps) == 1 else f" to {amount_text(gaps[-1], kind)}")
    if kind == "date" and (below or above):
        return f"{verb('comes', 'come')} {amount} {'before' if below else 'after'} {what}"
    if kind == "number" and below:
        return f"{verb('falls', 'fall')} {amount} short of {what}"
    if kind == "number" and above:
        return f"{verb('exceeds', 'exceed')} {what} by {amount}"
    return f"{verb('misses', 'miss')} {what} by {amount}"


def gives_text(label: str) -> str:
    return "give" if label.endswith("facts") or " and " in label else "gives"


def member_phrase(member: Member, labels: dict[str, str]) -> str:
    shown = member.figure.replace("\u201c", "").replace("\u201d", "")
    aside = "" if member.text == shown else f" ({member.text})"
    return f"{labels[member.source]}'s {member.figure}{aside}"


def better_member(members: tuple[Member, ...], named: dict[str, bool]) -> Member | None:
    """The figure best supported: nearest the reference, then from an article naming its source."""
    rank = lambda m: (SEVERITY.index(m.verdict) if m.verdict in SEVERITY else len(SEVERITY), m.gap,
                      not named[m.source])
    best = min(members, key=rank)
    return best if any(rank(m) > rank(best) for m in members) else None


def explain(members: tuple[Member, ...], kind: str, ref_label: str | None, ref_text: str | None,
            better: Member | None, labels: dict[str, str], named: dict[str, bool]) -> str:
    """One or two plain sentences, filled in from the values."""
    phrases = [member_phrase(m, labels) for m in members]
    pairs = [(a, b) for a, b in itertools.combinations(members, 2) if not a.interval.overlaps(b.interval)]
    off = [m for m in members if m.verdict in (APPROXIMATE, CONTRADICTED)]
    reference = f"{ref_label} {gives_text(ref_label)} {ref_text}" if ref_label else None
    if pairs:
        a, b = max(pairs, key=lambda p: max(p[0].interval.low - p[1].interval.high, p[1].interval.low - p[0].interval.high))
        a, b = (a, b) if a.interval.low >= b.interval.high else (b, a)  # a lies above b
        first = f"{member_phrase(a, labels)} and {member_phrase(b, labels)} cannot both be right: {apart_text(a, b, kind)}."
    elif len(members) == 1:
        if reference is None:
            first = f"{phrases[0]}: nothing to compare it with."
        elif not off:
            first = f"{phrases[0]} agrees with {ref_label} ({ref_text})."
        else:
            first = f"{phrases[0]} {off_text(off, kind, True, f'{ref_label} ({ref_text})')}"
            first += f"; it fits {off[0].fits} instead." if off[0].fits else "."
    else:
        texts = {m.text for m in members}
        if len(texts) == 1:
            names = fmt.and_list([labels[m.source] for m in members])
            first = f"{names} {'both' if len(members) == 2 else 'all'} give {members[0].text}"
        else:
            first = f"{fmt.and_list(phrases)} are compatible"
        if reference is None:
            first += "; there is nothing to compare them with."
        elif not off:
            first += f", and {reference}: they agree."
        elif len(off) == len(members):
            first += f", but {reference}, and {'both' if len(off) == 2 else 'all'} {off_text(off, kind, False, 'it')}."
        else:
            worst = max(off, key=lambda m: m.gap)
            first += f", but {reference}, and {labels[worst.source]}'s {worst.figure} {off_text([worst], kind, True, 'it')}."
    if better is None:
        return first
    reasons = []
    if better.verdict == CONSISTENT and ref_label:
        reasons.append(f"it agrees with {ref_label} ({ref_text})")
    elif ref_label:
        reasons.append(f"it is the closest to {ref_label}")
    if named[better.source]:
        reasons.append("its article names its primary source")
    return f"{first} {labels[better.source]}'s figure is better supported: {fmt.and_list(reasons)}."
