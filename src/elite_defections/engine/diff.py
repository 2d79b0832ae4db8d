"""What changed between two builds: statistics, verdicts and parameters added, removed or changed.

The build keeps the statistics it replaces as build/statistics.previous.json, so
`elite-defections diff` with no argument compares the current build with the one before it.
"""

from __future__ import annotations

import csv
import json
from dataclasses import astuple, dataclass
from pathlib import Path
from typing import Any

from ..core import paths
from ..core.errors import DataError

PREVIOUS = paths.BUILD / "statistics.previous.json"
CSV = paths.BUILD / "statistics-diff.csv"
COLUMNS = ("kind", "id", "change", "old", "new")


@dataclass(frozen=True)
class Change:
    kind: str     # parameter, statistic or verdict
    id: str
    change: str   # added, removed or changed
    old: str
    new: str


def _read(path: Path) -> dict[str, Any]:
    if not path.is_file():
        raise DataError(path, None, None, "not found (a build keeps the previous statistics here once it has "
                                          "replaced them; or name a statistics.json to compare with)")
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, RecursionError) as exc:
        raise DataError(path, None, None, f"not valid JSON: {exc}") from None
    if not isinstance(document, dict) or not isinstance(document.get("statistics"), dict):
        raise DataError(path, None, "statistics", "missing: is this a merged statistics.json?")
    return document


def _compare(kind: str, old: dict[str, str], new: dict[str, str]) -> list[Change]:
    out = []
    for key in sorted(old.keys() | new.keys()):
        if key not in new:
            out.append(Change(kind, key, "removed", old[key], ""))
        elif key not in old:
            out.append(Change(kind, key, "added", "", new[key]))
        elif old[key] != new[key]:
            out.append(Change(kind, key, "changed", old[key], new[key]))
    return out


def changes(old: dict[str, Any], new: dict[str, Any]) -> list[Change]:
    """Parameters, then statistics (by what the briefing prints), then verdicts."""
    params = lambda d: {k: str(v) for k, v in (d.get("parameters") or {}).items()}
    shown = lambda d: {k: s.get("display", "") for k, s in d["statistics"].items()}
    verdicts = lambda d: {k: s["verdict"] for k, s in d["statistics"].items() if s.get("verdict")}
    return (_compare("parameter", params(old), params(new)) + _compare("statistic", shown(old), shown(new))
            + _compare("verdict", verdicts(old), verdicts(new)))


def as_text(found: list[Change], old_path: Path, new_path: Path) -> str:
    rel = lambda p: p.relative_to(paths.ROOT) if p.is_relative_to(paths.ROOT) else p
    lines = [f"{rel(old_path)} -> {rel(new_path)}: "
             + (f"{len(found)} change{'s' * (len(found) != 1)}" if found else "no changes")]
    for c in found:
        what = {"added": f"added: {c.new}", "removed": f"removed (was {c.old})", "changed": f"{c.old} -> {c.new}"}
        lines.append(f"  {c.kind} {c.id}: {what[c.change]}")
    return "\n".join(lines)


def write_csv(found: list[Change], target: Path) -> Path:
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(COLUMNS)
            writer.writerows(astuple(c) for c in found)
    except OSError as exc:
        raise DataError(target, None, None, f"the CSV cannot be written ({exc.strerror or exc})") from None
    return target


def diff(old_path: Path | None = None, new_path: Path = paths.STATISTICS, csv_path: Path = CSV) -> str:
    old_path = old_path or PREVIOUS
    found = changes(_read(old_path), _read(new_path))
    write_csv(found, csv_path)
    return as_text(found, old_path, new_path) + f"\n(as CSV: {csv_path})"
