"""The cross-check's own data files, loaded and checked against the evidence base.

- `data/quantities.yaml`: the few quantity groups the ledger's fields cannot decide;
- `data/findings.yaml`: errors of fact that are not numbers, each with a verbatim quote;
- `data/grading_scale.yaml`: the Admiralty scale and the rules the sources are graded by;
- `data/claimreview.yaml`: how the checks are published as schema.org ClaimReview.

Every error names the file, the record and the field, as the other loaders do.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..core import paths
from ..core.errors import DataError
from ..core.intervals import CONSISTENT, CONTRADICTED, UNRATED, VERDICTS
from ..core.loading import read_yaml, read_yaml_list, record_name, require_fields
from ..evidence.base import Evidence
from ..evidence.claims import SLUG, closest_passage

QUANTITIES, FINDINGS, GRADING_SCALE, CLAIMREVIEW = (paths.QUANTITIES, paths.FINDINGS, paths.GRADING_SCALE,
                                                    paths.CLAIMREVIEW)

QUANTITY_FIELDS = ("id", "label", "why", "members", "reference", "related")
FINDING_FIELDS = ("id", "source", "quote", "kind", "claim", "shows", "evidence")
FINDING_KINDS = ("place", "institution", "title", "attribution", "timing", "scope")
EVIDENCE_KINDS = ("fact", "person", "claim", "dataset", "article")


# -- shared checks --------------------------------------------------------------------------------

def read_yaml_mapping(path: Path, fields: tuple[str, ...]) -> dict[str, Any]:
    """A YAML file whose top level is a mapping with at least `fields`."""
    data = read_yaml(path)
    if not isinstance(data, dict):
        raise DataError(path, None, None, "expected a mapping at the top level")
    require_fields(path, data, None, fields)
    return data


def _slug(path: Path, name: str, value: Any, seen: set[str]) -> str:
    if not isinstance(value, str) or not SLUG.fullmatch(value):
        raise DataError(path, name, "id", f"{value!r} is not a lowercase hyphenated slug")
    if value in seen:
        raise DataError(path, name, "id", f"duplicate id {value!r}")
    seen.add(value)
    return value


def _text(path: Path, name: str, record: dict, field: str) -> str:
    value = record[field]
    if not isinstance(value, str) or not value.strip():
        raise DataError(path, name, field, "must be a non-empty string")
    return value


def _claim_id(evidence: Evidence, path: Path, name: str, field: str, value: Any) -> str:
    known = {c.id for c in evidence.claims}
    if value not in known:
        raise DataError(path, name, field, f"unknown claim id {value!r} (see {paths.CLAIMS.name})")
    return value


def _fact_id(evidence: Evidence, path: Path, name: str, field: str, value: Any, kind: str | None = None) -> str:
    facts = evidence.reference.facts
    if value not in facts.index:
        raise DataError(path, name, field, f"unknown fact id {value!r} (see {paths.FACTS.name})")
    if kind and facts.loc[value, "kind"] != kind:
        raise DataError(path, name, field, f"fact {value!r} is an {facts.loc[value, 'kind']}, not a {kind}")
    return value


def _verbatim(evidence: Evidence, path: Path, name: str, field: str, key: str, quote: Any) -> int:
    """Where `quote` starts in article `key`; a quote not found is reported with the closest passage."""
    if key not in evidence.sources:
        raise DataError(path, name, "source" if field == "quote" else field,
                        f"unknown source key {key!r}; known: {', '.join(evidence.sources)}")
    if not isinstance(quote, str) or not quote.strip():
        raise DataError(path, name, field, "must be a non-empty string")
    source = evidence.sources[key]
    start = source.text.find(quote)
    if start < 0:
        raise DataError(path, name, field, f"not found verbatim in {source.file}; closest passage: "
                                           f"{closest_passage(quote, source.text)!r}")
    return start


# -- quantities -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class MemberSpec:
    """One article's figure in a quantity group: a claim, a claim scaled by another, or a sum."""
    claims: tuple[str, ...]          # one claim, or the claims added together
    times: str | None = None         # a claim whose value scales the first (a share of a base)

    @property
    def inputs(self) -> tuple[str, ...]:
        return self.claims + ((self.times,) if self.times else ())


