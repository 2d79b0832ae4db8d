"""A tally that weighs what matters: the articles' figures about elite defections, apart from
their dates, ordinals and figures about arrivals overall (`data/claim_topics.yaml`), with repeats
of one quantity counted once, and each figure's verdict read as a reader needs it: clean, only at
the edge of what the data allow, resting on the article's own source, approximate, contradicted,
or misapplied (a finding that the figure was applied to the wrong population)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..checks.verdicts import EDGE_WORDS
from ..core import formatting as fmt
from ..core import paths
from ..core.errors import DataError
from ..core.intervals import ACROSS, APPROXIMATE, CONSISTENT, CONTRADICTED, GENEROUS, ROUNDING, SINGLE_SOURCE
from ..core.loading import read_yaml
from ..core.statistic import Statistic
from ..crosscheck.compare import group_claims
from ..crosscheck.data import Finding, QuantitySpec
from ..evidence.base import Evidence
from ..evidence.claims import Claim

TOPICS_FILE = paths.DATA / "claim_topics.yaml"
# How a reader weighs each verdict, best first; "misapplied" comes from a scope finding.
CLASSES = ("clean", "through rounding", "across definitions", "at the edge", "on its own source", "approximate", "on a generous reading",
           "contradicted", "misapplied")
# What each class says of its figures: (one figure, several).
CLASS_WORDS = {"clean": ("holds cleanly", "hold cleanly"),
               "through rounding": ("holds only through rounding", "hold only through rounding"),
               "across definitions": ("agrees only with a count of another group", "agree only with a count of another group"),
               "at the edge": ("holds only at the edge of what the data allow", "hold only at the edge of what the data allow"),
               "on its own source": ("rests only on the article's own source", "rest only on the article's own source"),
               "approximate": ("is approximate", "are approximate"),
               "on a generous reading": ("holds only on a reading its words do not signal",
                                         "hold only on a reading their words do not signal"),
               "contradicted": ("is contradicted", "are contradicted"),
               "misapplied": ("is applied to the wrong population", "are applied to the wrong population")}


@dataclass(frozen=True)
class Topic:
    id: str
    label: str
    units: tuple[str, ...]
    populations: tuple[str, ...]

    def matches(self, claim: Claim) -> bool:
        return (not self.units or claim.unit in self.units) and (not self.populations or claim.population in self.populations)


@dataclass(frozen=True)
class Topics:
    topics: tuple[Topic, ...]
    overrides: dict[str, str]

    def of(self, claim: Claim) -> str:
        if claim.id in self.overrides:
            return self.overrides[claim.id]
        return next(t.id for t in self.topics if t.matches(claim))


def load_topics(evidence: Evidence, path: Path = TOPICS_FILE) -> Topics:
    data = read_yaml(path)
    topics = []
    for i, raw in enumerate(data.get("topics") or [], start=1):
        rule = raw.get("rule") or {}
        unknown = set(rule) - {"units", "populations"}
        if unknown:
            raise DataError(path, f"topics #{i}", "rule", f"unknown key {sorted(unknown)[0]!r}")
        topics.append(Topic(raw["id"], raw["label"], tuple(rule.get("units", ())), tuple(rule.get("populations", ()))))
    if not topics or topics[-1].units or topics[-1].populations:
        raise DataError(path, "topics", "rule", "the last topic must have an empty rule, so that every claim has one")
    known = {t.id for t in topics}
    overrides = dict(data.get("overrides") or {})
    for cid, topic in overrides.items():
        if topic not in known:
            raise DataError(path, f"overrides {cid}", "topic", f"{topic!r} is not one of {', '.join(sorted(known))}")
        try:
            evidence.claim(cid)
        except KeyError as exc:
            raise DataError(path, f"overrides {cid}", "claim", str(exc)) from None
    return Topics(tuple(topics), overrides)


def reading(check: Statistic, finding_kinds: set[str]) -> str | None:
    """A verdict as a reader weighs it; None when nothing at hand can check the figure."""
    if "scope" in finding_kinds:
        return "misapplied"
    if check.verdict in (CONSISTENT, ROUNDING) and EDGE_WORDS in check.method:
        return "at the edge"
    if check.verdict == ROUNDING:
        return "through rounding"
    if check.verdict == CONSISTENT:
        return "clean"
    return {ACROSS: "across definitions", SINGLE_SOURCE: "on its own source", APPROXIMATE: "approximate", GENEROUS: "on a generous reading",
            CONTRADICTED: "contradicted"}.get(check.verdict)


def substantive(evidence: Evidence, checks: dict[str, Statistic], findings: list[Finding],
                specs: list[QuantitySpec], topics: Topics, topic: str = "elite") -> dict[str, list[str]]:
    """The claims of one topic by how a reader weighs them, one claim per quantity and reading."""
    group_of = {c: gid for gid, _, members, _ in group_claims(evidence, specs) for m in members for c in m.claims}
    kinds: dict[str, set[str]] = {}
    for f in findings:
        if f.claim:
            kinds.setdefault(f.claim, set()).add(f.kind)
    out: dict[str, list[str]] = {cls: [] for cls in CLASSES}
    seen: set[tuple[str, str]] = set()
    for claim in evidence.claims:
        if topics.of(claim) != topic or claim.id not in checks:
            continue
        cls = reading(checks[claim.id], kinds.get(claim.id, set()))
        if cls is None:
            continue
        key = (group_of.get(claim.id, claim.id), cls)
        if key in seen:
            continue  # the same quantity, read the same way, in another article
        seen.add(key)
        out[cls].append(claim.id)
    return out


def tally_sentence(counts: dict[str, list[str]], label: str) -> str:
    total = sum(len(ids) for ids in counts.values())
    parts = [f"{len(ids)} {CLASS_WORDS[cls][len(ids) != 1]}" for cls, ids in counts.items() if ids]
    return (f"On {label}, the articles give {fmt.plural(total, 'distinct figure')} the records can check: "
            f"{fmt.and_list(parts)}.")


def tally_statistics(evidence: Evidence, checks: dict[str, Statistic], findings: list[Finding],
                     specs: list[QuantitySpec], params: dict[str, Any]) -> list[Statistic]:
    topics = load_topics(evidence)
    by_topic = Counter(topics.of(c) for c in evidence.claims)
    out = []
    for topic in topics.topics:
        counts = substantive(evidence, checks, findings, specs, topics, topic.id)
        ids = [c for v in counts.values() for c in v]
        out.append(Statistic(id=f"tally-{topic.id}", value=len(ids),
                             display=tally_sentence(counts, topic.label), unit="sentence",
                             method=f"the {by_topic[topic.id]} claims about {topic.label} (data/claim_topics.yaml), "
                             f"repeats of one quantity counted once per reading, not-checkable ones left out",
                             computed_from={"counted": ids, "reference": ["claim_topics.yaml"]}))
    return out
