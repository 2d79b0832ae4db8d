"""Every stub builds (issue 20, item 4): drafting claims for every article in the project and for
the evaluation set (tests/fixtures/articles), appending them to a copy of the ledger, and running
the build must leave no notebook failing; the drafted checks are counted apart until reviewed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from conftest import cli
from elite_defections.core import paths

FIXTURES = Path(__file__).parent / "fixtures" / "articles"


@pytest.mark.e2e
def test_drafted_stubs_of_every_article_build(tmp_path):
    project = paths.copy_project(tmp_path / "project")
    registry = yaml.safe_load((FIXTURES / "registry.yaml").read_text(encoding="utf-8"))
    for entry in registry:
        args = ["add-source", str(FIXTURES / entry["file"]), "--key", entry["key"], "--outlet", entry["outlet"],
                "--date", str(entry["date"]), "--kind", entry["kind"], "--now", str(entry["now"]),
                "--url", entry["url"], "--title", entry["title"] or f"{entry['outlet']} report"]
        if entry["author"]:
            args += ["--author", entry["author"]]
        added = cli(project, *args)
        assert added.returncode == 0, added.stderr
    keys = [s["key"] for s in yaml.safe_load((project / "data/sources/sources.yaml").read_text(encoding="utf-8"))]
    for key in keys:
        drafted = cli(project, "draft-claims", key, "--append")
        assert drafted.returncode == 0, f"{key}: {drafted.stderr}"
    ledger = yaml.safe_load((project / "data/claims.yaml").read_text(encoding="utf-8"))
    stubs = [c for c in ledger if c.get("reviewed") is False]
    assert len(stubs) > 50 and {c["source"] for c in stubs} >= {e["key"] for e in registry}
    assert cli(project, "validate").returncode == 0

    built = cli(project, "build", "--no-render")
    assert built.returncode == 0, built.stdout[-3000:] + built.stderr[-3000:]
    stats = json.loads((project / "build/statistics.json").read_text(encoding="utf-8"))["statistics"]
    proposed = [c["id"] for c in stubs if c["check"]["kind"] != "none"]
    assert proposed and all(stats[f"check-{c}"]["verdict"] == "drafted, not reviewed" for c in proposed)
    assert stats["claims_drafted"]["value"] == len(proposed)
    assert all(stats[f"check-{c}"]["method"].startswith("Drafted, not reviewed") for c in proposed)
