"""The claims ledger: every quantitative claim in the five articles, with its verbatim quote.

Loading checks each record against its article: the quote must occur in the text character for
character (the offsets are recorded), the printed figure must occur in the quote, and every value
must parse for its unit. A quote that is not found is reported with the closest passage.
"""

from __future__ import annotations

import difflib
import math
import re
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Any

import pandas as pd

from ..core import paths, printed
from ..core.errors import DataError
from ..core.loading import (
    parse_partial_date,
    read_yaml_list,
    record_name,
    require_fields,
)
from .check_schema import Catalog, CheckError, validate_claim
from .people import Person
from .reference import sex_split_years
from .sources import Source

FIELDS = ("id", "source", "quote", "figure", "value", "unit", "qualifier", "precision", "measure",
          "population", "period_start", "period_end", "relative", "reference_date", "entities", "note")
UNITS = ("persons", "percent", "multiple", "fraction", "years", "months", "date")
QUALIFIERS = ("exact", "more_than", "at_least", "nearly", "around", "fewer_than", "up_to", "matches")
MEASURES = ("count", "share", "ratio", "change", "total", "duration", "date", "rank", "comparison")
POPULATIONS = ("all_defectors", "elite_defectors", "diplomats", "overseas_workers", "women", "men", "person")
CHECK_FIELDS = ("check",)        # required: how the claim is checked (see check_kinds.py)
OPTIONAL_FIELDS = ("readings", "reviewed")  # other readings; false for a check draft-claims proposed
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")  # matched whole (fullmatch)
# A quote is a clause or a sentence; longer is refused (QUOTE_TOO_LONG), which also bounds the
# search for the closest passage shown beside a quote that is not found.
MAX_QUOTE_CHARS = 1000
FRACTION = re.compile(r"\s*(\d+)\s*/\s*(\d+)\s*")  # matched whole (fullmatch)


@dataclass(frozen=True)
class Claim:
    id: str
    source: str
    quote: str
    figure: str
    value: float | str
    unit: str
    qualifier: str
    precision: float | None
    measure: str
    population: str
    period_start: str | None
    period_end: str | None
    relative: str | None
    reference_date: str | None
    entities: tuple[str, ...]
    note: str | None
    start: int  # character offsets of the quote in the article text
    end: int
    check: dict = field(default=None, compare=False, repr=False)        # the check spec, as data
    readings: tuple | None = field(default=None, compare=False, repr=False)
    reviewed: bool = field(default=True, compare=False)  # false: the check was drafted, not yet reviewed

    @property
    def number(self) -> float | None:
        """The value as a number (fractions evaluated), or None for a date."""
        if self.unit == "date":
            return None
        if isinstance(self.value, str):
            return float(Fraction(self.value.replace(" ", "")))
        return float(self.value)


def closest_passage(quote: str, text: str) -> str:
    """The stretch of `text` most like `quote`, to show beside a quote that was not found."""
    if len(text) * max(len(quote), 1) > 20_000_000:  # bounded: the suggestion is a courtesy
        return "(not searched: the article is too long for a closest-passage search)"
    starts = [0] + [m.end() for m in re.finditer(r"\s+", text)]
    best, best_ratio = "", -1.0
    matcher = difflib.SequenceMatcher(autojunk=False)
    matcher.set_seq2(quote)
    for start in starts:
        window = text[start:start + len(quote)]
        matcher.set_seq1(window)
        if matcher.real_quick_ratio() <= best_ratio or matcher.quick_ratio() <= best_ratio:
            continue
        ratio = matcher.ratio()
        if ratio > best_ratio:
            best, best_ratio = window, ratio
    return best


def _parse_value(record: dict, path: Path, name: str) -> float | str:
    value, unit = record["value"], record["unit"]
    if unit == "date":
        return parse_partial_date(value, path, name, "value")
    if unit == "fraction" and isinstance(value, str):
        if not FRACTION.fullmatch(value) or int(FRACTION.fullmatch(value).group(2)) == 0:
            raise DataError(path, name, "value", f"{value!r} is not a fraction like '1/6'")
        return value.replace(" ", "")
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise DataError(path, name, "value", f"{value!r} is not a number (unit {unit!r})")
    if isinstance(value, float) and not math.isfinite(value):
        raise DataError(path, name, "value", f"{value!r} is not a finite number")
    if value < 0:
        raise DataError(path, name, "value", f"{value!r} is negative")
    return value


def _check_choice(record: dict, path: Path, name: str, field: str, allowed: tuple[str, ...]) -> None:
    if record[field] not in allowed:
        raise DataError(path, name, field, f"{record[field]!r} is not one of {', '.join(allowed)}")


def check_value_against_figure(record: dict, value: float | str, path: Path, name: str) -> None:
    """The value must be what the printed figure says, once parsed ("10,985" is not 11200), and
    a number its unit can hold (a fraction is at most 1, a share in percent at most 100, persons
    are whole)."""
    unit = record["unit"]
    why = printed.disagreement(record["figure"], value, unit)
    if why:
        raise DataError(path, name, "value", f"{value!r} does not agree with the printed figure "
                                             f"{record['figure']!r} ({why})")
    if unit == "date":
        return
    number = float(Fraction(value)) if isinstance(value, str) else float(value)
    if unit == "fraction" and not 0 <= number <= 1:
        raise DataError(path, name, "value", f"{value!r} cannot be a fraction (a fraction lies between 0 and 1)")
    if unit == "percent" and record.get("measure") == "share" and number > 100:
        raise DataError(path, name, "value", f"{value!r} cannot be a share in percent (at most 100)")
    if unit == "persons" and not number.is_integer():
        raise DataError(path, name, "value", f"{value!r} cannot be a number of persons (not a whole number)")


