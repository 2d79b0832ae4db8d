"""Jupyter kernels for the build: started ahead, reused warm, stopped at once.

Starting a kernel and importing pandas, matplotlib and seaborn in it costs more than most of our
notebooks' own work, so the build starts its kernels while it validates the evidence, imports the
heavy libraries in them once, and hands each kernel from one notebook to the next with its
namespace cleared (`RESET`). Kernels are stopped by killing the process: a graceful shutdown waits
for the kernel and interrupts it, which costs time and prints "KeyboardInterrupt caught in kernel".

`fresh=True` gives every notebook a kernel of its own, as Papermill alone would (tests use it to
show that a warm kernel changes nothing in the outputs).

Kernels run in their own session (jupyter_client starts them so), so Ctrl-C in the terminal reaches
the build, which stops them, and not the kernels themselves.
"""

from __future__ import annotations

import json
import queue
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from ..core import paths

# Imported in a kernel before its first notebook: the heavy libraries every notebook needs, then
# (best effort, `warmup`) the notebooks' own import lines, so the list follows the notebooks.
WARMUP = """\
import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot, pandas, seaborn
"""


def warmup() -> str:
    lines: set[str] = set()
    for notebook in sorted(paths.NOTEBOOKS.glob("[0-9]*.ipynb")):
        try:
            cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
        except (OSError, ValueError, KeyError):
            continue
        for cell in cells:
            if cell.get("cell_type") == "code":
                source = "".join(cell.get("source", ""))
                lines.update(line for line in source.splitlines()
                             if line.startswith(("import ", "from ")) and "(" not in line
                             and not line.endswith("\\") and not line.startswith("from __future__"))
    tries = "".join(f"try:\n    {line}\nexcept Exception:\n    pass\n" for line in sorted(lines))
    return WARMUP + tries  # the names it binds go with the namespace reset before each notebook


# Run (silently) before each notebook in a reused kernel: the next notebook starts from an empty
# namespace and execution count 1, with no figure left open; imported modules stay loaded.
RESET = """\
import matplotlib.pyplot as _plt
_plt.close("all")
get_ipython().reset(new_session=True)
"""
KERNEL_ARGUMENTS = ["--IPKernelApp.log_level=ERROR",  # not the warning about local TCP, on every start
                    "--HistoryManager.hist_file=:memory:"]


class KernelStartFailed(RuntimeError):
    """A kernel would not start or could not import the libraries the notebooks need."""


def _run(coroutine):
    from jupyter_core.utils import run_sync

    async def wrapper():
        return await coroutine

    return run_sync(wrapper)()


async def _start(warm: bool):
    from jupyter_client.manager import AsyncKernelManager

    km = AsyncKernelManager(kernel_name="python3")
    await km.start_kernel(extra_arguments=KERNEL_ARGUMENTS, cwd=str(paths.NOTEBOOKS))
    if warm:
        kc = km.client()
        kc.start_channels()
        try:
            await kc.wait_for_ready(timeout=120)
            reply = await kc.execute_interactive(warmup(), store_history=False, timeout=300,
                                                 output_hook=lambda message: None)
            if reply["content"]["status"] != "ok":
                content = reply["content"]
                raise KernelStartFailed(f"a kernel could not import the notebooks' libraries: "
                                        f"{content.get('ename')}: {content.get('evalue')}")
        finally:
            kc.stop_channels()
    return km


async def _kill(km, release: bool) -> None:
    try:
        if km.provisioner is not None and km.provisioner.has_process:
            await km.provisioner.kill()
            await km.provisioner.wait()
    finally:
        if release:
            await km.cleanup_resources()
        else:
            km.cleanup_connection_file()


def stop(km, release: bool = True) -> None:
    """Kill a kernel at once (no graceful shutdown: nothing in it needs saving). `release=False`
    leaves its sockets alone: on an interrupt a notebook thread may still be using them, and
    destroying their context under it aborts the process; the process is about to exit anyway."""
    try:
        _run(_kill(km, release))
    except Exception:  # already gone
        pass


class Pool:
    """`size` kernels, started in the background as soon as the pool is made.

    `take()` waits for a kernel; `give_back(km)` returns it for the next notebook. With
    `fresh=True` each `take()` starts a new kernel and `give_back` stops it.
    """

    def __init__(self, size: int, fresh: bool = False):
        self.fresh = fresh
        self._idle: queue.Queue = queue.Queue()
        self._all: list[Any] = []
        self._lock = threading.Lock()
        self._closed = False
        self._starter = ThreadPoolExecutor(max_workers=max(1, size), thread_name_prefix="kernel-start")
        self._pending: list[Future] = []
        if not fresh:
            for _ in range(max(1, size)):
                self._pending.append(self._starter.submit(self._start_one, True))

    def _start_one(self, warm: bool):
        km = _run(_start(warm))
        with self._lock:
            self._all.append(km)
            closed = self._closed
        if closed:
            stop(km)
            raise KernelStartFailed("the build stopped while a kernel was starting")
        if warm:
            self._idle.put(km)
        return km

    def take(self):
        if self.fresh:
            return self._start_one(False)
        while True:
            try:
                return self._idle.get(timeout=0.2)
            except queue.Empty:
                if all(f.done() for f in self._pending):
                    for f in self._pending:
                        f.result()  # raises the start failure, if that is what happened
                    if self._idle.empty():
                        raise KernelStartFailed("no kernel is available")

    def give_back(self, km, healthy: bool = True) -> None:
        if self.fresh or not healthy or self._closed:
            self.discard(km)
            if not self.fresh and not self._closed:  # replace a kernel that a failure may have left dirty
                self._pending.append(self._starter.submit(self._start_one, True))
            return
        self._idle.put(km)

    def discard(self, km) -> None:
        with self._lock:
            if km in self._all:
                self._all.remove(km)
        stop(km)

    def close(self, interrupted: bool = False) -> None:
        """Stop every kernel now, including those still starting (see `stop` for `interrupted`)."""
        with self._lock:
            self._closed = True
            kernels, self._all = list(self._all), []
        for km in kernels:
            stop(km, release=not interrupted)
        self._starter.shutdown(wait=False, cancel_futures=True)

    def __enter__(self) -> "Pool":
        return self

    def __exit__(self, *exc) -> None:
        self.close()
