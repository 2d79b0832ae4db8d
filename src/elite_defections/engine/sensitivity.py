"""Sensitivity: the notebooks again under each alternative of params.yaml's `sensitivity` block.

Each alternative is the build's parameters with one of them replaced. It runs through the
pipeline's own `run`, into a folder of its own, build/sensitivity/<parameter>=<value>/: the
pipeline's caching, staging and failure handling apply unchanged, so an alternative whose inputs
did not change is not run again, and the alternatives run one after another, sharing one pool of
the build's `--jobs` kernels.

The result, build/sensitivity.json, is what the briefing's sensitivity section shows: for each
alternative, every statistic whose printed value or verdict differs from the build's own, and a
sentence, written here, saying whether the key judgments (the statistics `kj-*` and
`confidence-kj-*`: judgments written from the figures) hold under all of them and, if not, which
alternative changes which. A judgment "holds" when its text is the same once the numbers in it and the name of the era
boundary (relabelled by an alternative boundary, not changed in substance) are set aside: its words
(rose or fell, mostly hold up or mostly fail) are computed from the figures.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import Any

from ..core import formatting as fmt
from ..core import freshness, paths
from ..core.build_identity import source_date
from ..core.files import write_atomically
from ..core.params import Alternative, sensitivity, to_papermill, validate
from ..core.statistic import merge
from .kernels import Pool
from .pipeline import NotebookFailed, inputs_fingerprint, notebooks
from .pipeline import run as run_notebooks

FOLDER = paths.BUILD / "sensitivity"
RESULT = paths.BUILD / "sensitivity.json"
JUDGMENT = re.compile(r"^(confidence-)?kj-")
SHORT = 12  # the digest as printed: enough to tell two runs' inputs apart
BOUNDARY_LABEL = "era_boundary_label"   # the name of the era boundary, which the eras' notebook records


class SensitivityFailed(RuntimeError):
    """An alternative's run failed: names the alternative and what its run said."""


def _folder(alt: Alternative) -> Path:
    return FOLDER / re.sub(r"[^a-z0-9.=_-]+", "-", alt.key.lower())


def _run_one(alt: Alternative, chosen: dict[str, Any], force: bool, jobs: int, pool, log) -> dict[str, Any]:
    values = validate({**chosen, alt.parameter: alt.value})
    folder = _folder(alt)
    try:
        run_notebooks(values, output=folder, force=force, jobs=jobs, pool=pool, log=lambda line: log(f"  {line}"))
    except NotebookFailed as exc:
        raise SensitivityFailed(f"sensitivity run {alt.key} ({alt.label}) failed:\n{exc}") from None
    return merge(folder / "statistics", to_papermill(values), {})["statistics"]


def _shown(stat: dict[str, Any]) -> tuple[str, str | None]:
    return stat.get("display", ""), stat.get("verdict")


def _words(text: str, stats: dict[str, Any]) -> str:
    """A judgment's substance: its text with its numbers set aside and the era boundary's name
    (which an alternative boundary relabels, "since Kim Jong-il's death") replaced by a mark."""
    label = str((stats.get(BOUNDARY_LABEL) or {}).get("display") or "")
    if label:
        text = text.replace(label, "<boundary>")
    return re.sub(r"\d[\d,.]*", "#", text)


def summarise(base: dict[str, Any], runs: dict[Alternative, dict[str, Any]], parameters: dict[str, Any]) -> dict:
    """What build/sensitivity.json holds: the alternatives, what moves under each, and the sentence."""
    alternatives, changed_judgments = [], []
    for alt, stats in runs.items():
        moved = {}
        for sid, stat in stats.items():
            if sid in base and _shown(stat) != _shown(base[sid]):
                moved[sid] = {"display": stat.get("display"), "verdict": stat.get("verdict")}
        judgments = sorted((sid for sid in moved if JUDGMENT.match(sid)
                            and _words(str(moved[sid]["display"]), stats) != _words(str(base[sid].get("display")), base)),
                           key=lambda sid: (sid.startswith("confidence-"), sid))
        changed_judgments += [(alt, sid, str(moved[sid]["display"])) for sid in judgments]
        alternatives.append({"key": alt.key, "parameter": alt.parameter, "value": alt.value, "label": alt.label,
                             "moved": moved, "judgments_changed": judgments})
    return {"parameters": parameters, "alternatives": alternatives,
            "sentence": sentence(base, list(runs), changed_judgments)}


