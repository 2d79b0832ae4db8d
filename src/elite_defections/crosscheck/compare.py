"""Cross-source consistency: where the articles speak of the same quantity, do they agree?

Claims are grouped by what they measure. The grouping comes from the ledger's fields: claims from
two or more articles with the same population, measure, unit and period (a period that ends on an
article's own date counts as "to date"), or, for dates, about the same person, form a group. The
few groups the fields cannot decide are listed in `data/quantities.yaml`, and the claims listed
there are taken out of the automatic groups.

Each article's figure is an interval (intervals.printed_interval, via checks.claim_interval). A
group is compared twice: the articles with one another (do all their intervals overlap?), and
each article with the reference: the values its own check used (the ministry's series, the dated
facts), or the facts named in the override. The group's verdict is the worst of those
comparisons; a one- or two-sentence explanation is generated from the values.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
import numbers
import re
from collections import Counter, defaultdict
from typing import Any

from ..checks.kinds import fact_interval
from ..checks.verdicts import claim_interval, interval_verdict
from ..core import formatting as fmt
from ..core.intervals import (
    APPROXIMATE,
    CONSISTENT,
    CONTRADICTED,
    NOT_CHECKABLE,
    UNRATED,
    Interval,
)
from ..core.loading import ISO_PARTIAL, date_bounds
from ..core.statistic import Statistic
from ..evidence.base import Evidence
from ..evidence.claims import Claim
from .data import MemberSpec, QuantitySpec
from .explain import (
    better_member,
    explain,
)
from .quantity import (
    AGREE,
    CLOSE,
    CONFLICT,
    POPULATION_WORDS,
    SEVERITY,
    Member,
    Quantity,
    number_text,
)

# -- grouping -------------------------------------------------------------------------------------

def _auto_key(claim: Claim, evidence: Evidence) -> tuple | None:
    if claim.unit == "date":
        if claim.measure != "date" or claim.population != "person" or not claim.entities:
            return None
        return ("date", tuple(sorted(claim.entities)))
    if claim.population == "person" or not (claim.period_start or claim.period_end):
        return None  # a number about a person, or with no period, measures nothing comparable
    end = "now" if claim.period_end == evidence.sources[claim.source].now else claim.period_end
    return ("number", claim.population, claim.measure, claim.unit, claim.period_start, end)


def _auto_name(key: tuple, evidence: Evidence) -> tuple[str, str]:
    """A slug and a label for an automatic group, from its key."""
    if key[0] == "date":
        people = [evidence.people[p] for p in key[1]]
        names = " and ".join(p.name for p in people)
        defection = all(p.defected for p in people)
        slug = "-".join(p.id for p in people) + ("-defection" if defection else "-date")
        return slug, (f"When {names} defected" if defection else f"The date given for {names}")
    _, population, measure, unit, start, end = key
    if start and start == end:
        period, words = start, f"in {fmt.date(start)}"
    elif start is None and end == "now":
        period, words = "to-date", "to each article's date"
    else:
        period = f"{start or 'start'}-to-{end}"
        words = f"from {fmt.date(start) if start else 'the start'} to " + ("each article's date" if end == "now" else fmt.date(end))
    slug = f"{population.replace('_', '-')}-{measure}-{period}".lower()
    measure_words = {"count": " ", "total": ", all told, "}.get(measure, f" ({measure}) ")
    return slug, f"{POPULATION_WORDS[population]}{measure_words}{words}"


def group_claims(evidence: Evidence, specs: list[QuantitySpec]) -> list[tuple[str, str, tuple[MemberSpec, ...], QuantitySpec | None]]:
    """(id, label, members, override) for every quantity: the automatic groups that span two or
    more articles, and the overrides; claims named in an override leave the automatic groups."""
    taken = {c for spec in specs for m in spec.members for c in m.claims}  # a base (`times`) stays
    groups: dict[tuple, list[Claim]] = defaultdict(list)
    for claim in evidence.claims:
        # a drafted claim joins no comparison across articles until an analyst has reviewed it
        key = _auto_key(claim, evidence) if claim.id not in taken and claim.reviewed else None
        if key is not None:
            groups[key].append(claim)
    out = []
    for key, claims in groups.items():
        if len({c.source for c in claims}) >= 2:
            slug, label = _auto_name(key, evidence)
            used = {s.id for s in specs} | {g[0] for g in out}
            slug = next(f"{slug}-{n}" if n > 1 else slug for n in range(1, len(used) + 2)
                        if (f"{slug}-{n}" if n > 1 else slug) not in used)
            out.append((slug, label, tuple(MemberSpec((c.id,)) for c in claims), None))
    out += [(s.id, s.label, s.members, s) for s in specs]
    position = {c.id: i for i, c in enumerate(evidence.claims)}
    kind = lambda g: evidence.claim(g[2][0].claims[0]).unit == "date"
    return sorted(out, key=lambda g: (kind(g), min(position[c] for m in g[2] for c in m.claims)))


# -- intervals ------------------------------------------------------------------------------------

def _days(first: str, last: str) -> Interval:
    return Interval(date_bounds(first)[0].toordinal(), date_bounds(last)[1].toordinal(), True, True)


def _day(ordinal: float) -> dt.date:
    return dt.date.fromordinal(int(ordinal))


def _date_span(lo: dt.date, hi: dt.date) -> str:
    if lo == hi:
        return fmt.date(lo)
    if (lo.month, lo.day, hi.month, hi.day) == (1, 1, 12, 31):
        return str(lo.year) if lo.year == hi.year else f"{lo.year} to {hi.year}"
    month_end = (hi + dt.timedelta(days=1)).day == 1
    if lo.day == 1 and month_end:
        if (lo.year, lo.month) == (hi.year, hi.month):
            return f"{fmt.MONTHS[lo.month - 1]} {lo.year}"
        first = fmt.MONTHS[lo.month - 1] + ("" if lo.year == hi.year else f" {lo.year}")
        return f"{first} to {fmt.MONTHS[hi.month - 1]} {hi.year}"
    if (lo.year, lo.month) == (hi.year, hi.month):
        return f"{lo.day} to {fmt.date(hi)}"
    return f"{fmt.date(lo)} to {fmt.date(hi)}"


def describe(interval: Interval, kind: str) -> str:
    """What an interval allows, in words: '9 to 11', 'above 98', 'November 2023'."""
    if kind == "date":
        return _date_span(_day(interval.low), _day(interval.high))
    if math.isinf(interval.high):
        return ("at least " if interval.low_closed else "above ") + number_text(interval.low)
    if math.isinf(interval.low):
        return ("at most " if interval.high_closed else "below ") + number_text(interval.high)
    if interval.high - interval.low <= 1:  # a figure printed to the unit: the figure itself
        return number_text((interval.low + interval.high) / 2)
    return f"{number_text(interval.low)} to {number_text(interval.high)}"


def _member_interval(claims: list[Claim], times: Claim | None, params: dict[str, Any]) -> Interval:
    if claims[0].unit == "date":
        c = claims[0]
        return _days(c.period_start or str(c.value), c.period_end or str(c.value))
    parts = [claim_interval(c, params) for c in claims]
    total = Interval(sum(p.low for p in parts), sum(p.high for p in parts),
                     all(p.low_closed for p in parts), all(p.high_closed for p in parts))
    if times is None:
        return total
    k = times.number
    return Interval(total.low * k, total.high * k, total.low_closed, total.high_closed)


def _check_reference(check: Statistic) -> Interval | None:
    """The value a claim's own check compared it with, as an interval."""
    if check.verdict in UNRATED or check.value is None:  # a single-source check is no reference
        return None
    if isinstance(check.value, str) and ISO_PARTIAL.fullmatch(check.value):
        return _days(check.value, check.value)
    if isinstance(check.value, numbers.Real):
        return Interval(float(check.value), float(check.value), True, True)
    if isinstance(check.value, list) and len(check.value) == 2:   # bounds the table allows
        return Interval(float(check.value[0]), float(check.value[1]), True, True)
    return None


