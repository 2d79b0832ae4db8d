"""Source evaluation on the Admiralty (NATO) system: reliability A-F, credibility 1-6.

The scale and the rules are data (`data/grading_scale.yaml`); the grade is computed, with its
reasons, from what the evidence base records about each article:

- reliability (the source): the kind of outlet (the registry's `kind`) gives the starting grade;
  a kind that presents its figures as reporting loses a grade if it names no primary source (the
  registry's `primary_source`). One article is no track record, so A is out of reach; and E, "a
  history of invalid information", needs a recorded history (the registry's `history`), so without
  one the grade stops at D. A source first seen with nothing to judge it by (not an established
  publication, no byline, no named primary source) gets the scale's F: no basis exists.
- credibility (its information): each claim counts by its verdict (as the rules class it:
  supports, checked, contradicts, apart, unchecked) and by its role in the article (headline,
  lead, body, weighted); the weighted shares of its checkable claims give the starting grade (the
  first band whose limits hold); one grade down if at least the given weighted share cannot be
  checked; grades down for each error of fact in `data/findings.yaml` that is not already a
  claim's verdict (more for one in the headline), up to a limit; one grade down when a
  contradicted figure is off by at least a given factor (the size of the largest error counts).
  Grade 1, "confirmed by other independent sources", needs the headline and lead confirmed by a
  check against something other than the article's own origin (a record that only repeats it
  confirms nothing); otherwise 2 at best. 6 only when no claim can be checked.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from ..checks.verdicts import error_factor
from ..core import formatting as fmt
from ..core.statistic import Statistic
from ..evidence.base import Evidence
from ..evidence.sources import Source
from .data import Finding, Scale

RELIABILITY = "ABCDEF"
CREDIBILITY = "123456"
ROLES = ("headline", "lead", "body")
QUOTES = str.maketrans("\u2018\u2019\u201c\u201d", "''\"\"")


@dataclass(frozen=True)
class Record:
    """What a source's grade is computed from."""
    kind: str
    primary_source: str | None
    claims: tuple[tuple[str, str], ...]    # (verdict, role) for each of the source's claims
    findings: tuple[tuple[str, str], ...]  # (id, role) of errors of fact not already a claim's verdict
    byline: bool = True                    # the registry names an author
    history: tuple[str, ...] = ()          # recorded earlier invalid reports (the registry's `history`)
    repeats: tuple[tuple[int, str], ...] = ()  # (index in claims, why) of consistent claims whose only
                                               # other carrier repeats the article's own origin
    largest_error: float | None = None     # the largest factor a contradicted figure is off by


@dataclass(frozen=True)
class Grade:
    source: str
    reliability: str
    credibility: str
    reasons: tuple[str, ...]

    @property
    def code(self) -> str:
        return f"{self.reliability}{self.credibility}"


def _a(word: str) -> str:
    return ("an " if word[:1].lower() in "aeiou" else "a ") + word


def role(source: Source, quote: str) -> str:
    """Where a quote stands: in the title (headline), in the body's first paragraph (lead), or
    further on (body). The body starts after the title where the capture prints it."""
    if source.title and quote in source.title:
        return "headline"
    text = source.text
    # the registry's title may spell quotation marks differently from the capture (same length)
    plain = text.translate(QUOTES)
    title = (source.title or "").translate(QUOTES)
    start = plain.find(title) + len(title) if title and title in plain else 0
    while start < len(text) and text[start].isspace():
        start += 1
    end = text.find("\n", start)
    where = text.find(quote, start)
    if where < 0:  # not in the body: the capture holds it only in the title line
        return "headline"
    return "lead" if end < 0 or where < end else "body"


def reliability(record: Record, scale: Scale) -> tuple[str, list[str]]:
    rules = scale.rules["reliability"]
    kind = next((k for k in rules["kinds"] if record.kind.lower().startswith(k["match"])), None)
    if kind is None:
        return "F", [f"kind \u201c{record.kind}\u201d is not in the rules: reliability cannot be judged (F)"]
    if not kind["established"] and not record.byline and not record.primary_source and not record.history:
        grade = rules["no_basis"]
        return grade, [f"{_a(kind['match'])} is not an established publication, and this one carries no byline "
                       f"and names no primary source; first seen here, with no record of its reporting, it "
                       f"gives no basis to judge it: {grade} ({scale.reliability[grade].label}), not the "
                       f"{kind['grade']} its kind would start at"]
    step = RELIABILITY.index(kind["grade"])
    reasons = [f"{_a(kind['match'])} starts at {kind['grade']} ({scale.reliability[kind['grade']].label})"]
    if record.primary_source:
        reasons.append(f"it names its primary source ({record.primary_source})")
    elif kind["expects_source"]:
        step += 1
        reasons.append(f"it names no primary source, though {_a(kind['match'])} is expected to: one grade down")
    else:
        reasons.append(f"it names no primary source; the starting grade of {_a(kind['match'])} allows for that")
    best = RELIABILITY.index(rules["best"])
    if step < best:
        reasons.append(f"no better than {rules['best']} from one article")
    worst = RELIABILITY.index(rules["worst_without_history"])
    if record.history:
        reasons.append(f"a recorded history of invalid information ({fmt.plural(len(record.history), 'report')}): E")
        step = RELIABILITY.index("E")
    elif step > worst:
        reasons.append(f"no worse than {rules['worst_without_history']}: E needs a recorded history of invalid "
                       f"information, and none is recorded")
        step = worst
    return RELIABILITY[max(step, best)], reasons


