"""Growing the evidence base without code: `add-source`, `draft-claims`, and a sixth article carried
through a real build to the briefing's references, appendix and PDF (in a copy of the project)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from pypdf import PdfReader

from conftest import cli
from elite_defections.core import paths
from elite_defections.core.errors import DataError
from elite_defections.intake.drafting import relative_date
from elite_defections.intake.register import append_claims
from elite_defections.intake.spotter import spot

WIRE = ("Seoul, 1 October 2024. The Ministry of Unification said 196 North Korean defectors arrived in the "
        "South in 2023, nearly tripled from last year\u2019s count, and more than 34,000 in all.\n")
ADD = ("--key", "wire2024", "--outlet", "Example Wire", "--title", "Defector arrivals rose in 2023",
       "--date", "2024-10-01", "--kind", "news report")


@pytest.fixture
def project(tmp_path) -> Path:
    return paths.copy_project(tmp_path / "project")


def _snapshot(project: Path) -> dict[str, bytes]:
    data = project / "data"
    return {str(p.relative_to(data)): p.read_bytes() for p in sorted(data.rglob("*")) if p.is_file()}


def test_a_new_source_from_text_to_the_briefing(project, tmp_path):
    article = tmp_path / "wire.txt"
    article.write_text(WIRE, encoding="utf-8")
    added = cli(project, "add-source", str(article), *ADD, "--uncertain", "author=no byline")
    assert added.returncode == 0, added.stderr
    registry = yaml.safe_load((project / "data/sources/sources.yaml").read_text(encoding="utf-8"))
    record = registry[-1]
    assert record["key"] == "wire2024" and record["uncertain"] == {"author": "no byline"}
    assert (project / "data/sources/articles" / record["file"]).read_bytes() == article.read_bytes()

    drafted = cli(project, "draft-claims", "wire2024")
    stubs = yaml.safe_load(drafted.stdout)
    figures = {s["figure"]: s for s in stubs}
    assert {"196", "tripled", "34,000", "1 October 2024"} <= set(figures)
    assert "2023" not in figures  # the year only dates "196": not a claim of its own
    assert figures["196"]["period_start"] == "2023" and figures["196"]["check"] == {
        "kind": "series", "year": 2023, "rule": "year-arrivals"}
    assert figures["tripled"]["qualifier"] == "nearly" and figures["tripled"]["check"]["against"] == {"year": 2022}
    assert figures["34,000"]["qualifier"] == "more_than" and figures["34,000"]["precision"] == 1000
    assert figures["34,000"]["check"]["rule"] == "cumulative"
    assert all(s["reviewed"] is False for s in stubs)
    assert figures["1 October 2024"]["check"]["kind"] == "none" and figures["1 October 2024"]["check"]["reason"]
    assert cli(project, "draft-claims", "wire2024", "--append").returncode == 0
    # Twice: every figure is covered now, so nothing more is appended.
    ledger = project / "data/claims.yaml"
    before = ledger.read_bytes()
    assert "already covered" in cli(project, "draft-claims", "wire2024", "--append").stderr
    assert ledger.read_bytes() == before
    validated = cli(project, "validate")
    assert "awaiting review" in validated.stdout and "wire2024-196" in validated.stdout

    # The analyst reviews one stub: 196 is a count of arrivals in 2023, as drafted.
    text = ledger.read_text(encoding="utf-8")
    stub = text.index("- id: wire2024-196\n")
    flag = text.index("  reviewed: false", stub)
    ledger.write_text(text[:flag] + "  reviewed: true" + text[flag + len("  reviewed: false"):], encoding="utf-8")

    built = cli(project, "build")
    assert built.returncode == 0, built.stdout + built.stderr
    html = (project / "report/annex.html").read_text(encoding="utf-8")  # references, claims and grades: the annex
    references = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html[html.index('id="refs"'):])).lower()
    assert "example wire" in references and "defector arrivals rose in 2023" in references
    appendix = html[html.index('<table class="generated claims-appendix"'):]
    start = appendix.index('id="check-wire2024-196"')
    row = appendix[start:appendix.index('id="check-', start + 10)]  # up to the next claim
    row = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row))
    assert "Example Wire 2024" in row and "consistent" in row and "arrivals in 2023" in row
    assert "drafted, not reviewed" in re.sub(r"\s+", " ", appendix)  # the stubs not yet reviewed
    grades = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))
    assert re.search(r"Example Wire\s*\(\s*2024\s*\)\s*[A-F][1-6]", grades)  # its grade, with no edit to the .qmd
    pdf = "\n".join(page.extract_text() or "" for page in PdfReader(str(project / "report/annex.pdf")).pages)
    pdf = re.sub(r"\s+", " ", pdf)
    assert "Example Wire" in pdf and "said 196 North Korean defectors arrived" in pdf


@pytest.mark.parametrize("content, args, problem", [
    (b"", ADD, "the file is empty"),
    (b"  \n", ADD, "the file is empty"),
    ("Caf\u00e9 196".encode("latin-1"), ADD, "not UTF-8 text"),
    (b"196 arrivals", ADD[:-1] + ("horoscope",), "'horoscope' is not a kind the grading rules know"),
    (b"196 arrivals", ("--key", "dailystar2024") + ADD[2:], "'dailystar2024' is already registered"),
    (b"196 arrivals", ("--key", "Wire 2024") + ADD[2:], "use lowercase letters and digits"),
])
def test_add_source_refuses_and_changes_nothing(project, tmp_path, content, args, problem):
    article = tmp_path / "bad.txt"
    article.write_bytes(content)
    before = _snapshot(project)
    result = cli(project, "add-source", str(article), *args)
    assert result.returncode == 2 and problem in result.stderr and "Traceback" not in result.stderr
    assert _snapshot(project) == before


def test_the_same_text_twice_is_refused(project):
    existing = next((project / "data/sources/articles").glob("000_*.txt"))
    result = cli(project, "add-source", str(existing), *ADD)
    assert result.returncode == 2 and "already registered as 'dailystar2024'" in result.stderr


def test_a_stub_that_does_not_load_leaves_the_ledger_as_it_was(evidence, data_copy):
    """An appended claim whose quote is not verbatim (straight quotes for curly ones) is refused."""
    ledger = data_copy / "claims.yaml"
    before = ledger.read_bytes()
    record = {**yaml.safe_load(before)[0], "id": "guardian2024-straight-quotes", "source": "guardian2024",
              "quote": "South Korea celebrated its inaugural Defectors' Day", "figure": "inaugural",
              "check": {"kind": "none", "reason": "not yet reviewed"}}
    with pytest.raises(DataError, match="not found verbatim"):
        append_claims([record], ledger)
    duplicate = {**record, "id": evidence.claims[0].id, "quote": "South Korea celebrated its inaugural Defectors\u2019 Day"}
    with pytest.raises(DataError, match="duplicate id"):
        append_claims([duplicate], ledger)
    assert ledger.read_bytes() == before


def test_the_spotter_reads_figures_and_their_qualifiers():
    text = "Around 10 elites left last November, one-sixth of 2017; nearly 11,000 fled, two years ago."
    found = {f.text: (f.kind, f.qualifier) for f in spot(text)}
    assert found["10"] == ("number", "around") and found["11,000"] == ("number", "nearly")
    assert found["last November"][0] == "relative" and found["one-sixth"][0] == "fraction"
    assert found["two years ago"][0] == "relative" and "two" not in found
    assert "one" not in {f.text for f in spot("one defector explained")}  # an article, not a count
    assert "19" not in {f.text for f in spot("closed due to COVID-19")}
    assert relative_date("last Tuesday", "2024-07-21") == "2024-07-16"
    assert relative_date("last November", "2024-07-17") == "2023-11"
    assert relative_date("a decade ago", "2024-07-21") == "2014"
