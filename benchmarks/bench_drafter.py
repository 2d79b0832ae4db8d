"""How well draft-claims drafts on articles the project has never seen (issue 20, item 5).

Registers the six evaluation articles (tests/fixtures/articles) in a copy of the project, drafts
their claims, appends them, and runs each drafted check as it stands (no hand edit). Each figure
the hand annotation (expected.yaml, written before any drafter ran) calls checkable is scored:

  right    a drafted claim covers the figure and its drafted check gives the expected verdict
  wrong    a drafted claim covers it, with another verdict (listed)
  missed   no drafted claim covers it, or its drafted check is `none`
  flips    wrong verdicts that turn a wrong figure into "consistent" or a right one into
           "contradicted" (the target is none)

Figures the annotation calls not checkable are scored apart: a drafted check that gives them a
rated verdict is listed too. Usage: .venv/bin/python benchmarks/bench_drafter.py
"""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

FIXTURES = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "articles"
RIGHT = ("consistent", "consistent only through rounding", "single-source")


def _in_copy() -> int:
    from elite_defections.core import paths
    with tempfile.TemporaryDirectory() as tmp:
        project = paths.copy_project(Path(tmp) / "project")
        env = {**os.environ, "ELITE_DEFECTIONS_ROOT": str(project), "BENCH_DRAFTER_COPY": "1"}
        return subprocess.run([sys.executable, __file__, *sys.argv[1:]], env=env).returncode


def _span(text: str, quote: str, figure: str) -> tuple[int, int]:
    start = text.index(quote) + quote.index(figure)
    return start, start + len(figure)


def main() -> int:
    from elite_defections.checks.kinds import Context
    from elite_defections.checks.readings import check_claim
    from elite_defections.core import params, paths
    from elite_defections.evidence.base import load_evidence
    from elite_defections.intake.drafting import draft_claims
    from elite_defections.intake.register import add_source, append_claims

    registry = yaml.safe_load((FIXTURES / "registry.yaml").read_text(encoding="utf-8"))
    expected = {a["source"]: a["figures"] for a in yaml.safe_load((FIXTURES / "expected.yaml").read_text(encoding="utf-8"))}
    texts, drafted = {}, {}
    for entry in registry:
        add_source(FIXTURES / entry["file"], key=entry["key"], outlet=entry["outlet"], title=entry["title"],
                   date=str(entry["date"]), kind=entry["kind"], url=entry["url"], author=entry["author"],
                   now=str(entry["now"]))
        texts[entry["key"]] = (FIXTURES / entry["file"]).read_text(encoding="utf-8")
        stubs = draft_claims(entry["key"])
        append_claims(stubs)
        drafted[entry["key"]] = stubs
    spans = {s["id"]: _span(texts[k], s["quote"], s["figure"]) for k, stubs in drafted.items() for s in stubs}

    def covering(key: str, fig: dict) -> str | None:
        lo, hi = _span(texts[key], fig["quote"], fig["figure"])
        hits = [s["id"] for s in drafted[key] if spans[s["id"]][0] < hi and lo < spans[s["id"]][1]]
        return hits[0] if hits else None

    # the registry's now_inferred_from names the annotation's ids: give it the drafted claims of those words
    records = yaml.safe_load(paths.SOURCES_REGISTRY.read_text(encoding="utf-8"))
    for record, entry in ((r, e) for r in records for e in registry if r["key"] == e["key"]):
        inferred = [covering(entry["key"], f) for f in expected[entry["key"]] if f["id"] in entry.get("now_inferred_from", [])]
        if any(inferred):
            record["now_inferred_from"] = [i for i in inferred if i]
    paths.SOURCES_REGISTRY.write_text(yaml.safe_dump(records, allow_unicode=True, sort_keys=False), encoding="utf-8")

    evidence = load_evidence(fresh=True)
    ctx = Context(evidence, params.load())
    verdicts = {c.id: check_claim(dataclasses.replace(c, reviewed=True), ctx) for c in evidence.claims if c.id in spans}
    totals = {"checkable": 0, "right": 0, "missed": 0, "wrong": 0, "flips": 0, "unc_rated": 0}
    print(f"{'article':26} {'checkable':>9} {'right':>5} {'missed':>6} {'wrong':>5} {'flips':>5}  drafted stubs")
    lines = []
    for key in expected:
        row = dict.fromkeys(totals, 0)
        for fig in expected[key]:
            if "anchor_of" in fig:
                continue
            hit = covering(key, fig)
            stat = verdicts.get(hit)
            got = stat.verdict if stat else None
            if not fig["checkable"]:
                if got not in (None, "not checkable"):
                    row["unc_rated"] += 1
                    lines.append(f"  {fig['id']}: not checkable by hand, drafted check gives {got} ({hit})")
                continue
            row["checkable"] += 1
            if got is None or got == "not checkable":
                row["missed"] += 1
                lines.append(f"  missed {fig['id']} ({fig['figure']!r}): "
                             + ("no stub" if hit is None else f"{hit} drafted with check none: {evidence.claim(hit).check.get('reason')}"))
            elif got == fig["expected_verdict"]:
                row["right"] += 1
            else:
                row["wrong"] += 1
                flip = (got == "consistent" and fig["expected_verdict"] == "contradicted") or \
                       (got == "contradicted" and fig["expected_verdict"] in RIGHT)
                row["flips"] += flip
                lines.append(f"  wrong {fig['id']} ({fig['figure']!r}): expected {fig['expected_verdict']}, drafted "
                             f"{got} by {evidence.claim(hit).check}" + ("  <- FLIP" if flip else ""))
        for k in totals:
            totals[k] += row[k]
        share = row["right"] / row["checkable"] if row["checkable"] else 1
        print(f"{key:26} {row['checkable']:>9} {row['right']:>5} {row['missed']:>6} {row['wrong']:>5} {row['flips']:>5}  "
              f"{len(drafted[key])}  right {share:.0%}")
    share = totals["right"] / totals["checkable"]
    print(f"{'overall':26} {totals['checkable']:>9} {totals['right']:>5} {totals['missed']:>6} {totals['wrong']:>5} "
          f"{totals['flips']:>5}  {sum(map(len, drafted.values()))}  right {share:.0%}")
    print(f"not-checkable figures given a rated verdict by a drafted check: {totals['unc_rated']}")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main() if os.environ.get("BENCH_DRAFTER_COPY") else _in_copy())
