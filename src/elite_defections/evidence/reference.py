"""The independent reference data: the ministry's arrivals table, its provenance and known
discrepancies, and dated facts from outside the five articles."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from ..core import paths
from ..core.errors import DataError
from ..core.loading import (
    parse_partial_date,
    read_yaml,
    read_yaml_list,
    record_name,
    require_fields,
    sha256_of,
)

ARRIVAL_COLUMNS = ("period", "year_from", "year_to", "male", "female", "total")
DISCREPANCY_COLUMNS = ("id", "period", "field", "value", "used_value", "source", "status", "note")
FACT_FIELDS = ("id", "date", "kind", "statement", "value", "qualifier", "population",
               "period_start", "period_end", "source", "cites")
# optional: same_origin_as, the articles whose own source is the fact's only origin
META_FIELDS = ("file", "sha256", "title", "producer", "url", "accessed", "unit", "columns",
               "processing", "checks", "grouped_rows", "split_years", "citation", "rows")


@dataclass(frozen=True)
class Reference:
    arrivals: pd.DataFrame       # the ministry's rows as published (grouped early years kept)
    meta: dict[str, Any]         # provenance, cumulative checks, split years, citation
    discrepancies: pd.DataFrame  # other published values for the same cells, with a status
    facts: pd.DataFrame          # dated facts, one row each

    def annual(self) -> pd.Series:
        """Arrivals per single year, 1998 onwards: grouped rows replaced by the separately
        published single years (recorded in the provenance as `split_years`)."""
        split = {row["year"]: row["total"] for row in self.meta["split_years"]}
        single = self.arrivals[self.arrivals["year_from"] == self.arrivals["year_to"]]
        series = dict(zip(single["year_to"].astype(int), single["total"].astype(int)))
        series.update(split)
        return pd.Series(series, name="arrivals").sort_index().rename_axis("year")


def sex_split_years(reference: Reference) -> tuple[int, ...]:
    """The single years whose row gives male and female arrivals (grouped rows do not)."""
    rows = reference.arrivals
    single = rows[(rows["year_from"] == rows["year_to"]) & rows["male"].notna() & rows["female"].notna()]
    return tuple(int(y) for y in single["year_to"])


def _read_csv(path: Path, columns: tuple[str, ...]) -> pd.DataFrame:
    if not path.is_file():
        raise DataError(path, None, None, "file not found")
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise DataError(path, None, None, f"not UTF-8 text (byte {exc.start}); save the file as UTF-8") from None
    except pd.errors.EmptyDataError:
        raise DataError(path, None, None, f"the file is empty (expected the columns {', '.join(columns)})") from None
    except pd.errors.ParserError as exc:
        line = re.search(r"line (\d+)", str(exc))
        raise DataError(path, f"line {line.group(1)}" if line else None, None,
                        f"not a well-formed CSV row: {exc}") from None
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise DataError(path, None, missing[0], f"missing column (expected {', '.join(columns)})")
    return frame


def _as_int(frame: pd.DataFrame, path: Path, column: str, label: str, allow_empty=False) -> pd.Series:
    """Whole numbers from a text column; errors name the file's line (header is line 1)."""
    out = []
    for i, raw in enumerate(frame[column], start=1):
        if raw == "" and allow_empty:
            out.append(pd.NA)
            continue
        try:
            number = int(raw)
        except ValueError:
            raise DataError(path, f"line {i + 1} ({frame[label].iloc[i - 1]})", column,
                            f"{raw!r} is not a whole number") from None
        if number < 0:
            raise DataError(path, f"line {i + 1} ({frame[label].iloc[i - 1]})", column, f"{number} is negative")
        out.append(number)
    return pd.Series(out, index=frame.index, dtype="Int64")


def load_arrivals(path: Path = paths.ARRIVALS) -> pd.DataFrame:
    frame = _read_csv(path, ARRIVAL_COLUMNS)
    for column in ("year_from", "year_to", "male", "female", "total"):
        frame[column] = _as_int(frame, path, column, "period", allow_empty=(column == "year_from"))
    for i, row in enumerate(frame.itertuples(), start=1):
        where = f"line {i + 1} ({row.period})"
        if row.male + row.female != row.total:
            raise DataError(path, where, "total",
                            f"{row.total} is not male + female ({row.male} + {row.female} = {row.male + row.female})")
        if pd.notna(row.year_from) and row.year_from > row.year_to:
            raise DataError(path, where, "year_from", "after year_to")
    if frame["period"].duplicated().any():
        dup = frame.loc[frame["period"].duplicated(), "period"].iloc[0]
        raise DataError(path, dup, "period", "duplicate period")
    years = frame["year_to"].tolist()
    if years != sorted(years):
        raise DataError(path, None, "year_to", "rows must run in order of year")
    return frame


def load_meta(path: Path = paths.ARRIVALS_META, data: Path = paths.ARRIVALS) -> dict[str, Any]:
    meta = read_yaml(path)
    if not isinstance(meta, dict):
        raise DataError(path, None, None, "expected a mapping")
    require_fields(path, meta, "provenance", META_FIELDS)
    actual = sha256_of(data)
    if actual != meta["sha256"]:
        raise DataError(path, "provenance", "sha256",
                        f"checksum mismatch for {data.name}: provenance says {meta['sha256']}, file has {actual}")
    meta["obtained_via"] = meta.get("obtained_via") or []
    groups = {str(row["years"]) for row in meta["rows"]}
    for i, via in enumerate(meta["obtained_via"], start=1):
        if not isinstance(via, dict) or set(via) != {"years", "key"}:
            raise DataError(path, f"obtained_via {i}", "obtained_via", "expected {years, key}: the rows and the "
                                                                       "compilation they were copied from")
        if str(via["years"]) not in groups:
            raise DataError(path, f"obtained_via {via['years']}", "years", "is not a group of `rows`")
    return meta