def verdict_class(verdict: str, scale: Scale) -> str:
    classes = scale.rules["credibility"]["verdicts"]
    if verdict not in classes:
        raise ValueError(f"grading_scale.yaml: rules.credibility.verdicts does not say how the verdict "
                         f"\u201c{verdict}\u201d counts; add it as one of supports, checked, contradicts, apart, unchecked, "
                         f"drafted")
    return classes[verdict]


def _by_role(claims, cls: str, classes: dict[str, str]) -> str:
    """"headline 1, lead 2" for the claims of one class."""
    n = Counter(r for v, r in claims if classes[v] == cls)
    return ", ".join(f"{r} {n[r]}" for r in ROLES if n[r])


def credibility(record: Record, scale: Scale) -> tuple[str, list[str]]:
    rules = scale.rules["credibility"]
    weights = rules["roles"]
    classes = {v: verdict_class(v, scale) for v, _ in record.claims}
    weight = Counter()
    for v, r in record.claims:
        weight[classes[v]] += weights[r]
    total = sum(weight.values()) - weight["drafted"]
    checkable = weight["supports"] + weight["checked"] + weight["contradicts"]
    if checkable == 0:
        return "6", [f"none of its {fmt.plural(len(record.claims), 'claim')} can be checked: truth cannot be judged (6)"]
    consistent, contradicted = weight["supports"] / checkable, weight["contradicts"] / checkable
    band = next(b for b in rules["bands"]
                if consistent >= b["consistent_at_least"] and contradicted <= b["contradicted_at_most"])
    step = CREDIBILITY.index(str(band["grade"]))
    verdicts = Counter(v for v, _ in record.claims)
    parts = "; ".join(f"{verdicts[v]} {v} ({_by_role([c for c in record.claims if c[0] == v], classes[v], classes)})"
                      for v in verdicts if classes[v] in ("supports", "checked", "contradicts"))
    scheme = ", ".join(f"{r} \u00d7{weights[r]}" for r in ROLES)
    reasons = [f"each claim weighted by its place in the article ({scheme}); of its checkable claims, {parts}: "
               f"{consistent:.0%} consistent and {contradicted:.0%} contradicted by weight, which starts at "
               f"{band['grade']} ({scale.credibility[str(band['grade'])].label})"]
    wrong_top = [r for v, r in record.claims if classes[v] == "contradicts" and r != "body"]
    if wrong_top:
        reasons.append(f"the {' and '.join(sorted(set(wrong_top), key=ROLES.index))} "
                       f"{'is' if len(wrong_top) == 1 else 'are'} contradicted, which weighs more than a body figure")
    apart = [c for c in record.claims if classes[c[0]] == "apart"]
    if apart:
        reasons.append(f"{len(apart)} of {len(record.claims)} claims rest only on the article's own figures "
                       f"({', '.join(sorted({v for v, _ in apart}))}): counted neither for nor against it")
    drafted = [c for c in record.claims if classes[c[0]] == "drafted"]
    if drafted:
        reasons.append(f"{len(drafted)} of {len(record.claims)} claims carry a check drafted by draft-claims "
                       f"and not yet reviewed: counted apart, neither for nor against it, until reviewed")
    unverifiable = weight["unchecked"] / total if total else 0.0
    unchecked = [c for c in record.claims if classes[c[0]] == "unchecked"]
    where = _by_role(unchecked, "unchecked", classes)
    if unverifiable >= rules["unverifiable_at_least"]:
        step += 1
        reasons.append(f"{len(unchecked)} of {len(record.claims)} claims ({where}; {unverifiable:.0%} by weight) "
                       f"cannot be checked: one grade down")
    elif unchecked:
        reasons.append(f"{len(unchecked)} of {len(record.claims)} claims ({where}; {unverifiable:.0%} by weight) "
                       f"cannot be checked: no grade lost (that takes {rules['unverifiable_at_least']:.0%} by weight)")
    if record.largest_error is not None and record.largest_error >= rules["large_error_factor"]:
        step += 1
        reasons.append(f"its largest error is a contradicted figure off by a factor of at least "
                       f"{record.largest_error:.1f} (a factor of {rules['large_error_factor']} or more costs a grade): "
                       f"one grade down")
    if record.findings:
        owed = sum(rules["findings_headline_steps"] if r == "headline" else 1 for _, r in record.findings)
        steps = min(owed, rules["findings_max_steps"])
        step += steps
        roles = Counter(r for _, r in record.findings)
        # the findings' ids are internal: they go in the inputs (the provenance appendix), not here
        reasons.append(f"{fmt.plural(len(record.findings), 'error')} of fact beyond its claims' verdicts "
                       f"({', '.join(f'{r} {roles[r]}' for r in ROLES if roles[r])}; in the table of errors of fact): "
                       f"{fmt.plural(steps, 'grade')} down"
                       + (f" (at most {rules['findings_max_steps']})" if owed > steps else ""))
    step = _confirmation(record, classes, rules["confirmation"], step, reasons)  # a ceiling, applied last
    return CREDIBILITY[min(step, CREDIBILITY.index(str(rules["worst"])))], reasons


