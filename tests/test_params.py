"""Parameters are refused before anything runs when unknown, mistyped or impossible."""

from __future__ import annotations

import datetime as dt

import pytest

from elite_defections import params
from elite_defections.params import ParameterError


def test_defaults_load_with_types():
    values = params.load()
    assert values["era_boundary"] == dt.date(2011, 12, 17)
    assert isinstance(values["approximate_tolerance"], float)


def test_override_from_the_command_line():
    values = params.load(params.parse_overrides(["era_boundary=2012-04-11", "approximate_tolerance=0.1"]))
    assert values["era_boundary"] == dt.date(2012, 4, 11) and values["approximate_tolerance"] == 0.1


@pytest.mark.parametrize("override, message", [
    ({"era_bondary": "2012-01-01"}, r"unknown parameter 'era_bondary'; known parameters: era_boundary"),
    ({"era_boundary": "last year"}, r"parameter 'era_boundary': 'last year' is not valid; allowed: a date"),
    ({"era_boundary": "1990-01-01"}, r"parameter 'era_boundary': 1990-01-01 is outside the records window"),
    ({"era_boundary": "2030-01-01"}, r"outside the records window \(1997-07-01 to 2024-06-30\)"),
    ({"arrivals_last_year": 2031}, r"parameter 'arrivals_last_year': 2031 is not allowed; allowed: a year"),
    ({"arrivals_first_year": 2.5}, r"parameter 'arrivals_first_year': 2.5 is not valid"),
    ({"arrivals_revision": "2015-release"}, r"'arrivals_revision'.*allowed: 'current' or '2012-release'"),
    ({"approximate_tolerance": True}, r"parameter 'approximate_tolerance': True is not valid"),
    ({"as_of": "1996-01-01"}, r"parameter 'as_of': 1996-01-01 is not after records_start"),
])
def test_bad_parameters_are_refused_with_the_name(override, message):
    with pytest.raises(ParameterError, match=message):
        params.load(override)


def test_override_syntax():
    with pytest.raises(ParameterError, match="write it as name=value"):
        params.parse_overrides(["era_boundary"])