def check_cumulative(arrivals: pd.DataFrame, meta: dict[str, Any], path: Path = paths.ARRIVALS_META) -> None:
    """The rows must add up to the ministry's published cumulative totals."""
    for check in meta["checks"]:
        upto = arrivals[arrivals["year_to"] <= check["through"]]
        for column in ("total", "male", "female"):
            if check.get(column) is not None and int(upto[column].sum()) != check[column]:
                raise DataError(path, f"checks through {check['through']}", column,
                                f"rows add up to {int(upto[column].sum())}, published cumulative is {check[column]}")


def check_years(arrivals: pd.DataFrame, meta: dict[str, Any], path: Path = paths.ARRIVALS,
                meta_path: Path = paths.ARRIVALS_META) -> None:
    """One row per year from the first to the last. A row covering several years (or with an open
    start) must be one the provenance declares in `grouped_rows`, with its single years in
    `split_years` adding up to it; no year may be missing or covered twice. So a year dropped with
    its count folded into the next row is refused, not charted as a missing bar."""
    declared = meta.get("grouped_rows") or []
    if not isinstance(declared, list):
        raise DataError(meta_path, "provenance", "grouped_rows", "expected a list of the table's period labels")
    unknown = sorted(set(declared) - set(arrivals["period"]))
    if unknown:
        raise DataError(meta_path, "provenance", "grouped_rows", f"names {unknown[0]!r}, which is not a row of {path.name}")
    split = {int(row["year"]): int(row["total"]) for row in meta.get("split_years") or []}
    previous = None
    for i, row in enumerate(arrivals.itertuples(), start=1):
        where = f"line {i + 1} ({row.period})"
        open_start = pd.isna(row.year_from)
        if (open_start or row.year_from != row.year_to) and row.period not in declared:
            covers = f"the years up to {row.year_to}" if open_start else f"{row.year_from}-{row.year_to}"
            raise DataError(path, where, "period", f"covers {covers}, but {meta_path.name} does not declare it under "
                                                   "grouped_rows (one row per year is expected)")
        if previous is not None:
            if open_start:
                raise DataError(path, where, "year_from", "only the first row may have an open start")
            if row.year_from > previous + 1:
                gap = (f"{previous + 1}" if row.year_from == previous + 2 else f"{previous + 1}-{row.year_from - 1}")
                raise DataError(path, where, "year_from", f"year {gap} is missing: the row before ends in {previous} "
                                                          f"and this one starts in {row.year_from}")
            if row.year_from <= previous:
                raise DataError(path, where, "year_from", f"starts in {row.year_from}, which the row before already "
                                                          f"covers (it ends in {previous})")
        if not open_start and row.year_from != row.year_to:
            years = range(int(row.year_from), int(row.year_to) + 1)
            if any(y not in split for y in years) or sum(split[y] for y in years) != row.total:
                raise DataError(meta_path, "provenance", "split_years",
                                f"the single years of {row.period!r} must each be listed and add up to its total {row.total}")
        previous = row.year_to


def load_discrepancies(path: Path = paths.DISCREPANCIES) -> pd.DataFrame:
    frame = _read_csv(path, DISCREPANCY_COLUMNS)
    frame["value"] = _as_int(frame, path, "value", "id")
    frame["used_value"] = _as_int(frame, path, "used_value", "id")
    if frame["id"].duplicated().any():
        raise DataError(path, frame.loc[frame["id"].duplicated(), "id"].iloc[0], "id", "duplicate id")
    return frame


def load_facts(path: Path = paths.FACTS) -> pd.DataFrame:
    rows, seen = [], set()
    for i, record in enumerate(read_yaml_list(path), start=1):
        name = record_name(record, i)
        require_fields(path, record, name, FACT_FIELDS)
        if record["id"] in seen:
            raise DataError(path, name, "id", f"duplicate id {record['id']!r}")
        seen.add(record["id"])
        if record["kind"] not in ("figure", "event"):
            raise DataError(path, name, "kind", f"{record['kind']!r} is not 'figure' or 'event'")
        if not isinstance(record["cites"], list) or not record["cites"]:
            raise DataError(path, name, "cites", "list the keys of its sources in outside_sources.yaml")
        if record["kind"] == "figure" and not isinstance(record["value"], (int, float)):
            raise DataError(path, name, "value", f"a figure needs a number, got {record['value']!r}")
        dates = {f: parse_partial_date(record[f], path, name, f) for f in ("date", "period_start", "period_end")}
        same = record.get("same_origin_as") or []
        if not isinstance(same, list) or not all(isinstance(k, str) for k in same):
            raise DataError(path, name, "same_origin_as", "list the keys of the articles this fact shares its origin with")
        rows.append({**record, **dates, "same_origin_as": same})
    return pd.DataFrame(rows).set_index("id", drop=False)


def load_reference() -> Reference:
    arrivals = load_arrivals()
    meta = load_meta()
    check_years(arrivals, meta)
    check_cumulative(arrivals, meta)
    return Reference(arrivals, meta, load_discrepancies(), load_facts())
