"""The briefing's generated blocks, prepared in Python for the filter to place.

Every `::: {.stat-table ids="..."}`, `{.explain-table}`, `{.claims-appendix}`, `{.source-table}`,
`{.reference-table}`, `{.build-info}`, `{.grade-scale}`, `{.params-banner}` and `{.sensitivity}`
of the documents is built here, as Pandoc AST, from build/statistics.json, build/sensitivity.json,
the bibliography, the validated evidence base (the claims' quotes, verbatim) and the grading scale.
So is the provenance of every statistic (the HTML tooltip, the provenance appendix). They are
written to one file, named by `blocks:` in `_quarto.yml` (build/blocks.json):

    {"digest": what it was made from, "statistics_sha1": the statistics file it goes with,
     "date": the build's date as printed, "keywords": [...] (a non-default build only),
     "provenance": {statistic id: [[label, text], ...]},
     "blocks": {key: [Pandoc blocks]}}

A block's key is its class, with ` ids=` and the `ids` attribute as written when it has one. The
filter (filters/stats.lua) replaces each Div by its block, prints the `[id]{.stat}` spans in them
with the prose, in document order, and keeps what needs the order or the output format: the
provenance appendix's rows, figures, the contents and verdicts' markup outside HTML.

`write_blocks` is called by the build after the statistics and by every render; it rewrites the
file (atomically) only when something it reads changed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import subprocess
from itertools import zip_longest
from pathlib import Path
from typing import Any, Callable

from ..core.files import write_atomically
from ..core.freshness import shared_digest
from ..crosscheck.data import load_scale
from ..evidence.base import load_evidence
from . import pandoc_ast as ast
from .block_inputs import Inputs, check_citations, provenance, read_bibliography, shown
from .fallback import as_list, find_pandoc
from .project import CONFIG, Project, RenderError
from .sensitivity_block import sensitivity_section
from .tables import (
    Request,
    claims_appendix,
    explain_table,
    provenance_table,
    reference_table,
    source_table,
    stat_table,
)

RENDERER_MARK = "renderer"   # a Code classed so: the filter writes the renderer's name into it
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")


def build_info(inputs: Inputs, request: Request) -> list:
    rows = []

    def row(label: str, value: Any, node_attr: list = ast.NO_ATTR) -> None:
        if node_attr is not ast.NO_ATTR or shown(value):
            rows.append([ast.text(label), [ast.code(shown(value), node_attr)]])

    build = inputs.data.get("build") if isinstance(inputs.data.get("build"), dict) else {}
    row("Rendered by", "", ast.attr(classes=[RENDERER_MARK]))
    for label, field in (("Statistics built", "date"), ("Commit", "commit"), ("Package version", "package_version"),
                         ("Python", "python")):
        row(label, build.get(field))
    row("Statistics file", inputs.statistics_file)
    for name, value in sorted((inputs.data.get("parameters") or {}).items()):
        row("Parameter " + name, value)
    for name, nb in sorted((inputs.data.get("notebooks") or {}).items()):
        row("Notebook " + name, nb.get("executed") or nb if isinstance(nb, dict) else nb)
    return [ast.table(["Item", "Value"], [0.34, 0.66], rows, "build-info")]


def grade_scale(inputs: Inputs, request: Request) -> list:
    """The Admiralty scale beside the grades: reliability letters and credibility numbers with their labels."""
    rows = []
    for r, c in zip_longest(inputs.scale.reliability.values(), inputs.scale.credibility.values()):
        rows.append([[ast.strong(ast.text(r.grade if r else ""))], ast.text(r.label if r else ""),
                     [ast.strong(ast.text(c.grade if c else ""))], ast.text(c.label if c else "")])
    return [ast.table(["Reliability", "of the source", "Credibility", "of the information"],
                      [0.14, 0.36, 0.14, 0.36], rows, "grade-scale")]


def departures(inputs: Inputs) -> list[str]:
    """The build's parameters that differ from params.yaml, as "name = value (default d)"."""
    return [f"{name} = {shown(d.get('value'))} (default {shown(d.get('default'))})"
            for name, d in sorted((inputs.data.get("departures") or {}).items())]


def params_banner(inputs: Inputs, request: Request) -> list:
    """Page 1 of a non-default build: the parameters changed and what the data could not follow."""
    changed = departures(inputs)
    if not changed:
        return []
    blocks = [ast.para([ast.strong(ast.text("Not the default build.")), ast.space(),
                        *ast.text("Parameters changed from params.yaml: " + "; ".join(changed) + ".")])]
    limits = inputs.stats.get("parameter_limitations") or {}
    if isinstance(limits.get("value"), list):
        blocks += [ast.para(ast.text(shown(text))) for text in limits["value"]]
    return [ast.div([ast.block_quote(blocks)], ast.attr(classes=["params-banner"]))]


GENERATORS: dict[str, Callable[[Inputs, Request], list]] = {
    "stat-table": stat_table,
    "explain-table": explain_table,
    "claims-appendix": claims_appendix,
    "source-table": source_table,
    "reference-table": reference_table,
    "build-info": build_info,
    "grade-scale": grade_scale,
    "params-banner": params_banner,
    "sensitivity": sensitivity_section,
}
PROVENANCE = "provenance-appendix"   # its rows are placed by the filter, in order of first use


def format_date(iso: Any) -> str:
    try:
        day = dt.date.fromisoformat(str(iso)[:10])
    except ValueError:
        return str(iso)
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


# -- the documents' requests ----------------------------------------------------------------------

