"""Parameters: defaults in params.yaml, overrides from the command line, checked before anything runs."""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

import yaml

from . import formatting as fmt
from . import paths
from .freshness import ReadParameters
from .loading import date_bounds, read_yaml


class ParameterError(ValueError):
    """A parameter that is unknown, of the wrong type, or impossible; names it and what is allowed."""


@dataclass(frozen=True)
class Spec:
    kind: type
    allowed: str
    check: Callable[[Any], bool] = lambda value: True


def _date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        raise ValueError("a date and a time")
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


SPECS: dict[str, Spec] = {
    "era_boundary": Spec(dt.date, "a date (YYYY-MM-DD) after records_start and before as_of"),
    "records_start": Spec(dt.date, "a date (YYYY-MM-DD), not before the NIS records begin"),
    "as_of": Spec(dt.date, "a date (YYYY-MM-DD) after records_start, not after the last data the notebooks need"),
    "arrivals_first_year": Spec(int, "a year of the ministry's table, up to arrivals_last_year"),
    "arrivals_last_year": Spec(int, "a year of the ministry's table, from arrivals_first_year"),
    "arrivals_revision": Spec(str, "'current' or '2012-release'", lambda v: v in ("current", "2012-release")),
    "approximate_tolerance": Spec(float, "a share between 0 and 1 (0.05 means 5%)", lambda v: 0 <= v < 1),
    "nearly_margin": Spec(float, "a share between 0 and 1 (0.1 means 10%)", lambda v: 0 < v < 1),
}
# The key of params.yaml that holds the sensitivity alternatives rather than a parameter.
SENSITIVITY = "sensitivity"
# The fact that gives the window of the elite counts (the ministry's statement of August 2024).
ELITE_COUNTS_FACT = "elite-total-1997-2024h1"
# What the prose calls each leadership date an era boundary may be set to (dated facts in facts.yaml).
ERA_EVENTS = {
    "kim-jong-il-death": "Kim Jong-il's death",
    "kim-jong-un-successor": "Kim Jong-un's naming as successor",
    "kim-jong-un-first-secretary": "Kim Jong-un's appointment as the Party's First Secretary",
}


def fact_dates() -> dict[str, str]:
    """Every dated fact's id and ISO date, read without pandas."""
    return {str(f["id"]): str(f["date"]) for f in read_yaml(paths.FACTS) or []
            if isinstance(f, dict) and f.get("id") and f.get("date")}


@dataclass(frozen=True)
class Alternative:
    """One sensitivity run: the build's parameters with one of them replaced."""
    parameter: str
    value: Any       # as papermill passes it (a date as ISO text)
    label: str       # for the reader: "era boundary at Kim Jong-un's naming as successor (2011-12-19)"

    @property
    def key(self) -> str:
        return f"{self.parameter}={self.value}"


def sensitivity(chosen: dict[str, Any], path: Path = paths.PARAMS) -> list[Alternative]:
    """The alternatives in params.yaml's `sensitivity` block that differ from the build's own values,
    each checked as a whole set of parameters before anything runs."""
    block = read_file(path).get(SENSITIVITY) or {}
    if not isinstance(block, dict):
        raise ParameterError(f"{path.name}: '{SENSITIVITY}' must map parameter names to lists of values")
    dates = fact_dates() if "era_boundary" in block else {}
    mine = to_papermill(chosen)
    out = []
    for name, values in block.items():
        if name not in SPECS:
            raise ParameterError(f"{path.name}: {SENSITIVITY}: unknown parameter {name!r}; known parameters: {', '.join(SPECS)}")
        if not isinstance(values, list) or not values:
            raise ParameterError(f"{path.name}: {SENSITIVITY}: {name}: write a list of values")
        for value in values:
            label = f"{name.replace('_', ' ')} {value}"
            if name == "era_boundary":
                if str(value) not in dates:
                    raise ParameterError(f"{path.name}: {SENSITIVITY}: era_boundary: {value!r} is not the id of a "
                                         f"dated fact in {paths.FACTS.name}")
                label = f"era boundary at {ERA_EVENTS.get(str(value), value)} ({fmt.date(dates[str(value)])})"
                value = dates[str(value)]
            try:
                typed = validate({**chosen, name: value})
            except ParameterError as exc:
                raise ParameterError(f"{path.name}: {SENSITIVITY}: {exc}") from None
            if to_papermill(typed)[name] != mine[name]:
                out.append(Alternative(name, to_papermill(typed)[name], label))
    return out


@dataclass(frozen=True)
class DataBounds:
    """What the data can support: the window the elite counts cover and the years of the ministry's table."""
    records_start: dt.date   # first day of the NIS records the elite counts cover
    records_end: dt.date     # last day they cover
    first_year: int          # first single year of the ministry's arrivals table
    last_year: int           # its last year


