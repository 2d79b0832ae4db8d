"""The sources outside the five articles (`data/reference/outside_sources.yaml`): the ministry's
arrivals table and its compilation, and the outlets behind each dated fact (their bibliography
entries are made in `csl.py`).

Only what the provenance texts record is entered; a field not recorded stays null and the entry's
note says why, so the references never look more complete than the record is.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..core import formatting as fmt
from ..core import paths
from ..core.errors import DataError
from ..core.loading import (
    parse_partial_date,
    read_yaml_list,
    record_name,
    require_fields,
)
from ..core.statistic import Statistic

FIELDS = ("key", "type", "author", "title", "container", "date", "url", "accessed", "used_for", "uncertain")
TYPES = ("article-newspaper", "dataset", "webpage", "speech", "broadcast", "report")


@dataclass(frozen=True)
class OutsideSource:
    key: str
    type: str
    author: str
    title: str | None
    container: str | None
    date: str | None
    url: str | None
    accessed: str
    used_for: str
    uncertain: dict[str, str] = field(default_factory=dict)


def load_outside_sources(path: Path = paths.OUTSIDE_SOURCES) -> dict[str, OutsideSource]:
    out: dict[str, OutsideSource] = {}
    for i, record in enumerate(read_yaml_list(path), start=1):
        name = record_name(record, i, "key")
        require_fields(path, record, name, FIELDS)
        unknown = set(record) - set(FIELDS)
        if unknown:
            raise DataError(path, name, sorted(unknown)[0], "unknown field")
        for f in ("key", "type", "author", "accessed", "used_for"):
            if record[f] in (None, ""):
                raise DataError(path, name, f, "must not be empty")
        if record["key"] in out:
            raise DataError(path, name, "key", f"duplicate key {record['key']!r}")
        if record["type"] not in TYPES:
            raise DataError(path, name, "type", f"{record['type']!r} is not one of {', '.join(TYPES)}")
        uncertain = record["uncertain"] or {}
        if not isinstance(uncertain, dict) or set(uncertain) - set(FIELDS):
            raise DataError(path, name, "uncertain", "must map field names of this record to reasons")
        missing = [f for f in ("title", "date", "url") if record[f] in (None, "") and f not in uncertain]
        if missing:
            raise DataError(path, name, missing[0], "is null: say why under `uncertain` (not recorded, ...)")
        values: dict[str, Any] = {**record, "uncertain": uncertain}
        for f in ("date", "accessed"):
            values[f] = parse_partial_date(record[f], path, name, f) if record[f] is not None else None
        out[record["key"]] = OutsideSource(**values)
    return out


def reference_statistics(evidence) -> list:
    """One statistic per dated fact and per group of the arrivals table's rows, each citing the
    sources it rests on: the briefing lists them, so every outside source is cited where the
    reference data are shown, whether or not a check used it. The value is the date or year the
    record is about (the order of the list)."""
    out = []
    for fact in evidence.reference.facts.itertuples():
        ref = f"facts.yaml: {fact.id}"
        out.append(Statistic(id=f"fact-{fact.id}", value=fact.date, display=f"{fmt.date(fact.date)}: {fact.statement}", unit="record",
                             method=f"dated fact {fact.id} (data/reference/facts.yaml), as found: {fact.source}",
                             reported_by=[ref]))
    meta = evidence.reference.meta
    for row in meta["rows"]:
        out.append(Statistic(id=f"rows-{row['years']}", value=str(row["years"]), display=f"Arrivals in South Korea by year, {row['years']}",
                             unit="record", method=f"rows of the ministry's table (data/reference/mou_arrivals.csv); "
                             f"{meta['processing'].strip()}", reported_by=[f"outside: {k}" for k in row["cites"]]))
    for via in meta["obtained_via"]:  # how rows were obtained: the compilation, not the figures' source
        out.append(Statistic(id=f"rows-{via['years']}-obtained", value=str(via["years"]),
                             display=f"How the rows {via['years']} were obtained: copied from a compilation of the "
                                     f"ministry's table (the figures are the ministry's, cited with the rows)",
                             unit="record", method="mou_arrivals.yaml obtained_via: the compilation the rows were "
                             "copied from, listed as how the data were obtained, not as a source of the figures",
                             reported_by=[f"outside: {via['key']}"]))
    for row in meta["split_years"]:
        refs = [f"outside: {key}" for key in row["cites"]]
        out.append(Statistic(id=f"rows-{row['year']}-alone", value=str(row["year"]),
                             display=f"Arrivals in {row['year']} alone, inside a row the ministry groups", unit="record",
                             method=f"published separately: {row['source']}", reported_by=refs))
    return out
