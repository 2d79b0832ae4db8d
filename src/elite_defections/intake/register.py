"""Writing new evidence into the project: `add_source` copies an article's text byte for byte into
`data/sources/articles/` and records its SHA-256 and metadata in the registry; `append_claims`
adds drafted stubs (`drafting.py`) to the ledger. Both refuse what would break the data and leave
it untouched when they do: they write, load the result, and restore the files if it does not load.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Any

import yaml

from ..core import paths
from ..core.errors import DataError
from ..core.loading import parse_partial_date, read_yaml_list
from ..crosscheck.data import load_scale
from ..evidence.claims import load_claims
from ..evidence.people import load_people
from ..evidence.reference import load_reference
from ..evidence.sources import load_sources
from .drafting import stubs_yaml

KEY = re.compile(r"^[a-z][a-z0-9]*$")
REGISTRY_FIELDS = ("key", "file", "sha256", "outlet", "container", "title", "author", "date", "now",
                   "now_basis", "url", "kind", "primary_source", "uncertain")


def _known_kinds() -> list[str]:
    return [k["match"] for k in load_scale().rules["reliability"]["kinds"]]


def _restoring(files: list[Path], action, check) -> Any:
    """Run `action`, then `check`; if either fails, put every file in `files` back as it was."""
    before = {f: f.read_bytes() if f.exists() else None for f in files}
    try:
        result = action()
        check()
        return result
    except BaseException:
        for f, data in before.items():
            if data is None:
                f.unlink(missing_ok=True)
            else:
                f.write_bytes(data)
        raise


def add_source(text_path: Path, *, key: str, outlet: str, title: str | None, date: str, kind: str,
               url: str | None = None, author: str | None = None, container: str | None = None,
               now: str | None = None, primary_source: str | None = None,
               uncertain: dict[str, str] | None = None) -> dict[str, Any]:
    """Register an article; returns its registry record."""
    registry = paths.SOURCES_REGISTRY
    text_path = Path(text_path)
    if not text_path.is_file():
        raise DataError(text_path, None, None, "file not found")
    data = text_path.read_bytes()
    if not data.strip():
        raise DataError(text_path, None, None, "the file is empty")
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise DataError(text_path, None, None, f"not UTF-8 text (byte {exc.start}): save the article as UTF-8") from None
    if b"\x00" in data:
        raise DataError(text_path, None, None, "not text: it contains NUL bytes")
    if not KEY.match(key):
        raise DataError(registry, key, "key", f"{key!r}: use lowercase letters and digits, e.g. 'reuters2024'")
    existing = read_yaml_list(registry)
    sha = hashlib.sha256(data).hexdigest()
    for record in existing:
        if record.get("key") == key:
            raise DataError(registry, key, "key", f"{key!r} is already registered")
        if record.get("sha256") == sha:
            raise DataError(registry, key, "sha256", f"this text is already registered as {record.get('key')!r}")
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
    number = max((int(m.group(1)) for r in existing if (m := re.match(r"(\d+)_", str(r.get("file", ""))))),
                 default=-1) + 1
    file = f"{number:03d}_{sha[:16]}.txt"
    target = paths.ARTICLES_DIR / file
    record = {"key": key, "file": file, "sha256": sha, "outlet": outlet, "container": container or outlet,
              "title": title, "author": author, "date": date, "now": now or date,
              "now_basis": "given when the article was registered" if now else "the article's date",
              "url": url, "kind": kind, "primary_source": primary_source, "uncertain": uncertain or None}

    def write() -> None:
        target.write_bytes(data)
        block = yaml.safe_dump([record], allow_unicode=True, sort_keys=False, width=100)
        text = registry.read_text(encoding="utf-8")
        registry.write_text(text.rstrip("\n") + "\n\n" + block, encoding="utf-8")

    _restoring([registry, target], write, lambda: load_sources(registry))
    return record


# --- drafting claims -----------------------------------------------------------------------------


def append_claims(stubs: list[dict[str, Any]], path: Path = paths.CLAIMS) -> None:
    """Append stubs to the ledger; if the ledger then does not load, it is left as it was."""
    def load() -> None:
        load_claims(load_sources(), load_people(), path, reference=load_reference())

    def write() -> None:
        text = path.read_text(encoding="utf-8")
        path.write_text(text.rstrip("\n") + "\n" + stubs_yaml(stubs), encoding="utf-8")

    _restoring([path], write, load)
