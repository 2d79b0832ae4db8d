"""Sensitivity: alternatives from params.yaml, the notebooks run under each, what moves, the sentence."""

from __future__ import annotations

import json

import pytest

from conftest import cli
from elite_defections.checks import kinds as check_kinds
from elite_defections.checks import readings
from elite_defections.core import params
from elite_defections.core.params import Alternative, ParameterError
from elite_defections.engine.sensitivity import summarise
from elite_defections.evidence.base import parse_evidence


def test_alternatives_come_from_params_yaml_with_dates_from_the_facts():
    alts = params.sensitivity(params.load())
    assert [(a.parameter, a.value) for a in alts] == [
        ("era_boundary", "2011-12-19"), ("era_boundary", "2012-04-11"),
        ("approximate_tolerance", 0.02), ("approximate_tolerance", 0.1), ("arrivals_revision", "2012-release")]
    assert alts[0].label == "era boundary at Kim Jong-un's naming as successor (19 December 2011)"
    # the build's own values are not alternatives: from another boundary, Kim Jong-il's death is one
    moved = params.sensitivity(params.load({"era_boundary": "2012-04-11"}))
    assert ("era_boundary", "2011-12-17") in [(a.parameter, a.value) for a in moved]


@pytest.mark.parametrize("block, message", [
    ("sensitivity: {era_bondary: [x]}", r"sensitivity: unknown parameter 'era_bondary'"),
    ("sensitivity: {era_boundary: [kim-jong-un-birthday]}", r"'kim-jong-un-birthday' is not the id of a dated fact"),
    ("sensitivity: {approximate_tolerance: [2]}", r"sensitivity: parameter 'approximate_tolerance': 2.0 is not allowed"),
    ("sensitivity: {approximate_tolerance: 0.1}", r"sensitivity: approximate_tolerance: write a list of values"),
    ("sensitivity: [a]", r"'sensitivity' must map parameter names to lists of values"),
])
def test_a_bad_sensitivity_block_is_a_named_error(tmp_path, block, message):
    text = "\n".join(line for line in params.paths.PARAMS.read_text().splitlines()
                     if not line.startswith(("sensitivity:", "  ")))
    path = tmp_path / "params.yaml"
    path.write_text(text + "\n" + block + "\n")
    with pytest.raises(ParameterError, match=message):
        params.sensitivity(params.load(path=path), path)


def test_a_bad_block_stops_the_build_before_anything_runs(tmp_path):
    project = params.paths.copy_project(tmp_path / "project")
    text = (project / "params.yaml").read_text(encoding="utf-8")
    (project / "params.yaml").write_text(text.replace("kim-jong-un-successor", "kim-jong-un-birthday"))
    result = cli(project, "build")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "'kim-jong-un-birthday' is not the id of a dated fact in facts.yaml" in result.stderr
    assert not (project / "build" / "statistics").exists()


def _stat(display, verdict=None):
    return {"display": display, "verdict": verdict}


BASE = {"elite_rate_multiple": _stat("2.86 times"), "check-a": _stat("x", "consistent"),
        "kj-elite-rose": _stat("Elite defections rose, 134 against 54."),
        "confidence-kj-elite-rose": _stat("High")}
ERA = Alternative("era_boundary", "2012-04-11", "era boundary at B")
TOL = Alternative("approximate_tolerance", 0.02, "approximate tolerance 0.02")


def test_judgments_hold_when_only_their_numbers_move():
    runs = {ERA: {**BASE, "kj-elite-rose": _stat("Elite defections rose, 130 against 58."),
                  "check-a": _stat("x", "approximate")},
            TOL: dict(BASE)}
    summary = summarise(BASE, runs, {})
    assert summary["sentence"] == ("The key judgments hold under every alternative: era boundary at B; "
                                   "approximate tolerance 0.02.")
    era, tol = summary["alternatives"]
    assert era["moved"]["check-a"] == {"display": "x", "verdict": "approximate"} and tol["moved"] == {}


def test_a_relabelled_era_boundary_alone_does_not_change_a_judgment():
    base = {**BASE, "era_boundary_label": _stat("Kim Jong-il's death"),
            "kj-diplomats": _stat("Diplomats defected since Kim Jong-il's death: at least 4.")}
    relabelled = {**base, "era_boundary_label": _stat("his appointment"),
                  "kj-diplomats": _stat("Diplomats defected since his appointment: at least 3.")}
    assert summarise(base, {ERA: relabelled}, {})["sentence"].startswith("The key judgments hold")
    fewer = {**relabelled, "kj-diplomats": _stat("No diplomat defected since his appointment.")}
    assert summarise(base, {ERA: fewer}, {})["alternatives"][0]["judgments_changed"] == ["kj-diplomats"]