def _check_reference_label(checks: list[Statistic]) -> str:
    refs = {r for c in checks for r in c.computed_from.get("reference", [])}
    return "the ministry's series" if any(r.startswith("mou_arrivals.csv") for r in refs) else "the dated facts"


def _event(statement: str) -> str:
    """A dated fact's statement as a phrase: asides in parentheses and the final stop dropped."""
    return re.sub(r"\s*\([^)]*\)", "", statement).strip().rstrip(".")


# -- comparing ------------------------------------------------------------------------------------

def compare(claimed: Interval, reference: Interval, kind: str, tolerance: float) -> tuple[str, float]:
    """Consistent when the intervals overlap; else approximate or contradicted by the gap:
    relative to the reference's nearest edge for numbers, in days for dates (tolerance × a year)."""
    if kind == "number":
        return interval_verdict(claimed, reference, tolerance)
    if claimed.overlaps(reference):
        return CONSISTENT, 0.0
    days = claimed.low - reference.high if claimed.low > reference.high else reference.low - claimed.high
    return (APPROXIMATE if days <= tolerance * 365.25 else CONTRADICTED), float(days)


def _worst(verdicts) -> str:
    rated = [v for v in verdicts if v in SEVERITY]
    return max(rated, key=SEVERITY.index) if rated else NOT_CHECKABLE


