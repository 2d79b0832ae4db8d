"""Writing new evidence into the project: `add_source` copies an article's text byte for byte into
`data/sources/articles/` and records its SHA-256 and metadata in the registry; `append_claims`
adds drafted stubs (`drafting.py`) to the ledger.

Both are transactions. They hold the project's lock (the one a build holds, so an intake and a
build never interleave, nor two intakes), read the file they extend under it, write the new
version beside it, load that, and only then rename it over the old one; so a reader sees the old
file or the new one, and a refused or interrupted intake leaves the file as it was without
restoring anything over another writer's work. An article's text is read without following a
symbolic link, and is refused above `MAX_ARTICLE_BYTES`.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
import sys
from pathlib import Path
from typing import Any, Callable

import yaml

from ..core import paths
from ..core.errors import DataError
from ..core.files import write_atomically
from ..core.loading import parse_partial_date, read_text, read_yaml_list
from ..core.lock import project_lock
from ..crosscheck.data import load_scale
from ..evidence.claims import load_claims
from ..evidence.people import load_people
from ..evidence.reference import load_reference
from ..evidence.sources import MAX_ARTICLE_BYTES, load_sources
from .drafting import draft_claims, stubs_yaml

KEY = re.compile(r"[a-z][a-z0-9]{0,63}")
REGISTRY_FIELDS = ("key", "file", "sha256", "outlet", "container", "title", "author", "date", "now",
                   "now_basis", "url", "kind", "primary_source", "uncertain")
MAX_FIELD_CHARS = 2000  # a title, an outlet, an address: one line of prose, not a document


def _say(message: str) -> None:
    print(message, file=sys.stderr)  # stdout is the command's own output (the stubs' YAML)


def _known_kinds() -> list[str]:
    return [k["match"] for k in load_scale().rules["reliability"]["kinds"]]


def read_article(text_path: Path) -> bytes:
    """The article's bytes: a regular file, not through a symbolic link, UTF-8 text, not too large."""
    text_path = Path(text_path)
    try:
        fd = os.open(text_path, os.O_RDONLY | os.O_NOFOLLOW | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        raise DataError(text_path, None, None, "file not found") from None
    except OSError as exc:
        if text_path.is_symlink():
            raise DataError(text_path, None, None, "a symbolic link: give the article's own file, "
                                                   "not a link to it") from None
        raise DataError(text_path, None, None, f"cannot be read ({exc.strerror or exc})") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise DataError(text_path, None, None, "not a regular file")
        if info.st_size > MAX_ARTICLE_BYTES:
            raise DataError(text_path, None, None, f"{info.st_size:,} bytes, more than the {MAX_ARTICLE_BYTES:,} "
                                                   "an article may have (ARTICLE_TOO_LARGE)")
        with os.fdopen(os.dup(fd), "rb") as handle:
            data = handle.read(MAX_ARTICLE_BYTES + 1)
    except OSError as exc:
        raise DataError(text_path, None, None, f"cannot be read ({exc.strerror or exc})") from None
    finally:
        os.close(fd)
    if len(data) > MAX_ARTICLE_BYTES:
        raise DataError(text_path, None, None, f"more than the {MAX_ARTICLE_BYTES:,} bytes an article may have "
                                               "(ARTICLE_TOO_LARGE)")
    if not data.strip():
        raise DataError(text_path, None, None, "the file is empty")
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise DataError(text_path, None, None, f"not UTF-8 text (byte {exc.start}): save the article as UTF-8") from None
    if b"\x00" in data:
        raise DataError(text_path, None, None, "not text: it contains NUL bytes")
    return data


def _check_fields(registry: Path, key: str, values: dict[str, str | None]) -> None:
    for field, value in values.items():
        if value is None:
            continue
        if len(value) > MAX_FIELD_CHARS:
            raise DataError(registry, key, field, f"{len(value):,} characters; at most {MAX_FIELD_CHARS:,}")
        if any(ord(c) < 32 or ord(c) == 127 for c in value):
            raise DataError(registry, key, field, f"{value[:60]!r} contains a control character (a line break?)")


def _replace_checked(target: Path, text: str, check: Callable[[Path], None]) -> None:
    """Write `text` beside `target`, run `check` on it, and rename it over `target` only if it
    passes; an error names `target`, not the temporary file."""
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        tmp.write_text(text, encoding="utf-8")
        try:
            check(tmp)
        except DataError as exc:
            raise DataError(target if exc.file == str(tmp) else exc.file, exc.record, exc.field, exc.problem) from None
        os.replace(tmp, target)
    except OSError as exc:
        raise DataError(target, None, None, f"could not be written ({exc.strerror or exc}); it is as it was") from None
    finally:
        tmp.unlink(missing_ok=True)


def add_source(text_path: Path, *, key: str, outlet: str, title: str | None, date: str, kind: str,
               url: str | None = None, author: str | None = None, container: str | None = None,
               now: str | None = None, primary_source: str | None = None,
               uncertain: dict[str, str] | None = None) -> dict[str, Any]:
    """Register an article; returns its registry record."""
    registry = paths.SOURCES_REGISTRY
    if not isinstance(key, str) or not KEY.fullmatch(key):
        raise DataError(registry, repr(key), "key", f"{key!r}: use lowercase letters and digits (at most 64), "
                                                    "e.g. 'reuters2024'")
    _check_fields(registry, key, {"outlet": outlet, "title": title, "date": date, "kind": kind, "url": url,
                                  "author": author, "container": container, "now": now,
                                  "primary_source": primary_source})
    _check_fields(registry, key, {f"uncertain.{f}": str(why) for f, why in (uncertain or {}).items()})
    if not outlet.strip():
        raise DataError(registry, key, "outlet", "must not be empty")
    data = read_article(text_path)
    sha = hashlib.sha256(data).hexdigest()
    kinds = _known_kinds()
    if not any(kind.lower().startswith(k) for k in kinds):
        raise DataError(registry, key, "kind", f"{kind!r} is not a kind the grading rules know; start it with "
                                               f"one of: {', '.join(kinds)}")
    parse_partial_date(date, registry, key, "date")
    if now is not None:
        parse_partial_date(now, registry, key, "now")
    uncertain = dict(uncertain or {})
    for field in uncertain:
        if field not in REGISTRY_FIELDS:
            raise DataError(registry, key, "uncertain", f"{field!r} is not a field of the registry")
    if len(date) < 10 and now is None:
        uncertain.setdefault("now", f"the article's date is known only as {date}; relative dates resolve from "
                                    f"its first day")
    with project_lock(log=_say, doing="add-source"):
        existing = read_yaml_list(registry)
        for record in existing:
            if record.get("key") == key:
                raise DataError(registry, key, "key", f"{key!r} is already registered")
            if record.get("sha256") == sha:
                raise DataError(registry, key, "sha256", f"this text is already registered as {record.get('key')!r}")
        number = max((int(m.group(1)) for r in existing if (m := re.match(r"(\d+)_", str(r.get("file", ""))))),
                     default=-1) + 1
        file = f"{number:03d}_{sha[:16]}.txt"
        target = paths.ARTICLES_DIR / file
        record = {"key": key, "file": file, "sha256": sha, "outlet": outlet, "container": container or outlet,
                  "title": title, "author": author, "date": date, "now": now or date,
                  "now_basis": "given when the article was registered" if now else "the article's date",
                  "url": url, "kind": kind, "primary_source": primary_source, "uncertain": uncertain or None}
        block = yaml.safe_dump([record], allow_unicode=True, sort_keys=False, width=100)
        text = read_text(registry).rstrip("\n") + "\n\n" + block
        created = not target.exists()
        try:
            try:
                write_atomically(target, data)
            except OSError as exc:
                raise DataError(target, key, "file", f"could not be written ({exc.strerror or exc}); "
                                                     "nothing was registered") from None
            _replace_checked(registry, text, lambda tmp: load_sources(tmp, paths.ARTICLES_DIR))
        except BaseException:
            if created:
                target.unlink(missing_ok=True)  # this intake's own new file, which no one else has written
            raise
    return record


# --- drafting claims -----------------------------------------------------------------------------


def append_claims(stubs: list[dict[str, Any]], path: Path = paths.CLAIMS) -> None:
    """Append stubs to the ledger under the project's lock; if the ledger with them does not load,
    it is left as it was."""
    def check(candidate: Path) -> None:
        load_claims(load_sources(), load_people(), candidate, reference=load_reference())

    with project_lock(log=_say, doing="draft-claims"):
        text = read_text(path)
        _replace_checked(path, text.rstrip("\n") + "\n" + stubs_yaml(stubs), check)


def draft_and_append(key: str) -> list[dict[str, Any]]:
    """Draft the stubs for `key` and append them, in one hold of the lock: two drafters of the
    same article never append the same figure twice, nor two stubs one id."""
    with project_lock(log=_say, doing="draft-claims"):
        stubs = draft_claims(key)
        if stubs:
            append_claims(stubs)
    return stubs
