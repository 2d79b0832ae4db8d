"""`elite-defections diff`: statistics, verdicts and parameters added, removed or changed."""

from __future__ import annotations

import csv
import json

from conftest import cli
from elite_defections.engine.diff import changes, diff


def _doc(era_boundary, **stats):
    return {"parameters": {"era_boundary": era_boundary},
            "statistics": {k: {"display": d, "verdict": v} for k, (d, v) in stats.items()}}


def test_changes_are_listed_old_to_new():
    old = _doc("2011-12-17", a=("1", None), b=("2", "consistent"), gone=("3", None))
    new = _doc("2012-04-11", a=("1", None), b=("2.1", "approximate"), fresh=("4", "contradicted"))
    found = [(c.kind, c.id, c.change, c.old, c.new) for c in changes(old, new)]
    assert found == [
        ("parameter", "era_boundary", "changed", "2011-12-17", "2012-04-11"),
        ("statistic", "b", "changed", "2", "2.1"),
        ("statistic", "fresh", "added", "", "4"),
        ("statistic", "gone", "removed", "3", ""),
        ("verdict", "b", "changed", "consistent", "approximate"),
        ("verdict", "fresh", "added", "", "contradicted"),
    ]
    assert changes(old, old) == []


def test_text_and_csv(tmp_path):
    old, new = tmp_path / "old.json", tmp_path / "new.json"
    old.write_text(json.dumps(_doc("x", a=("1", "consistent"))))
    new.write_text(json.dumps(_doc("x", a=("1", "contradicted"))))
    text = diff(old, new, tmp_path / "d.csv")
    assert "1 change\n  verdict a: consistent -> contradicted" in text
    assert list(csv.reader((tmp_path / "d.csv").open())) == [
        ["kind", "id", "change", "old", "new"], ["verdict", "a", "changed", "consistent", "contradicted"]]


def test_a_missing_or_broken_file_is_a_named_error(tmp_path):
    project = tmp_path / "project"
    project.mkdir()
    result = cli(project, "diff")
    assert result.returncode == 2 and "statistics.previous.json: not found" in result.stderr
    (tmp_path / "bad.json").write_text("{")
    result = cli(project, "diff", str(tmp_path / "bad.json"))
    assert result.returncode == 2 and "bad.json: not valid JSON" in result.stderr and "Traceback" not in result.stderr
