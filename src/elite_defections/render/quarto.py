"""Rendering with Quarto, when a `quarto` executable is on PATH: each call bounded by a timeout,
the previous outputs kept aside until the new ones are published."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
from pathlib import Path
from typing import Callable

from .project import (
    Project,
    RenderError,
)
from .publish import previous_kept


def find_quarto() -> str | None:
    return shutil.which("quarto")


def run_with_timeout(command: list[str], cwd: Path, timeout: float, what: str) -> subprocess.CompletedProcess:
    """Run a command; past `timeout` seconds stop it and everything it started, as a named error."""
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               start_new_session=True)  # its own process group, so all of it can be stopped
    try:
        stdout, stderr = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill_group(process)
        raise RenderError(f"{what} did not finish within {timeout:g} s and was stopped "
                          "(is it waiting for something? the limit is the build's --timeout)") from None
    except BaseException:
        _kill_group(process)
        raise
    return subprocess.CompletedProcess(command, process.returncode, stdout, stderr)


def _kill_group(process: subprocess.Popen) -> None:
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except OSError:
        pass
    process.communicate()


def render_quarto(project: Project, quarto: str, tmp: Path, log: Callable[[str], None],
                   timeout: float) -> dict[Path, Path]:
    """Quarto writes its outputs beside the document: the previous ones are kept in `tmp` and put
    back when the render is over, failed or not (or by the next build, if this one is killed);
    the new ones are published from `tmp` like the fallback's."""
    finals = [out for doc in project.documents for out in project.outputs(doc).values()]
    produced: dict[Path, Path] = {}
    with previous_kept(finals, tmp):
        for doc in project.documents:
            rel = doc.relative_to(project.root)
            before = {out: out.stat().st_mtime_ns if out.is_file() else None for out in project.outputs(doc).values()}
            result = run_with_timeout([quarto, "render", str(rel)], project.root, timeout, f"quarto render {rel}")
            if result.returncode != 0:
                raise RenderError(f"quarto render {rel} failed: {result.stderr.strip() or result.stdout.strip()}")
            for out, mtime in before.items():
                if not out.is_file() or (mtime is not None and out.stat().st_mtime_ns == mtime):
                    raise RenderError(f"quarto render {rel} did not write {out.relative_to(project.root)}")
                staged = tmp / f"new-{len(produced)}{out.suffix}"
                shutil.copy2(out, staged)
                produced[out] = staged
    return produced


def quarto_version(quarto: str, timeout: float) -> str:
    try:
        result = run_with_timeout([quarto, "--version"], Path.cwd(), min(timeout, 60), "quarto --version")
    except OSError as exc:
        raise RenderError(f"quarto ({quarto}) could not be run: {exc}") from None
    if result.returncode != 0:
        raise RenderError(f"quarto --version failed: {result.stderr.strip() or result.returncode}")
    return f"Quarto {result.stdout.strip() or '(version unknown)'}"
