"""The source registry loader and the bibliography generated from it."""

from __future__ import annotations

import re

import pytest
import yaml

from elite_defections.core import paths
from elite_defections.core.errors import DataError
from elite_defections.evidence.base import write_evidence_bibliography
from elite_defections.evidence.sources import load_sources


def _rewrite(path, edit):
    records = yaml.safe_load(path.read_text(encoding="utf-8"))
    edit(records)
    path.write_text(yaml.safe_dump(records, allow_unicode=True, sort_keys=False), encoding="utf-8")


def test_registry_lists_the_five_articles_with_checksums(evidence):
    assert list(evidence.sources) == [
        "dailystar2024", "thediplomat2024", "bullandbear2024", "news1global2024", "guardian2024"]
    for source in evidence.sources.values():
        assert re.fullmatch(r"[0-9a-f]{64}", source.sha256)
        assert source.text, source.key


def test_articles_are_byte_identical_to_the_shared_capture(evidence):
    shared = paths.ROOT.parent / "shared" / "sources"
    if not shared.is_dir():
        pytest.skip(f"{shared} not beside the checkout")
    for source in evidence.sources.values():
        assert (paths.ARTICLES_DIR / source.file).read_bytes() == (shared / source.file).read_bytes()


def test_metadata_complete_and_uncertainty_recorded(evidence):
    for source in evidence.sources.values():
        assert source.outlet and source.container and source.kind and source.date and source.now
        # A field left null must say why, so nothing unknown is hidden.
        for field in ("title", "author", "url"):
            if getattr(source, field) is None:
                assert field in source.uncertain, f"{source.key}: {field} is null without a reason"
        # An inferred date (month only) is flagged as such.
        if len(source.date) < 10:
            assert "date" in source.uncertain, source.key


def test_checksum_mismatch_names_file_record_and_field(data_copy):
    article = data_copy / "sources" / "articles" / "004_6528aab997c1909e.txt"
    article.write_bytes(article.read_bytes() + b" ")
    with pytest.raises(DataError) as err:
        load_sources(data_copy / "sources" / "sources.yaml")
    message = str(err.value)
    assert "sources.yaml" in message and "guardian2024" in message and "sha256" in message
    assert "004_6528aab997c1909e.txt" in message


def test_duplicate_key_is_refused(data_copy):
    registry = data_copy / "sources" / "sources.yaml"
    _rewrite(registry, lambda r: r[1].update(key="dailystar2024"))
    with pytest.raises(DataError, match=r"record #2 \(dailystar2024\).*'key'.*duplicate"):
        load_sources(registry)


def test_missing_field_is_refused(data_copy):
    registry = data_copy / "sources" / "sources.yaml"
    _rewrite(registry, lambda r: r[2].pop("outlet"))
    with pytest.raises(DataError, match=r"bullandbear2024.*'outlet'.*missing"):
        load_sources(registry)


def test_bad_date_is_refused(data_copy):
    registry = data_copy / "sources" / "sources.yaml"
    _rewrite(registry, lambda r: r[0].update(date="2024-13"))
    with pytest.raises(DataError, match=r"dailystar2024.*'date'.*not a real date"):
        load_sources(registry)


def test_bibliography_is_generated_from_the_registry(evidence, tmp_path):
    import json

    path = write_evidence_bibliography(evidence, tmp_path / "references.json")
    items = {item["id"]: item for item in json.loads(path.read_text(encoding="utf-8"))}
    assert set(items) == set(evidence.sources) | set(evidence.outside)  # the articles and every outside source
    for key, source in evidence.sources.items():
        item = items[key]
        assert item["container-title"] == source.container
        assert item["issued"]["date-parts"][0] == [int(p) for p in source.date.split("-")]
        assert item.get("URL") == source.url
        if source.title:
            assert item["title"] == source.title
