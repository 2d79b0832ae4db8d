"""Who a figure counts (`data/populations.yaml`): the populations the articles and the reference
data name, each with its definition and the dated fact that sources it, and which claims and facts
count which. Loaded and checked against the evidence base like the other data files."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..core import paths
from ..core.errors import DataError
from ..core.loading import read_yaml

POPULATIONS_FILE = paths.DATA / "populations.yaml"


@dataclass(frozen=True)
class Population:
    id: str
    label: str
    definition: str
    source: str | None          # the dated fact its definition rests on
    facts: tuple[str, ...]
    claims: tuple[str, ...]


@lru_cache(maxsize=4)
def _read(path: Path, stamp: float) -> tuple[Population, ...]:
    data = read_yaml(path)
    out = []
    for i, raw in enumerate((data or {}).get("populations") or [], start=1):
        if not isinstance(raw, dict) or not {"id", "label", "definition"} <= set(raw):
            raise DataError(path, f"#{i}", None, "each population has id, label and definition")
        out.append(Population(raw["id"], raw["label"], " ".join(str(raw["definition"]).split()), raw.get("source"),
                              tuple(raw.get("facts") or ()), tuple(raw.get("claims") or ())))
    return tuple(out)


def load_populations(evidence=None, path: Path = POPULATIONS_FILE) -> tuple[Population, ...]:
    """The vocabulary; with `evidence`, every fact and claim it names must exist, and none is named twice."""
    if not path.is_file():
        return ()
    populations = _read(path, path.stat().st_mtime)
    if evidence is not None:
        seen: dict[str, str] = {}
        for p in populations:
            for fid in (*p.facts, *([p.source] if p.source else [])):
                if fid not in evidence.reference.facts.index:
                    raise DataError(path, p.id, "facts", f"unknown fact {fid!r}")
            for cid in p.claims:
                try:
                    evidence.claim(cid)
                except KeyError as exc:
                    raise DataError(path, p.id, "claims", str(exc)) from None
            for ref in (*p.facts, *p.claims):
                if ref in seen and seen[ref] != p.id:
                    raise DataError(path, p.id, "claims", f"{ref!r} is already counted as {seen[ref]!r}")
                seen[ref] = p.id
    return populations


def population_of(ref: str, populations: tuple[Population, ...]) -> Population | None:
    """The population a claim id or fact id counts, where the vocabulary names it."""
    return next((p for p in populations if ref in p.claims or ref in p.facts), None)
