"""The command-line entry point, run as the Makefile runs it."""

from __future__ import annotations

import subprocess
import sys

from elite_defections.core import paths


def test_validate_reports_the_evidence_base():
    result = subprocess.run([sys.executable, "-m", "elite_defections", "validate"],
                            capture_output=True, text=True, cwd=paths.ROOT)
    assert result.returncode == 0, result.stderr
    assert "evidence base valid: 5 sources" in result.stdout


def test_bad_data_exits_2_with_the_message(data_copy):
    (data_copy / "claims.yaml").write_text("- id: Not A Slug\n", encoding="utf-8")
    env = {"ELITE_DEFECTIONS_ROOT": str(data_copy.parent), "PATH": ""}
    (data_copy.parent / "_quarto.yml").write_text("project: {type: default}\n")
    result = subprocess.run([sys.executable, "-m", "elite_defections", "validate"],
                            capture_output=True, text=True, env=env)
    assert result.returncode == 2
    assert "claims.yaml: record #1 (Not A Slug): field 'source': missing" in result.stderr


def test_every_subcommand_help_says_what_it_does():
    from elite_defections.cli import build_parser

    parser = build_parser()
    commands = next(a for a in parser._actions if a.dest == "command")
    for name, sub in commands.choices.items():
        assert sub.description and len(sub.description) > 20, f"`elite-defections {name} --help` has no description"
        assert " ".join(sub.description.split()) in " ".join(sub.format_help().split())


def test_a_change_of_several_parameters_names_every_one():
    from elite_defections.core.freshness import is_current

    record = {"inputs": "d", "parameters": {"arrivals_first_year": 1998, "arrivals_last_year": 2025, "as_of": "x"}}
    assert is_current(record, {"arrivals_first_year": 1999, "arrivals_last_year": 2025, "as_of": "x"}, "d") == \
        "parameter arrivals_first_year changed (1998 -> 1999)"
    assert is_current(record, {"arrivals_first_year": 1999, "arrivals_last_year": 2024, "as_of": "y"}, "d") == (
        "parameters arrivals_first_year changed (1998 -> 1999), arrivals_last_year changed (2025 -> 2024) "
        "and as_of changed (x -> y)")
