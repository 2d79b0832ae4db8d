"""Small readers shared by the loaders: YAML lists, dates, checksums."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from pathlib import Path
from typing import Any

import yaml

from .errors import DataError

# libyaml's safe loader when PyYAML was built with it (several times faster), else the pure-Python one
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
ISO_PARTIAL = re.compile(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?")  # matched whole (fullmatch): no trailing newline
# A data file is hand-edited text; anything larger is refused before it is parsed.
MAX_YAML_BYTES = 20_000_000
# libyaml composes nested collections by recursion in C: a few thousand brackets deep crash the process.
MAX_YAML_DEPTH = 200


def read_text(path: Path, limit: int = MAX_YAML_BYTES) -> str:
    """A data file's text: UTF-8, at most `limit` bytes; otherwise a DataError naming the file."""
    try:
        with path.open("rb") as handle:
            data = handle.read(limit + 1)
    except FileNotFoundError:
        raise DataError(path, None, None, "file not found") from None
    except OSError as exc:
        raise DataError(path, None, None, f"cannot be read ({exc.strerror or exc})") from None
    if len(data) > limit:
        raise DataError(path, None, None, f"larger than {limit:,} bytes (FILE_TOO_LARGE)")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        raise DataError(path, f"line {line}", None, f"not UTF-8 text (byte {exc.start}); save the file as UTF-8") from None


def parse_yaml(text: str, path: Path, loader=SAFE_LOADER) -> Any:
    """YAML text parsed; broken YAML, an alias (`*name`, which can multiply a small file into a
    huge document for the readers after this one), an impossible date, nesting too deep: a DataError."""
    if _flow_depth(text) > MAX_YAML_DEPTH:
        raise DataError(path, None, None, f"brackets nested more than {MAX_YAML_DEPTH} deep: not data (YAML_TOO_DEEP)")
    try:
        if "&" in text:  # no anchor, no alias: the common case skips the scan
            for event in yaml.parse(text, Loader=loader):
                if isinstance(event, yaml.AliasEvent):
                    line = event.start_mark.line + 1 if event.start_mark else "?"
                    raise DataError(path, f"line {line}", None, f"the alias *{event.anchor} is not allowed in a "
                                                                "data file (write the value out; YAML_ALIAS)")
        return yaml.load(text, Loader=loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        raise DataError(path, None, None, f"not valid YAML: {where}{exc.problem}") from None
    except yaml.YAMLError as exc:
        raise DataError(path, None, None, f"not valid YAML: {exc}") from None
    except RecursionError:
        raise DataError(path, None, None, "nested too deeply to be data (YAML_TOO_DEEP)") from None
    except (ValueError, TypeError, OverflowError) as exc:
        # PyYAML builds an unquoted date such as 2011-02-30 and fails on the impossible ones
        raise DataError(path, None, None, f"a value cannot be read ({exc}); an impossible date? "
                                          "write dates as YYYY-MM-DD, real ones, or quote the text") from None


def _flow_depth(text: str) -> int:
    """How deep `[` and `{` nest, counted as if none were inside quotes (an over-count only where a
    quoted string holds unbalanced brackets)."""
    brackets = re.sub(r"[^\[\]{}]+", "", text)
    depth = deepest = 0
    for c in brackets:
        depth += 1 if c in "[{" else -1
        deepest = max(deepest, depth)
    return deepest


def read_yaml(path: Path) -> Any:
    """A YAML file, parsed; a missing file or broken YAML is a DataError naming the file."""
    return parse_yaml(read_text(path), path)


def read_yaml_list(path: Path) -> list[dict[str, Any]]:
    """A YAML file whose top level is a list of mappings."""
    data = read_yaml(path)
    if not isinstance(data, list):
        raise DataError(path, None, None, "expected a list of records at the top level")
    for i, record in enumerate(data, start=1):
        if not isinstance(record, dict):
            raise DataError(path, i, None, f"expected a mapping, got {type(record).__name__}")
    return data


def record_name(record: dict[str, Any], index: int, key: str = "id") -> str:
    """How error messages name a record: its id where it has one, else its position."""
    ident = record.get(key)
    return f"#{index} ({ident})" if ident else f"#{index}"


def require_fields(path: Path, record: dict, name: str, fields: tuple[str, ...]) -> None:
    for field in fields:
        if field not in record:
            raise DataError(path, name, field, "missing (write null if it does not apply)")


def parse_partial_date(value: Any, path: Path, name: str, field: str) -> str | None:
    """An ISO date that may stop at the year or month: '2024', '2024-07', '2024-07-16'."""
    if value is None:
        return None
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int):
        value = str(value)
    match = ISO_PARTIAL.fullmatch(str(value))
    if not match:
        raise DataError(path, name, field, f"{value!r} is not a date (YYYY, YYYY-MM or YYYY-MM-DD)")
    year, month, day = (int(g) if g else None for g in match.groups())
    try:
        dt.date(year, month or 1, day or 1)
    except ValueError as exc:
        raise DataError(path, name, field, f"{value!r} is not a real date: {exc}") from exc
    return str(value)


def date_bounds(iso: str) -> tuple[dt.date, dt.date]:
    """First and last day covered by a partial ISO date ('2024-07' -> 1 Jul .. 31 Jul)."""
    year, month, day = (int(g) if g else None for g in ISO_PARTIAL.fullmatch(iso).groups())
    if day:
        d = dt.date(year, month, day)
        return d, d
    if month:
        start = dt.date(year, month, 1)
        nxt = dt.date(year + (month == 12), month % 12 + 1, 1)
        return start, nxt - dt.timedelta(days=1)
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