@dataclass(frozen=True)
class QuantitySpec:
    id: str
    label: str
    why: str
    members: tuple[MemberSpec, ...]
    facts: tuple[str, ...]            # reference facts, added together; empty: the claims' checks
    related: tuple[str, ...]


def _member(evidence: Evidence, path: Path, name: str, raw: Any) -> MemberSpec:
    claim = lambda value: _claim_id(evidence, path, name, "members", value)
    if isinstance(raw, str):
        return MemberSpec((claim(raw),))
    if isinstance(raw, dict) and set(raw) == {"claim", "times"}:
        return MemberSpec((claim(raw["claim"]),), claim(raw["times"]))
    if isinstance(raw, dict) and set(raw) == {"sum"} and isinstance(raw["sum"], list) and len(raw["sum"]) >= 2:
        return MemberSpec(tuple(claim(c) for c in raw["sum"]))
    raise DataError(path, name, "members", f"{raw!r} is not a claim id, {{claim, times}} or {{sum: [two or more]}}")


def load_quantities(evidence: Evidence, path: Path = QUANTITIES) -> list[QuantitySpec]:
    specs, seen = [], set()
    for i, record in enumerate(read_yaml_list(path), start=1):
        name = record_name(record, i)
        require_fields(path, record, name, QUANTITY_FIELDS)
        qid = _slug(path, name, record["id"], seen)
        if not isinstance(record["members"], list) or not record["members"]:
            raise DataError(path, name, "members", "must list at least one claim")
        members = tuple(_member(evidence, path, name, raw) for raw in record["members"])
        for member in members:
            owners = {evidence.claim(c).source for c in member.inputs}
            if len(owners) > 1:
                raise DataError(path, name, "members", f"{list(member.inputs)} mix articles ({', '.join(sorted(owners))}); "
                                                       "a member's claims must come from one article")
        units = {"date" if evidence.claim(m.claims[0]).unit == "date" else "number" for m in members}
        if len(units) > 1:
            raise DataError(path, name, "members", "mixes dates and numbers")
        ref = record["reference"]
        if ref is None:
            facts: tuple[str, ...] = ()
        elif isinstance(ref, dict) and set(ref) == {"fact"}:
            facts = (ref["fact"],)
        elif isinstance(ref, dict) and set(ref) == {"facts"} and isinstance(ref["facts"], list) and ref["facts"]:
            facts = tuple(ref["facts"])
        else:
            raise DataError(path, name, "reference", f"{ref!r} is not null, {{fact: id}} or {{facts: [ids]}}")
        fact_kind = "event" if units == {"date"} else "figure"
        facts = tuple(_fact_id(evidence, path, name, "reference", f, fact_kind) for f in facts)
        related = tuple(_fact_id(evidence, path, name, "related", f, "event") for f in record["related"] or ())
        specs.append(QuantitySpec(qid, _text(path, name, record, "label"), _text(path, name, record, "why"),
                                  members, facts, related))
    return specs


# -- findings -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Finding:
    id: str
    source: str
    quote: str
    kind: str
    claim: str | None
    shows: str
    evidence: tuple[dict[str, str], ...]
    start: int
    end: int


def _evidence_item(evidence: Evidence, path: Path, name: str, raw: Any) -> dict[str, str]:
    if not isinstance(raw, dict) or not raw or next(iter(raw)) not in EVIDENCE_KINDS:
        raise DataError(path, name, "evidence", f"{raw!r}: each item starts with one of {', '.join(EVIDENCE_KINDS)}")
    kind = next(iter(raw))
    if set(raw) != ({"article", "quote"} if kind == "article" else {kind}):
        raise DataError(path, name, "evidence", f"{raw!r}: unexpected fields for a {kind} reference")
    value = raw[kind]
    if kind == "fact":
        _fact_id(evidence, path, name, "evidence", value)
    elif kind == "person" and value not in evidence.people:
        raise DataError(path, name, "evidence", f"unknown person id {value!r} (see {paths.PEOPLE.name})")
    elif kind == "claim":
        _claim_id(evidence, path, name, "evidence", value)
    elif kind == "dataset" and value != evidence.reference.meta["citation"]:
        raise DataError(path, name, "evidence", f"unknown data set {value!r}; known: "
                                                f"{evidence.reference.meta['citation']}")
    elif kind == "article":
        _verbatim(evidence, path, name, "evidence", value, raw["quote"])
    return dict(raw)


