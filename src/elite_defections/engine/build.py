"""The whole build in order: validate the evidence, run the notebooks, merge the statistics,
prepare the briefing's generated blocks, render the briefing. Each step is skipped when nothing
it reads changed."""

from __future__ import annotations

import json
import time
from contextlib import nullcontext
from pathlib import Path
from typing import Any

from ..core import freshness, paths
from ..core.build_identity import build_info
from ..core.files import write_atomically
from ..core.params import departures, to_papermill
from ..core.statistic import merge
from ..evidence.base import load_evidence, write_evidence_bibliography
from ..render.blocks import write_blocks
from ..render.project import load_project
from ..render.render import render_briefing
from . import sensitivity
from .kernels import Pool
from .pipeline import (
    Layout,
    NotebookFailed,
    inputs_fingerprint,
    notebooks,
    plan,
    staleness,
)
from .pipeline import run as run_notebooks
from .release import published_together

EVIDENCE_STAMP = paths.BUILD / "evidence.sha256"


def validate_evidence(force: bool = False, log=print) -> None:
    """Load and check every input file, then write the bibliography; skipped when unchanged."""
    digest = inputs_fingerprint()  # the data files and the package code that checks them
    if not force and EVIDENCE_STAMP.is_file() and EVIDENCE_STAMP.read_text().strip() == digest \
            and paths.BIBLIOGRAPHY.is_file():
        log("evidence base: unchanged since it was last validated")
        return
    evidence = load_evidence(fresh=force)
    write_evidence_bibliography(evidence)
    EVIDENCE_STAMP.parent.mkdir(parents=True, exist_ok=True)
    EVIDENCE_STAMP.write_text(digest + "\n")
    log(f"evidence base: valid ({len(evidence.sources)} sources, {len(evidence.claims)} claims)")


def write_statistics(params: dict[str, Any]) -> bool:
    """Merge the notebooks' statistics into build/statistics.json, only those computed from this
    build's inputs and parameters; rewrite only on a real change, so an unchanged build does not
    re-render."""
    check_current(params)
    document = merge(paths.STATISTICS_DIR, to_papermill(params), build_info())
    # what differs from params.yaml: the briefing's page-1 banner and its metadata say so
    document["departures"] = {name: {"value": value, "default": default}
                              for name, (value, default) in departures(params).items()}
    text = json.dumps(document, indent=1, ensure_ascii=False) + "\n"
    if paths.STATISTICS.is_file():
        if paths.STATISTICS.read_text(encoding="utf-8") == text:
            return False
        # kept for `elite-defections diff`: what this build changed
        write_atomically(paths.BUILD / "statistics.previous.json", paths.STATISTICS.read_bytes())
    write_atomically(paths.STATISTICS, text)
    return True


def check_current(params: dict[str, Any], output=None) -> None:
    """Refuse to merge a statistics file whose record does not match these parameters and inputs
    (never expected after the notebooks ran: it means something wrote there behind the build's
    back). `output` is the folder `pipeline.run` wrote to (default build/)."""
    layout = Layout(Path(output or paths.BUILD).resolve())
    shared = inputs_fingerprint()
    names = {nb.stem for nb in notebooks()}
    for path in sorted(layout.statistics.glob("*.json")):
        why = staleness(path.stem, params, freshness.input_digest(path.stem, shared), layout) \
            if path.stem in names else "its notebook no longer exists"
        if why:
            raise NotebookFailed(f"{path.relative_to(paths.ROOT)} was not computed for this build ({why}); "
                                 "run the build again to recompute it")


def build(params: dict[str, Any], force: bool = False, jobs: int = 2, render: bool = True,
          log=print, timeout: float = 300, fresh_kernels: bool = False,
          with_sensitivity: bool | None = None) -> None:
    """The whole build; the caller holds the checkout's lock (`buildlock.hold`). `with_sensitivity`:
    True runs the sensitivity alternatives, False skips them, None (the default) keeps their results
    only if they were run for exactly these inputs and parameters (`sensitivity.keep_if_current`)."""
    started = time.perf_counter()
    stale = [nb for nb, _, why in plan(params, force) if why]
    # Kernels start (and import the heavy libraries) while the evidence is validated.
    pool = Pool(min(jobs, len(stale)), fresh=fresh_kernels) if stale else None
    documents = [paths.REPORT / name for name in paths.RENDERED]
    # One publication: from the notebooks' first output to the render, all or nothing (release.py).
    with published_together(documents) if render else nullcontext():
        try:
            try:
                validate_evidence(force, log)
                log("notebooks:")
                run_notebooks(params, force=force, jobs=jobs, log=log, pool=pool)
            except BaseException:
                if pool is not None:
                    pool.close(interrupted=True)
                raise
            if pool is not None:
                pool.close()
            changed = write_statistics(params)
            log(f"statistics: {'updated' if changed else 'unchanged'} ({paths.STATISTICS.relative_to(paths.ROOT)})")
            if with_sensitivity:
                sensitivity.run(params, force=force, jobs=jobs, log=log)
            elif with_sensitivity is None:
                sensitivity.keep_if_current(params, log=log)
            else:
                sensitivity.skip(params)
            write_blocks(load_project(), log)   # the tables and sections the filter places, from the statistics
            if render:
                render_briefing(force=force, timeout=timeout, log=log)
        except Exception:
            if render:
                log("statistics, figures and exports: put back as they were, beside the briefing rendered from them")
            raise
    log(f"build finished in {time.perf_counter() - started:.2f} s")
