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
ISO_PARTIAL = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$")


def read_yaml(path: Path) -> Any:
    """A YAML file, parsed; a missing file or broken YAML is a DataError naming the file."""
    if not path.is_file():
        raise DataError(path, None, None, "file not found")
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=SAFE_LOADER)
    except yaml.YAMLError as exc:
        raise DataError(path, None, None, f"not valid YAML: {exc}") from exc


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
    match = ISO_PARTIAL.match(str(value))
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
    year, month, day = (int(g) if g else None for g in ISO_PARTIAL.match(iso).groups())
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