def data_bounds() -> DataBounds:
    """Read from facts.yaml and mou_arrivals.csv/.yaml with plain readers (no pandas: this runs on
    every build, including the nothing-changed one)."""
    facts = {f.get("id"): f for f in read_yaml(paths.FACTS) or [] if isinstance(f, dict)}
    counts = facts.get(ELITE_COUNTS_FACT)
    if not counts or not counts.get("period_start") or not counts.get("period_end"):
        raise ParameterError(f"{paths.FACTS}: record {ELITE_COUNTS_FACT!r} with period_start and period_end is "
                             "needed to bound records_start and as_of")
    try:
        start, end = date_bounds(str(counts["period_start"]))[0], date_bounds(str(counts["period_end"]))[1]
    except (AttributeError, ValueError):
        raise ParameterError(f"{paths.FACTS}: record {ELITE_COUNTS_FACT!r}: period_start or period_end is not a "
                             "date (YYYY, YYYY-MM or YYYY-MM-DD)") from None
    meta = read_yaml(paths.ARRIVALS_META) or {}
    split_years = meta.get("split_years", []) if isinstance(meta, dict) else []
    try:
        split = [int(y["year"]) for y in split_years]
    except (TypeError, KeyError, ValueError):
        raise ParameterError(f"{paths.ARRIVALS_META}: split_years: each needs a whole-number `year`") from None
    rows = _arrival_rows()
    single = [int(r["year_to"]) for _, r in rows if r["year_from"] == r["year_to"]]
    return DataBounds(start, end, min(split + single), max(int(r["year_to"]) for _, r in rows))


def _arrival_rows() -> list[tuple[int, dict[str, str]]]:
    """mou_arrivals.csv's rows with their line numbers; every year_to a year, every year_from blank
    or a year; anything else a ParameterError naming the line."""
    path = paths.ARRIVALS
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            rows = list(enumerate(csv.DictReader(handle), start=2))
    except OSError as exc:
        raise ParameterError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    except (UnicodeDecodeError, csv.Error) as exc:
        raise ParameterError(f"{path}: not UTF-8 CSV ({exc})") from None
    if not rows:
        raise ParameterError(f"{path}: no rows (expected the columns period, year_from, year_to, ...)")
    for line, row in rows:
        for column in ("year_from", "year_to"):
            value = row.get(column)
            if column == "year_from" and value == "":
                continue
            if not isinstance(value, str) or not value.isascii() or not value.isdigit() or len(value) != 4:
                raise ParameterError(f"{path}: line {line}: field '{column}': {value!r} is not a year")
    return rows



def _coerce(name: str, value: Any) -> Any:
    spec = SPECS[name]
    try:
        if spec.kind is dt.date:
            return _date(value)
        if spec.kind is int:
            if isinstance(value, bool) or (isinstance(value, float) and not value.is_integer()):
                raise ValueError
            return int(str(value)) if isinstance(value, str) else int(value)
        if spec.kind is float:
            if isinstance(value, bool):
                raise ValueError
            return float(value)
        if not isinstance(value, str):
            raise ValueError
        return value
    except (TypeError, ValueError):
        raise ParameterError(f"parameter {name!r}: {value!r} is not valid; allowed: {spec.allowed}") from None


def validate(values: dict[str, Any]) -> dict[str, Any]:
    """Check names, types and values; return the parameters with their proper types."""
    unknown = sorted(set(values) - set(SPECS))
    if unknown:
        raise ParameterError(f"unknown parameter {unknown[0]!r}; known parameters: {', '.join(SPECS)}")
    missing = sorted(set(SPECS) - set(values))
    if missing:
        raise ParameterError(f"parameter {missing[0]!r} is missing from {paths.PARAMS.name}")
    typed = {name: _coerce(name, value) for name, value in values.items()}
    for name, value in typed.items():
        if not SPECS[name].check(value):
            raise ParameterError(f"parameter {name!r}: {value!r} is not allowed; allowed: {SPECS[name].allowed}")
    _check_bounds(typed, data_bounds())
    return typed


def _check_bounds(typed: dict[str, Any], bounds: DataBounds) -> None:
    """Values the data can support: no window outside the records, none empty."""
    def refuse(name: str, problem: str) -> None:
        raise ParameterError(f"parameter {name!r}: {typed[name]} {problem}; allowed: {SPECS[name].allowed}")

    if typed["records_start"] < bounds.records_start:
        refuse("records_start", f"is before the NIS records begin ({bounds.records_start})")
    if typed["as_of"] > bounds.records_end:
        refuse("as_of", f"is after the last data the elite counts cover ({bounds.records_end})")
    if not typed["records_start"] < typed["as_of"]:
        refuse("as_of", f"is not after records_start {typed['records_start']}")
    if not typed["records_start"] < typed["era_boundary"] < typed["as_of"]:
        refuse("era_boundary", f"is outside the records window ({typed['records_start']} to {typed['as_of']}),"
                               " which would leave an era empty")
    for name in ("arrivals_first_year", "arrivals_last_year"):
        if not bounds.first_year <= typed[name] <= bounds.last_year:
            refuse(name, f"is outside the ministry's table ({bounds.first_year} to {bounds.last_year})")
    if typed["arrivals_first_year"] > typed["arrivals_last_year"]:
        refuse("arrivals_first_year", f"is after arrivals_last_year {typed['arrivals_last_year']}")


