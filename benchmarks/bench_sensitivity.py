"""Benchmark the default build against the sensitivity runs, and an edit-rebuild cycle (a script
that prints figures, not a test).

    .venv/bin/python benchmarks/bench_sensitivity.py [--repeat N]

The default build (`make report`) does not run the sensitivity alternatives: it keeps their
results only when they were run for exactly its inputs and parameters (`make sensitivity` runs
them). In one run, on two fresh copies of the project's inputs (A and B), it measures:
  main            A: a cold forced build without the alternatives (--no-sensitivity)
  default         B: a cold forced build as `make report` runs it (target: at most 1.5 × main)
  sensitivity     B: `make sensitivity` after it: every alternative's run, the comparison, the render
  unchanged       B: `make report` again, nothing changed (the alternatives kept as current)
  edit, main      A: one claim edited, then the build without the alternatives
  edit, default   B: the same edit, then `make report` (the alternatives withdrawn as stale)
  edit, sens.     B: `make sensitivity` after the edit (what every edit cost before)
and prints the figures and the ratios. The cold and edited builds are measured in alternating pairs,
`--repeat N` times (default 3), and their medians compared: the machine's load moves between runs.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import tempfile
from pathlib import Path

from elite_defections.core.params import load, sensitivity
from elite_defections.core.paths import copy_project

sys.path.insert(0, str(Path(__file__).parent))
from bench_build import timed  # noqa: E402

EDIT = ("134 vs 54 in the same article.", "134 against 54 in the same article.")


def edit_one_claim(project: Path, back: bool = False) -> None:
    """Edit one claim's note (`back`: undo it, which is an edit too)."""
    ledger = project / "data" / "claims.yaml"
    old, new = reversed(EDIT) if back else EDIT
    text = ledger.read_text(encoding="utf-8")
    assert old in text, "the benchmark's claim edit no longer applies: update EDIT"
    ledger.write_text(text.replace(old, new, 1), encoding="utf-8")


def main() -> None:
    repeat = int(sys.argv[sys.argv.index("--repeat") + 1]) if "--repeat" in sys.argv else 3
    alternatives = len(sensitivity(load()))
    with tempfile.TemporaryDirectory(prefix="bench-sens-") as tmp:
        a, b = (copy_project(Path(tmp) / name) for name in ("a", "b"))
        env = {name: {**os.environ, "ELITE_DEFECTIONS_ROOT": str(p)} for name, p in (("a", a), ("b", b))}
        build = [sys.executable, "-m", "elite_defections", "build"]
        runs: dict[str, list[float]] = {}

        def measure(key: str, args: list[str], copy: str) -> None:
            runs.setdefault(key, []).append(timed(build + args, env[copy], a if copy == "a" else b, key))

        # the pairs alternate, so a change in the machine's load falls on both
        for _ in range(repeat):
            measure("main", ["--force", "--no-sensitivity"], "a")
            measure("default", ["--force"], "b")
        measure("sensitivity", ["--sensitivity"], "b")
        measure("unchanged", [], "b")
        kept = json.loads((b / "build" / "sensitivity.json").read_text(encoding="utf-8"))
        for n in range(repeat):
            edit_one_claim(a, back=n % 2 == 1)
            measure("edit_main", ["--no-sensitivity"], "a")
            edit_one_claim(b, back=n % 2 == 1)
            measure("edit_default", [], "b")
        withdrawn = json.loads((b / "build" / "sensitivity.json").read_text(encoding="utf-8"))
        edit_one_claim(b, back=repeat % 2 == 1)
        measure("edit_sensitivity", ["--sensitivity"], "b")
    t = {key: statistics.median(values) for key, values in runs.items()}
    print(f"machine: {os.cpu_count()} cores; {alternatives} alternatives; --jobs 2; one run, "
          f"medians of {repeat} for the pairs (cold and edited)")
    rows = (("A  cold build, no alternatives (main)", "main"), ("B  cold build, make report (default)", "default"),
            ("B  make sensitivity after it", "sensitivity"), ("B  make report, nothing changed", "unchanged"),
            ("A  one claim edited, no alternatives", "edit_main"), ("B  one claim edited, make report", "edit_default"),
            ("B  make sensitivity after the edit", "edit_sensitivity"))
    for label, key in rows:
        print(f"{label:<44}{t[key]:8.2f} s   " + " ".join(f"{v:.1f}" for v in runs[key]))
    print()
    print(f"make report / main, cold                    {t['default'] / t['main']:8.2f}   target <= 1.5")
    print(f"make report / main, after one claim edited  {t['edit_default'] / t['edit_main']:8.2f}   target <= 1.5")
    print(f"make sensitivity / main, cold               {(t['default'] + t['sensitivity']) / t['main']:8.2f}   "
          f"(per alternative {t['sensitivity'] / alternatives:.2f} s)")
    print(f"edit cycle with the alternatives / without  {(t['edit_default'] + t['edit_sensitivity']) / t['edit_main']:8.2f}")
    print(f"after make sensitivity, nothing changed: alternatives kept as current: {not kept.get('not_run')}")
    print(f"after the edit, make report withdrew them: {bool(withdrawn.get('not_run'))} "
          f"(last run for inputs {withdrawn.get('last_made', {}).get('inputs')})")
    print(json.dumps({"medians": t, "runs": runs, "alternatives": alternatives, "cores": os.cpu_count()}))


if __name__ == "__main__":
    main()
