"""The notebooks, executed by Papermill for real: defaults, an override, caching, failures."""

from __future__ import annotations

import csv
import json
import re
import shutil
from pathlib import Path

import nbformat
import pytest
from pypdf import PdfReader

from conftest import cli
from elite_defections.core import paths

make_project = paths.copy_project


def statistics(project: Path) -> dict:
    return json.loads((project / "build" / "statistics.json").read_text(encoding="utf-8"))["statistics"]


@pytest.fixture(scope="module")
def built(built_project) -> Path:
    return built_project


def test_defaults_execute_every_notebook(built):
    executed = sorted(p.name for p in (built / "build" / "notebooks").glob("*.ipynb"))
    assert executed == sorted(p.name for p in (paths.NOTEBOOKS).glob("[0-9]*.ipynb"))
    for path in (built / "build" / "notebooks").glob("*.ipynb"):
        nb = nbformat.read(path, as_version=4)
        assert nb.metadata["papermill"]["parameters"]["era_boundary"] == "2011-12-17"  # recorded
        assert not any(o.get("output_type") == "error" for c in nb.cells for o in c.get("outputs", []))


def test_statistics_follow_from_the_data(built):
    stats = statistics(built)
    assert stats["elite_share_multiple"]["value"] == pytest.approx((134 / 10985) / (54 / 23027))
    assert stats["arrivals_2023_vs_2022"]["value"] == pytest.approx(196 / 67)
    assert stats["arrivals_cumulative_latest"]["value"] == pytest.approx(34538)
    assert stats["check-dailystar2024-elite-share-5-3-fold"]["verdict"] == "consistent only through rounding"
    # Every statistic carries its provenance.
    for stat in stats.values():
        assert stat["notebook"] and stat["method"] and "sources" in stat and "display" in stat
    verdicts = [s for s in stats.values() if s["claim"]]
    assert stats["claims_total"]["value"] == len(verdicts)
    document = json.loads((built / "build" / "statistics.json").read_text())
    assert document["parameters"]["era_boundary"] == "2011-12-17"


def test_figures_have_captions_and_are_byte_stable(built, tmp_path):
    figures = built / "build" / "figures"
    names = sorted(p.stem for p in figures.glob("*.svg"))
    assert {"arrivals-per-year", "claims-by-verdict", "diplomats-timeline", "elite-by-era"} <= set(names)
    for name in names:
        sidecar = json.loads((figures / f"{name}.json").read_text())
        assert sidecar["caption"] and sidecar["alt"]
        assert "<dc:date>" not in (figures / f"{name}.svg").read_text()
    before = {p.name: p.read_bytes() for p in figures.iterdir()}
    again = cli(built, "run", "--force")
    assert again.returncode == 0, again.stderr
    assert {p.name: p.read_bytes() for p in figures.iterdir()} == before


def test_nothing_changed_means_nothing_runs(built):
    result = cli(built, "run")
    assert result.returncode == 0
    assert result.stdout.count("unchanged, not run") == len(list(paths.NOTEBOOKS.glob("[0-9]*.ipynb")))
    assert "running" not in result.stdout


