"""Parameters are refused before anything runs when unknown, mistyped or impossible."""

from __future__ import annotations

import datetime as dt

import pytest

from elite_defections.core import params
from elite_defections.core.params import ParameterError


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
    ({"era_boundary": "@x"}, r"parameter 'era_boundary': '@x' is not valid; allowed: a date"),
    ({"era_boundary": "1990-01-01"}, r"parameter 'era_boundary': 1990-01-01 is outside the records window"),
    ({"era_boundary": "2024-06-30"}, r"outside the records window \(1997-07-01 to 2024-06-30\), which would leave an era empty"),
    ({"as_of": "2099-01-01"}, r"parameter 'as_of': 2099-01-01 is after the last data the elite counts cover \(2024-06-30\)"),
    ({"as_of": "2099-01-01", "era_boundary": "2090-01-01"}, r"parameter 'as_of': 2099-01-01 is after the last data"),
    ({"records_start": "1990-01-01"}, r"parameter 'records_start': 1990-01-01 is before the NIS records begin \(1997-07-01\)"),
    ({"arrivals_last_year": 2031}, r"parameter 'arrivals_last_year': 2031 is outside the ministry's table \(1998 to 2025\)"),
    ({"arrivals_first_year": 1990}, r"parameter 'arrivals_first_year': 1990 is outside the ministry's table"),
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


def test_a_parameter_given_twice_is_refused():
    with pytest.raises(ParameterError, match=r"parameter 'era_boundary' is given twice \('2012-04-11' and '2012-01-01'\)"):
        params.parse_overrides(["era_boundary=2012-04-11", "era_boundary=2012-01-01"])


def test_an_unparseable_override_gets_the_parameter_check():
    assert params.parse_overrides(["era_boundary=@x", "as_of=[1"]) == {"era_boundary": "@x", "as_of": "[1"}


@pytest.mark.parametrize("text, message", [
    ("era_boundary: 2011-12-17\nera_boundary: 2012-04-11\n", r"params.yaml: line 2: 'era_boundary' is given twice \(first on line 1\)"),
    ("era_boundary: [2011-12-17\n", r"params.yaml: line 2, column 1: not valid YAML"),
    ("- era_boundary\n", r"params.yaml: expected 'name: value' lines, got a list"),
    ("era_boundary: 2011-12-17\n", r"parameter 'approximate_tolerance' is missing from params.yaml"),
])
def test_a_broken_params_file_is_a_named_error(tmp_path, text, message):
    path = tmp_path / "params.yaml"
    path.write_text(text)
    with pytest.raises(ParameterError, match=message):
        params.load(path=path)


def test_departures_list_what_differs_from_params_yaml():
    chosen = params.load({"era_boundary": "2012-04-11"})
    assert params.departures(chosen) == {"era_boundary": ("2012-04-11", "2011-12-17")}
    assert params.departures(params.load()) == {}


def test_bounds_come_from_the_data():
    bounds = params.data_bounds()
    assert (bounds.records_start, bounds.records_end) == (dt.date(1997, 7, 1), dt.date(2024, 6, 30))
    assert (bounds.first_year, bounds.last_year) == (1998, 2025)
