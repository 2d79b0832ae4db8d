"""The claims ledger loader: each error class gives a clear message naming file, record, field."""

from __future__ import annotations

import re

import pytest
import yaml

from elite_defections.core.errors import DataError
from elite_defections.evidence.claims import closest_passage, load_claims


def _ledger(data_copy):
    return data_copy / "claims.yaml"


def _edit(data_copy, index, **changes):
    path = _ledger(data_copy)
    records = yaml.safe_load(path.read_text(encoding="utf-8"))
    records[index].update(changes)
    path.write_text(yaml.safe_dump(records, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return records[index]


def _load(evidence, data_copy):
    return load_claims(evidence.sources, evidence.people, _ledger(data_copy))


def test_quote_not_found_shows_the_closest_passage(evidence, data_copy):
    record = _edit(data_copy, 0)
    original = record["quote"]
    altered = original.replace(record["figure"], "999,999", 1)
    _edit(data_copy, 0, quote=altered, figure="999,999")
    with pytest.raises(DataError) as err:
        _load(evidence, data_copy)
    message = str(err.value)
    assert f"record #1 ({record['id']})" in message and "field 'quote'" in message
    assert "closest passage" in message
    # The closest passage is the real sentence the quote was taken from.
    assert original[:20] in message


def test_duplicate_id(evidence, data_copy):
    first = evidence.claims[0].id
    _edit(data_copy, 1, id=first)
    with pytest.raises(DataError, match=rf"record #2 \({first}\): field 'id': duplicate"):
        _load(evidence, data_copy)


def test_unknown_source_key(evidence, data_copy):
    _edit(data_copy, 2, source="nytimes2024")
    with pytest.raises(DataError, match=r"field 'source': unknown source key 'nytimes2024'"):
        _load(evidence, data_copy)


def test_value_that_does_not_parse(evidence, data_copy):
    index = next(i for i, c in enumerate(evidence.claims) if c.unit == "persons")
    _edit(data_copy, index, value="about two hundred")
    with pytest.raises(DataError, match=rf"record #{index + 1} .*field 'value': 'about two hundred' is not a number"):
        _load(evidence, data_copy)


def test_bad_fraction_and_bad_date(evidence, data_copy):
    index = next(i for i, c in enumerate(evidence.claims) if c.unit == "date")
    _edit(data_copy, index, value="2023-14")
    with pytest.raises(DataError, match=r"field 'value': '2023-14' is not a real date"):
        _load(evidence, data_copy)


def test_missing_field(evidence, data_copy):
    path = _ledger(data_copy)
    records = yaml.safe_load(path.read_text(encoding="utf-8"))
    del records[3]["qualifier"]
    path.write_text(yaml.safe_dump(records, allow_unicode=True, sort_keys=False), encoding="utf-8")
    with pytest.raises(DataError, match=r"record #4 .*field 'qualifier': missing"):
        _load(evidence, data_copy)


def test_figure_must_be_in_its_quote(evidence, data_copy):
    _edit(data_copy, 0, figure="12345")
    with pytest.raises(DataError, match=r"field 'figure': '12345' does not occur in the quote"):
        _load(evidence, data_copy)


def test_unknown_choice(evidence, data_copy):
    _edit(data_copy, 0, qualifier="roughly")
    with pytest.raises(DataError, match=r"field 'qualifier': 'roughly' is not one of exact"):
        _load(evidence, data_copy)


def test_relative_date_needs_a_reference_date(evidence, data_copy):
    index = next(i for i, c in enumerate(evidence.claims) if c.relative)
    _edit(data_copy, index, reference_date=None)
    with pytest.raises(DataError, match=r"field 'reference_date': needed to resolve the relative date"):
        _load(evidence, data_copy)


def test_unknown_person(evidence, data_copy):
    _edit(data_copy, 0, entities=["kim-yo-jong"])
    with pytest.raises(DataError, match=r"field 'entities': unknown person id 'kim-yo-jong'"):
        _load(evidence, data_copy)


def test_closest_passage_finds_a_misspelt_quote():
    text = "Alpha beta. Under Kim Jong-il, elites made up 0.23% of 23,027 defectors, whereas more."
    assert closest_passage("Under Kim Jong-il elites made up 0.32% of 23,027", text).startswith("Under Kim Jong-il,")


def _index(data_copy, figure):
    records = yaml.safe_load(_ledger(data_copy).read_text(encoding="utf-8"))
    return next(i for i, r in enumerate(records) if r["figure"] == figure)


@pytest.mark.parametrize("figure, value, reads", [
    ("10,985", 11200, "the figure reads as 10,985"),
    ("5.3-fold", 5.2, "the figure reads as 5.3"),
    ("one-sixth", "1/5", "the figure reads as 1/6"),
    ("nearly tripled", 2, "the figure reads as 3"),
    ("July 1997", "1997-08", "the figure names month 7, the value has 8"),
])
def test_a_value_that_disagrees_with_its_printed_figure(evidence, data_copy, figure, value, reads):
    index = _index(data_copy, figure)
    _edit(data_copy, index, value=value)
    with pytest.raises(DataError, match=rf"record #{index + 1} .*field 'value': .* does not agree with the printed "
                                        rf"figure '{figure}' \({reads}\)"):
        _load(evidence, data_copy)


@pytest.mark.parametrize("figure, changes, problem", [
    ("188", {"unit": "fraction"}, "188 cannot be a fraction (a fraction lies between 0 and 1)"),
    ("2,700", {"unit": "percent", "measure": "share"}, "2700 cannot be a share in percent (at most 100)"),
    ("5.3-fold", {"unit": "persons"}, "5.3 cannot be a number of persons (not a whole number)"),
])
def test_a_unit_that_cannot_hold_the_value(evidence, data_copy, figure, changes, problem):
    index = _index(data_copy, figure)
    _edit(data_copy, index, **changes)
    with pytest.raises(DataError, match=rf"record #{index + 1} .*field 'value': " + re.escape(problem)):
        _load(evidence, data_copy)
