"""One build at a time per checkout.

`build/.lock` holds the holder's PID and start time. The lock itself is an advisory `flock` on that
file, which the system releases when its holder dies, however it dies; so a lock left by a dead
process is simply taken over (and said so), and two builds can never both believe they hold it.
A second build waits, saying for whom, or with `no_wait` refuses.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import json
import os
from contextlib import contextmanager
from typing import Callable, Iterator

from ..core import paths
from ..render.publish import recover

LOCK = paths.BUILD / ".lock"
# Temporary folders and files a build makes and removes; one left behind was left by a killed build.
LEFTOVERS = (".staging-*", ".render-*", ".*.tmp", "cache/.evidence-*")


class BuildBusy(RuntimeError):
    """Another build holds this checkout's lock (and the caller asked not to wait)."""


def _holder(fd: int) -> dict:
    try:
        os.lseek(fd, 0, os.SEEK_SET)
        return json.loads(os.read(fd, 4096).decode() or "{}")
    except (OSError, ValueError):
        return {}


def _describe(holder: dict) -> str:
    if not holder:
        return "another build"
    return f"the build started at {holder.get('started', '?')} by process {holder.get('pid', '?')}"


def _alive(pid) -> bool:
    try:
        os.kill(int(pid), 0)
    except (OSError, ValueError, TypeError):
        return False
    return True


def remove_leftovers(log: Callable[[str], None]) -> None:
    """Temporary folders of builds that were killed (only called while holding the lock)."""
    found = [p for pattern in LEFTOVERS for root in (paths.BUILD, paths.REPORT) for p in root.glob(pattern)]
    found += [p for p in (paths.BUILD / "staging",) if p.is_dir()]  # the layout before staging was per build
    for leftover in sorted(found):
        if leftover.is_file():
            leftover.unlink(missing_ok=True)
        elif recover(leftover):
            log("restored the previous briefing (HTML and PDF): a build was stopped while replacing them")
    if found:
        log(f"removed {len(found)} temporary folder(s) or file(s) left by an interrupted build")


@contextmanager
def hold(no_wait: bool = False, log: Callable[[str], None] = print) -> Iterator[None]:
    """Hold the checkout's build lock for the duration of the block."""
    LOCK.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(LOCK, os.O_RDWR | os.O_CREAT, 0o644)
    held = False
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            held = True
        except BlockingIOError:
            holder = _describe(_holder(fd))
            if no_wait:
                raise BuildBusy(f"{holder} is still running in this checkout ({LOCK}); "
                                "wait for it, or run again without --no-wait to queue behind it") from None
            log(f"waiting for {holder} to finish (one build at a time in a checkout)...")
            fcntl.flock(fd, fcntl.LOCK_EX)
        held = True
        previous = _holder(fd)
        if previous.get("pid") and previous.get("pid") != os.getpid() and not _alive(previous["pid"]):
            log(f"taking over the lock left by {_describe(previous)}, which is no longer running")
        os.ftruncate(fd, 0)
        os.lseek(fd, 0, os.SEEK_SET)
        started = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
        os.write(fd, json.dumps({"pid": os.getpid(), "started": started}).encode())
        remove_leftovers(log)
        yield
    finally:
        if held:
            try:
                os.ftruncate(fd, 0)  # released cleanly: nothing to take over
            except OSError:
                pass
        os.close(fd)
