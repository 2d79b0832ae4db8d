"""Run the notebooks with Papermill: only those whose inputs changed, in parallel, keeping failures.

A notebook's inputs are the notebook itself, the parameters, the data it reads and the package
code; their SHA-256 is stored beside its executed copy, and a notebook whose fingerprint is
unchanged is not executed again (`force` overrides). Each run writes into a staging folder; only
when the whole notebook succeeded are its executed copy, statistics and figures moved into
`build/`. A failed run stops the build with the notebook, the cell and the error, keeps the failed
executed notebook in `build/failed/`, and leaves every earlier output as it was.

This module is imported on every `make report`, so it imports nothing heavy at module level.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import paths
from .params import to_papermill

PACKAGE = Path(__file__).resolve().parent
# Modules the notebooks never import: changing them must not rerun the notebooks.
BUILD_ONLY = {"__main__.py", "cli.py", "build.py", "pipeline.py", "render.py", "notebook_clean.py"}


class NotebookFailed(RuntimeError):
    """A notebook raised: names the notebook, the cell and the error, and where the failed copy is."""


@dataclass(frozen=True)
class Outcome:
    notebook: str
    executed: bool
    seconds: float


def notebooks() -> list[Path]:
    return sorted(paths.NOTEBOOKS.glob("[0-9]*.ipynb"))


def _hash_files(files: list[Path], base: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(files):
        digest.update(str(path.relative_to(base)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def inputs_fingerprint() -> str:
    """The data and package code every notebook reads (shared by all notebooks)."""
    data = [p for p in paths.DATA.rglob("*") if p.is_file()]
    code = [p for p in PACKAGE.rglob("*.py") if p.name not in BUILD_ONLY]
    return _hash_files(data, paths.ROOT) + _hash_files(code, PACKAGE)


def fingerprint(notebook: Path, params: dict[str, Any], shared: str) -> str:
    digest = hashlib.sha256(notebook.read_bytes())
    digest.update(json.dumps(to_papermill(params), sort_keys=True).encode())
    digest.update(shared.encode())
    return digest.hexdigest()


def _stamp(name: str) -> Path:
    return paths.BUILD_NOTEBOOKS / f"{name}.sha256"


def _is_current(name: str, digest: str) -> bool:
    stamp = _stamp(name)
    return (stamp.is_file() and stamp.read_text().strip() == digest
            and (paths.BUILD_NOTEBOOKS / f"{name}.ipynb").is_file()
            and (paths.STATISTICS_DIR / f"{name}.json").is_file())


def _failure_message(name: str, executed: Path) -> str:
    """Find the failing cell in the executed copy and describe it."""
    try:
        nb = json.loads(executed.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return f"notebook {name} failed before it could be executed"
    code_index = 0
    for cell in nb.get("cells", []):
        if cell.get("cell_type") != "code":
            continue
        code_index += 1
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                first_line = "".join(cell.get("source", "")).strip().splitlines()[:1]
                return (f"notebook {name} failed in code cell {code_index} "
                        f"({first_line[0] if first_line else 'empty'!s}): {output.get('ename')}: {output.get('evalue')}")
    return f"notebook {name} failed (no cell recorded the error)"


def _execute(notebook: Path, params: dict[str, Any], digest: str, log=print) -> Outcome:
    name = notebook.stem
    log(f"  > {name}: running")
    staging = paths.BUILD / "staging" / name
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    executed = staging / f"{name}.ipynb"
    started = time.perf_counter()
    import papermill  # here, not at module level: the nothing-changed path must stay fast

    try:
        papermill.execute_notebook(str(notebook), str(executed), cwd=str(paths.NOTEBOOKS), kernel_name="python3",
                                   parameters={**to_papermill(params), "output_dir": str(staging)},
                                   progress_bar=False, log_output=False,
                                   # the kernel logs a warning about local TCP on every start: not for the reader
                                   extra_arguments=["--IPKernelApp.log_level=ERROR"])
    except Exception as exc:  # papermill's execution error, or a kernel that would not start
        paths.BUILD_FAILED.mkdir(parents=True, exist_ok=True)
        kept = paths.BUILD_FAILED / f"{name}.ipynb"
        if executed.exists():
            shutil.move(executed, kept)
            message = _failure_message(name, kept)
        else:
            message = f"notebook {name} could not be run: {type(exc).__name__}: {exc}"
        shutil.rmtree(staging, ignore_errors=True)
        raise NotebookFailed(f"{message}\n  failed notebook kept at {kept.relative_to(paths.ROOT)}; "
                             f"earlier outputs left as they were") from None
    seconds = time.perf_counter() - started
    _promote(name, staging, executed, digest)
    return Outcome(name, True, seconds)


def _promote(name: str, staging: Path, executed: Path, digest: str) -> None:
    """Move a successful run's outputs into build/, replacing that notebook's previous outputs."""
    for folder in (paths.BUILD_NOTEBOOKS, paths.STATISTICS_DIR, paths.FIGURES):
        folder.mkdir(parents=True, exist_ok=True)
    os.replace(executed, paths.BUILD_NOTEBOOKS / f"{name}.ipynb")
    os.replace(staging / "statistics" / f"{name}.json", paths.STATISTICS_DIR / f"{name}.json")
    for kind, folder in (("figures", paths.FIGURES), ("exports", paths.BUILD / "exports")):
        for output in sorted((staging / kind).glob("*")) if (staging / kind).is_dir() else []:
            folder.mkdir(parents=True, exist_ok=True)
            target = folder / output.name
            if not target.exists() or target.read_bytes() != output.read_bytes():
                os.replace(output, target)  # unchanged files keep their bytes (and the render cache)
    _stamp(name).write_text(digest + "\n")
    (paths.BUILD_FAILED / f"{name}.ipynb").unlink(missing_ok=True)
    shutil.rmtree(staging, ignore_errors=True)


def run(params: dict[str, Any], force: bool = False, jobs: int = 2, log=print) -> list[Outcome]:
    """Execute the stale notebooks (all with `force`), `jobs` at a time, and merge their statistics."""
    # The kernels inherit this process's environment: point them at this project and a headless backend.
    os.environ.update({"ELITE_DEFECTIONS_ROOT": str(paths.ROOT), "MPLBACKEND": "Agg",
                       "PYDEVD_DISABLE_FILE_VALIDATION": "1"})
    shared = inputs_fingerprint()
    plan = [(nb, fingerprint(nb, params, shared)) for nb in notebooks()]
    if not plan:
        raise NotebookFailed(f"no notebooks found in {paths.NOTEBOOKS}")
    stale = [(nb, digest) for nb, digest in plan if force or not _is_current(nb.stem, digest)]
    outcomes = [Outcome(nb.stem, False, 0.0) for nb, digest in plan if (nb, digest) not in stale]
    for outcome in outcomes:
        log(f"  = {outcome.notebook}: unchanged, not run")
    failures: list[str] = []
    if stale:
        with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
            futures = {}
            for nb, digest in stale:
                futures[nb.stem] = pool.submit(_execute, nb, params, digest, log)
            for name, future in futures.items():
                try:
                    outcome = future.result()
                    log(f"  ✓ {name}: done in {outcome.seconds:.1f} s")
                    outcomes.append(outcome)
                except NotebookFailed as exc:
                    log(f"  ✗ {name}: failed")
                    failures.append(str(exc))
    if (paths.BUILD / "staging").is_dir() and not any((paths.BUILD / "staging").iterdir()):
        (paths.BUILD / "staging").rmdir()
    if failures:
        raise NotebookFailed("\n".join(failures))
    return outcomes