def test_a_judgment_whose_words_change_is_named_with_its_alternative():
    runs = {ERA: {**BASE, "kj-elite-rose": _stat("Elite defections fell, 50 against 58."),
                  "confidence-kj-elite-rose": _stat("Moderate")},
            TOL: dict(BASE)}
    assert summarise(BASE, runs, {})["sentence"] == (
        "Not every key judgment holds under every alternative: with the era boundary at B, "
        "“Elite defections rose, 134 against 54” becomes “Elite defections fell, 50 against 58”; "
        "the confidence in judgment elite-rose goes from High to Moderate. "
        "They hold with the approximate tolerance 0.02.")


def test_without_judgment_statistics_the_sentence_says_so():
    base = {"x": _stat("1")}
    assert summarise(base, {TOL: base}, {})["sentence"].startswith("This build records no key judgment")


@pytest.mark.e2e
def test_the_build_runs_each_alternative_and_the_briefing_reports_it(built_project):
    result = json.loads((built_project / "build" / "sensitivity.json").read_text(encoding="utf-8"))
    alts = {a["key"]: a for a in result["alternatives"]}
    assert list(alts) == [a.key for a in params.sensitivity(params.load())]
    alt = alts["approximate_tolerance=0.02"]
    # the checks a tighter tolerance moves are exactly those whose verdict changes when run here with
    # it (none, now that no figure misses its check by between 2% and 5%: "one-sixth" is read as
    # spelled, 196 / 1,127 = 1/5.75 inside it)
    evidence = parse_evidence()
    base, tight = (check_kinds.Context(evidence, params.load(o)) for o in ({}, {"approximate_tolerance": 0.02}))
    expected = {f"check-{c.id}" for c in evidence.claims
                if readings.check_claim(c, base).verdict != readings.check_claim(c, tight).verdict}
    assert {k for k in alt["moved"] if k.startswith("check-")} == expected
    run = built_project / "build" / "sensitivity" / "approximate_tolerance=0.02" / "statistics"
    assert json.loads((run / "40-check-remaining-claims.json").read_text())["parameters"]["approximate_tolerance"] == 0.02
    # the elite counts cannot follow the era boundary: no alternative moves them
    assert not any("elite_kju" in a["moved"] or "elite_rate_multiple" in a["moved"] for a in alts.values())
    html = (built_project / "report" / "annex.html").read_text(encoding="utf-8")
    assert "Sensitivity" in html and result["sentence"].split(":")[0] in html
    assert f"approximate tolerance 0.02: {len(alt['moved'])} statistics print differently" in " ".join(html.split())
    again = cli(built_project, "build", "--sensitivity")  # nothing changed: nothing runs again
    assert again.returncode == 0, again.stderr
    assert f"sensitivity: unchanged ({len(alts)} alternatives)" in again.stdout


@pytest.mark.e2e
def test_make_report_keeps_current_alternatives_and_withdraws_stale_ones(built_project, tmp_path):
    """The rule (docs/notebooks.md, Sensitivity): the default build never runs the alternatives; it
    shows them only when they were run for exactly its inputs, saying for which and when."""
    import shutil

    project = tmp_path / "project"
    shutil.copytree(built_project, project, symlinks=True)
    made = json.loads((project / "build" / "sensitivity.json").read_text(encoding="utf-8"))
    assert made["sentence"].startswith(f"These alternatives were run for the inputs and parameters of this build "
                                       f"(digest {made['made']['inputs']}), by the build of ")
    kept = cli(project, "build")
    assert kept.returncode == 0, kept.stderr
    assert "sensitivity: current (5 alternatives, run for these inputs" in kept.stdout
    assert "sensitivity:" in kept.stdout and "  > " not in kept.stdout  # nothing ran
    html = " ".join((project / "report" / "annex.html").read_text(encoding="utf-8").split())
    assert f"(digest {made['made']['inputs']})" in html
    # one claim edited: the alternatives no longer match and are withdrawn, not shown as current
    ledger = project / "data" / "claims.yaml"
    ledger.write_text(ledger.read_text(encoding="utf-8").replace("134 vs 54 in the same article.",
                                                                 "134 against 54 in the same article.", 1))
    edited = cli(project, "build")
    assert edited.returncode == 0, edited.stderr
    assert "/sensitivity/" not in edited.stdout and "sensitivity: " in edited.stdout
    assert f"those last run (build of {made['made']['date']}, digest {made['made']['inputs']}) were for other " \
           "inputs and are withdrawn (make sensitivity runs them)" in edited.stdout
    withdrawn = json.loads((project / "build" / "sensitivity.json").read_text(encoding="utf-8"))
    assert withdrawn["not_run"] and withdrawn["alternatives"] == [] and withdrawn["last_made"] == made["made"]
    assert made["made"]["inputs"] in withdrawn["note"] and "make sensitivity" in withdrawn["note"]
    html = " ".join((project / "report" / "annex.html").read_text(encoding="utf-8").split())
    # the annex (the sensitivity section is its) shows no stale alternative, and says when and for which inputs they were last run
    assert "statistics print differently" not in html
    assert "The sensitivity alternatives were last run by the build of" in html and made["made"]["inputs"] in html
