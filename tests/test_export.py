"""The exports: the ledger with verdicts as CSV, the checks as schema.org ClaimReview, and their
promotion into build/exports/."""

from __future__ import annotations

import csv
import json
import os
import shutil

import pytest

from elite_defections.checks.ledger import all_checks
from elite_defections.core import params as parameters
from elite_defections.core.intervals import UNRATED, VERDICTS
from elite_defections.crosscheck.compare import cross_check
from elite_defections.crosscheck.data import load_publishing, load_quantities
from elite_defections.engine import pipeline
from elite_defections.narrative.export import (
    CSV_COLUMNS,
    GOOGLE_RECOMMENDED,
    GOOGLE_REQUIRED,
    claim_reviews,
    export_statistics,
    missing_google_fields,
    write_exports,
)
from yaml_edit import broken


@pytest.fixture(scope="module")
def inputs(evidence):
    params = parameters.load()
    checks = {s.claim: s for s in all_checks(evidence, params)}
    quantities = cross_check(evidence, list(checks.values()), load_quantities(evidence), params)
    return checks, quantities, load_publishing()


@pytest.fixture(scope="module")
def written(evidence, inputs, tmp_path_factory):
    checks, quantities, publishing = inputs
    return write_exports(evidence, checks, quantities, publishing, tmp_path_factory.mktemp("out"))


def test_csv_has_every_claim_with_its_verdict(evidence, inputs, written):
    checks = inputs[0]
    with written[0].open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert tuple(rows[0]) == CSV_COLUMNS == ("id", "source", "quote", "figure", "value", "unit", "qualifier",
                                             "precision", "period_start", "period_end", "verdict", "recomputed",
                                             "method")
    assert [r["id"] for r in rows] == [c.id for c in evidence.claims]
    by_id = {r["id"]: r for r in rows}
    for claim in evidence.claims:
        row = by_id[claim.id]
        assert row["quote"] == claim.quote and row["verdict"] == checks[claim.id].verdict
        assert row["recomputed"] == checks[claim.id].display and row["method"] == checks[claim.id].method
    total = by_id["guardian2024-total-34000"]
    assert (total["value"], total["precision"], total["period_start"]) == ("34000", "1000", "")  # as the ledger writes them
    assert by_id["thediplomat2024-elite-more-than-half-2023"]["value"] == "1/2"


def test_one_claimreview_per_checked_claim(evidence, inputs, written):
    checks = inputs[0]
    document = json.loads(written[1].read_text(encoding="utf-8"))
    assert document["@context"] == "https://schema.org"
    reviews = document["@graph"]
    checked = [c for c in evidence.claims if checks[c.id].verdict not in UNRATED]
    assert len(reviews) == len(checked) < len(evidence.claims)
    assert [r["claimReviewed"] for r in reviews] == [c.quote for c in checked]
    assert {r["reviewRating"]["alternateName"] for r in reviews} <= set(VERDICTS) - set(UNRATED)


def test_claimreviews_carry_what_google_requires_and_recommends(inputs, evidence, written):
    document = json.loads(written[1].read_text(encoding="utf-8"))
    for review in document["@graph"]:
        assert review["@type"] == "ClaimReview"
        for field in GOOGLE_REQUIRED + GOOGLE_RECOMMENDED:
            assert review[field], field
        assert review["reviewRating"]["alternateName"]  # Google: required, the textual verdict
        assert review["author"] == {"@type": "Organization", "name": "The elite-defections briefing team"}
        assert review["url"].startswith("annex.html#check-")
        rating = review["reviewRating"]
        assert rating["@type"] == "Rating" and rating["worstRating"] <= rating["ratingValue"] <= rating["bestRating"]
        item = review["itemReviewed"]
        assert item["@type"] == "Claim" and item["appearance"]["@type"] == "CreativeWork"
        assert item["firstAppearance"]["@type"] == "CreativeWork"
        assert item["appearance"]["publisher"]["@type"] == "Organization"
        assert not missing_google_fields(review)


