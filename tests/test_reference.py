"""The ministry's arrivals table, its provenance, discrepancies and the dated facts."""

from __future__ import annotations

import pytest
import yaml

from elite_defections.core.errors import DataError
from elite_defections.evidence.reference import (
    check_cumulative,
    check_years,
    load_arrivals,
    load_discrepancies,
    load_facts,
    load_meta,
)


def test_arrivals_add_up_to_the_published_cumulative_totals(evidence):
    arrivals = evidence.reference.arrivals
    assert int(arrivals["total"].sum()) == 34538  # through 2025
    assert int(arrivals.loc[arrivals["year_to"] <= 2022, "female"].sum()) == 24372


def test_annual_series_splits_grouped_years(evidence):
    annual = evidence.reference.annual()
    assert annual.loc[1999] + annual.loc[2000] + annual.loc[2001] == 1043
    assert annual.loc[2023] == 196 and annual.loc[2025] == 224
    assert list(annual.index) == list(range(1998, 2026))


def test_discrepancies_and_facts_are_data(evidence):
    disc = evidence.reference.discrepancies
    assert {"revised", "rejected", "not_annual"} <= set(disc["status"])
    facts = evidence.reference.facts
    assert facts.loc["elite-total-1997-2024h1", "value"] == 188
    assert facts.loc["kim-jong-il-death", "date"] == "2011-12-17"


def _edit_csv(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_missing_column(data_copy):
    csv = data_copy / "reference" / "mou_arrivals.csv"
    _edit_csv(csv, "period,year_from,year_to,male,female,total", "period,year_from,year_to,male,women,total")
    with pytest.raises(DataError, match=r"mou_arrivals.csv: field 'female': missing column"):
        load_arrivals(csv)


def test_value_that_does_not_parse(data_copy):
    csv = data_copy / "reference" / "mou_arrivals.csv"
    _edit_csv(csv, "2013,2013,2013,369,1145,1514", "2013,2013,2013,369,1l45,1514")
    with pytest.raises(DataError, match=r"mou_arrivals.csv: record line 15 \(2013\): field 'female': '1l45' is not a whole number"):
        load_arrivals(csv)


def test_row_with_too_many_fields(data_copy):
    csv = data_copy / "reference" / "mou_arrivals.csv"
    _edit_csv(csv, "2013,2013,2013,369,1145,1514", "2013,2013,2013,369,1,145,1514")
    with pytest.raises(DataError, match=r"mou_arrivals.csv: record line 15: not a well-formed CSV row"):
        load_arrivals(csv)


def test_total_that_is_not_the_sum(data_copy):
    csv = data_copy / "reference" / "mou_arrivals.csv"
    _edit_csv(csv, "2024,2024,2024,26,210,236", "2024,2024,2024,26,216,236")
    with pytest.raises(DataError, match=r"record line 26 \(2024\): field 'total': 236 is not male \+ female"):
        load_arrivals(csv)


def test_checksum_mismatch_on_the_reference_table(data_copy):
    csv = data_copy / "reference" / "mou_arrivals.csv"
    _edit_csv(csv, "2025,2025,2025,26,198,224", "2025,2025,2025,26,199,225")
    with pytest.raises(DataError, match=r"mou_arrivals.yaml: record provenance: field 'sha256': checksum mismatch"):
        load_meta(data_copy / "reference" / "mou_arrivals.yaml", csv)


def test_cumulative_check_catches_a_changed_row(data_copy):
    csv = data_copy / "reference" / "mou_arrivals.csv"
    _edit_csv(csv, "2025,2025,2025,26,198,224", "2025,2025,2025,26,199,225")
    # Read the provenance without its checksum check, to reach the cumulative check itself.
    meta = yaml.safe_load((data_copy / "reference" / "mou_arrivals.yaml").read_text(encoding="utf-8"))
    with pytest.raises(DataError, match=r"checks through 2025.*34539.*34538"):
        check_cumulative(load_arrivals(csv), meta)


def test_duplicate_discrepancy_id(data_copy):
    csv = data_copy / "reference" / "discrepancies.csv"
    _edit_csv(csv, "mou2012-2003,", "mou2012-2002,")
    with pytest.raises(DataError, match=r"discrepancies.csv: record mou2012-2002: field 'id': duplicate"):
        load_discrepancies(csv)


def test_fact_without_a_number(data_copy):
    path = data_copy / "reference" / "facts.yaml"
    _edit_csv(path, "  value: 188\n", "  value: one hundred\n")
    with pytest.raises(DataError, match=r"facts.yaml: record #1 \(elite-total-1997-2024h1\): field 'value'"):
        load_facts(path)


def _with_checksum(data_copy):
    """Update the provenance's checksum after editing the table (as someone hiding a change would)."""
    from elite_defections.core.loading import sha256_of

    csv, meta = data_copy / "reference" / "mou_arrivals.csv", data_copy / "reference" / "mou_arrivals.yaml"
    text = meta.read_text(encoding="utf-8")
    old = yaml.safe_load(text)["sha256"]
    meta.write_text(text.replace(old, sha256_of(csv)), encoding="utf-8")
    return load_arrivals(csv), load_meta(meta, csv), csv


def test_a_year_folded_into_the_next_row_is_refused(data_copy):
    csv = data_copy / "reference" / "mou_arrivals.csv"
    # 2005 removed and its arrivals added to 2006: the totals still add up, the chart would lose a bar.
    _edit_csv(csv, "2005,2005,2005,424,960,1384\n2006,2006,2006,515,1513,2028", "2006,2006,2006,939,2473,3412")
    arrivals, meta, csv = _with_checksum(data_copy)
    check_cumulative(arrivals, meta)  # not caught by the published totals
    with pytest.raises(DataError, match=r"mou_arrivals.csv: record line 7 \(2006\): field 'year_from': year 2005 is "
                                        r"missing: the row before ends in 2004 and this one starts in 2006"):
        check_years(arrivals, meta, csv)


def test_an_undeclared_grouped_row_is_refused(data_copy):
    csv = data_copy / "reference" / "mou_arrivals.csv"
    _edit_csv(csv, "2005,2005,2005,424,960,1384\n2006,2006,2006,515,1513,2028", "2005-2006,2005,2006,939,2473,3412")
    arrivals, meta, csv = _with_checksum(data_copy)
    with pytest.raises(DataError, match=r"record line 7 \(2005-2006\): field 'period': covers 2005-2006, but "
                                        r"mou_arrivals.yaml does not declare it under grouped_rows"):
        check_years(arrivals, meta, csv)


def test_a_grouped_row_must_match_its_single_years(data_copy):
    arrivals, meta, csv = _with_checksum(data_copy)
    meta["split_years"] = [y for y in meta["split_years"] if y["year"] != 2000]
    with pytest.raises(DataError, match=r"field 'split_years': the single years of '1999-2001' must each be listed"):
        check_years(arrivals, meta, csv)


def test_the_real_table_has_one_row_per_year(evidence):
    check_years(evidence.reference.arrivals, evidence.reference.meta)
