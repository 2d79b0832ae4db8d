"""Benchmark the build (a script that prints figures, not a test: these machines are noisy).

    .venv/bin/python benchmarks/bench_build.py            # or: make benchmark
    .venv/bin/python benchmarks/bench_build.py --scale    # the ledger at 1x, 5x and 20x its size

Measures, in one run, on a fresh copy of the project's inputs, builds without the sensitivity
alternatives (benchmarks/bench_sensitivity.py measures those):
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

from elite_defections.core.paths import copy_project

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
        notebooks = len(list((project / "notebooks").glob("[0-9]*.ipynb")))  # those present, as the build runs them
        env = {**os.environ, "ELITE_DEFECTIONS_ROOT": str(project)}
        cli = [sys.executable, "-m", "elite_defections", "build"]
        extra = ["--no-sensitivity"]  # the alternatives' runs have their own benchmark (bench_sensitivity.py)

        cold = timed(cli + extra + ["--force"], env, project, "cold")
        unchanged = timed(cli + extra, env, project, "unchanged")
        one_param = timed(cli + extra + ["-p", "arrivals_first_year=1999"], env, project, "one param")
        render = timed([sys.executable, "-c", "from elite_defections.render.render import render_briefing; "
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
          f"({OUTPUT['one param'].count(': running')} of {notebooks} notebooks ran again)")
    print(f"nothing changed                      {unchanged:6.2f} s  target < 0.5 s")
    kernel_lines = [line for text in OUTPUT.values() for line in text.splitlines()
                    if "IPKernelApp" in line or "KeyboardInterrupt" in line or "Traceback" in line]
    print(f"kernel lines in the builds' output   {len(kernel_lines):6d}   target 0")
    print(json.dumps({"cold": cold, "unchanged": unchanged, "one_param": one_param, "render": render,
                      "floor": floor, "kernel_lines": len(kernel_lines), "cores": os.cpu_count()}))


def scaled_ledger(project: Path, factor: int) -> int:
    """Grow the copy's ledger to `factor` times its size: synthetic claims that reuse the existing
    quotes and declared checks under new ids. Returns the number of claims."""
    import yaml

    ledger = project / "data" / "claims.yaml"
    records = yaml.safe_load(ledger.read_text(encoding="utf-8"))
    grown = records + [{**r, "id": f"{r['id']}-x{n}"} for n in range(1, factor) for r in records]
    ledger.write_text(yaml.safe_dump(grown, allow_unicode=True, sort_keys=False, width=10**6), encoding="utf-8")
    return len(grown)


def ledger_scale(factors: tuple[int, ...] = (1, 5, 20)) -> None:
    """A cold build with the ledger at 1x, 5x and 20x its size, and the time per claim: growth
    should be linear (no step may scan the ledger once per claim)."""
    rows = []
    for factor in factors:
        with tempfile.TemporaryDirectory(prefix="bench-scale-") as tmp:
            project = copy_project(Path(tmp) / "project")
            claims = scaled_ledger(project, factor)
            env = {**os.environ, "ELITE_DEFECTIONS_ROOT": str(project)}
            checks = timed([sys.executable, "-c", "import time; from elite_defections.core import params; "
                            "from elite_defections.evidence.base import load_evidence; "
                            "from elite_defections.checks.ledger import all_checks; "
                            "e = load_evidence(); p = params.load(); t = time.perf_counter(); all_checks(e, p); "
                            "print(time.perf_counter() - t)"], env, project)
            cold = timed([sys.executable, "-m", "elite_defections", "build"], env, project)
            rows.append((factor, claims, cold, checks))
    print(f"{'ledger':<8}{'claims':>8}{'cold build s':>14}{'ms per claim':>14}{'load+checks s':>15}")
    for factor, claims, cold, checks in rows:
        print(f"{str(factor) + 'x':<8}{claims:>8}{cold:>14.2f}{1000 * cold / claims:>14.1f}{checks:>15.2f}")
    base = rows[0]
    for factor, claims, cold, _ in rows[1:]:
        extra = (cold - base[2]) / (claims - base[1])
        print(f"{factor}x: {1000 * extra:.1f} ms per added claim")
    print(json.dumps({"scale": [{"factor": f, "claims": n, "cold": c, "checks_process": k} for f, n, c, k in rows]}))


if __name__ == "__main__":
    if "--scale" in sys.argv[1:]:
        ledger_scale()
    else:
        main()
