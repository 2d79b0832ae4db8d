"""The briefing's generated tables, as Pandoc AST: headline figures, explained statistics, every
claim with its checks, the sources, the reference data and the provenance of every statistic.

Values are `[id]{.stat cite="false"}` spans, which the filter prints in document order with the
rest of the prose; citations are Cite elements, resolved by citeproc after the filter.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import pandoc_ast as ast
from .block_inputs import (
    Inputs,
    citation_or_none,
    cite_keys,
    cite_span,
    cited,
    present,
    provenance,
    shown,
    stat_ref,
    verdict,
)

WORDS = re.compile(r"[^ \t\n\r\f\v]+")   # as Lua's %S+: a no-break space does not split a word


@dataclass(frozen=True)
class Request:
    """A generated block as the document asks for it: `::: {.stat-table ids="a,b" headers="..."}`
    with an optional bullet list of labels, one per id."""
    cls: str
    ids: str | None                          # the ids attribute as written
    headers: str | None
    labels: tuple                            # each label's inlines (JSON nodes)

    @property
    def key(self) -> str:
        """What the filter looks the block up by."""
        return self.cls if self.ids is None else f"{self.cls} ids={self.ids}"


def expand_ids(inputs: Inputs, pattern: str) -> list[str]:
    """`grade-*`: every statistic with the prefix, ordered by its first source's place in the
    bibliography, so a new source's rows appear with no edit to the document."""
    prefix = pattern[:-1]
    rank = {k: i for i, k in enumerate(inputs.bibliography)}

    def place(sid: str) -> tuple:
        first = (inputs.stats[sid].get("sources") or [None])[0]
        return (rank.get(first, float("inf")), sid)

    return sorted((sid for sid in inputs.stats if sid.startswith(prefix)), key=place)


def ids_and_labels(inputs: Inputs, request: Request, labels_optional: bool) -> tuple[list[str], list]:
    ids, expanded = [], False
    for sid in re.findall(r"[^,\s]+", request.ids or ""):
        if sid.endswith("*"):
            ids.extend(expand_ids(inputs, sid))
            expanded = True
        else:
            ids.append(sid)
    if not ids and not expanded:
        raise inputs.fail(f'a .{request.cls} in {inputs.document} has no ids="..."')
    labels = list(request.labels)
    if len(labels) != len(ids) and not ((labels_optional or expanded) and not labels):
        raise inputs.fail(f"the .{request.cls} in {inputs.document} lists {len(ids)} ids but {len(labels)} labels")
    return ids, labels


def check_of(inputs: Inputs, s: dict) -> list:
    """A headline figure's check: its own verdict, or the verdicts on the claims it rests on."""
    if present(s.get("verdict")):
        return verdict(s["verdict"])
    seen, verdicts = set(), []
    for claim in (s.get("computed_from") or {}).get("claims") or []:
        for c in inputs.checks.get(claim, []):
            if present(c.get("verdict")) and c["verdict"] not in seen:
                seen.add(c["verdict"])
                verdicts.append(verdict(c["verdict"]))
    if not verdicts:
        return ast.text("computed")
    return ast.text("figures it rests on: ") + ast.join(verdicts, ast.text(", "))


def stat_table(inputs: Inputs, request: Request) -> list:
    ids, labels = ids_and_labels(inputs, request, True)
    rows = []
    for i, sid in enumerate(ids):
        s = inputs.stat(sid, "stat-table")
        label = labels[i] if i < len(labels) else ast.text(s["method"] if present(s.get("method")) else sid)
        rows.append([label, [stat_ref(sid)], check_of(inputs, s), citation_or_none(s, sid)])
    return [ast.table(["Figure", "Value", "Check", "Source"], [0.37, 0.11, 0.2, 0.32], rows, "stat-table",
                      ["AlignLeft", "AlignRight", "AlignLeft", "AlignLeft"])]


def explain_table(inputs: Inputs, request: Request) -> list:
    """Statistics whose method is itself the reader's explanation (cross-source comparisons,
    source grades): label, value, and the generated explanation with its citations."""
    ids, labels = ids_and_labels(inputs, request, False)
    rows = []
    for i, sid in enumerate(ids):
        s = inputs.stat(sid, "explain-table")
        explanation = ast.text(shown(s.get("method")))
        if cited(s):
            explanation += [ast.space(), cite_span(s, [sid])]
        keys = cited(s)
        # no label given (ids="grade-*"): the article the row is about, named by its citation
        label = labels[i] if i < len(labels) else ([cite_keys([keys[0]], "AuthorInText")] if keys else ast.text(sid))
        rows.append([label, [stat_ref(sid)], explanation])
    headers = [h for h in (request.headers or "Item,Finding,Why").split(",") if h]
    # a column of quoted passages needs room, or the passages run a word to a line
    wordy = any(len(WORDS.findall(shown(inputs.stats[sid].get("display")))) > 4 for sid in ids)
    return [ast.table(headers, [0.16, 0.3, 0.54] if wordy else [0.2, 0.14, 0.66], rows, "explain-table")]


