"""The evaluation fixtures (tests/fixtures/articles, issue 20 item 5) are well-formed.

Six real articles the ledger has never seen, with a registry and a hand annotation
(`expected.yaml`) written before any drafter ran on them. This checks the set's form only: the
files and their checksums, every quote verbatim in its article, every figure in its quote, every
expected verdict one the project can give, anchors pointing at a recorded figure, and the set's
size and spread (at least four articles, at least one expected contradiction). It does not run the
checks: the expected verdicts are the answer key an evaluation compares against.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest
import yaml

from elite_defections.core import paths
from elite_defections.core.intervals import VERDICTS

FIXTURES = Path(__file__).parent / "fixtures" / "articles"
REGISTRY_FIELDS = ("key", "file", "sha256", "outlet", "title", "author", "date", "now", "url")
CLAIM_FIELDS = ("id", "quote", "figure", "value", "unit", "measure", "population", "period_start",
                "period_end", "qualifier", "checkable", "check", "expected_verdict", "reason")
ANCHOR_FIELDS = ("id", "quote", "figure", "value", "unit", "anchor_of")
ISO_PARTIAL = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def _load(name: str):
    return yaml.safe_load((FIXTURES / name).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def registry() -> list[dict]:
    return _load("registry.yaml")


@pytest.fixture(scope="module")
def texts(registry) -> dict[str, str]:
    return {entry["key"]: (FIXTURES / entry["file"]).read_text(encoding="utf-8") for entry in registry}


@pytest.fixture(scope="module")
def expected() -> list[dict]:
    return _load("expected.yaml")


def _figures(expected):
    for article in expected:
        for figure in article["figures"]:
            yield article["source"], figure


def test_registry_entries_have_every_field_and_a_file_whose_checksum_matches(registry):
    assert len(registry) >= 4
    keys = [entry["key"] for entry in registry]
    assert len(keys) == len(set(keys)), "duplicate keys"
    for entry in registry:
        missing = [f for f in REGISTRY_FIELDS if f not in entry]
        assert not missing, f"{entry.get('key')}: missing {missing}"
        path = FIXTURES / entry["file"]
        assert path.is_file(), f"{entry['key']}: no file {entry['file']}"
        assert hashlib.sha256(path.read_bytes()).hexdigest() == entry["sha256"], \
            f"{entry['key']}: {entry['file']} does not match its sha256"
        for field in ("date", "now"):
            assert ISO_PARTIAL.match(str(entry[field])), f"{entry['key']}: {field} {entry[field]!r}"


def test_every_text_file_is_registered(registry):
    assert {p.name for p in FIXTURES.glob("*.txt")} == {entry["file"] for entry in registry}


def test_fixtures_are_none_of_the_projects_sources(registry, texts):
    """An evaluation set the project has seen would measure nothing."""
    sources = yaml.safe_load(paths.SOURCES_REGISTRY.read_text(encoding="utf-8"))
    known_keys = {s["key"] for s in sources}
    known_urls = {s["url"] for s in sources if s.get("url")}
    known_digests = {s["sha256"] for s in sources}
    for entry in registry:
        assert entry["key"] not in known_keys, entry["key"]
        assert entry["url"] not in known_urls, entry["key"]
        assert entry["sha256"] not in known_digests, entry["key"]


def test_every_article_is_annotated_once(registry, expected):
    annotated = [article["source"] for article in expected]
    assert sorted(annotated) == sorted(entry["key"] for entry in registry)
    for article in expected:
        assert article["figures"], f"{article['source']}: no figures"


def test_every_quote_is_verbatim_and_every_figure_in_its_quote(texts, expected):
    for source, figure in _figures(expected):
        assert isinstance(figure["quote"], str) and figure["quote"].strip(), figure["id"]
        assert figure["quote"] in texts[source], f"{figure['id']}: quote not verbatim in {source}"
        assert isinstance(figure["figure"], str) and figure["figure"] in figure["quote"], \
            f"{figure['id']}: figure {figure['figure']!r} not in its quote"


def test_ids_are_unique_slugs_prefixed_by_their_source(expected):
    seen = set()
    for source, figure in _figures(expected):
        assert re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", figure["id"]), figure["id"]
        assert figure["id"].startswith(source + "-"), figure["id"]
        assert figure["id"] not in seen, f"duplicate id {figure['id']}"
        seen.add(figure["id"])


def test_claims_have_every_field_and_an_allowed_verdict(expected):
    for _, figure in _figures(expected):
        if "anchor_of" in figure:
            continue
        missing = [f for f in CLAIM_FIELDS if f not in figure]
        assert not missing, f"{figure['id']}: missing {missing}"
        assert figure["expected_verdict"] in VERDICTS, \
            f"{figure['id']}: {figure['expected_verdict']!r} is not one of {VERDICTS}"
        assert isinstance(figure["reason"], str) and figure["reason"].strip(), figure["id"]
        assert isinstance(figure["checkable"], bool), figure["id"]
        kind = figure["check"]["kind"]
        if figure["checkable"]:
            assert kind != "none", f"{figure['id']}: checkable with check kind none"
            assert figure["expected_verdict"] != "not checkable", figure["id"]
        else:
            assert kind == "none" and figure["check"].get("reason"), figure["id"]
            assert figure["expected_verdict"] == "not checkable", figure["id"]
        for reading in figure.get("readings") or ():
            assert reading["verdict"] in VERDICTS, f"{figure['id']}: reading {reading['label']!r}"


def test_anchors_point_at_a_recorded_claim_and_carry_no_verdict(expected):
    claims = {figure["id"] for _, figure in _figures(expected) if "anchor_of" not in figure}
    for _, figure in _figures(expected):
        if "anchor_of" not in figure:
            continue
        missing = [f for f in ANCHOR_FIELDS if f not in figure]
        assert not missing, f"{figure['id']}: missing {missing}"
        assert figure["anchor_of"] in claims, f"{figure['id']}: anchors unknown {figure['anchor_of']!r}"
        assert "expected_verdict" not in figure, f"{figure['id']}: an anchor is not a claim"


def test_the_set_has_errors_to_find(expected):
    verdicts = [figure["expected_verdict"] for _, figure in _figures(expected) if "anchor_of" not in figure]
    assert verdicts.count("contradicted") >= 1
    assert verdicts.count("consistent") >= 1
