"""The briefing's sensitivity section (`::: {.sensitivity ids="..."}`), from build/sensitivity.json
(engine/sensitivity.py): the sentence on the key judgments, what each alternative moves, each
listed figure and every verdict that moves under the alternatives. Only when the runs were made
for this build's parameters."""

from __future__ import annotations

from . import pandoc_ast as ast
from .block_inputs import Inputs, present, shown, stat_ref, verdict
from .tables import Request, claim_label, ids_and_labels

NOT_RUN = ("The sensitivity alternatives were not run for this build's inputs and parameters "
           "(`make sensitivity` runs them).")


def is_current(inputs: Inputs) -> bool:
    sens = inputs.sensitivity or {}
    if not isinstance(sens.get("alternatives"), list) or sens.get("not_run") or not isinstance(sens.get("parameters"), dict):
        return False
    return all(shown(sens["parameters"].get(name)) == shown(value)
               for name, value in (inputs.data.get("parameters") or {}).items())


def under(inputs: Inputs, sid: str, field: str) -> str:
    """What a figure or verdict becomes under each alternative that moves it."""
    base = shown(inputs.stats[sid].get(field)) if sid in inputs.stats else ""
    changes = []
    for alt in inputs.sensitivity["alternatives"]:
        moved = (alt.get("moved") or {}).get(sid)
        if moved and shown(moved.get(field)) != base:
            changes.append(f"{shown(moved.get(field))} with the {shown(alt.get('label'))}")
    return "; ".join(changes) or "unchanged under every alternative"


def sensitivity_section(inputs: Inputs, request: Request) -> list:
    ids, labels = ids_and_labels(inputs, request, True)
    if not is_current(inputs):  # say when and for which inputs they were last run, where they once were
        return [ast.para(ast.text(shown((inputs.sensitivity or {}).get("note")) or NOT_RUN))]
    alternatives = inputs.sensitivity["alternatives"]
    blocks = [ast.para(ast.text(shown(inputs.sensitivity.get("sentence"))))]
    items = []
    for alt in alternatives:
        moved = alt.get("moved") or {}
        checks = sum(1 for m in moved.values() if present(m.get("verdict")))
        items.append([ast.plain(ast.text(f"{shown(alt.get('label'))}: {len(moved)} statistics print differently, "
                                         f"{checks} of them checks"))])
    blocks.append(ast.bullet_list(items))
    rows = []
    for i, sid in enumerate(ids):
        inputs.stat(sid, "sensitivity")
        rows.append([labels[i] if i < len(labels) else ast.text(sid), [stat_ref(sid)],
                     ast.text(under(inputs, sid, "display"))])
    blocks.append(ast.table(["Figure", "This build", "Under the alternatives"], [0.3, 0.14, 0.56], rows,
                            "sensitivity-figures"))
    moving = sorted({sid for alt in alternatives for sid, m in (alt.get("moved") or {}).items()
                     if present(m.get("verdict")) and sid in inputs.stats
                     and shown(m["verdict"]) != shown(inputs.stats[sid].get("verdict"))})
    verdict_rows = []
    for sid in moving:
        s = inputs.stats[sid]
        verdict_rows.append([claim_label(inputs, s["claim"] if present(s.get("claim")) else sid),
                             verdict(shown(s.get("verdict"))), ast.text(under(inputs, sid, "verdict"))])
    if verdict_rows:
        blocks.append(ast.table(["Claim", "Verdict in this build", "Under the alternatives"], [0.34, 0.18, 0.48],
                                verdict_rows, "sensitivity-verdicts"))
    else:
        blocks.append(ast.para(ast.text("No verdict moves under any alternative.")))
    return blocks