def parse_overrides(pairs: list[str]) -> dict[str, Any]:
    """`name=value` strings from the command line; values read as YAML scalars. A name given twice
    is refused rather than letting the last one win silently."""
    overrides: dict[str, Any] = {}
    given: dict[str, str] = {}
    for pair in pairs:
        name, sep, raw = pair.partition("=")
        name = name.strip()
        if not sep or not name:
            raise ParameterError(f"override {pair!r}: write it as name=value")
        if name in given:
            raise ParameterError(f"parameter {name!r} is given twice ({given[name]!r} and {raw!r}); give it once")
        given[name] = raw
        try:
            value = yaml.safe_load(raw) if raw.strip() else raw
        except (yaml.YAMLError, ValueError, RecursionError):  # ValueError: an impossible date, 2011-02-30
            value = raw  # not a YAML scalar ('@x'): the parameter's own check names what is allowed
        overrides[name] = raw if isinstance(value, (dict, list)) else value
    return overrides


class _UniqueKeyLoader(yaml.SafeLoader):
    """A YAML loader that refuses a key written twice (PyYAML would keep the last silently), and an
    alias (`*name`), which can multiply a few lines into millions of values."""

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            mark = self.peek_event().start_mark
            raise ParameterError(f"{paths.PARAMS.name}: line {mark.line + 1}: an alias (*name) is not allowed; "
                                 "write the value out")
        return super().compose_node(parent, index)


def _mapping_without_duplicates(loader: yaml.SafeLoader, node: yaml.MappingNode) -> dict:
    seen: dict[Any, int] = {}
    for key_node, _ in node.value:
        key = loader.construct_object(key_node)
        if key in seen:
            raise ParameterError(f"{paths.PARAMS.name}: line {key_node.start_mark.line + 1}: {key!r} is given twice "
                                 f"(first on line {seen[key]}); give it once")
        seen[key] = key_node.start_mark.line + 1
    return loader.construct_mapping(node)


_UniqueKeyLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping_without_duplicates)


def read_file(path: Path = paths.PARAMS) -> dict[str, Any]:
    """params.yaml as a mapping; broken YAML, a key given twice or another shape is a ParameterError."""
    try:
        document = yaml.load(path.read_text(encoding="utf-8"), Loader=_UniqueKeyLoader)
    except OSError as exc:
        raise ParameterError(f"{path}: cannot be read ({exc.strerror})") from None
    except ParameterError:
        raise
    except UnicodeDecodeError as exc:
        raise ParameterError(f"{path}: not UTF-8 text (byte {exc.start})") from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        raise ParameterError(f"{path}: {where}not valid YAML ({exc.problem})") from None
    except yaml.YAMLError as exc:  # a control character, say: the reader names its position
        raise ParameterError(f"{path}: not valid YAML ({exc})") from None
    except RecursionError:
        raise ParameterError(f"{path}: nested too deeply to be parameters") from None
    except ValueError as exc:  # PyYAML builds an unquoted date and fails on an impossible one
        raise ParameterError(f"{path}: a value cannot be read ({exc}); an impossible date? "
                             "write real dates as YYYY-MM-DD") from None
    if document is None:
        return {}
    if not isinstance(document, dict):
        raise ParameterError(f"{path}: expected 'name: value' lines, got a {type(document).__name__}")
    return document


def load(overrides: dict[str, Any] | None = None, path: Path = paths.PARAMS) -> dict[str, Any]:
    defaults = {k: v for k, v in read_file(path).items() if k != SENSITIVITY}
    unknown = sorted(set(overrides or {}) - set(SPECS))
    if unknown:
        raise ParameterError(f"unknown parameter {unknown[0]!r}; known parameters: {', '.join(SPECS)}")
    return validate({**defaults, **(overrides or {})})


def defaults(path: Path = paths.PARAMS) -> dict[str, Any]:
    return load(None, path)


def departures(chosen: dict[str, Any], path: Path = paths.PARAMS) -> dict[str, tuple[Any, Any]]:
    """The parameters of a build that differ from params.yaml: {name: (value, default)}, JSON-able."""
    base, mine = to_papermill(defaults(path)), to_papermill(chosen)
    return {name: (mine[name], base[name]) for name in SPECS if mine[name] != base[name]}


def to_papermill(params: dict[str, Any]) -> dict[str, Any]:
    """Plain JSON-able values, as papermill injects them into the notebooks."""
    return {k: v.isoformat() if isinstance(v, dt.date) else v for k, v in params.items()}


def from_namespace(namespace: dict[str, Any]) -> dict[str, Any]:
    """The parameters a notebook was given: its parameter variables that are not None (None in
    the notebook's `parameters` cell means "the default from params.yaml"). They remember which
    ones the notebook reads, for its statistics' record (see `freshness`)."""
    return ReadParameters(load({name: namespace[name] for name in SPECS if namespace.get(name) is not None}))
