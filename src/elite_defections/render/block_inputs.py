"""What the generated blocks are made from, loaded once: the statistics, the bibliography, the
claims ledger (from the validated evidence base), the grading scale and the sensitivity runs; and
the small pieces every block uses (a statistic's citation, its verdict, its provenance).

Values are printed as the filter printed them before these blocks moved to Python (`shown`):
whole floats without ".0", `true`/`false` in lower case, lists and maps as compact JSON.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..crosscheck.data import Scale
from ..evidence.claims import Claim
from . import pandoc_ast as ast
from .project import RenderError

COMPUTED_FROM = "computed from"
LONG_INPUTS = 12   # a list of inputs longer than this is a row taller than a page: counted, not listed

# Citeproc reads lines of the form "variable: value" in a CSL note as that variable.
CSL_VARIABLES = set("""author editor translator director container-author collection-editor composer
  interviewer illustrator recipient reviewed-author title container-title collection-title
  title-short container-title-short original-title publisher publisher-place event event-place
  issued accessed original-date submitted event-date type genre medium status edition volume issue
  page number section source archive archive-place url doi isbn issn pmid pmcid language
  citation-key abstract annote keyword version dimensions scale references jurisdiction authority
  chapter-number collection-number number-of-pages number-of-volumes""".split())


def present(value: Any) -> bool:
    return value is not None and value != ""


def shown(value: Any) -> str:
    """A value as printed: 1998, not 1998.0; lists and maps as JSON."""
    if not present(value):
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else "%.14g" % value
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return str(value)


@dataclass(frozen=True)
class Entry:
    """A bibliography entry as the blocks show it."""
    label: str   # "The Daily Star 2024", for provenance texts
    genre: str
    note: str


@dataclass
class Inputs:
    document: str                        # the document's path, for messages
    statistics_file: str                 # its path relative to the project root, for texts
    data: dict[str, Any]                 # the whole statistics file
    bibliography: dict[str, Entry]       # in the bibliography's order
    have_bibliography: bool
    claims: list[Claim]
    scale: Scale | None
    sensitivity: dict[str, Any] | None
    checks: dict[str, list[dict]] = field(default_factory=dict, init=False)   # claim id -> statistics checking it

    def __post_init__(self):
        self.checks = {}
        for sid in sorted(self.stats):
            claim = self.stats[sid].get("claim")
            if present(claim):
                self.checks.setdefault(claim, []).append(self.stats[sid])
        self.claim_by_id = {c.id: c for c in self.claims}

    @property
    def stats(self) -> dict[str, dict]:
        return self.data["statistics"]

    def fail(self, message: str) -> RenderError:
        return RenderError(message)

    def stat(self, sid: str, where: str) -> dict:
        s = self.stats.get(sid)
        if s is None:
            close = [(edit_distance(sid, other), other) for other in sorted(self.stats)]
            best = min((c for c in close if c[0] < 4), default=None)
            raise self.fail(f"unknown statistic '{sid}' in {self.document} ({where}): not in {self.statistics_file}"
                            + (f"; did you mean '{best[1]}'?" if best else ""))
        return s

    def label(self, key: str) -> str:
        entry = self.bibliography.get(key)
        return entry.label if entry else key


def edit_distance(a: str, b: str) -> int:
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        current = [i]
        for j, cb in enumerate(b, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def read_bibliography(files: list[Path], root: Path) -> tuple[dict[str, Entry], bool]:
    """Labels, kinds and notes of the CSL-JSON bibliographies, in their order; a note line that
    citeproc would read as a CSL variable is refused."""
    entries: dict[str, Entry] = {}
    have = False
    for file in files:
        if file.suffix != ".json":
            continue
        have = True
        try:
            items = json.loads(file.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise RenderError(f"bibliography {os.path.relpath(file, root)} cannot be read: {exc}") from None
        for item in items:
            authors = item.get("author") or [{}]
            author = authors[0].get("literal") or authors[0].get("family") or ""
            parts = (item.get("issued") or {}).get("date-parts") or [[""]]
            year = parts[0][0]
            year = str(int(year)) if isinstance(year, float) and year.is_integer() else str(year)
            note = item.get("note") if present(item.get("note")) else ""
            for line in str(note).splitlines():
                key = re.match(r"^\s*([A-Za-z0-9-]+)\s*:", line)
                if key and key.group(1).lower() in CSL_VARIABLES:
                    name = key.group(1)
                    raise RenderError(
                        f"{os.path.relpath(file, root)}: entry '{item['id']}': its note has a line starting "
                        f"'{name}:', which citeproc reads as the CSL variable '{name}' and prints instead of "
                        f"the real one (the citation would read \"{line[len(name) + 1:].strip()}\"); reword "
                        "the note so that no line starts with a field name")
            genre = item.get("genre") if present(item.get("genre")) else item.get("type") or ""
            entries[item["id"]] = Entry(f"{author} {year}".strip(), genre, note)
    return entries, have


def check_citations(inputs: Inputs) -> None:
    """Every source a statistic cites is in the bibliography (so citeproc can resolve it)."""
    if not inputs.have_bibliography:
        return
    for sid, s in inputs.stats.items():
        for key in cited(s):
            if key not in inputs.bibliography:
                raise RenderError(f"statistic '{sid}' cites '{key}', which is not in the bibliography")


# -- a statistic's citation ---------------------------------------------------------------------

def stated(s: dict) -> list[str]:
    return list(s.get("sources") or [])


def data_sources(s: dict) -> list[str]:
    return list(s.get("data_sources") or [])


def cited(s: dict) -> list[str]:
    return stated(s) + data_sources(s)


def cite_keys(keys: list[str], mode: str = "NormalCitation") -> ast.Node:
    return ast.cite([ast.citation(k, mode) for k in keys], "[@" + "; @".join(keys) + "]")


def cite_statistic(s: dict) -> ast.Node:
    """The sources that state the figure, then "computed from" and the sources of its data."""
    citations, parts = [], []
    for k in stated(s):
        citations.append(ast.citation(k))
        parts.append("@" + k)
    for i, k in enumerate(data_sources(s)):
        citations.append(ast.citation(k, prefix=ast.text(COMPUTED_FROM) if i == 0 else None))
        parts.append(f"{COMPUTED_FROM} @{k}" if i == 0 else "@" + k)
    return ast.cite(citations, "[" + "; ".join(parts) + "]")


def cite_span(s: dict, ids: list[str]) -> ast.Node:
    """The citation marked with the statistics it stands for (tests check each against them)."""
    return ast.span([cite_statistic(s)], ast.attr(classes=["stat-cite"], attributes=[("data-stats", ",".join(ids))]))


def citation_or_none(s: dict, sid: str) -> list[ast.Node]:
    return [cite_span(s, [sid])] if cited(s) else ast.text("none")


def stat_ref(sid: str) -> ast.Node:
    """`[id]{.stat cite="false"}`: the filter prints the value (in document order)."""
    return ast.span([ast.str_(sid)], ast.attr(classes=["stat"], attributes=[("cite", "false")]))


def verdict(value: str) -> list[ast.Node]:
    """A verdict, classed for the stylesheet; the filter unwraps it for formats other than HTML."""
    return [ast.span(ast.text(value), ast.attr(classes=["verdict", "verdict-" + re.sub(r"[^A-Za-z0-9]+", "-", value)]))]


# -- a statistic's provenance ----------------------------------------------------------------------

def inputs_text(inputs: Inputs, s: dict) -> str | None:
    computed = s.get("computed_from")
    if not isinstance(computed, dict):
        return None
    parts = []
    for kind in sorted(computed):
        values = computed[kind]
        if isinstance(values, list) and len(values) > LONG_INPUTS:
            parts.append(f"{kind}: {len(values)} of them, listed in {inputs.statistics_file}")
        elif isinstance(values, list) and values:
            parts.append(f"{kind}: " + ", ".join(shown(v) for v in values))
    return "; ".join(parts) or None


def sources_text(inputs: Inputs, s: dict) -> str:
    parts = []
    if stated(s):
        parts.append("stated by " + "; ".join(inputs.label(k) for k in stated(s)))
    if data_sources(s):
        parts.append(f"{COMPUTED_FROM} " + "; ".join(inputs.label(k) for k in data_sources(s)))
    return "; ".join(parts) or "none (parameters of the build or the project's own files)"


def verdict_text(s: dict) -> str:
    if present(s.get("verdict")):
        return s["verdict"] + (f" (claim {s['claim']})" if present(s.get("claim")) else "")
    return "none (a computed figure, not a check of a claim)"


def provenance(inputs: Inputs, s: dict) -> list[list[str]]:
    """A statistic's provenance as [label, text] pairs: the tooltip in HTML and the appendix."""
    rows = [["Method", shown(s.get("method"))]]
    computed = inputs_text(inputs, s)
    if computed:
        rows.append(["Computed from", computed])
    if s.get("reported_by"):
        rows.append(["Stated in", ", ".join(s["reported_by"])])
    rows.append(["Sources", sources_text(inputs, s)])
    rows.append(["Verdict", verdict_text(s)])
    if present(s.get("notebook")):
        rows.append(["Notebook", s["notebook"]])
    return rows
