"""Benchmark the build (a script that prints figures, not a test: these machines are noisy).

    .venv/bin/python benchmarks/bench_build.py            # or: make benchmark

Measures, in one run, on a fresh copy of the project's inputs:
  cold        the whole build from nothing, forced (notebooks in warm kernels, statistics, render)
  unchanged   the same build again, nothing changed (target: under 0.5 s)
  one param   the build after one parameter changed (arrivals_first_year: only the notebook that
              reads it runs again)
  render      the render step alone, forced
  floor       the same computations (every code cell of every notebook) in one plain Python process
and prints the ratios (target: cold within 2 × (floor + render)), and how many lines the kernels
printed into the build's output (target: none).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from elite_defections.paths import copy_project


OUTPUT: dict[str, str] = {}


def timed(command: list[str], env: dict, cwd: Path, label: str = "") -> float:
    started = time.perf_counter()
    result = subprocess.run(command, env=env, cwd=cwd, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        sys.exit(f"benchmark step failed: {' '.join(command)}\n{result.stdout}\n{result.stderr}")
    OUTPUT[label] = result.stdout + result.stderr
    return elapsed


FLOOR = """
import json, sys, time
from pathlib import Path
started = time.perf_counter()
for path in sorted(Path("notebooks").glob("[0-9]*.ipynb")):
    cells = [c for c in json.loads(path.read_text())["cells"] if c["cell_type"] == "code"]
    namespace = {"__name__": "__main__"}
    for cell in cells:
        source = "".join(cell["source"])
        if "parameters" in cell.get("metadata", {}).get("tags", []):
            exec(source, namespace)
            namespace["output_dir"] = sys.argv[1]
            continue
        exec(compile(source, str(path), "exec"), namespace)
"""


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        project = copy_project(Path(tmp) / "project")
        env = {**os.environ, "ELITE_DEFECTIONS_ROOT": str(project)}
        cli = [sys.executable, "-m", "elite_defections", "build"]
        extra: list[str] = []

        cold = timed(cli + extra + ["--force"], env, project, "cold")
        unchanged = timed(cli + extra, env, project, "unchanged")
        one_param = timed(cli + extra + ["-p", "arrivals_first_year=1999"], env, project, "one param")
        render = timed([sys.executable, "-c", "from elite_defections.render import render_briefing; "
                                              "render_briefing(force=True)"], env, project)
        floor = timed([sys.executable, "-c", FLOOR, str(project / "build" / "floor")], env, project)

    print(f"{'step':<34}{'seconds':>9}")
    for label, value in (("cold build", cold), ("rebuild, nothing changed", unchanged),
                         ("rebuild, one parameter changed", one_param), ("render alone (forced)", render),
                         ("floor: same computations, 1 process", floor)):
        print(f"{label:<34}{value:>9.2f}")
    print()
    print(f"cold / floor                         {cold / floor:6.2f}")
    print(f"cold / (floor + render)              {cold / (floor + render):6.2f}   target <= 2")
    print(f"one parameter / cold                 {one_param / cold:6.2f}   "
          f"({OUTPUT['one param'].count(': running')} of 5 notebooks ran again)")
    print(f"nothing changed                      {unchanged:6.2f} s  target < 0.5 s")
    kernel_lines = [line for text in OUTPUT.values() for line in text.splitlines()
                    if "IPKernelApp" in line or "KeyboardInterrupt" in line or "Traceback" in line]
    print(f"kernel lines in the builds' output   {len(kernel_lines):6d}   target 0")
    print(json.dumps({"cold": cold, "unchanged": unchanged, "one_param": one_param, "render": render,
                      "floor": floor, "kernel_lines": len(kernel_lines), "cores": os.cpu_count()}))


if __name__ == "__main__":
    main()
