"""Source evaluation on the Admiralty (NATO) system: reliability A-F, credibility 1-6.

The scale and the rules are data (`data/grading_scale.yaml`); the grade is computed, with its
reasons, from what the evidence base records about each article:

- reliability (the source): the kind of outlet (the registry's `kind`) gives the starting grade;
  a kind that presents its figures as reporting loses a grade if it names no primary source (the
  registry's `primary_source`). One article is no track record, so A is out of reach.
- credibility (its information): the verdicts of its checkable claims give the starting grade
  (the first band whose limits on the shares consistent and contradicted hold); one grade down if
  at least the given share of its claims cannot be checked; one grade down for each error of fact
  in `data/findings.yaml` that is not already a claim's verdict, up to a limit. 6 only when no
  claim can be checked.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from . import formatting as fmt
from .crosscheck_data import Finding, Scale
from .evidence import Evidence
from .intervals import APPROXIMATE, CONSISTENT, CONTRADICTED, NOT_CHECKABLE, ROUNDING, SINGLE_SOURCE
from .statistics import Statistic

RELIABILITY = "ABCDEF"
CREDIBILITY = "123456"


@dataclass(frozen=True)
class Record:
    """What a source's grade is computed from."""
    kind: str
    primary_source: str | None
    verdicts: dict[str, int]       # verdict -> number of the source's claims
    findings: tuple[str, ...]      # errors of fact not already counted as a claim's verdict


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


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def reliability(record: Record, scale: Scale) -> tuple[str, list[str]]:
    rules = scale.rules["reliability"]
    kind = next((k for k in rules["kinds"] if record.kind.lower().startswith(k["match"])), None)
    if kind is None:
        return "F", [f"kind \u201c{record.kind}\u201d is not in the rules: reliability cannot be judged (F)"]
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
    grade = RELIABILITY[min(max(step, best), RELIABILITY.index("E"))]
    return grade, reasons


def credibility(record: Record, scale: Scale) -> tuple[str, list[str]]:
    rules = scale.rules["credibility"]
    v = Counter(record.verdicts)
    total = sum(v.values())
    checkable = total - v[NOT_CHECKABLE] - v[SINGLE_SOURCE]  # single-source: counted apart, either way
    if checkable == 0:
        return "6", [f"none of its {_plural(total, 'claim')} can be checked: truth cannot be judged (6)"]
    consistent = (v[CONSISTENT] + v[ROUNDING]) / checkable
    contradicted = v[CONTRADICTED] / checkable
    band = next(b for b in rules["bands"]
                if consistent >= b["consistent_at_least"] and contradicted <= b["contradicted_at_most"])
    step = CREDIBILITY.index(str(band["grade"]))
    parts = ", ".join(f"{v[k]} {k}" for k in (CONSISTENT, ROUNDING, APPROXIMATE, CONTRADICTED) if v[k])
    reasons = [f"of its {_plural(checkable, 'checkable claim')}, {parts}: {consistent:.0%} consistent and "
               f"{contradicted:.0%} contradicted, which starts at {band['grade']} "
               f"({scale.credibility[str(band['grade'])].label})"]
    if v[SINGLE_SOURCE]:
        reasons.append(f"{v[SINGLE_SOURCE]} of {total} claims rest only on the article's own figures "
                       f"(single-source): counted neither for nor against it")
    unverifiable = v[NOT_CHECKABLE] / total
    if unverifiable >= rules["unverifiable_at_least"]:
        step += 1
        reasons.append(f"{v[NOT_CHECKABLE]} of {total} claims ({unverifiable:.0%}) cannot be checked: one grade down")
    elif v[NOT_CHECKABLE]:
        reasons.append(f"{v[NOT_CHECKABLE]} of {total} claims ({unverifiable:.0%}) cannot be checked: "
                       f"under the {rules['unverifiable_at_least']:.0%} that costs a grade")
    if record.findings:
        steps = min(len(record.findings), rules["findings_max_steps"])
        step += steps
        # the findings' ids are internal: they go in the inputs (the provenance appendix), not here
        reasons.append(f"{_plural(len(record.findings), 'error')} of fact beyond its claims' verdicts "
                       f"(in the table of errors of fact): {_plural(steps, 'grade')} down")
    return CREDIBILITY[min(step, CREDIBILITY.index(str(rules["worst"])))], reasons


