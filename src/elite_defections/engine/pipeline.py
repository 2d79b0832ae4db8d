"""Run the notebooks with Papermill: only those whose recorded inputs no longer hold, in parallel,
keeping failures.

A notebook's statistics file records the digest of its inputs (the notebook, the data, the package
code) and the parameters it read (`freshness`). A notebook is run again when that record no longer
matches the build (or with `force`); so a notebook run by hand, a changed parameter it reads, or a
changed input reruns it, and a parameter it never reads does not. Statistics of a notebook that no
longer exists are dropped, with a message.

Each build stages its runs in a folder of its own; only when a notebook succeeded are its executed
copy, statistics, figures and exports moved into the output folder. A failure stops the build with
the notebook, the cell and the error, keeps the failed executed notebook in `failed/`, and leaves
every earlier output as it was. After an interrupt nothing more is started or moved.

`run(params, output)` is the one public way to run the notebooks for a parameter set into a folder
(the build uses `build/`; other parameter sets can use folders of their own).

This module is imported on every `make report`, so it imports nothing heavy at module level.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from ..core import freshness, paths
from ..core.params import to_papermill
from .kernels import RESET, Pool

DURATIONS = "durations.json"  # under <output>/notebooks: last run time of each, to start the slowest first


class NotebookFailed(RuntimeError):
    """A notebook raised: names the notebook, the cell and the error, and where the failed copy is."""


class Interrupted(BaseException):
    """The build was interrupted (Ctrl-C): nothing more was started or moved into place."""


@dataclass(frozen=True)
class Outcome:
    notebook: str
    executed: bool
    seconds: float


@dataclass(frozen=True)
class Layout:
    """Where one run's outputs go: `build/` for the build, any folder for another parameter set."""
    root: Path

    @property
    def notebooks(self) -> Path:
        return self.root / "notebooks"

    @property
    def statistics(self) -> Path:
        return self.root / "statistics"

    @property
    def failed(self) -> Path:
        return self.root / "failed"

    def statistics_file(self, name: str) -> Path:
        return self.statistics / f"{name}.json"

    def outputs_file(self, name: str) -> Path:
        return self.notebooks / f"{name}.outputs.json"


def notebooks() -> list[Path]:
    return sorted(paths.NOTEBOOKS.glob("[0-9]*.ipynb"))


def inputs_fingerprint() -> str:
    """The data and package code every notebook reads (also the evidence's validation stamp)."""
    return freshness.shared_digest()


