"""Pandoc's JSON AST, written from Python: the nodes the briefing's generated blocks are made of.

The render's Lua filter decodes these with `pandoc.json.decode`, so they are elements of the
Pandoc API (pandoc-types 1.23), not of a document: they carry no API version. Text becomes `Str`
nodes as given, never parsed as Markdown, so a quote's `$`, `<b>`, backticks, brackets and
braces reach the page verbatim.
"""

from __future__ import annotations

import re
from typing import Any, Iterable

Node = dict[str, Any]
NO_ATTR: list = ["", [], []]

_SPACES = re.compile(r"([ \t\r\n]+)")


def attr(id: str = "", classes: Iterable[str] = (), attributes: Iterable[tuple[str, str]] = ()) -> list:
    return [id, list(classes), [[k, v] for k, v in attributes]]


def text(value: str) -> list[Node]:
    """Plain text as inlines, split at white space as `pandoc.Inlines(text)` does: runs of spaces
    become `Space` (`SoftBreak` if they hold a line break), everything else stays one `Str`."""
    out: list[Node] = []
    for part in _SPACES.split(value):
        if not part:
            continue
        if _SPACES.fullmatch(part):
            out.append({"t": "SoftBreak"} if ("\n" in part or "\r" in part) else {"t": "Space"})
        else:
            out.append({"t": "Str", "c": part})
    return out


def str_(value: str) -> Node:
    return {"t": "Str", "c": value}


def space() -> Node:
    return {"t": "Space"}


def line_break() -> Node:
    return {"t": "LineBreak"}


def span(inlines: list[Node], node_attr: list = NO_ATTR) -> Node:
    return {"t": "Span", "c": [node_attr, inlines]}


def strong(inlines: list[Node]) -> Node:
    return {"t": "Strong", "c": inlines}


def code(value: str, node_attr: list = NO_ATTR) -> Node:
    return {"t": "Code", "c": [node_attr, value]}


def quoted(inlines: list[Node]) -> Node:
    return {"t": "Quoted", "c": [{"t": "DoubleQuote"}, inlines]}


def link(inlines: list[Node], target: str) -> Node:
    return {"t": "Link", "c": [NO_ATTR, inlines, [target, ""]]}


def citation(key: str, mode: str = "NormalCitation", prefix: list[Node] | None = None) -> Node:
    return {"citationId": key, "citationPrefix": prefix or [], "citationSuffix": [],
            "citationMode": {"t": mode}, "citationNoteNum": 0, "citationHash": 0}


def cite(citations: list[Node], shown: str) -> Node:
    """A citation; `shown` is the text a reader would have typed (citeproc replaces it)."""
    return {"t": "Cite", "c": [citations, [str_(shown)]]}


def plain(inlines: list[Node]) -> Node:
    return {"t": "Plain", "c": inlines}


def para(inlines: list[Node]) -> Node:
    return {"t": "Para", "c": inlines}


def div(blocks: list[Node], node_attr: list = NO_ATTR) -> Node:
    return {"t": "Div", "c": [node_attr, blocks]}


def block_quote(blocks: list[Node]) -> Node:
    return {"t": "BlockQuote", "c": blocks}


def bullet_list(items: list[list[Node]]) -> Node:
    return {"t": "BulletList", "c": items}


def join(parts: list[list[Node]], separator: list[Node]) -> list[Node]:
    out: list[Node] = []
    for i, part in enumerate(parts):
        if i:
            out.extend(separator)
        out.extend(part)
    return out


def _cell(inlines: list[Node]) -> list:
    return [NO_ATTR, {"t": "AlignDefault"}, 1, 1, [plain(inlines)]]


def table(headers: list[str], widths: list[float], rows: list[list[list[Node]]], cls: str,
          aligns: list[str] | None = None, row_ids: list[str] | None = None) -> Node:
    """A table as `pandoc.utils.from_simple_table` makes it, classed `generated` and `cls`: one
    header row of plain text, one body, cells of inlines. `row_ids` marks each body row with
    `data-stat` (the filter picks the provenance appendix's rows by it)."""
    aligns = aligns or ["AlignLeft"] * len(headers)
    specs = [[{"t": align}, {"t": "ColWidth", "c": width}] for align, width in zip(aligns, widths)]
    head = [NO_ATTR, [[NO_ATTR, [_cell(text(h)) for h in headers]]]]
    body = [[attr(attributes=[("data-stat", row_ids[i])]) if row_ids else NO_ATTR, [_cell(c) for c in row]]
            for i, row in enumerate(rows)]
    return {"t": "Table", "c": [attr(classes=["generated", cls]), [None, []], specs, head,
                                [[NO_ATTR, 0, [], body]], [NO_ATTR, []]]}
