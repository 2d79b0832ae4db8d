"""The whole build in order: validate the evidence, run the notebooks, merge the statistics,
render the briefing. Each step is skipped when nothing it reads changed."""

from __future__ import annotations

import datetime as dt
import json
import platform
import subprocess
import time
from typing import Any

from . import __version__, paths
from .pipeline import inputs_fingerprint, run as run_notebooks
from .statistics import merge

EVIDENCE_STAMP = paths.BUILD / "evidence.sha256"


def validate_evidence(force: bool = False, log=print) -> None:
    """Load and check every input file, then write the bibliography; skipped when unchanged."""
    digest = inputs_fingerprint()  # the data files and the package code that checks them
    if not force and EVIDENCE_STAMP.is_file() and EVIDENCE_STAMP.read_text().strip() == digest \
            and paths.BIBLIOGRAPHY.is_file():
        log("evidence base: unchanged since it was last validated")
        return
    from .evidence import load_evidence, write_evidence_bibliography  # pandas: only when needed

    evidence = load_evidence()
    write_evidence_bibliography(evidence)
    EVIDENCE_STAMP.parent.mkdir(parents=True, exist_ok=True)
    EVIDENCE_STAMP.write_text(digest + "\n")
    log(f"evidence base: valid ({len(evidence.sources)} sources, {len(evidence.claims)} claims)")


def _git(*args: str) -> str:
    try:
        return subprocess.run(["git", *args], capture_output=True, text=True, cwd=paths.ROOT,
                              timeout=10).stdout.strip()
    except (OSError, subprocess.TimeoutExpired):
        return ""


def build_info() -> dict[str, Any]:
    commit = _git("rev-parse", "--short", "HEAD") or "unknown"
    if _git("status", "--porcelain", "--untracked-files=no"):
        commit += " (with uncommitted changes)"
    from importlib.metadata import version

    return {"commit": commit, "package_version": __version__, "python": platform.python_version(),
            "papermill": version("papermill"), "pandas": version("pandas"), "matplotlib": version("matplotlib"),
            "date": dt.date.today().isoformat()}


def write_statistics(params: dict[str, Any]) -> bool:
    """Merge the notebooks' statistics into build/statistics.json; rewrite only on a real change
    (the build date alone does not count), so an unchanged build does not re-render."""
    from .params import departures, to_papermill

    document = merge(paths.STATISTICS_DIR, to_papermill(params), build_info())
    # what differs from params.yaml: the briefing's page-1 banner and its metadata say so
    document["departures"] = {name: {"value": value, "default": default}
                              for name, (value, default) in departures(params).items()}
    if paths.STATISTICS.is_file():
        previous = json.loads(paths.STATISTICS.read_text(encoding="utf-8"))
        strip = lambda d: {**d, "build": {k: v for k, v in d.get("build", {}).items() if k != "date"}}
        if strip(previous) == strip(document):
            return False
        # kept for `elite-defections diff`: what this build changed
        (paths.BUILD / "statistics.previous.json").write_bytes(paths.STATISTICS.read_bytes())
    paths.STATISTICS.write_text(json.dumps(document, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return True


def build(params: dict[str, Any], force: bool = False, jobs: int = 2, render: bool = True, log=print) -> None:
    started = time.perf_counter()
    validate_evidence(force, log)
    log("notebooks:")
    run_notebooks(params, force=force, jobs=jobs, log=log)
    changed = write_statistics(params)
    log(f"statistics: {'updated' if changed else 'unchanged'} ({paths.STATISTICS.relative_to(paths.ROOT)})")
    if render:
        from .render import render_briefing

        render_briefing(force=force)
    log(f"build finished in {time.perf_counter() - started:.2f} s")
