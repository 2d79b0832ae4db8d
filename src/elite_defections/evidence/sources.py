"""The source registry: the five articles, their checksums and bibliographic metadata.

The bibliography the briefing cites from is generated here from the registry, so the two
cannot disagree.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
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
)

REQUIRED = ("key", "file", "sha256", "outlet", "container", "title", "author", "date", "now",
            "now_basis", "url", "kind", "primary_source", "uncertain")
# Fields that must carry a value; the others may be null when the page did not print them.
NON_NULL = ("key", "file", "sha256", "outlet", "container", "date", "now", "kind")
# An article is a page of news, not a corpus: larger is refused (by `add-source` and on loading),
# which bounds what the drafter and the ledger's checks read.
MAX_ARTICLE_BYTES = 1_000_000
# The name `add-source` gives an article's copy: a number, the start of its SHA-256, .txt.
FILE_NAME = re.compile(r"[0-9A-Za-z][0-9A-Za-z_.-]{0,200}")
KEY = re.compile(r"[A-Za-z][A-Za-z0-9_-]{0,63}")


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
        if not isinstance(key, str) or not KEY.fullmatch(key):
            raise DataError(path, name, "key", f"{key!r} is not a citation key (letters and digits, e.g. reuters2024)")
        if key in sources:
            raise DataError(path, name, "key", f"duplicate key {key!r}")
        uncertain = record["uncertain"] or {}
        if not isinstance(uncertain, dict) or set(uncertain) - set(REQUIRED):
            raise DataError(path, name, "uncertain", "must map field names of this record to reasons")
        text_path, data = _article(path, name, articles, record["file"])
        actual = hashlib.sha256(data).hexdigest()
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
        try:
            values["text"] = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise DataError(path, name, "file", f"{text_path.name} is not UTF-8 text (byte {exc.start})") from None
        sources[key] = Source(**values)
    if not sources:
        raise DataError(path, None, None, "the registry lists no sources")
    return sources




def _article(path: Path, name: str, articles: Path, file: Any) -> tuple[Path, bytes]:
    """The article's bytes: a plain file name inside the articles folder, not a symbolic link, not
    larger than MAX_ARTICLE_BYTES."""
    if not isinstance(file, str) or not FILE_NAME.fullmatch(file):
        raise DataError(path, name, "file", f"{file!r} is not the name of a file in {articles.name}/ "
                                            "(no folders, no '..', no absolute path)")
    text_path = articles / file
    try:
        fd = os.open(text_path, os.O_RDONLY | os.O_NOFOLLOW | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        raise DataError(path, name, "file", f"article text {text_path} not found") from None
    except OSError as exc:
        problem = "is a symbolic link; the articles folder holds the texts themselves" if text_path.is_symlink() \
            else f"cannot be read ({exc.strerror or exc})"
        raise DataError(path, name, "file", f"article text {file} {problem}") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise DataError(path, name, "file", f"article text {file} is not a regular file")
        with os.fdopen(os.dup(fd), "rb") as handle:
            data = handle.read(MAX_ARTICLE_BYTES + 1)
    except OSError as exc:
        raise DataError(path, name, "file", f"article text {file} cannot be read ({exc.strerror or exc})") from None
    finally:
        os.close(fd)
    if len(data) > MAX_ARTICLE_BYTES:
        raise DataError(path, name, "file", f"article text {file} is larger than {MAX_ARTICLE_BYTES:,} bytes "
                                            "(ARTICLE_TOO_LARGE)")
    return text_path, data