def build_quantity(qid: str, label: str, specs: tuple[MemberSpec, ...], override: QuantitySpec | None,
                   evidence: Evidence, checks: dict[str, Statistic], params: dict[str, Any]) -> Quantity:
    tolerance = params["approximate_tolerance"]
    facts = evidence.reference.facts
    claim = evidence.claim
    kind = "date" if claim(specs[0].claims[0]).unit == "date" else "number"
    fact_ids = override.facts if override else ()
    related = override.related if override else ()
    if fact_ids and kind == "date":
        shared = _days(min(facts.loc[f, "date"] for f in fact_ids), max(facts.loc[f, "date"] for f in fact_ids))
        ref_label = "the dated facts"
    elif fact_ids:
        parts = [fact_interval(evidence.reference.facts.loc[f], params) for f in fact_ids]
        shared = Interval(sum(p.low for p in parts), sum(p.high for p in parts), True, True)
        ref_label = "the " + " and ".join(dict.fromkeys(facts.loc[f, "source"].split(",")[0] for f in fact_ids))
    else:
        shared = None
        ref_label = _check_reference_label([checks[m.claims[0]] for m in specs]) if specs else None
    members = []
    for spec in specs:
        claims = [claim(c) for c in spec.claims]
        times = claim(spec.times) if spec.times else None
        interval = _member_interval(claims, times, params)
        figure = " + ".join(f"\u201c{c.figure}\u201d" for c in claims) + (f" of {times.figure}" if times else "")
        reference = shared
        if reference is None and len(claims) == 1 and times is None:
            reference = _check_reference(checks[claims[0].id])
        verdict, gap = compare(interval, reference, kind, tolerance) if reference else (NOT_CHECKABLE, math.inf)
        fits = None
        if kind == "date" and verdict != CONSISTENT:
            for fid in related:
                if interval.overlaps(_days(facts.loc[fid, "date"], facts.loc[fid, "date"])):
                    fits = f"{_event(facts.loc[fid, 'statement'])} ({fmt.date(facts.loc[fid, 'date'])})"
                    verdict = APPROXIMATE
                    break
        members.append(Member(claims[0].source, spec.inputs, figure, describe(interval, kind), interval,
                              reference, verdict, gap, fits))
    members = tuple(members)
    references = [m.reference for m in members if m.reference is not None]
    if references:
        span = Interval(min(r.low for r in references), max(r.high for r in references), True, True)
        ref_text = describe(span, kind)
    else:
        ref_label, ref_text = None, None
    said = ref_text  # in the explanation, a dated fact is named with its date
    if fact_ids and kind == "date":
        said = "; ".join(f"{_event(facts.loc[f, 'statement'])} on {fmt.date(facts.loc[f, 'date'])}" for f in fact_ids)
    pair_verdicts = [compare(a.interval, b.interval, kind, tolerance)[0] if a.interval.low >= b.interval.high
                     else compare(b.interval, a.interval, kind, tolerance)[0]
                     for a, b in itertools.combinations(members, 2)]
    verdict = _worst([m.verdict for m in members] + pair_verdicts)
    named = {k: bool(s.primary_source) for k, s in evidence.sources.items()}
    labels = {k: s.label for k, s in evidence.sources.items()}
    better = better_member(members, named) if verdict != CONSISTENT and len(members) > 1 else None
    ref_inputs = tuple(f"facts.yaml: {f}" for f in (*fact_ids, *related)) if fact_ids else tuple(
        dict.fromkeys(r for m in members for c in m.claims[:1] for r in checks[c].computed_from.get("reference", [])))
    return Quantity(qid, label, kind, members, ref_label, ref_text, ref_inputs,
                    override.why if override else None, verdict, better.source if better else None,
                    explain(members, kind, ref_label, said, better, labels, named))