def staleness(name: str, params: dict[str, Any], digest: str, layout: Layout) -> str | None:
    """Why a notebook must run again, or None when its recorded outputs still hold."""
    try:
        record = json.loads(layout.statistics_file(name).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return "never run"
    except (OSError, ValueError):
        return "its statistics file is unreadable"
    if not (layout.notebooks / f"{name}.ipynb").is_file():
        return "its executed copy is missing"
    return freshness.is_current(record, params, digest)


def drop_removed(layout: Layout, log: Callable[[str], None]) -> None:
    """Outputs of notebooks that no longer exist (deleted or renamed) must not reach the briefing."""
    present = {nb.stem for nb in notebooks()}
    for stats in sorted(layout.statistics.glob("*.json")) if layout.statistics.is_dir() else []:
        if stats.stem not in present:
            try:
                outputs = json.loads(layout.outputs_file(stats.stem).read_text(encoding="utf-8"))
            except (OSError, ValueError):
                outputs = []
            for output in outputs:
                (layout.root / output).unlink(missing_ok=True)
            stats.unlink()
            for leftover in (layout.notebooks / f"{stats.stem}.ipynb", layout.outputs_file(stats.stem)):
                leftover.unlink(missing_ok=True)
            also = f" and its {', '.join(outputs)}" if outputs else ""
            log(f"  - {stats.stem}: dropped its statistics{also} (the notebook no longer exists)")


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


def _papermill_engine() -> str:
    """Register (once) a Papermill engine that runs a notebook in a kernel we started and keep."""
    import papermill
    from papermill.clientwrap import PapermillNotebookClient
    from papermill.engines import NBClientEngine, papermill_engines
    from papermill.utils import remove_args

    class Client(PapermillNotebookClient):
        def start_new_kernel(self, **kwargs):
            # The kernel we lent was stopped (an interrupt): never start another behind the pool's back.
            raise RuntimeError("the notebook's kernel was stopped")

        def papermill_execute_cells(self):
            self.wait_for_reply(self.kc.execute(RESET, silent=True, store_history=False))
            super().papermill_execute_cells()

    class Engine(NBClientEngine):
        @classmethod
        def execute_notebook(cls, nb, kernel_name, output_path=None, **kwargs):
            # No output path for the engine: Papermill would rewrite the whole notebook at every cell's
            # start and end (a third of a short notebook's time); it writes the result once at the end,
            # and the failed copy too, all the same.
            return super().execute_notebook(nb, kernel_name, output_path=None, **kwargs)

        @classmethod
        def execute_managed_notebook(cls, nb_man, kernel_name, log_output=False, stdout_file=None,
                                     stderr_file=None, start_timeout=60, execution_timeout=None, **kwargs):
            client = Client(nb_man, kernel_name=kernel_name, log=papermill.log.logger, log_output=log_output,
                            startup_timeout=start_timeout, timeout=execution_timeout,
                            **remove_args(["input_path", "timeout", "startup_timeout"], **kwargs))
            try:
                return client.execute()
            finally:
                if client.kc is not None:
                    client.kc.stop_channels()

    if "elite-defections" not in papermill_engines._engines:
        papermill_engines.register("elite-defections", Engine)
    return "elite-defections"


class _Run:
    """One call of `run`: its staging folder, kernels, and the stop flag an interrupt sets."""

    def __init__(self, params, layout: Layout, pool, log):
        self.params, self.layout, self.pool, self.log = params, layout, pool, log
        layout.root.mkdir(parents=True, exist_ok=True)
        self.staging = Path(tempfile.mkdtemp(prefix=".staging-", dir=layout.root))
        self.stopped = threading.Event()
        self.moving = threading.Lock()  # promotion is atomic with respect to an interrupt

    def execute(self, notebook: Path, digest: str) -> Outcome:
        import papermill

        name = notebook.stem
        if self.stopped.is_set():
            raise Interrupted()
        km = self.pool.take()
        staging = self.staging / name
        staging.mkdir()
        executed = staging / f"{name}.ipynb"
        self.log(f"  > {name}: running")
        started = time.perf_counter()
        healthy = False
        # The kernel goes back only once this notebook's line is printed: no more than `jobs`
        # notebooks ever show as running, and each "done" line comes in the order they finish.
        try:
            try:
                papermill.execute_notebook(str(notebook), str(executed), kernel_name="python3",
                                           engine_name=_papermill_engine(), km=km,
                                           parameters={**to_papermill(self.params), "output_dir": str(staging)},
                                           progress_bar=False, log_output=False)
                healthy = True
            except Exception as exc:  # papermill's execution error, or a kernel that died
                if self.stopped.is_set():
                    raise Interrupted() from None
                raise self._failed(name, executed, exc) from None
            seconds = time.perf_counter() - started
            try:
                self._promote(name, staging, executed)
            except OSError as exc:
                raise NotebookFailed(f"notebook {name} ran, but its outputs could not be moved into "
                                     f"{self.layout.root}: {exc}") from None
            self.log(f"  ✓ {name}: done in {seconds:.1f} s")
        except NotebookFailed:
            self.log(f"  ✗ {name}: failed")
            raise
        finally:
            self.pool.give_back(km, healthy=healthy)
        return Outcome(name, True, seconds)

    def _failed(self, name: str, executed: Path, exc: Exception) -> NotebookFailed:
        self.layout.failed.mkdir(parents=True, exist_ok=True)
        kept = self.layout.failed / f"{name}.ipynb"
        if executed.exists():
            shutil.move(executed, kept)
            message = _failure_message(name, kept)
        else:
            message = f"notebook {name} could not be run: {type(exc).__name__}: {exc}"
        where = os.path.relpath(kept, paths.ROOT)
        return NotebookFailed(f"{message}\n  failed notebook kept at {where}; earlier outputs left as they were")

    def _promote(self, name: str, staging: Path, executed: Path) -> None:
        """Move a successful run's outputs into place, replacing that notebook's previous outputs."""
        layout = self.layout
        if not (staging / "statistics" / f"{name}.json").is_file():
            raise NotebookFailed(f"notebook {name} ran but wrote no statistics to the folder it was given "
                                 "(its last cell should be record.write(output_dir)); earlier outputs left as they were")
        with self.moving:
            if self.stopped.is_set():
                raise Interrupted()
            for folder in (layout.notebooks, layout.statistics):
                folder.mkdir(parents=True, exist_ok=True)
            # the executed copy names the folder its outputs are now in, not the staging folder about to go
            text = executed.read_text(encoding="utf-8")
            executed.write_text(text.replace(json.dumps(str(staging))[1:-1], json.dumps(str(layout.root))[1:-1]),
                                encoding="utf-8")
            os.replace(executed, layout.notebooks / f"{name}.ipynb")
            written = []
            for kind in ("figures", "exports"):
                for output in sorted((staging / kind).glob("*")) if (staging / kind).is_dir() else []:
                    target = layout.root / kind / output.name
                    target.parent.mkdir(parents=True, exist_ok=True)
                    written.append(f"{kind}/{output.name}")
                    if not target.exists() or target.read_bytes() != output.read_bytes():
                        os.replace(output, target)  # unchanged files keep their bytes (and the render cache)
            # which figures and exports are this notebook's: dropped with it if it is deleted
            layout.outputs_file(name).write_text(json.dumps(written, indent=1) + "\n", encoding="utf-8")
            # The statistics file last: it is the record that says the outputs above are current.
            os.replace(staging / "statistics" / f"{name}.json", layout.statistics_file(name))
            (layout.failed / f"{name}.ipynb").unlink(missing_ok=True)

    def close(self) -> None:
        shutil.rmtree(self.staging, ignore_errors=True)


def _durations(layout: Layout) -> dict[str, float]:
    try:
        return json.loads((layout.notebooks / DURATIONS).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _save_durations(layout: Layout, outcomes: list[Outcome]) -> None:
    durations = {**_durations(layout), **{o.notebook: round(o.seconds, 2) for o in outcomes if o.executed}}
    layout.notebooks.mkdir(parents=True, exist_ok=True)
    (layout.notebooks / DURATIONS).write_text(json.dumps(durations, indent=1, sort_keys=True) + "\n")


def _one_line_at_a_time(log: Callable[[str], None]) -> Callable[[str], None]:
    """Notebooks report from several threads: keep their lines whole."""
    lock = threading.Lock()

    def locked(line: str) -> None:
        with lock:
            log(line)
    return locked


def plan(params: dict[str, Any], force: bool = False, output: Path | None = None
         ) -> list[tuple[Path, str, str | None]]:
    """Every notebook with its input digest and why it must run (None: its outputs still hold)."""
    layout = Layout(Path(output or paths.BUILD).resolve())
    shared = inputs_fingerprint()
    out = []
    for nb in notebooks():
        digest = freshness.input_digest(nb.stem, shared)
        out.append((nb, digest, "forced" if force else staleness(nb.stem, params, digest, layout)))
    return out


def run(params: dict[str, Any], output: Path | None = None, force: bool = False, jobs: int = 2,
        log: Callable[[str], None] = print, pool=None, fresh_kernels: bool = False) -> list[Outcome]:
    """Execute the notebooks whose recorded outputs no longer hold (all with `force`), `jobs` at a
    time, slowest first, into `output` (default `build/`). `pool` lends kernels (`kernels.Pool`);
    without one, a pool is made here (`fresh_kernels`: a new kernel for every notebook)."""
    # The kernels inherit this process's environment: point them at this project and a headless backend.
    os.environ.update({"ELITE_DEFECTIONS_ROOT": str(paths.ROOT), "MPLBACKEND": "Agg",
                       "PYDEVD_DISABLE_FILE_VALIDATION": "1"})
    layout = Layout(Path(output or paths.BUILD).resolve())  # the kernels run elsewhere (notebooks/)
    log = _one_line_at_a_time(log)
    drop_removed(layout, log)
    planned = plan(params, force, layout.root)
    if not planned:
        raise NotebookFailed(f"no notebooks found in {paths.NOTEBOOKS}")
    durations = _durations(layout)
    stale = sorted(((nb, digest) for nb, digest, why in planned if why),
                   key=lambda item: -durations.get(item[0].stem, float("inf")))
    outcomes = [Outcome(nb.stem, False, 0.0) for nb, _, why in planned if not why]
    for outcome in outcomes:
        log(f"  = {outcome.notebook}: unchanged, not run")
    for nb, _, why in planned:
        if why and why not in ("forced", "never run"):
            log(f"  ~ {nb.stem}: to run again ({why})")
    if not stale:
        return outcomes
    own_pool = pool is None
    pool = pool or Pool(min(jobs, len(stale)), fresh=fresh_kernels)
    current = _Run(params, layout, pool, log)
    failures: list[str] = []
    executor = ThreadPoolExecutor(max_workers=max(1, jobs), thread_name_prefix="notebook")
    try:
        futures = {executor.submit(current.execute, nb, digest): nb.stem for nb, digest in stale}
        for future in as_completed(futures):  # in the order they finish, not the order they were queued
            try:
                outcomes.append(future.result())  # its "done" or "failed" line is printed by its thread
            except NotebookFailed as exc:
                failures.append(str(exc))
    except BaseException:  # Ctrl-C (KeyboardInterrupt) or anything else: stop everything now
        with current.moving:
            current.stopped.set()
        executor.shutdown(wait=False, cancel_futures=True)
        pool.close(interrupted=True)
        current.close()
        raise
    executor.shutdown(wait=True)
    if own_pool:
        pool.close()
    current.close()
    _save_durations(layout, outcomes)
    if failures:
        raise NotebookFailed("\n".join(failures))
    return outcomes
