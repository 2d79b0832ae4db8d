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
