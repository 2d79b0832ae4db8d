"""The project's lock: one writer at a time, whether it builds or adds evidence.

The lock is an advisory `flock` on `paths.LOCK`, a file at the project root that `make clean`
(which removes build/) never touches; the system releases it when its holder dies, however it
dies. The file also holds the holder's PID, start time and what it is doing, so a second writer
can say whom it waits for. Within one process the lock is re-entrant: `draft-claims --append`
holds it while drafting and again while appending.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import json
import os
import threading
from contextlib import contextmanager
from typing import Callable, Iterator

from . import paths


class Busy(RuntimeError):
    """Another process holds the project's lock (and the caller asked not to wait)."""


class LockUnavailable(RuntimeError):
    """The lock file cannot be opened (a read-only checkout, a full disk)."""


_mutex = threading.RLock()
_state = {"fd": None, "depth": 0}


def read_holder(fd: int) -> dict:
    try:
        os.lseek(fd, 0, os.SEEK_SET)
        holder = json.loads(os.read(fd, 4096).decode() or "{}")
    except (OSError, ValueError):
        return {}
    return holder if isinstance(holder, dict) else {}


def describe(holder: dict) -> str:
    if not holder:
        return "another build or intake"
    doing = holder.get("doing") or "build"
    return f"the {doing} started at {holder.get('started', '?')} by process {holder.get('pid', '?')}"


def alive(pid) -> bool:
    try:
        os.kill(int(pid), 0)
    except (OSError, ValueError, TypeError, OverflowError):
        return False
    return True


def held_here() -> bool:
    """True when this process already holds the lock."""
    return _state["depth"] > 0


@contextmanager
def project_lock(no_wait: bool = False, log: Callable[[str], None] = print, doing: str = "build",
                 on_acquire: Callable[[], None] | None = None) -> Iterator[None]:
    """Hold the project's lock for the block. `on_acquire` runs once, when this process takes the
    lock (not when it already held it)."""
    with _mutex:
        if _state["depth"]:
            _state["depth"] += 1
            try:
                yield
            finally:
                _state["depth"] -= 1
            return
        lock = paths.LOCK
        try:
            fd = os.open(lock, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o644)
        except OSError as exc:
            raise LockUnavailable(f"cannot open the project's lock {lock} ({exc.strerror or exc}); "
                                  "the project folder must be writable to build or add evidence") from None
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                holder = describe(read_holder(fd))
                if no_wait:
                    raise Busy(f"{holder} is still running in this checkout ({lock.name}); "
                               "wait for it, or run again without --no-wait to queue behind it") from None
                log(f"waiting for {holder} to finish (one build or intake at a time in a checkout)...")
                fcntl.flock(fd, fcntl.LOCK_EX)
            previous = read_holder(fd)
            if previous.get("pid") and previous.get("pid") != os.getpid() and not alive(previous["pid"]):
                log(f"taking over the lock left by {describe(previous)}, which is no longer running")
            started = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
            try:
                os.ftruncate(fd, 0)
                os.lseek(fd, 0, os.SEEK_SET)
                os.write(fd, json.dumps({"pid": os.getpid(), "started": started, "doing": doing}).encode())
            except OSError:
                pass  # who holds it is only a courtesy to the next writer; the flock is the lock
            _state.update(fd=fd, depth=1)
            try:
                if on_acquire is not None:
                    on_acquire()
                yield
            finally:
                _state.update(fd=None, depth=0)
                try:
                    os.ftruncate(fd, 0)  # released cleanly: nothing to take over
                except OSError:
                    pass
        finally:
            os.close(fd)  # closing the last descriptor releases the flock
