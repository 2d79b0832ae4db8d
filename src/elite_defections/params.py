"""Parameters: defaults in params.yaml, overrides from the command line, checked before anything runs."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

import yaml

from . import paths


class ParameterError(ValueError):
    """A parameter that is unknown, of the wrong type, or impossible; names it and what is allowed."""


@dataclass(frozen=True)
class Spec:
    kind: type
    allowed: str
    check: Callable[[Any], bool] = lambda value: True


def _date(value: Any) -> dt.date:
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


SPECS: dict[str, Spec] = {
    "era_boundary": Spec(dt.date, "a date (YYYY-MM-DD) inside the records window, after records_start and before as_of"),
    "records_start": Spec(dt.date, "a date (YYYY-MM-DD); the NIS records begin in July 1997"),
    "as_of": Spec(dt.date, "a date (YYYY-MM-DD) after records_start"),
    "arrivals_first_year": Spec(int, "a year from 1998 (the first single year of the ministry's table) to arrivals_last_year",
                                lambda v: 1998 <= v),
    "arrivals_last_year": Spec(int, "a year from arrivals_first_year to 2025 (the last year of the table)",
                               lambda v: v <= 2025),
    "arrivals_revision": Spec(str, "'current' or '2012-release'", lambda v: v in ("current", "2012-release")),
    "approximate_tolerance": Spec(float, "a share between 0 and 1 (0.05 means 5%)", lambda v: 0 <= v < 1),
    "nearly_margin": Spec(float, "a share between 0 and 1 (0.1 means 10%)", lambda v: 0 < v < 1),
}


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
    if not typed["records_start"] < typed["as_of"]:
        raise ParameterError(f"parameter 'as_of': {typed['as_of']} is not after records_start {typed['records_start']}")
    if not typed["records_start"] < typed["era_boundary"] < typed["as_of"]:
        raise ParameterError(
            f"parameter 'era_boundary': {typed['era_boundary']} is outside the records window "
            f"({typed['records_start']} to {typed['as_of']}); allowed: {SPECS['era_boundary'].allowed}")
    if typed["arrivals_first_year"] > typed["arrivals_last_year"]:
        raise ParameterError("parameter 'arrivals_first_year': after arrivals_last_year")
    return typed


def parse_overrides(pairs: list[str]) -> dict[str, Any]:
    """`name=value` strings from the command line; values read as YAML scalars."""
    overrides = {}
    for pair in pairs:
        name, sep, raw = pair.partition("=")
        if not sep or not name:
            raise ParameterError(f"override {pair!r}: write it as name=value")
        overrides[name.strip()] = yaml.safe_load(raw) if raw.strip() else raw
    return overrides


def load(overrides: dict[str, Any] | None = None, path: Path = paths.PARAMS) -> dict[str, Any]:
    defaults = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    unknown = sorted(set(overrides or {}) - set(SPECS))
    if unknown:
        raise ParameterError(f"unknown parameter {unknown[0]!r}; known parameters: {', '.join(SPECS)}")
    return validate({**defaults, **(overrides or {})})


def to_papermill(params: dict[str, Any]) -> dict[str, Any]:
    """Plain JSON-able values, as papermill injects them into the notebooks."""
    return {k: v.isoformat() if isinstance(v, dt.date) else v for k, v in params.items()}


def from_namespace(namespace: dict[str, Any]) -> dict[str, Any]:
    """The parameters a notebook was given: its parameter variables that are not None (None in
    the notebook's `parameters` cell means "the default from params.yaml")."""
    return load({name: namespace[name] for name in SPECS if namespace.get(name) is not None})
