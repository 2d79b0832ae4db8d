"""Benchmark the sensitivity runs (a script that prints figures, not a test).

    .venv/bin/python benchmarks/bench_sensitivity.py

On a fresh copy of the project's inputs, measures:
  main        the build without sensitivity (--no-sensitivity), from nothing
  sensitivity the build again with params.yaml's sensitivity block: the main notebooks are cached,
              so this is every alternative's run, the comparison and one render
  unchanged   the same build again, nothing changed (every alternative cached)
and prints the cost per alternative and against the main build.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from elite_defections.core.params import load, sensitivity
from elite_defections.core.paths import copy_project

sys.path.insert(0, str(Path(__file__).parent))
from bench_build import timed  # noqa: E402


def main() -> None:
    alternatives = len(sensitivity(load()))
    with tempfile.TemporaryDirectory() as tmp:
        project = copy_project(Path(tmp) / "project")
        env = {**os.environ, "ELITE_DEFECTIONS_ROOT": str(project)}
        build = [sys.executable, "-m", "elite_defections", "build"]
        main_build = timed(build + ["--no-sensitivity"], env, project)
        with_sensitivity = timed(build, env, project)
        unchanged = timed(build, env, project)
    print(f"machine: {os.cpu_count()} cores; {alternatives} alternatives, run one after another with --jobs 2")
    print(f"main build (no sensitivity), cold   {main_build:7.2f} s")
    print(f"sensitivity runs + render           {with_sensitivity:7.2f} s")
    print(f"  per alternative                   {with_sensitivity / alternatives:7.2f} s")
    print(f"  against the main build            {with_sensitivity / main_build:7.2f} ×")
    print(f"nothing changed (all cached)        {unchanged:7.2f} s")


if __name__ == "__main__":
    main()
