"""One publication: the statistics, the figures and the exports a build makes and the briefing
rendered from them are put in place together, or they go back to what they were.

Before it runs the notebooks, the build opens a journal, a folder `build/.publish-*` holding
copies of what it is about to replace (the statistics, the previous statistics kept for `diff`,
the sensitivity results, the figures and the exports folders) and a mark recording the briefing's
checksums. If the render
fails, the disk fills, the folder is read-only or the user presses Ctrl-C, the copies go back. A
build killed outright leaves the journal, and the next holder of the lock (`recover`) reads the
mark: if the briefing on disk is still the one recorded, the render never published, and the
copies go back; if it is another, the render did publish, and the new statistics stay with it.
The HTML and the PDF are themselves published as a pair (`render/publish.py`).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from ..core import paths
from ..core.files import write_atomically

MARK = "journal.json"


def kept_files() -> list[Path]:
    return [paths.STATISTICS, paths.BUILD / "statistics.previous.json", paths.BUILD / "sensitivity.json",
            paths.FIGURES, paths.BUILD / "exports"]


def _digest(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def _roll_back(folder: Path, journal: dict) -> None:
    for name, saved in journal["files"].items():
        final = Path(name)
        if final.is_dir() and (saved is None or (folder / saved).exists()):
            shutil.rmtree(final)  # a folder goes back whole: nothing this build added stays in it
        if saved is None:
            final.unlink(missing_ok=True)  # it did not exist before this build
        elif (folder / saved).exists():
            os.replace(folder / saved, final)


@contextmanager
def published_together(documents: list[Path]) -> Iterator[None]:
    """The block runs the notebooks, writes the statistics and renders the briefing; leaving it by an
    exception puts the statistics, figures and exports back as they were (the render has already
    kept or restored the briefing)."""
    paths.BUILD.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix=".publish-", dir=paths.BUILD))
    try:
        journal = {"files": {}, "documents": {str(d): _digest(d) for d in documents}}
        for i, final in enumerate(kept_files()):
            saved = None
            if final.is_dir():
                saved = f"{i}-{final.name}"
                shutil.copytree(final, folder / saved)
            elif final.exists():
                saved = f"{i}-{final.name}"
                shutil.copy2(final, folder / saved)
            journal["files"][str(final)] = saved
        write_atomically(folder / MARK, json.dumps(journal, indent=1))
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    try:
        yield
    except BaseException:
        _roll_back(folder, journal)
        shutil.rmtree(folder, ignore_errors=True)
        raise
    shutil.rmtree(folder, ignore_errors=True)


def recover(folder: Path) -> str:
    """A journal left by a killed build: roll back unless the briefing was published. Returns what
    was done, for the log."""
    try:
        journal = json.loads((folder / MARK).read_text(encoding="utf-8"))
        documents = journal["documents"]
    except (OSError, ValueError, KeyError, TypeError):
        shutil.rmtree(folder, ignore_errors=True)
        return "removed"  # killed before the journal was complete: nothing had been replaced yet
    published = any(_digest(Path(d)) != digest for d, digest in documents.items())
    if not published:
        _roll_back(folder, journal)
    shutil.rmtree(folder, ignore_errors=True)
    return "kept" if published else "restored"