def load_findings(evidence: Evidence, path: Path = FINDINGS) -> list[Finding]:
    findings, seen = [], set()
    for i, record in enumerate(read_yaml_list(path), start=1):
        name = record_name(record, i)
        require_fields(path, record, name, FINDING_FIELDS)
        unknown = set(record) - set(FINDING_FIELDS)
        if unknown:
            raise DataError(path, name, sorted(unknown)[0], "unknown field")
        fid = _slug(path, name, record["id"], seen)
        start = _verbatim(evidence, path, name, "quote", record["source"], record["quote"])
        if record["kind"] not in FINDING_KINDS:
            raise DataError(path, name, "kind", f"{record['kind']!r} is not one of {', '.join(FINDING_KINDS)}")
        claim = record["claim"]
        if claim is not None:
            _claim_id(evidence, path, name, "claim", claim)
            if evidence.claim(claim).source != record["source"]:
                raise DataError(path, name, "claim", f"claim {claim!r} is from another source")
        shows = _text(path, name, record, "shows")
        if re.search(r"\d", shows):
            raise DataError(path, name, "shows", "contains a digit; give dates and figures as evidence references")
        if not isinstance(record["evidence"], list) or not record["evidence"]:
            raise DataError(path, name, "evidence", "must list at least one reference")
        items = tuple(_evidence_item(evidence, path, name, raw) for raw in record["evidence"])
        findings.append(Finding(fid, record["source"], record["quote"], record["kind"], claim, shows, items,
                                start, start + len(record["quote"])))
    return findings


# -- the grading scale ----------------------------------------------------------------------------

# How a verdict can count in a credibility grade (grading_scale.yaml, rules.credibility.verdicts).
VERDICT_CLASSES = ("supports", "checked", "contradicts", "apart", "unchecked", "drafted")

@dataclass(frozen=True)
class Level:
    grade: str
    label: str
    definition: str


@dataclass(frozen=True)
class Scale:
    reliability: dict[str, Level]     # "A" .. "F", in order
    credibility: dict[str, Level]     # "1" .. "6", in order
    rules: dict[str, Any]


def _levels(path: Path, data: dict, field: str, grades: str) -> dict[str, Level]:
    rows = data[field]
    if not isinstance(rows, list) or [str(r.get("grade")) if isinstance(r, dict) else None for r in rows] != list(grades):
        raise DataError(path, field, "grade", f"must list the grades {', '.join(grades)} in order")
    out = {}
    for row in rows:
        require_fields(path, row, f"{field} {row['grade']}", ("grade", "label", "definition"))
        for f in ("label", "definition"):
            _text(path, f"{field} {row['grade']}", row, f)
        out[str(row["grade"])] = Level(str(row["grade"]), row["label"], row["definition"])
    return out


