"""Intake under concurrency (issue 19): six `add-source` and then six `draft-claims --append` run at
once in a copy of the project; every one that says it registered or appended finds its entry there,
no article is orphaned, and the ledger loads."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import yaml

from conftest import cli
from elite_defections.core import paths

N = 6


def _wire(i: int) -> str:
    return (f"Seoul, {i + 1} October 2024. Wire {i}: the ministry said {190 + i} North Korean defectors arrived "
            f"in the South in 2023, and more than {34 + i},000 in all.\n")


def _start(project: Path, *args: str) -> subprocess.Popen:
    env = {**os.environ, "ELITE_DEFECTIONS_ROOT": str(project)}
    return subprocess.Popen([sys.executable, "-m", "elite_defections", *args], cwd=project, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_six_add_sources_and_six_drafts_at_once_keep_every_entry(tmp_path):
    project = paths.copy_project(tmp_path / "project")
    files = []
    for i in range(N):
        files.append(tmp_path / f"wire{i}.txt")
        files[-1].write_text(_wire(i), encoding="utf-8")
    adds = [_start(project, "add-source", str(f), "--key", f"wire{i}", "--outlet", f"Wire {i}",
                   "--title", f"Arrivals {i}", "--date", "2024-10-01", "--kind", "news report")
            for i, f in enumerate(files)]
    results = [(p.wait(timeout=300), *p.communicate()) for p in adds]
    assert all(code == 0 and "registered" in out for code, out, _ in results), results
    registry = yaml.safe_load((project / "data/sources/sources.yaml").read_text(encoding="utf-8"))
    added = {r["key"]: r["file"] for r in registry if r["key"].startswith("wire")}
    assert set(added) == {f"wire{i}" for i in range(N)}
    assert len(set(added.values())) == N  # six different files, none overwritten
    articles = {p.name for p in (project / "data/sources/articles").glob("*.txt")}
    assert set(added.values()) <= articles and len(articles) == 5 + N  # nothing orphaned

    drafts = [_start(project, "draft-claims", f"wire{i}", "--append") for i in range(N)]
    results = [(p.wait(timeout=300), *p.communicate()) for p in drafts]
    assert all(code == 0 and "appended" in out for code, out, _ in results), results
    ledger = yaml.safe_load((project / "data/claims.yaml").read_text(encoding="utf-8"))
    for i in range(N):
        assert any(c["source"] == f"wire{i}" and c["figure"] == str(190 + i) for c in ledger), i
    ids = [c["id"] for c in ledger]
    assert len(ids) == len(set(ids))
    validated = cli(project, "validate")
    assert validated.returncode == 0, validated.stderr
    again = cli(project, "draft-claims", "wire0", "--append")
    assert again.returncode == 0 and "already covered" in again.stderr


def test_make_clean_waits_for_the_lock_and_never_removes_it(tmp_path):
    """`make clean` runs `elite-defections clean`, which takes the project's lock; the lock file is
    outside build/, so a build that holds it keeps it, and a second build cannot start beside it."""
    project = paths.copy_project(tmp_path / "project")
    (project / "build/.staging-running").mkdir(parents=True)
    code = "import time\nfrom elite_defections.core.lock import project_lock\nwith project_lock():\n" \
           "    print('held', flush=True)\n    time.sleep(120)\n"
    holder = subprocess.Popen([sys.executable, "-c", code], env={**os.environ, "ELITE_DEFECTIONS_ROOT": str(project)},
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        refused = cli(project, "clean", "--no-wait")
        assert refused.returncode == 1 and "is still running" in refused.stderr
        assert (project / "build/.staging-running").is_dir()
        second = cli(project, "render", "--no-wait")
        assert second.returncode == 1 and "is still running" in second.stderr
    finally:
        holder.kill()
        holder.wait()
    cleaned = cli(project, "clean", "--no-wait")
    assert cleaned.returncode == 0, cleaned.stderr
    assert not (project / "build").exists() and (project / paths.LOCK.name).exists()