def cross_check(evidence: Evidence, checks: list[Statistic], specs: list[QuantitySpec],
                params: dict[str, Any]) -> list[Quantity]:
    """Every quantity group, compared across articles and with the reference."""
    by_claim = {s.claim: s for s in checks}
    return [build_quantity(qid, label, members, override, evidence, by_claim, params)
            for qid, label, members, override in group_claims(evidence, specs)]


# -- statistics -----------------------------------------------------------------------------------

def quantity_statistics(quantities: list[Quantity]) -> list[Statistic]:
    """agree-<quantity> for each group (display: agree / differ slightly / conflict; method: the
    generated explanation), and the counts the briefing can quote."""
    out = []
    for q in quantities:
        out.append(Statistic(id=f"agree-{q.id}", value=q.outcome, display=q.outcome, unit="comparison", method=q.explanation,
                             computed_from={"claims": q.claims, "reference": list(q.reference_inputs)}, verdict=q.verdict))
    counts = Counter(q.outcome for q in quantities)
    ids = lambda outcome: [q.id for q in quantities if q.outcome == outcome]
    out.append(Statistic(id="quantities_total", value=len(quantities), display=str(len(quantities)), unit="quantities",
                         method="quantities that two or more articles give, or that one article gives and the reference "
                         "data can check: " + ", ".join(q.label for q in quantities),
                         computed_from={"counted": sorted({c for q in quantities for c in q.claims})}))
    for name, outcome, words in (("quantities_agreeing", AGREE, "every figure agrees with the others and the reference"),
                                 ("quantities_differing", CLOSE, "the figures differ by no more than the tolerance"),
                                 ("quantities_conflicting", CONFLICT, "at least one figure is further off than the tolerance")):
        out.append(Statistic(id=name, value=counts[outcome], display=str(counts[outcome]), unit="quantities",
                             method=f"quantity groups where {words}: {', '.join(ids(outcome)) or 'none'}",
                             computed_from={"counted": sorted({c for q in quantities if q.outcome == outcome for c in q.claims})}))
    return out


def quantities_frame(quantities: list[Quantity], labels: dict[str, str]):
    """One row per article's figure in each group, for the notebook."""
    import pandas as pd

    rows = [{"quantity": q.id, "source": labels[m.source], "figure": m.figure, "allows": m.text,
             "reference": describe(m.reference, q.kind) if m.reference else None, "verdict": m.verdict,
             "group": q.outcome} for q in quantities for m in q.members]
    return pd.DataFrame(rows).set_index(["quantity", "source"])

