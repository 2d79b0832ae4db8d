"""The whole evidence base, loaded and validated in one call."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from . import paths
from .claims import Claim, load_claims
from .errors import DataError
from .people import Person, load_people
from .reference import Reference, load_reference
from .sources import Source, bibliography, load_sources, write_bibliography


@dataclass(frozen=True)
class Evidence:
    sources: dict[str, Source]
    people: dict[str, Person]
    claims: list[Claim]
    reference: Reference

    def claim(self, claim_id: str) -> Claim:
        for c in self.claims:
            if c.id == claim_id:
                return c
        raise KeyError(f"no claim with id {claim_id!r} in {paths.CLAIMS.name}")


def load_evidence() -> Evidence:
    sources = load_sources()
    people = load_people()
    reference = load_reference()
    claims = load_claims(sources, people, reference=reference)
    for key in sources:
        if not any(c.source == key for c in claims):
            raise DataError(paths.CLAIMS, None, "source", f"no claim cites source {key!r}")
    return Evidence(sources, people, claims, reference)


def write_evidence_bibliography(evidence: Evidence, path: Path = paths.BIBLIOGRAPHY) -> Path:
    meta = evidence.reference.meta
    return write_bibliography(bibliography(evidence.sources, [meta["citation"]], str(meta["accessed"])), path)