def _confirmation(record: Record, classes: dict[str, str], rule: dict[str, Any], step: int,
                  reasons: list[str]) -> int:
    """Grade 1 needs independent confirmation of the headline and lead; returns the step."""
    repeated = dict(record.repeats)
    for why in dict.fromkeys(repeated.values()):
        n = sum(w == why for w in repeated.values())
        reasons.append(f"{fmt.plural(n, 'consistent claim')} carried elsewhere only by the same origin ({why}): "
                       f"not independent confirmation")
    if step > 0:
        return step
    top = [(i, v, r) for i, (v, r) in enumerate(record.claims) if r in rule["top_roles"]]
    open_ = [(v, r) for i, v, r in top if classes[v] != "supports" or i in repeated]
    confirmed = [i for i, (v, _) in enumerate(record.claims) if classes[v] == "supports" and i not in repeated]
    if not open_ and confirmed:
        return step
    best = str(rule["best_unconfirmed"])
    where = ", ".join(f"{r} ({v})" for v, r in open_) or "every consistent claim"
    reasons.append(f"its {where} has no independent confirmation: {best} at best (1 is \u201cconfirmed by other "
                   f"independent sources\u201d)")
    return CREDIBILITY.index(best)


def grade(key: str, record: Record, scale: Scale) -> Grade:
    rel, rel_reasons = reliability(record, scale)
    cred, cred_reasons = credibility(record, scale)
    return Grade(key, rel, cred, tuple([f"Reliability {rel}: " + "; ".join(rel_reasons) + ".",
                                        f"Credibility {cred}: " + "; ".join(cred_reasons) + "."]))


def counted_findings(findings: list[Finding], checks: dict[str, Statistic], scale: Scale) -> list[Finding]:
    """Errors of fact that no claim's verdict already counts against the source: those about no
    claim, or about a claim whose verdict neither contradicts it nor finds it off (checked)."""
    return [f for f in findings
            if f.claim is None or verdict_class(checks[f.claim].verdict, scale) not in ("checked", "contradicts")]


def _repeats(claims: list, checks: dict[str, Statistic], same_origin: dict[str, str]) -> tuple[tuple[int, str], ...]:
    """The consistent claims every outside reference of whose check repeats the article's origin."""
    out = []
    for i, c in enumerate(claims):
        if checks[c.id].verdict not in ("consistent", "consistent only through rounding"):
            continue
        refs = (checks[c.id].computed_from or {}).get("reference", [])
        if refs and all(r in same_origin for r in refs):
            out.append((i, same_origin[refs[0]]))
    return tuple(out)


def source_records(evidence: Evidence, checks: dict[str, Statistic], findings: list[Finding],
                   scale: Scale, params: dict[str, Any]) -> dict[str, Record]:

    counted = counted_findings(findings, checks, scale)
    origin = scale.rules["credibility"]["confirmation"]["same_origin"] or []
    out = {}
    for key, source in evidence.sources.items():
        claims = [c for c in evidence.claims if c.source == key]
        same = {row["reference"]: row["why"] for row in origin if row["source"] == key}
        factors = [error_factor(c, checks[c.id], params) for c in claims
                   if verdict_class(checks[c.id].verdict, scale) == "contradicts"]
        factors = [f for f in factors if f is not None]
        out[key] = Record(kind=source.kind, primary_source=source.primary_source,
                          claims=tuple((checks[c.id].verdict, role(source, c.quote)) for c in claims),
                          findings=tuple((f.id, role(source, f.quote)) for f in counted if f.source == key),
                          byline=bool(source.author), history=tuple(source.history),
                          repeats=_repeats(claims, checks, same), largest_error=max(factors, default=None))
    return out


