"""What identifies a build: the date it prints and embeds (reproducible: SOURCE_DATE_EPOCH or the
last commit's date) and the commit and package versions it records."""

from __future__ import annotations

import datetime as dt
import os
import platform
import subprocess
from importlib.metadata import version
from typing import Any

from .. import __version__
from . import paths
from .errors import DataError


def _git(*args: str) -> str:
    try:
        return subprocess.run(["git", *args], capture_output=True, text=True, cwd=paths.ROOT,
                              timeout=10).stdout.strip()
    except (OSError, subprocess.TimeoutExpired):
        return ""


def source_date() -> dt.datetime:
    """The date a build prints and embeds, the same for every build of the same inputs:
    SOURCE_DATE_EPOCH when set (reproducible-builds.org), else the last commit's date, else (a copy
    of the project outside git) the last time an input changed."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not epoch:
        epoch = _git("log", "-1", "--format=%ct")
    if not epoch:
        inputs = [p for name in paths.PROJECT_INPUTS for p in ([paths.ROOT / name] if (paths.ROOT / name).is_file()
                                                               else (paths.ROOT / name).rglob("*"))
                  if p.is_file() and p.suffix not in (".html", ".pdf")]
        epoch = str(int(max((p.stat().st_mtime for p in inputs), default=0)))
    try:
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc)
    except (ValueError, OverflowError, OSError):
        raise DataError("SOURCE_DATE_EPOCH", None, None, f"{epoch!r} is not a number of seconds since 1970") from None


def build_info() -> dict[str, Any]:
    commit = _git("rev-parse", "--short", "HEAD") or "unknown"
    if _git("status", "--porcelain", "--untracked-files=no"):
        commit += " (with uncommitted changes)"
    return {"commit": commit, "package_version": __version__, "python": platform.python_version(),
            "papermill": version("papermill"), "pandas": version("pandas"), "matplotlib": version("matplotlib"),
            "date": source_date().date().isoformat()}