def grade(key: str, record: Record, scale: Scale) -> Grade:
    rel, rel_reasons = reliability(record, scale)
    cred, cred_reasons = credibility(record, scale)
    return Grade(key, rel, cred, tuple([f"Reliability {rel}: " + "; ".join(rel_reasons) + ".",
                                        f"Credibility {cred}: " + "; ".join(cred_reasons) + "."]))


def counted_findings(findings: list[Finding], checks: dict[str, Statistic]) -> list[Finding]:
    """Errors of fact that no claim's verdict already counts against the source: those about no
    claim, or about a claim that was consistent or could not be checked."""
    return [f for f in findings
            if f.claim is None or checks[f.claim].verdict not in (APPROXIMATE, CONTRADICTED)]


def source_records(evidence: Evidence, checks: dict[str, Statistic], findings: list[Finding]) -> dict[str, Record]:
    counted = counted_findings(findings, checks)
    return {key: Record(kind=source.kind, primary_source=source.primary_source,
                        verdicts=dict(Counter(checks[c.id].verdict for c in evidence.claims if c.source == key)),
                        findings=tuple(f.id for f in counted if f.source == key))
            for key, source in evidence.sources.items()}


def grade_sources(evidence: Evidence, checks: dict[str, Statistic], findings: list[Finding],
                  scale: Scale) -> dict[str, Grade]:
    return {key: grade(key, record, scale) for key, record in source_records(evidence, checks, findings).items()}


def grade_statistics(grades: dict[str, Grade], scale: Scale, evidence: Evidence,
                     findings: list[Finding]) -> list[Statistic]:
    """grade-<key> ("B2", with the reasons as its method) and grade_meaning-<key> (the labels)."""
    out = []
    for key, g in grades.items():
        inputs: dict[str, Any] = {"claims": [c.id for c in evidence.claims if c.source == key],
                                  "reference": ["grading_scale.yaml", "sources.yaml"]
                                  + [f"findings.yaml: {f.id}" for f in findings if f.source == key]}
        meaning = f"{scale.reliability[g.reliability].label}, {scale.credibility[g.credibility].label}"
        out.append(Statistic(f"grade-{key}", g.code, g.code, "grade", " ".join(g.reasons), inputs))
        out.append(Statistic(f"grade_meaning-{key}", meaning, meaning, "grade",
                             f"the Admiralty scale's labels for {g.code}: reliability {g.reliability} "
                             f"({scale.reliability[g.reliability].definition}) and credibility {g.credibility} "
                             f"({scale.credibility[g.credibility].definition})", inputs))
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
            f"finding-{f.id}", f.quote, f"\u201c{f.quote}\u201d", "quote",
            f"{f.kind}: {f.shows} Evidence: " + "; ".join(_evidence_text(i, evidence) for i in f.evidence) + ".",
            {"claims": claims, "reference": ["findings.yaml", *dict.fromkeys(others)]},
            [f"article: {f.source}"]))
    kinds = Counter(f.kind for f in findings)
    every = [f"article: {k}" for k in sorted({f.source for f in findings})]
    out.append(Statistic("findings_total", len(findings), str(len(findings)), "findings",
                         "errors of fact that are not numbers, by kind: "
                         + ", ".join(f"{kind} {n}" for kind, n in sorted(kinds.items())),
                         {"reference": ["findings.yaml", *every]}))
    out.append(Statistic("findings_counted", len(counted), str(len(counted)), "findings",
                         "of these, the errors that no claim's verdict already counts, which lower a source's "
                         "credibility: " + ", ".join(f.id for f in counted), {"reference": ["findings.yaml", *every]}))
    return out
