"""Bounded work (issue 19 item 3): inputs that once took minutes and gigabytes finish in seconds
with a named error, or with bounded output."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
import yaml

from conftest import cli
from elite_defections.core import paths
from elite_defections.render.fallback import run_pandoc, run_typst
from elite_defections.render.project import RenderError

ADD = ("--outlet", "Wire", "--title", "T", "--date", "2024-10-01", "--kind", "news report")


@pytest.fixture
def project(tmp_path) -> Path:
    return paths.copy_project(tmp_path / "project")


def _register(project: Path, tmp_path: Path, key: str, text: str) -> None:
    article = tmp_path / f"{key}.txt"
    article.write_text(text, encoding="utf-8")
    added = cli(project, "add-source", str(article), "--key", key, *ADD)
    assert added.returncode == 0, added.stderr


def test_an_article_over_the_limit_is_refused_at_once(project, tmp_path):
    article = tmp_path / "huge.txt"
    article.write_bytes(b"196 " * 300_000)  # 1.2 MB on one line, no punctuation
    started = time.perf_counter()
    result = cli(project, "add-source", str(article), "--key", "huge", *ADD)
    assert result.returncode == 2 and "ARTICLE_TOO_LARGE" in result.stderr
    assert time.perf_counter() - started < 20


def test_a_line_of_figures_without_punctuation_drafts_in_seconds(project, tmp_path):
    """Each stub's quote is a bounded window, not the whole line; too many figures is a named error."""
    _register(project, tmp_path, "line", "Figures " + " ".join(str(1000 + i) for i in range(400)) + "\n")
    started = time.perf_counter()
    drafted = cli(project, "draft-claims", "line")
    assert drafted.returncode == 0, drafted.stderr
    stubs = yaml.safe_load(drafted.stdout)
    assert len(stubs) == 400 and max(len(s["quote"]) for s in stubs) <= 300
    assert all(s["figure"] in s["quote"] for s in stubs)
    _register(project, tmp_path, "many", "5 " * 450_000)  # 900 kB: under the article limit
    many = cli(project, "draft-claims", "many")
    assert many.returncode == 2 and "TOO_MANY_FIGURES" in many.stderr
    assert time.perf_counter() - started < 60


def test_a_quote_over_the_limit_is_refused(project):
    ledger = project / "data/claims.yaml"
    records = yaml.safe_load(ledger.read_text(encoding="utf-8"))
    records[0]["quote"] = records[0]["quote"] * 20
    ledger.write_text(yaml.safe_dump(records, allow_unicode=True, sort_keys=False, width=10**6), encoding="utf-8")
    result = cli(project, "validate")
    assert result.returncode == 2 and "QUOTE_TOO_LONG" in result.stderr


def test_pandoc_and_typst_are_stopped_at_the_time_limit(tmp_path):
    slow = tmp_path / "slow-pandoc"
    slow.write_text("#!/bin/sh\nsleep 30\n")
    slow.chmod(0o755)
    started = time.perf_counter()
    with pytest.raises(RenderError, match="pandoc did not finish within 1 s"):
        run_pandoc(str(slow), [], tmp_path, "briefing.qmd to html", print, timeout=1)
    typ = tmp_path / "loop.typ"
    typ.write_text("#let x = 0\n#for i in range(2000000000) { x += 1 }\n#x\n")
    with pytest.raises(RenderError, match="typst did not finish within 2 s"):
        run_typst(typ, tmp_path / "loop.pdf", tmp_path, 0, "briefing.qmd to pdf", timeout=2)
    assert time.perf_counter() - started < 20