def test_an_override_changes_the_affected_statistics_and_says_so_on_page_1(built, tmp_path):
    project = make_project(tmp_path / "override")
    shutil.copytree(built / "build", project / "build")  # the default build came first
    result = cli(project, "build", "--no-sensitivity", "-p", "era_boundary=2012-04-11")
    assert result.returncode == 0, result.stderr
    base, moved = statistics(built), statistics(project)
    assert moved["era_boundary_date"]["display"] == "11 April 2012"
    assert moved["era_boundary_label"]["display"] == "Kim Jong-un's appointment as the Party's First Secretary"
    check = "check-dailystar2024-defectors-kji-era-23027"
    assert moved[check]["value"] > base[check]["value"]
    # The elite counts exist only split at December 2011: they and what is divided by them stay there.
    for same in ("elite_kju", "elite_split_date", "arrivals_kji_era", "years_kju_window", "elite_rate_multiple"):
        assert moved[same]["value"] == base[same]["value"], same
    assert base["parameter_limitations"]["value"] == []
    limits = moved["parameter_limitations"]["value"]
    assert len(limits) == 1 and "split at Kim Jong-il's death (17 December 2011)" in limits[0]
    nb = nbformat.read(project / "build" / "notebooks" / "10-compute-elite-eras.ipynb", as_version=4)
    assert nb.metadata["papermill"]["parameters"]["era_boundary"] == "2012-04-11"
    document = json.loads((project / "build" / "statistics.json").read_text())
    assert document["departures"] == {"era_boundary": {"value": "2012-04-11", "default": "2011-12-17"}}
    # Page 1 (a banner listing the parameters and what the data could not follow) and the metadata.
    banner = "Not the default build. Parameters changed from params.yaml: era_boundary = 2012-04-11 (default 2011-12-17)."
    html = (project / "report" / "briefing.html").read_text(encoding="utf-8")
    assert banner in " ".join(html.split()).replace("<strong>", "").replace("</strong>", "")
    assert re.search(r'<meta name="keywords" content="non-default parameters, era_boundary =\s+2012-04-11', html)
    pdf = PdfReader(project / "report" / "briefing.pdf")
    assert "era_boundary = 2012-04-11 (default 2011-12-17)" in pdf.metadata["/Keywords"]
    page_1 = " ".join(pdf.pages[0].extract_text().split())
    assert banner in page_1 and limits[0] in page_1
    assert "after Kim Jong-il's death on 17 December 2011" in page_1  # the counts' split, not the parameter
    # What changed since the default build (kept as build/statistics.previous.json), as text and CSV.
    result = cli(project, "diff")
    assert result.returncode == 0, result.stderr
    assert "parameter era_boundary: 2011-12-17 -> 2012-04-11" in result.stdout
    assert "statistic era_boundary_date: 17 December 2011 -> 11 April 2012" in result.stdout
    rows = list(csv.DictReader((project / "build" / "statistics-diff.csv").open(encoding="utf-8")))
    assert {"kind": "statistic", "id": "era_boundary_label", "change": "changed",
            "old": "Kim Jong-il's death", "new": "Kim Jong-un's appointment as the Party's First Secretary"} in rows
    assert not [r for r in rows if r["id"] in ("elite_kju", "elite_rate_multiple")]
    assert len(rows) == len(result.stdout.strip().splitlines()) - 2  # one line per row, a header and the CSV path


def test_bad_parameters_are_refused_before_anything_runs(tmp_path):
    project = make_project(tmp_path / "bad")
    result = cli(project, "run", "-p", "era_boundary=1990-01-01")
    assert result.returncode == 2
    assert "parameter 'era_boundary': 1990-01-01 is outside the records window" in result.stderr
    assert not (project / "build").exists()


def test_a_failing_cell_stops_the_build_and_keeps_the_evidence(built, tmp_path):
    project = tmp_path / "failing"
    shutil.copytree(built, project)
    before = (project / "build" / "statistics.json").read_bytes()
    old_stats = (project / "build" / "statistics" / "20-compute-arrivals-trend.json").read_bytes()
    path = project / "notebooks" / "20-compute-arrivals-trend.ipynb"
    nb = nbformat.read(path, as_version=4)
    nb.cells.insert(5, nbformat.v4.new_code_cell("raise ValueError('deliberate failure for the test')"))
    nb.cells[5].id = "failing-cell"
    nbformat.write(nb, path)
    result = cli(project, "run")
    assert result.returncode == 1
    assert "notebook 20-compute-arrivals-trend failed in code cell" in result.stderr
    assert "ValueError: deliberate failure for the test" in result.stderr
    kept = project / "build" / "failed" / "20-compute-arrivals-trend.ipynb"
    assert kept.is_file() and "deliberate failure" in kept.read_text()
    assert (project / "build" / "statistics.json").read_bytes() == before
    assert (project / "build" / "statistics" / "20-compute-arrivals-trend.json").read_bytes() == old_stats