def load_scale(path: Path = GRADING_SCALE) -> Scale:
    data = read_yaml_mapping(path, ("reliability", "credibility", "rules"))
    reliability = _levels(path, data, "reliability", "ABCDEF")
    credibility = _levels(path, data, "credibility", "123456")
    rules = data["rules"]
    require_fields(path, rules, "rules", ("reliability", "credibility"))
    rel, cred = rules["reliability"], rules["credibility"]
    require_fields(path, rel, "rules.reliability", ("kinds", "no_basis", "worst_without_history", "best"))
    require_fields(path, cred, "rules.credibility", ("verdicts", "roles", "bands", "unverifiable_at_least",
                                                     "findings_headline_steps", "findings_max_steps", "worst"))
    for i, kind in enumerate(rel["kinds"], start=1):
        require_fields(path, kind, f"rules.reliability.kinds #{i}", ("match", "grade", "expects_source", "established"))
        if kind["grade"] not in reliability:
            raise DataError(path, f"rules.reliability.kinds #{i}", "grade", f"{kind['grade']!r} is not a reliability grade")
    for field in ("no_basis", "worst_without_history", "best"):
        if rel[field] not in reliability:
            raise DataError(path, "rules.reliability", field, f"{rel[field]!r} is not a reliability grade")
    classes = cred["verdicts"]
    missing = [v for v in VERDICTS if not isinstance(classes, dict) or v not in classes]
    if missing:
        raise DataError(path, "rules.credibility", "verdicts", f"does not say how the verdict {missing[0]!r} counts")
    odd = {c for c in classes.values()} - set(VERDICT_CLASSES)
    if odd:
        raise DataError(path, "rules.credibility", "verdicts", f"{sorted(odd)[0]!r} is not one of {', '.join(VERDICT_CLASSES)}")
    roles = cred["roles"]
    if not isinstance(roles, dict) or set(roles) != {"headline", "lead", "body"} or not all(
            isinstance(w, (int, float)) and w > 0 for w in roles.values()):
        raise DataError(path, "rules.credibility", "roles", "must give a positive weight to headline, lead and body")
    for i, band in enumerate(cred["bands"], start=1):
        require_fields(path, band, f"rules.credibility.bands #{i}", ("grade", "consistent_at_least", "contradicted_at_most"))
        if str(band["grade"]) not in credibility:
            raise DataError(path, f"rules.credibility.bands #{i}", "grade", f"{band['grade']!r} is not a credibility grade")
    require_fields(path, cred, "rules.credibility", ("confirmation", "large_error_factor"))
    require_fields(path, cred["confirmation"], "rules.credibility.confirmation", ("top_roles", "best_unconfirmed", "same_origin"))
    if set(cred["confirmation"]["top_roles"]) - {"headline", "lead", "body"}:
        raise DataError(path, "rules.credibility.confirmation", "top_roles", "must name roles among headline, lead, body")
    if str(cred["confirmation"]["best_unconfirmed"]) not in credibility:
        raise DataError(path, "rules.credibility.confirmation", "best_unconfirmed", "is not a credibility grade")
    for i, row in enumerate(cred["confirmation"]["same_origin"] or [], start=1):
        require_fields(path, row, f"rules.credibility.confirmation.same_origin #{i}", ("source", "reference", "why"))
    if not isinstance(cred["large_error_factor"], (int, float)) or cred["large_error_factor"] <= 1:
        raise DataError(path, "rules.credibility", "large_error_factor", "must be a factor above 1")
    if not cred["bands"] or cred["bands"][-1]["contradicted_at_most"] < 1:
        raise DataError(path, "rules.credibility", "bands", "the last band must accept any share contradicted (1.0)")
    return Scale(reliability, credibility, rules)


# -- publishing as ClaimReview --------------------------------------------------------------------

def load_publishing(path: Path = CLAIMREVIEW) -> dict[str, Any]:
    data = read_yaml_mapping(path, ("publisher", "page", "date_published", "rating"))
    require_fields(path, data["publisher"], "publisher", ("name", "url"))
    if not isinstance(data["publisher"]["name"], str) or not data["publisher"]["name"].strip():
        raise DataError(path, "publisher", "name", "must be a non-empty string")
    if not isinstance(data["date_published"], dt.date):
        raise DataError(path, None, "date_published", f"{data['date_published']!r} is not a date (YYYY-MM-DD)")
    rating = data["rating"]
    require_fields(path, rating, "rating", ("worst", "best", "values"))
    rated = set(VERDICTS) - set(UNRATED)
    if set(rating["values"]) != rated:
        raise DataError(path, "rating", "values", f"must rate exactly: {', '.join(sorted(rated))}")
    for verdict, value in rating["values"].items():
        if not isinstance(value, int) or not rating["worst"] <= value <= rating["best"]:
            raise DataError(path, "rating", "values", f"{verdict!r}: {value!r} is not a whole number "
                                                      f"from {rating['worst']} to {rating['best']}")
    if rating["values"][CONTRADICTED] != rating["worst"] or rating["values"][CONSISTENT] != rating["best"]:
        raise DataError(path, "rating", "values", "contradicted must be the worst rating and consistent the best")
    return data