def test_the_appearance_and_the_first_appearance(evidence, inputs):
    reviews = {r["@id"].split("#check-")[1]: r for r in claim_reviews(evidence, *inputs)}
    guardian = reviews["guardian2024-defectors-196-last-year"]["itemReviewed"]
    assert guardian["appearance"]["headline"] == evidence.sources["guardian2024"].title
    assert "url" not in guardian["appearance"]  # the registry has no confirmed address for it
    # The same 196 appeared first in News1 Global (17 Jul 2024), before the Guardian (21 Jul).
    assert guardian["firstAppearance"]["url"] == evidence.sources["news1global2024"].url
    assert "dailystar2024-elite-share-kju" not in reviews  # single-source: no rating
    ds = reviews["dailystar2024-elite-share-5-3-fold"]["itemReviewed"]
    assert ds["firstAppearance"] == ds["appearance"] and ds["appearance"]["datePublished"] == "2024-09-03"
    assert reviews["dailystar2024-elite-share-5-3-fold"]["reviewRating"]["ratingValue"] == 3


def test_missing_fields_are_reported(evidence, inputs):
    review = claim_reviews(evidence, *inputs)[0]
    broken = {**review, "reviewRating": {**review["reviewRating"], "alternateName": ""}}
    del broken["claimReviewed"]
    assert missing_google_fields(broken) == ["claimReviewed", "reviewRating.alternateName"]


def test_an_absolute_url_once_the_briefing_has_an_address(evidence, inputs):
    checks, quantities, publishing = inputs
    hosted = {**publishing, "publisher": {"name": "Team", "url": "https://example.org/brief/"}}
    review = claim_reviews(evidence, checks, quantities, hosted)[0]
    first = next(c for c in evidence.claims if checks[c.id].verdict not in UNRATED)
    assert review["url"] == f"https://example.org/brief/annex.html#check-{first.id}"
    assert review["author"]["url"] == "https://example.org/brief/"


def test_exports_are_byte_identical_when_rewritten(evidence, inputs, written, tmp_path):
    again = write_exports(evidence, *inputs, tmp_path)
    assert [p.read_bytes() for p in again] == [p.read_bytes() for p in written]


def test_export_statistics(evidence, inputs):
    stats = {s.id: s for s in export_statistics(evidence, inputs[0])}
    assert stats["exported_claims"].value == len(evidence.claims)
    left_out = sum(s.verdict in UNRATED for s in inputs[0].values())
    assert stats["exported_claimreviews"].value == len(evidence.claims) - left_out
    assert f"the {left_out} claims that cannot be checked, or rest only on their own article, are left out" \
        in stats["exported_claimreviews"].method


@pytest.mark.parametrize("edit, field, problem", [
    (lambda d: d["rating"]["values"].update({"not checkable": 0}), "values", "must rate exactly"),
    (lambda d: d["rating"]["values"].update(consistent=9), "values", "'consistent': 9 is not a whole number from 1 to 4"),
    (lambda d: d.update(date_published="soon"), "date_published", "'soon' is not a date"),
    (lambda d: d["publisher"].update(name=""), "name", "must be a non-empty string"),
])
def test_publishing_errors(data_copy, edit, field, problem):
    path = data_copy / "claimreview.yaml"
    err = broken(path, edit, load_publishing)
    assert err.field == field and problem in err.problem and str(path) in str(err)


def test_promote_moves_exports_and_keeps_unchanged_files(tmp_path):
    build = tmp_path / "build"
    current = pipeline._Run({}, pipeline.Layout(build), pool=None, log=print)

    def run(content: str):
        staging = current.staging / "50-x"
        (staging / "statistics").mkdir(parents=True)
        (staging / "exports").mkdir()
        (staging / "50-x.ipynb").write_text("{}")
        (staging / "statistics" / "50-x.json").write_text("{}")
        (staging / "exports" / "a.csv").write_text(content)
        current._promote("50-x", staging, staging / "50-x.ipynb")
        shutil.rmtree(staging)
        return build / "exports" / "a.csv"

    first = run("id\n1\n")
    assert first.read_text() == "id\n1\n" and (build / "statistics" / "50-x.json").is_file()
    os.utime(first, (1, 1))
    again = run("id\n1\n")
    assert again.stat().st_mtime == 1  # unchanged: the file was left alone
    assert run("id\n2\n").read_text() == "id\n2\n"