def _item_inlines(item: list) -> list:
    """A bullet item's blocks as inlines (as `pandoc.utils.blocks_to_inlines`)."""
    parts = []
    for block in item:
        if block["t"] not in ("Plain", "Para"):
            raise RenderError(f"a label of a generated table is a {block['t']}; write it as one line of text")
        parts.append(block["c"])
    return ast.join(parts, [ast.space(), ast.str_("¶"), ast.space()])


def _find(node: Any, found: list[Request]) -> None:
    if isinstance(node, list):
        for item in node:
            _find(item, found)
        return
    if not isinstance(node, dict):
        return
    if node.get("t") == "Div":
        (_, classes, attributes), content = node["c"]
        cls = next((c for c in classes if c in GENERATORS or c == PROVENANCE), None)
        if cls:
            attributes = dict(attributes)
            labels = tuple(_item_inlines(item) for block in content if block["t"] == "BulletList"
                           for item in block["c"])
            found.append(Request(cls, attributes.get("ids"), attributes.get("headers"), labels))
            return
    for value in node.values():
        _find(value, found)


def requests(document: Path, pandoc: str) -> list[Request]:
    """The generated blocks a document asks for, read with Pandoc's own Markdown reader."""
    result = subprocess.run([pandoc, document.name, "--from", "markdown", "--to", "json"], cwd=document.parent,
                            capture_output=True, text=True)
    if result.returncode != 0:
        raise RenderError(f"{document.name} could not be read: {result.stderr.strip()}")
    found: list[Request] = []
    _find(json.loads(result.stdout)["blocks"], found)
    return found


# -- the file -------------------------------------------------------------------------------------

def _file(project: Project, name: str, required: bool = True) -> Path | None:
    value = project.metadata.get(name)
    if not value:
        if required:
            raise RenderError(f"{CONFIG} names no '{name}:' file (the render needs it)")
        return None
    return project.root / str(value)


def _digest(project: Project, files: list[Path]) -> str:
    digest = hashlib.sha256(shared_digest().encode())   # the evidence base: data and the code that checks it
    for path in [*sorted(Path(__file__).parent.glob("*.py")), *files]:
        digest.update(f"\0{path.name}\0".encode())
        digest.update(path.read_bytes() if path.is_file() else b"missing")
    return digest.hexdigest()


def make_blocks(project: Project, pandoc: str) -> dict[str, Any]:
    """Everything the filter places, from the files `_quarto.yml` names and the evidence base."""
    statistics = _file(project, "statistics")
    try:
        raw = statistics.read_bytes()
        data = json.loads(raw.decode("utf-8"))
    except (OSError, ValueError) as exc:
        raise RenderError(f"{os.path.relpath(statistics, project.root)} cannot be read: {exc}") from None
    if not isinstance(data.get("statistics"), dict):
        raise RenderError(f"{os.path.relpath(statistics, project.root)} has no 'statistics' map; "
                          "is it the merged build/statistics.json?")
    bibliography, have = read_bibliography([project.root / p for p in as_list(project.metadata.get("bibliography"))],
                                           project.root)
    sensitivity_file = _file(project, "sensitivity", required=False)
    sensitivity = json.loads(sensitivity_file.read_text(encoding="utf-8")) \
        if sensitivity_file and sensitivity_file.is_file() else None
    found = {doc: requests(doc, pandoc) for doc in project.documents}
    evidence = load_evidence()
    scale = load_scale() if any(r.cls == "grade-scale" for rs in found.values() for r in rs) else None

    def inputs_for(document: str) -> Inputs:
        return Inputs(document, os.path.relpath(statistics, project.root), data, bibliography, have,
                      evidence.claims, scale, sensitivity)

    blocks: dict[str, Any] = {}
    for doc, asked in found.items():
        inputs = inputs_for(os.path.relpath(doc, project.root))
        for request in asked:
            made = provenance_table(inputs) if request.cls == PROVENANCE else GENERATORS[request.cls](inputs, request)
            if blocks.setdefault(request.key, made) != made:
                raise RenderError(f"two .{request.cls} blocks with the same ids ask for different tables; "
                                  "give one of them other ids")
    inputs = inputs_for("the documents")
    check_citations(inputs)
    changed = departures(inputs)
    build = data.get("build") if isinstance(data.get("build"), dict) else {}
    return {
        "classes": {cls: True for cls in GENERATORS},   # the Divs the filter replaces by their block
        "statistics_sha1": hashlib.sha1(raw).hexdigest(),   # the filter checks it is given these statistics
        "date": format_date(build["date"]) if build.get("date") else None,
        "keywords": ["non-default parameters", *changed] if changed else [],
        "provenance": {sid: provenance(inputs, s) for sid, s in sorted(inputs.stats.items())},
        "blocks": blocks,
    }


def write_blocks(project: Project, log: Callable[[str], None] = print) -> Path:
    """Write the blocks file named by `_quarto.yml`, unless what it is made from is unchanged."""
    target = _file(project, "blocks")
    inputs = [_file(project, "statistics"), *project.documents,
              *[project.root / p for p in as_list(project.metadata.get("bibliography"))]]
    sensitivity = _file(project, "sensitivity", required=False)
    digest = _digest(project, inputs + ([sensitivity] if sensitivity else []))
    head = f'{{"digest":"{digest}",'   # first, so that an unchanged file is recognised without parsing it
    try:
        with target.open(encoding="utf-8") as f:
            if f.read(len(head)) == head:
                return target
    except OSError:
        pass
    made = make_blocks(project, find_pandoc())
    target.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(target, json.dumps({"digest": digest, **made}, ensure_ascii=False, separators=(",", ":")) + "\n")
    log(f"generated blocks: {os.path.relpath(target, project.root)} ({len(made['blocks'])} blocks)")
    return target