def sentence(base: dict[str, Any], alts: list[Alternative], changed: list[tuple[Alternative, str, str]]) -> str:
    """Whether the key judgments hold under every alternative; if not, which alternative changes which."""
    labels = "; ".join(a.label for a in alts)
    if not any(JUDGMENT.match(sid) for sid in base):
        return (f"This build records no key judgment as a statistic, so only the figures and verdicts below are "
                f"compared, under each of: {labels}.")
    if not changed:
        return f"The key judgments hold under every alternative: {labels}."
    by_alt: dict[str, list[str]] = {}
    for alt, sid, now in changed:
        was = base[sid]["display"]
        what = (f"the confidence in judgment {sid.removeprefix('confidence-kj-')} goes from {was} to {now}"
                if sid.startswith("confidence-") else f"\u201c{was.rstrip('.')}\u201d becomes \u201c{now.rstrip('.')}\u201d")
        by_alt.setdefault(alt.label, []).append(what)
    parts = [f"with the {label}, {'; '.join(whats)}" for label, whats in by_alt.items()]
    holding = [a.label for a in alts if a.label not in by_alt]
    tail = f". They hold with the {'; the '.join(holding)}" if holding else ""
    return "Not every key judgment holds under every alternative: " + "; ".join(parts) + tail + "."


def _digest(chosen: dict[str, Any], alts: list[Alternative]) -> str:
    """What the whole step depends on: the inputs the notebooks read, the notebooks (what they
    compute: a notebook saved in the Lab with outputs is the same), the parameters."""
    digest = hashlib.sha256(inputs_fingerprint().encode())
    for nb in notebooks():
        digest.update(nb.name.encode() + freshness.notebook_digest(nb).encode())
    digest.update(json.dumps([to_papermill(chosen), [a.key for a in alts]], sort_keys=True).encode())
    return digest.hexdigest()


def run(chosen: dict[str, Any], base: dict[str, Any] | None = None, force: bool = False, jobs: int = 2,
        log=print) -> Path:
    """Run every alternative (only those whose inputs changed) and write build/sensitivity.json.
    `base` is the build's own statistics (default: build/statistics.json)."""
    alts = sensitivity(chosen)
    parameters = to_papermill(chosen)
    digest = _digest(chosen, alts)
    if not force and RESULT.is_file():
        previous = json.loads(RESULT.read_text(encoding="utf-8"))
        if previous.get("digest") == digest:
            log(f"sensitivity: unchanged ({len(alts)} alternatives)")
            return RESULT
    runs = {}
    pool = Pool(jobs) if alts else None  # one pool of kernels for every alternative
    try:
        for alt in alts:
            log(f"sensitivity: {alt.label}")
            runs[alt] = _run_one(alt, chosen, force, jobs, pool, log)
    finally:
        if pool is not None:
            pool.close()
    base = base if base is not None else json.loads(paths.STATISTICS.read_text(encoding="utf-8"))["statistics"]
    made = {"date": source_date().date().isoformat(), "inputs": digest[:SHORT]}
    result = {"digest": digest, "made": made, **summarise(base, runs, parameters)}
    # the briefing prints the sentence: it says for which inputs the alternatives were run, and when
    result["sentence"] = f"{made_for(made)} {result['sentence']}"
    write_atomically(RESULT, json.dumps(result, indent=1, ensure_ascii=False) + "\n")
    log(f"sensitivity: {len(alts)} alternatives, {sum(bool(a['moved']) for a in result['alternatives'])} "
        f"moving something ({RESULT.relative_to(paths.ROOT)})")
    return RESULT


def made_for(made: dict[str, str]) -> str:
    return (f"These alternatives were run for the inputs and parameters of this build (digest {made['inputs']}), "
            f"by the build of {fmt.date(made['date'])}.")


def _previous() -> dict[str, Any]:
    try:
        return json.loads(RESULT.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def skip(chosen: dict[str, Any], note: str = "", last: dict[str, str] | None = None) -> None:
    """A build without sensitivity says so (the briefing then reports that it was not run); `last`
    (when and for which inputs they were last run) and `note` say why, when they once were."""
    record = {"parameters": to_papermill(chosen), "alternatives": [], "not_run": True}
    if last:
        record.update(last_made=last, note=note)
    RESULT.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(RESULT, json.dumps(record, indent=1, ensure_ascii=False) + "\n")


def keep_if_current(chosen: dict[str, Any], log=print) -> bool:
    """A build that does not run the alternatives (the default: `make sensitivity` runs them) keeps
    their results only when they were run for exactly its inputs and parameters; otherwise it
    withdraws them, recording when and for which inputs they were last run, so stale alternatives are
    never shown as current. True when they are kept."""
    previous = _previous()
    digest = _digest(chosen, sensitivity(chosen))
    if previous.get("digest") == digest and not previous.get("not_run"):
        log(f"sensitivity: current ({len(previous['alternatives'])} alternatives, run for these inputs, "
            f"digest {digest[:SHORT]}); not run again")
        return True
    last = previous.get("made") or previous.get("last_made")
    if last:
        note = (f"The sensitivity alternatives were last run by the build of {fmt.date(last['date'])} for other "
                f"inputs (digest {last['inputs']}); the inputs or parameters have changed since, so they are not "
                f"shown. `make sensitivity` runs them for these.")
        log(f"sensitivity: not run; those last run (build of {last['date']}, digest {last['inputs']}) were for "
            "other inputs and are withdrawn (make sensitivity runs them)")
    else:
        note = ""
        log("sensitivity: not run (make sensitivity runs the alternatives)")
    skip(chosen, note, last)
    return False