def grade_sources(evidence: Evidence, checks: dict[str, Statistic], findings: list[Finding],
                  scale: Scale, params: dict[str, Any]) -> dict[str, Grade]:
    return {key: grade(key, record, scale)
            for key, record in source_records(evidence, checks, findings, scale, params).items()}


def grade_statistics(grades: dict[str, Grade], scale: Scale, evidence: Evidence,
                     findings: list[Finding]) -> list[Statistic]:
    """grade-<key> ("B2", with the reasons as its method) and grade_meaning-<key> (the labels)."""
    out = []
    for key, g in grades.items():
        inputs: dict[str, Any] = {"claims": [c.id for c in evidence.claims if c.source == key],
                                  "reference": ["grading_scale.yaml", "sources.yaml"]
                                  + [f"findings.yaml: {f.id}" for f in findings if f.source == key]}
        meaning = f"{scale.reliability[g.reliability].label}, {scale.credibility[g.credibility].label}"
        out.append(Statistic(id=f"grade-{key}", value=g.code, display=g.code, unit="grade", method=" ".join(g.reasons), computed_from=inputs))
        out.append(Statistic(id=f"grade_meaning-{key}", value=meaning, display=meaning, unit="grade",
                             method=f"the Admiralty scale's labels for {g.code}: reliability {g.reliability} "
                             f"({scale.reliability[g.reliability].definition}) and credibility {g.credibility} "
                             f"({scale.credibility[g.credibility].definition})", computed_from=inputs))
    return out


def _evidence_text(item: dict[str, str], evidence: Evidence) -> str:
    """One piece of a finding's evidence, in words, with its dates and figures from the data."""
    kind, value = next(iter(item.items()))
    if kind == "fact":
        fact = evidence.reference.facts.loc[value]
        return f"{fact['statement'].rstrip('.')} ({fmt.date(fact['date'])}; {fact['source']})"
    if kind == "person":
        person = evidence.people[value]
        return f"{person.name}: {person.role}"
    if kind == "claim":
        claim = evidence.claim(value)
        return f"{evidence.sources[claim.source].label}: \u201c{claim.quote}\u201d"
    if kind == "dataset":
        meta = evidence.reference.meta
        return f"{meta['producer']}, {meta['title'].lower()}"
    return f"{evidence.sources[value].label}: \u201c{item['quote']}\u201d"


def finding_statistics(findings: list[Finding], counted: list[Finding], evidence: Evidence) -> list[Statistic]:
    """finding-<id> (the words, verbatim; the evidence as method), and the counts."""
    out = []
    for f in findings:
        # The quote is the article's own words (reported by it); the evidence is what it is checked against.
        others = [f"article: {i['article']}" for i in f.evidence if "article" in i]
        others += [f"outside: {i['dataset']}" for i in f.evidence if "dataset" in i]
        others += [f"facts.yaml: {i['fact']}" for i in f.evidence if "fact" in i]
        claims = [i["claim"] for i in f.evidence if "claim" in i]
        out.append(Statistic(
            id=f"finding-{f.id}", value=f.quote, display=f"\u201c{f.quote}\u201d", unit="quote",
            method=f"{f.kind}: {f.shows} Evidence: " + "; ".join(_evidence_text(i, evidence) for i in f.evidence) + ".",
            computed_from={"claims": claims, "reference": ["findings.yaml", *dict.fromkeys(others)]},
            reported_by=[f"article: {f.source}"]))
    kinds = Counter(f.kind for f in findings)
    every = [f"article: {k}" for k in sorted({f.source for f in findings})]
    out.append(Statistic(id="findings_total", value=len(findings), display=str(len(findings)), unit="findings",
                         method="errors of fact that are not numbers, by kind: "
                         + ", ".join(f"{kind} {n}" for kind, n in sorted(kinds.items())),
                         computed_from={"reference": ["findings.yaml", *every]}))
    out.append(Statistic(id="findings_counted", value=len(counted), display=str(len(counted)), unit="findings",
                         method="of these, the errors that no claim's verdict already counts, which lower a source's "
                         "credibility: " + ", ".join(f.id for f in counted), computed_from={"reference": ["findings.yaml", *every]}))
    return out