def load_claims(sources: dict[str, Source], people: dict[str, Person],
                path: Path = paths.CLAIMS, reference=None) -> list[Claim]:
    """The ledger, each record checked; with `reference`, each claim's check is validated too."""
    claims: list[Claim] = []
    seen: set[str] = set()
    for i, record in enumerate(read_yaml_list(path), start=1):
        name = record_name(record, i)
        require_fields(path, record, name, FIELDS + CHECK_FIELDS)
        unknown = set(record) - set(FIELDS + CHECK_FIELDS + OPTIONAL_FIELDS)
        if unknown:
            raise DataError(path, name, sorted(unknown)[0], "unknown field")
        cid = record["id"]
        if not isinstance(cid, str) or not SLUG.fullmatch(cid):
            raise DataError(path, name, "id", f"{cid!r} is not a lowercase hyphenated slug")
        if cid in seen:
            raise DataError(path, name, "id", f"duplicate id {cid!r}")
        seen.add(cid)
        if record["source"] not in sources:
            raise DataError(path, name, "source",
                            f"unknown source key {record['source']!r}; known: {', '.join(sources)}")
        source = sources[record["source"]]
        quote = record["quote"]
        if not isinstance(quote, str) or not quote.strip():
            raise DataError(path, name, "quote", "must be a non-empty string")
        if len(quote) > MAX_QUOTE_CHARS:
            raise DataError(path, name, "quote", f"{len(quote):,} characters; a quote is at most {MAX_QUOTE_CHARS:,} "
                                                 "(QUOTE_TOO_LONG): quote the clause that carries the figure")
        start = source.text.find(quote)
        if start < 0:
            raise DataError(path, name, "quote",
                            f"not found verbatim in {source.file}; closest passage: "
                            f"{closest_passage(quote, source.text)!r}")
        if not isinstance(record["figure"], str) or record["figure"] not in quote:
            raise DataError(path, name, "figure", f"{record['figure']!r} does not occur in the quote")
        for choice, allowed in (("unit", UNITS), ("qualifier", QUALIFIERS),
                               ("measure", MEASURES), ("population", POPULATIONS)):
            _check_choice(record, path, name, choice, allowed)
        value = _parse_value(record, path, name)
        check_value_against_figure(record, value, path, name)
        precision = record["precision"]
        if precision is not None and (isinstance(precision, bool) or not isinstance(precision, (int, float))
                                      or precision <= 0):
            raise DataError(path, name, "precision", f"{precision!r} is not a positive number or null")
        if precision is not None and isinstance(value, str) and record["qualifier"] != "exact":
            raise DataError(path, name, "precision", "a fraction's precision is that of its denominator "
                                                     "(1: \"one-sixth\" is 1/6.5 to 1/5.5), for an exact fraction only")
        dates = {f: parse_partial_date(record[f], path, name, f)
                 for f in ("period_start", "period_end", "reference_date")}
        if dates["period_start"] and dates["period_end"] and dates["period_start"][:4] > dates["period_end"][:4]:
            raise DataError(path, name, "period_end", "ends before period_start")
        if record["relative"] and not dates["reference_date"]:
            raise DataError(path, name, "reference_date",
                            f"needed to resolve the relative date {record['relative']!r}")
        if record["entities"] is not None and (not isinstance(record["entities"], list) or not all(
                isinstance(e, str) for e in record["entities"])):
            raise DataError(path, name, "entities", f"{record['entities']!r} is not a list of person ids")
        entities = tuple(record["entities"] or ())
        for entity in entities:
            if entity not in people:
                raise DataError(path, name, "entities", f"unknown person id {entity!r} (see {paths.PEOPLE.name})")
        reviewed = record.get("reviewed", True)
        if not isinstance(reviewed, bool):
            raise DataError(path, name, "reviewed", f"{reviewed!r} is not true or false")
        readings = record.get("readings")
        claims.append(Claim(**{**record, **dates, "value": value, "entities": entities,
                               "readings": tuple(readings) if isinstance(readings, list) else readings,
                               "start": start, "end": start + len(quote)}))
    if reference is not None:
        validate_checks(claims, people, reference, path)
    return claims


def validate_checks(claims: list[Claim], people: dict[str, Person], reference, path: Path = paths.CLAIMS) -> None:
    """Every claim's check against the vocabulary and the evidence: a claim that loads can be checked."""
    catalog = Catalog(claims={c.id: c for c in claims}, facts=reference.facts, people=people,
                      years=tuple(int(y) for y in reference.annual().index),
                      by_sex=sex_split_years(reference))
    for i, claim in enumerate(claims, start=1):
        try:
            validate_claim(claim, catalog)
        except CheckError as exc:
            raise DataError(path, f"#{i} ({claim.id})", exc.field, exc.problem) from None


def claims_frame(claims: list[Claim]) -> pd.DataFrame:
    """The ledger as a table, one row per claim, with the numeric value alongside."""
    rows: list[dict[str, Any]] = []
    for c in claims:
        row = {f: getattr(c, f) for f in FIELDS}
        row.update(entities=", ".join(c.entities), number=c.number, start=c.start, end=c.end)
        rows.append(row)
    return pd.DataFrame(rows).set_index("id", drop=False)
