"""One build at a time per checkout, and no intake (`add-source`, `draft-claims --append`) during one.

The lock is the project's (`core/lock.py`): an advisory `flock` on `.elite-defections.lock` at the
project root, which the system releases when its holder dies, however it dies; so a lock left by a
dead process is simply taken over (and said so), and two builds can never both believe they hold
it. `make clean` removes build/ only while holding it, and the lock file is not under build/, so a
clean can neither pull a running build's folders away nor let a second build in beside it. A
second build waits, saying for whom, or with `no_wait` refuses. The build that takes the lock
first removes what a killed build left behind.
"""

from __future__ import annotations

import shutil
from contextlib import contextmanager
from typing import Callable, Iterator

from ..core import paths
from ..core.lock import Busy, project_lock
from ..render.publish import recover
from . import release

LOCK = paths.LOCK
# Temporary folders and files a build makes and removes; one left behind was left by a killed build.
LEFTOVERS = (".staging-*", ".render-*", ".publish-*", ".*.tmp", "cache")
BuildBusy = Busy  # the name the command line and the tests know


def remove_leftovers(log: Callable[[str], None]) -> None:
    """Temporary folders of builds that were killed (only called while holding the lock)."""
    found = [p for pattern in LEFTOVERS for root in (paths.BUILD, paths.REPORT) for p in root.glob(pattern)]
    found += [p for p in (paths.BUILD / "staging",) if p.is_dir()]  # the layout before staging was per build
    found += list(paths.DATA.rglob(".*.tmp"))  # an intake killed while writing a file
    # the briefing's own swap first, then the journal that compares the statistics with it
    for leftover in sorted(found, key=lambda p: (p.name.startswith(".publish-"), str(p))):
        if leftover.is_file() or leftover.is_symlink():
            leftover.unlink(missing_ok=True)
        elif leftover.name.startswith(".publish-"):
            if release.recover(leftover) == "restored":
                log("restored the previous statistics: a build was stopped before its briefing was published")
        elif recover(leftover):
            log("restored the previous briefing (HTML and PDF): a build was stopped while replacing them")
    if found:
        log(f"removed {len(found)} temporary folder(s) or file(s) left by an interrupted build")


@contextmanager
def hold(no_wait: bool = False, log: Callable[[str], None] = print) -> Iterator[None]:
    """Hold the checkout's lock for the duration of the block."""
    with project_lock(no_wait=no_wait, log=log, doing="build", on_acquire=lambda: remove_leftovers(log)):
        yield


def clean(no_wait: bool = False, log: Callable[[str], None] = print) -> None:
    """`make clean`: remove build/ (never while a build or an intake holds the lock)."""
    with project_lock(no_wait=no_wait, log=log, doing="clean"):
        if paths.BUILD.is_symlink():
            paths.BUILD.unlink()
        elif paths.BUILD.exists():
            shutil.rmtree(paths.BUILD)
