"""The source registry: the five articles, their checksums and bibliographic metadata.

The bibliography the briefing cites from is generated here from the registry, so the two
cannot disagree.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..core import paths
from ..core.errors import DataError
from ..core.loading import (
    parse_partial_date,
    read_yaml_list,
    record_name,
    require_fields,
    sha256_of,
)

REQUIRED = ("key", "file", "sha256", "outlet", "container", "title", "author", "date", "now",
            "now_basis", "url", "kind", "primary_source", "uncertain")
# Fields that must carry a value; the others may be null when the page did not print them.
NON_NULL = ("key", "file", "sha256", "outlet", "container", "date", "now", "kind")


@dataclass(frozen=True)
class Source:
    key: str
    file: str
    sha256: str
    outlet: str
    container: str
    title: str | None
    author: str | None
    date: str
    now: str
    now_basis: str
    url: str | None
    kind: str
    primary_source: str | None
    uncertain: dict[str, str] = field(default_factory=dict)
    section: str | None = None
    notes: str | None = None
    # earlier invalid reports by this outlet, each with its source: the record the Admiralty E needs
    history: tuple[str, ...] = ()
    # claims whose own words the article's `now` was inferred from: checking their relative dates
    # against that `now` is circular, so such a check confirms nothing beyond the article itself
    now_inferred_from: tuple[str, ...] = ()
    text: str = field(default="", repr=False)

    @property
    def label(self) -> str:
        """How the briefing names the article in prose: its outlet's short name."""
        return self.container


def load_sources(path: Path = paths.SOURCES_REGISTRY, articles: Path | None = None) -> dict[str, Source]:
    """Load the registry, verify every article's checksum, and return sources by key."""
    articles = articles or path.parent / "articles"
    sources: dict[str, Source] = {}
    for i, record in enumerate(read_yaml_list(path), start=1):
        name = record_name(record, i, "key")
        require_fields(path, record, name, REQUIRED)
        for f in NON_NULL:
            if record[f] in (None, ""):
                raise DataError(path, name, f, "must not be empty")
        unknown = set(record) - set(REQUIRED) - {"section", "notes", "history", "now_inferred_from"}
        if unknown:
            raise DataError(path, name, sorted(unknown)[0], "unknown field")
        key = record["key"]
        if key in sources:
            raise DataError(path, name, "key", f"duplicate key {key!r}")
        uncertain = record["uncertain"] or {}
        if not isinstance(uncertain, dict) or set(uncertain) - set(REQUIRED):
            raise DataError(path, name, "uncertain", "must map field names of this record to reasons")
        text_path = articles / record["file"]
        if not text_path.is_file():
            raise DataError(path, name, "file", f"article text {text_path} not found")
        actual = sha256_of(text_path)
        if actual != record["sha256"]:
            raise DataError(path, name, "sha256",
                            f"checksum mismatch for {text_path.name}: registry says {record['sha256']}, "
                            f"file has {actual}; the captured text must not change")
        history = record.get("history") or []
        if not isinstance(history, list) or not all(isinstance(h, str) and h.strip() for h in history):
            raise DataError(path, name, "history", "must list earlier invalid reports, each with its source, as text")
        inferred = record.get("now_inferred_from") or []
        if not isinstance(inferred, list) or not all(isinstance(c, str) and c.strip() for c in inferred):
            raise DataError(path, name, "now_inferred_from", "must list the ids of the claims `now` was inferred from")
        values: dict[str, Any] = dict(record, uncertain=uncertain, history=tuple(history),
                                      now_inferred_from=tuple(inferred))
        for f in ("date", "now"):
            values[f] = parse_partial_date(record[f], path, name, f)
        values["text"] = text_path.read_text(encoding="utf-8")
        sources[key] = Source(**values)
    if not sources:
        raise DataError(path, None, None, "the registry lists no sources")
    return sources


