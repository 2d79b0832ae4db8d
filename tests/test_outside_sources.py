"""Every fact sourced (issue 17 item 6): the dated facts cite published sources, not the project's
own notes; the arrivals table cites the ministry, with the compilation recorded as how the rows were
obtained; a fact whose only origin is an article's own source cannot confirm that article."""

from __future__ import annotations

import copy
import dataclasses

import pytest

from elite_defections.checks import kinds as check_kinds
from elite_defections.checks import readings
from elite_defections.core.errors import DataError
from elite_defections.core.intervals import CONSISTENT, SINGLE_SOURCE
from elite_defections.evidence.base import check_outside_keys
from elite_defections.evidence.citations import Index
from elite_defections.evidence.csl import bibliography
from elite_defections.evidence.reference import load_facts


def test_no_fact_rests_on_the_projects_own_notes(evidence):
    assert "keydates2026" not in evidence.outside
    for fact in evidence.reference.facts.itertuples():
        for key in fact.cites:
            assert evidence.outside[key].author != "This briefing's own notes", fact.id


def test_the_rows_cite_the_ministry_and_the_compilation_is_how_they_were_obtained(evidence):
    index = Index(evidence)
    assert index.keys("mou_arrivals.csv: 2023") == ["mou2026arrivals"]
    assert "clawson-nkdefector" not in index.keys("mou_arrivals.csv")
    assert evidence.reference.meta["obtained_via"] == [{"years": "1998-2023", "key": "clawson-nkdefector"}]
    # the compilation counts as used only through obtained_via: without it, it sits uncited
    meta = {**evidence.reference.meta, "obtained_via": []}
    reference = dataclasses.replace(evidence.reference, meta=meta)
    with pytest.raises(DataError, match="clawson-nkdefector.*no row was obtained via it"):
        check_outside_keys(reference, evidence.outside, evidence.sources)
    # the bibliography says what it is
    items = {i["id"]: i for i in bibliography(evidence.sources, evidence.outside, "2026-11",
                                              {"clawson-nkdefector": "1998-2023"})}
    assert items["clawson-nkdefector"]["note"].startswith("How the data were obtained: the ministry's rows 1998-2023")
    assert items["clawson-nkdefector"]["genre"] == items["clawson-nkdefector"]["note"].split(". Uncertain")[0]  # printed
    assert "How the data were obtained" not in items["mou2026arrivals"].get("note", "")


def test_the_appendix_lists_how_the_rows_were_obtained(evidence):
    from elite_defections.evidence.outside_sources import reference_statistics

    stats = {s.id: s for s in reference_statistics(evidence)}
    assert stats["rows-1998-2023-obtained"].reported_by == ["outside: clawson-nkdefector"]
    assert stats["rows-1998-2023"].reported_by == ["outside: mou2026arrivals"]


def _check(evidence, defaults, claim_id):
    return readings.check_claim(evidence.claim(claim_id), check_kinds.Context(evidence, defaults))


@pytest.mark.parametrize("claim_id, fact", [
    ("news1global2024-ri-defected-november-last-year", "ri-defected"),   # "November last year": Ri's own interview
    ("dailystar2024-ri-defected-last-year", "ri-defected"),
    ("thediplomat2024-cuba-diplomat-end-of-last-year", "ri-defected"),
    ("dailystar2024-data-obtained-aug21", "elite-data-obtained"),          # "Aug 21": the Chosun Ilbo's own account
])
def test_a_fact_of_the_articles_own_origin_makes_the_check_single_source(evidence, defaults, claim_id, fact):
    stat = _check(evidence, defaults, claim_id)
    assert stat.verdict == SINGLE_SOURCE
    assert f"the dated fact {fact} rests only on" in stat.method
    # the same check against a fact of independent origin would be consistent
    facts = evidence.reference.facts.copy()
    facts.at[fact, "same_origin_as"] = []
    independent = dataclasses.replace(evidence, reference=dataclasses.replace(evidence.reference, facts=facts))
    assert _check(independent, defaults, claim_id).verdict == CONSISTENT


def test_the_data_obtained_date_is_checked_against_the_day_the_sources_give(evidence, defaults):
    stat = _check(evidence, defaults, "dailystar2024-data-obtained-aug21")
    assert stat.computed_from == {"reference": ["facts.yaml: elite-data-obtained"]}
    assert evidence.reference.facts.loc["elite-data-obtained", "date"] == "2024-08-21"
    assert evidence.reference.facts.loc["elite-total-1997-2024h1", "date"] == "2024-08-22"  # the ministry's statement


def test_a_person_check_consults_only_the_fact_it_used(evidence, defaults):
    # Ri's disclosure (16 Jul 2024) has independent sources: the Guardian's "within hours" is not single-source
    # for sharing a person with the November fact
    stat = _check(evidence, defaults, "guardian2024-ri-news-within-hours")
    assert "ri-defected" not in stat.method


def test_same_origin_as_must_list_article_keys(tmp_path):
    from elite_defections.core import paths

    text = paths.FACTS.read_text(encoding="utf-8").replace("same_origin_as: [dailystar2024]", "same_origin_as: dailystar2024")
    (tmp_path / "facts.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(DataError, match="same_origin_as"):
        load_facts(tmp_path / "facts.yaml")


def test_titles_recorded_where_found(evidence):
    found = {"joongang2026", "yonhap2024", "donga2024", "koreaherald2020", "chosun2024ri", "ap2024", "lbc2024",
             "kbsworld2020ko", "cnn2024", "chosun2024elite", "newsis2024elite"}
    assert all(evidence.outside[k].title for k in found)
    untitled = sorted(k for k, o in evidence.outside.items() if not o.title)
    # each of these says why under `uncertain`
    assert all("title" in evidence.outside[k].uncertain for k in untitled)
    assert copy.copy(untitled) == sorted(["yonhap2002arrivals", "yonhap2025", "kbsworld2024", "voa2024", "chosun2015",
                                          "roanoke1994ap", "mou2016thae", "italymfa2018jo", "koreaherald2021ryu",
                                          "dailynk2024", "koreaherald2023repatriation", "wion2023border",
                                          "bolnews2023border", "hankyung1997decree"])