def claim_label(inputs: Inputs, claim_id: str) -> list:
    """A claim as a reader knows it, outlet and figure ("The Daily Star: “23,027”"), linked to its
    row in the claims appendix; the internal id only where the ledger does not hold the claim."""
    claim = inputs.claim_by_id.get(claim_id)
    if claim is None or not present(claim.source):
        return [ast.code(claim_id, ast.attr(classes=["id"]))]
    words = claim.figure if present(claim.figure) else claim.quote
    label = ast.text(inputs.label(claim.source) + ": ") + [ast.quoted(ast.text(words))]
    return [ast.link(label, "#check-" + claim_id)]


def claims_appendix(inputs: Inputs, request: Request) -> list:
    """Every claim in the ledger (its quote verbatim) with its checks: verdict and method."""
    entries = [(c.id, c.source, c.quote) for c in inputs.claims]
    known = {c.id for c in inputs.claims}
    # a check of a claim that is not in the ledger is still shown
    entries += [(claim, None, None) for claim in sorted(inputs.checks) if claim not in known]
    rows = []
    for claim_id, source, quote in entries:
        checks = inputs.checks.get(claim_id, [])
        keys = [source] if present(source) else []
        for s in checks:
            if not present(quote) and present(s.get("quote")):
                quote = s["quote"]
            if not keys:
                keys = cited(s)
        # the anchor the ClaimReview export links to (annex.html#check-<claim id>); the id itself
        # is not shown: readers know a claim by its quote and source
        shown_claim = [ast.quoted(ast.text(quote))] if present(quote) else [ast.code(claim_id, ast.attr(classes=["id"]))]
        verdicts, methods = [], []
        for s in checks:
            verdicts.append(verdict(s["verdict"]) if present(s.get("verdict")) else ast.text("no verdict"))
            method = ast.text(shown(s.get("method")))
            if cited(s):
                method += [ast.space(), cite_span(s, [s["id"]])]
            methods.append(method)
        if not checks:
            verdicts.append(ast.text("no check recorded"))
            methods.append(ast.text("—"))
        rows.append([[ast.span(shown_claim, ast.attr(id="check-" + claim_id))],
                     [cite_keys(keys)] if keys else ast.text("—"),
                     ast.join(verdicts, ast.text("; ")), ast.join(methods, ast.text("; "))])
    return [ast.table(["Claim", "Source", "Verdict", "Check"], [0.40, 0.15, 0.14, 0.31], rows, "claims-appendix")]


def source_table(inputs: Inputs, request: Request) -> list:
    """Each source with claims: its kind, what is uncertain in its record, the verdicts on its claims.
    One pass over the ledger and one over the checks: it grows linearly with the claims."""
    source_of = {c.id: c.source for c in inputs.claims}
    has_claims = set(source_of.values())
    tallies: dict[str, dict[str, int]] = {}
    for claim in sorted(inputs.checks):
        for s in inputs.checks[claim]:
            key = source_of.get(claim) or (s.get("sources") or [None])[0]
            if present(key) and present(s.get("verdict")):
                tally = tallies.setdefault(key, {})
                tally[s["verdict"]] = tally.get(s["verdict"], 0) + 1
    rows = []
    for key, entry in inputs.bibliography.items():
        tally = tallies.get(key)
        if tally is None and key not in has_claims:
            continue
        lines = [[ast.str_(str(tally[v])), ast.space(), *verdict(v)] for v in sorted(tally or {})]
        # the column's heading already says it: drop the note's own prefix
        note = entry.note.removeprefix("Uncertain in the record: ") if entry.note else "—"
        rows.append([[cite_keys([key], "AuthorInText")], ast.text(entry.genre), ast.text(note),
                     ast.join(lines, [ast.line_break()]) if lines else ast.text("no checks recorded")])
    return [ast.table(["Source", "Kind", "Uncertain in the record", "Verdicts on its claims"],
                      [0.18, 0.18, 0.34, 0.30], rows, "source-table")]


def reference_table(inputs: Inputs, request: Request) -> list:
    """The reference data as the statistics `fact-<id>` and `rows-<years>` list them: each record
    with the outside sources it rests on, in order of date."""
    ids = sorted((sid for sid in inputs.stats if sid.startswith(("fact-", "rows-"))),
                 key=lambda sid: (shown(inputs.stats[sid].get("value")), sid))
    rows = [[ast.text(shown(inputs.stats[sid].get("display"))), citation_or_none(inputs.stats[sid], sid)]
            for sid in ids]
    return [ast.table(["Record", "Source"], [0.66, 0.34], rows, "reference-table")]


def provenance_table(inputs: Inputs) -> list:
    """Every statistic with its provenance, a row each marked with its id: the filter keeps the
    rows of the statistics the document prints, in order of first use."""
    rows, ids = [], sorted(inputs.stats)
    for sid in ids:
        s = inputs.stats[sid]
        how = ast.join([[ast.strong([ast.str_(label + ":")]), ast.space(), *ast.text(value)]
                        for label, value in provenance(inputs, s) if label not in ("Sources", "Verdict")],
                       [ast.line_break()])
        source = citation_or_none(s, sid) + [ast.line_break()]
        source += verdict(s["verdict"]) if present(s.get("verdict")) else ast.text("computed")
        statistic = [ast.span([ast.code(sid, ast.attr(classes=["id"]))], ast.attr(id="prov-" + sid)), ast.line_break(),
                     *ast.text(shown(s.get("display")))]
        rows.append([statistic, how, source])
    return [ast.table(["Statistic", "How it was obtained", "Source and check"], [0.25, 0.52, 0.23], rows,
                      "provenance-appendix", row_ids=ids)]
