"""The whole evidence base, loaded and validated in one call."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..core import paths
from ..core.errors import DataError
from ..core.freshness import shared_digest
from .claims import Claim, load_claims
from .csl import bibliography, write_bibliography
from .outside_sources import OutsideSource, load_outside_sources
from .people import Person, load_people
from .reference import Reference, load_reference
from .sources import Source, load_sources


@dataclass(frozen=True)
class Evidence:
    sources: dict[str, Source]
    people: dict[str, Person]
    claims: list[Claim]
    reference: Reference
    outside: dict[str, OutsideSource]   # bibliography entries behind the facts and the table's rows

    def __post_init__(self):
        object.__setattr__(self, "_by_id", {c.id: c for c in self.claims})  # lookups stay O(1) as the ledger grows

    def claim(self, claim_id: str) -> Claim:
        try:
            return self._by_id[claim_id]
        except KeyError:
            raise KeyError(f"no claim with id {claim_id!r} in {paths.CLAIMS.name}") from None


# Parsed evidence by the digest of the data and code it was parsed from, in this process only.
# There is no cache on disk: parsing takes well under a tenth of a second, and a file the build
# would load objects from is a file that could run code (issue 19: a planted pickle did).
_PARSED: dict[str, Evidence] = {}


def load_evidence(fresh: bool = False) -> Evidence:
    """The evidence base, validated. Parsed once per process for a given state of the data and
    the package code (a warm kernel that runs several notebooks parses once); any change to either
    is a new digest, hence a new parse. `fresh` parses even when this process has parsed it."""
    digest = shared_digest()
    if not fresh and digest in _PARSED:
        return _PARSED[digest]
    evidence = parse_evidence()
    _PARSED.clear()
    _PARSED[digest] = evidence
    return evidence


def parse_evidence() -> Evidence:
    """Read and validate every evidence file (no cache)."""
    sources = load_sources()
    people = load_people()
    reference = load_reference()
    claims = load_claims(sources, people, reference=reference)
    for key in sources:
        if not any(c.source == key for c in claims):
            raise DataError(paths.CLAIMS, None, "source", f"no claim cites source {key!r}")
        for cid in sources[key].now_inferred_from:
            if not any(c.id == cid and c.source == key for c in claims):
                raise DataError(paths.SOURCES_REGISTRY, key, "now_inferred_from",
                                f"{cid!r} is not a claim of this article in {paths.CLAIMS.name}")
    for fact in reference.facts.itertuples():
        for key in fact.same_origin_as:
            if key not in sources:
                raise DataError(paths.FACTS, fact.id, "same_origin_as", f"{key!r} is not an article in {paths.SOURCES_REGISTRY.name}")
    outside = load_outside_sources()
    check_outside_keys(reference, outside, sources)
    return Evidence(sources, people, claims, reference, outside)


def check_outside_keys(reference: Reference, outside: dict[str, OutsideSource], sources: dict[str, Source]) -> None:
    """Every key a fact or a row names is an entry, and every entry is named by a fact or a row,
    or is the compilation rows were obtained via (`obtained_via`, shown with those rows); an entry
    nothing uses would sit in the references uncited."""
    meta, used = reference.meta, set()

    def known(path: Path, record: str, field: str, keys: list[str]) -> None:
        for key in keys:
            if key not in outside:
                raise DataError(path, record, field, f"{key!r} is not in {paths.OUTSIDE_SOURCES.name}"
                                + (" (an article: facts and rows cite outside sources only)" if key in sources else ""))
            used.add(key)

    for fact in reference.facts.itertuples():
        known(paths.FACTS, fact.id, "cites", list(fact.cites))
    known(paths.ARRIVALS_META, "provenance", "citation", [meta["citation"]])
    for row in meta["rows"]:
        known(paths.ARRIVALS_META, f"rows {row['years']}", "cites", row["cites"])
    for row in meta["split_years"]:
        known(paths.ARRIVALS_META, f"split_years {row['year']}", "cites", row["cites"])
    for via in meta["obtained_via"]:  # how rows were obtained: listed as such, not cited for the figures
        known(paths.ARRIVALS_META, f"obtained_via {via['years']}", "key", [via["key"]])
    unused = sorted(set(outside) - used)
    if unused:
        raise DataError(paths.OUTSIDE_SOURCES, unused[0], "key",
                        "no fact or row of the arrivals table cites it, and no row was obtained via it")


def write_evidence_bibliography(evidence: Evidence, path: Path = paths.BIBLIOGRAPHY) -> Path:
    accessed = str(evidence.reference.meta["accessed"])
    obtained = {via["key"]: via["years"] for via in evidence.reference.meta["obtained_via"]}
    return write_bibliography(bibliography(evidence.sources, evidence.outside, accessed, obtained), path)
