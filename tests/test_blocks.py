"""The generated blocks the package prepares for the filter (render/blocks.py and its modules):
unit tests on the builders, the blocks file, and quotes printed verbatim end to end."""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import replace

import pytest

from conftest import cli
from elite_defections.core import paths
from elite_defections.crosscheck.data import load_scale
from elite_defections.render import pandoc_ast as ast
from elite_defections.render.block_inputs import Entry, Inputs, check_citations, read_bibliography, shown
from elite_defections.render.blocks import build_info, grade_scale, make_blocks, params_banner, write_blocks
from elite_defections.render.fallback import find_pandoc
from elite_defections.render.project import RenderError, load_project
from elite_defections.render.render import render_briefing
from elite_defections.render.sensitivity_block import NOT_RUN, sensitivity_section
from elite_defections.render.tables import (
    Request,
    claims_appendix,
    explain_table,
    provenance_table,
    reference_table,
    source_table,
    stat_table,
)
from test_render import STATISTICS, html_text, make_project, pdf_text, squash

BIBLIOGRAPHY = {"dailystar2024": Entry("The Daily Star 2024", "article-newspaper", ""),
                "guardian2024": Entry("The Guardian 2024", "editorial", "Uncertain in the record: the date"),
                "news1global2024": Entry("News1 Global 2024", "article", ""),
                "thediplomat2024": Entry("The Diplomat 2024", "article-magazine", ""),
                "bullandbear2024": Entry("Bull and Bear 2024", "webpage", ""),
                "mou2026arrivals": Entry("Ministry of Unification, Republic of Korea 2026", "dataset", "")}


def _inputs(evidence, data=None, **changes) -> Inputs:
    data = json.loads(json.dumps(data or STATISTICS))
    inputs = Inputs("report/briefing.qmd", "build/statistics.json", data, dict(BIBLIOGRAPHY), True,
                    evidence.claims, None, None)
    return replace(inputs, **changes) if changes else inputs


def _text(node) -> str:
    """The text of a node as a reader sees it (Str, spaces, quotes; stat spans by their id)."""
    if isinstance(node, list):
        return "".join(_text(n) for n in node)
    if not isinstance(node, dict):
        return ""
    kind, content = node.get("t"), node.get("c")
    if kind == "Str":
        return content
    if kind in ("Space", "SoftBreak", "LineBreak"):
        return " "
    if kind == "Code":
        return content[1]
    if kind == "Quoted":
        return "\u201c" + _text(content[1]) + "\u201d"
    if kind == "Cite":
        return _text(content[1])
    if kind == "Table":
        return " | ".join(_text(cell[4]) for body in content[4] for row in body[3] for cell in row[1])
    if kind in ("Span", "Div", "Link"):
        return _text(content[1])
    return _text(content)


def _rows(table) -> list[list[str]]:
    return [[_text(cell[4]) for cell in row[1]] for row in table["c"][4][0][3]]


def _labels(*texts) -> tuple:
    return tuple(ast.text(t) for t in texts)


def test_text_splits_as_pandoc_inlines_does_and_keeps_everything_else_verbatim():
    assert ast.text("a  b\nc") == [ast.str_("a"), ast.space(), ast.str_("b"), {"t": "SoftBreak"}, ast.str_("c")]
    quote = "`id` $x^2$ <b>raw</b> [x]{.stat} @key"
    assert [n["c"] for n in ast.text(quote) if n["t"] == "Str"] == quote.split(" ")
    assert ast.text("") == [] and ast.text("2.48\u00a0times") == [ast.str_("2.48\u00a0times")]


def test_values_print_as_the_filter_printed_them():
    assert [shown(v) for v in (1998.0, 0.05, 3, True, None, "", [1, "a"])] == \
        ["1998", "0.05", "3", "true", "", "", '[1,"a"]']


def test_stat_table_rows_labels_checks_and_citations(evidence):
    inputs = _inputs(evidence)
    request = Request("stat-table", "elite_kju,elite_share_kju", None, _labels("After", "Share"))
    [table] = stat_table(inputs, request)
    assert table["c"][0] == ["", ["generated", "stat-table"], []]
    rows = _rows(table)
    assert rows[0] == ["After", "elite_kju", "figures it rests on: consistent", "[@dailystar2024]"]
    assert rows[1][3] == "[@dailystar2024; computed from @mou2026arrivals]"
    # without labels, the method; a label count that does not match the ids is refused
    assert _rows(stat_table(inputs, replace(request, labels=()))[0])[0][0].startswith("134 elite defectors")
    with pytest.raises(RenderError, match="lists 2 ids but 1 labels"):
        stat_table(inputs, replace(request, labels=_labels("one")))
    with pytest.raises(RenderError, match="unknown statistic 'elite_kjuu'.*did you mean 'elite_kju'"):
        stat_table(inputs, replace(request, ids="elite_kjuu", labels=()))


def test_explain_table_expands_a_prefix_in_bibliography_order(evidence):
    data = json.loads(json.dumps(STATISTICS))
    for key, grade in (("guardian2024", "C3"), ("dailystar2024", "B2")):
        data["statistics"][f"grade-{key}"] = {"id": f"grade-{key}", "display": grade, "method": f"why {key}",
                                              "sources": [key], "data_sources": []}
    [table] = explain_table(_inputs(evidence, data), Request("explain-table", "grade-*", "Article,Grade,Why", ()))
    rows = _rows(table)
    assert [r[1] for r in rows] == ["grade-dailystar2024", "grade-guardian2024"]   # the bibliography's order
    assert rows[0][0] == "[@dailystar2024]" and rows[0][2] == "why dailystar2024 [@dailystar2024]"
    assert table["c"][3][1][0][1][0][4][0]["c"] == ast.text("Article")


def test_claims_appendix_prints_each_quote_verbatim_as_text(evidence):
    claim = replace(evidence.claims[0], id="x-verbatim", quote="`id` $x^2$ <b>raw</b> [a]{b}")
    inputs = _inputs(evidence, claims=[claim])
    [table] = claims_appendix(inputs, Request("claims-appendix", None, None, ()))
    first = table["c"][4][0][3][0][1][0][4][0]["c"][0]
    assert first["c"][0][0] == "check-x-verbatim"
    quoted = first["c"][1][0]
    assert quoted["t"] == "Quoted" and {n["t"] for n in quoted["c"][1]} == {"Str", "Space"}
    assert _text(quoted) == "\u201c`id` $x^2$ <b>raw</b> [a]{b}\u201d"
    # the checks of claims not in the ledger are listed too, by id
    rows = _rows(table)
    assert rows[0][2] == "no check recorded"
    assert any(r[0] == "thediplomat2024-elite-more-than-half-2023" and r[2] == "contradicted" for r in rows)


def test_source_and_reference_tables(evidence):
    data = json.loads(json.dumps(STATISTICS))
    data["statistics"]["rows-2012"] = {"id": "rows-2012", "value": "2012", "display": "Rows for 2012",
                                       "sources": ["mou2026arrivals"], "data_sources": []}
    data["statistics"]["fact-a"] = {"id": "fact-a", "value": "2011-12-17", "display": "A fact", "sources": []}
    inputs = _inputs(evidence, data)
    rows = _rows(source_table(inputs, Request("source-table", None, None, ()))[0])
    guardian = next(r for r in rows if r[0] == "[@guardian2024]")
    assert guardian[1:] == ["editorial", "the date", "1 contradicted"]
    assert not any(r[0] == "[@mou2026arrivals]" for r in rows)   # no claims, no checks
    rows = _rows(reference_table(inputs, Request("reference-table", None, None, ()))[0])
    assert rows == [["A fact", "none"], ["Rows for 2012", "[@mou2026arrivals]"]]


def test_provenance_rows_and_build_info(evidence):
    inputs = _inputs(evidence)
    [table] = provenance_table(inputs)
    ids = [row[0][2][0][1] for row in table["c"][4][0][3]]
    assert ids == sorted(STATISTICS["statistics"])          # every statistic; the filter picks and orders
    row = dict(zip(ids, _rows(table)))["elite_share_kju"]
    assert row[0] == "elite_share_kju 1.22%" and row[1].startswith("Method: 134 elite defectors")
    assert "Computed from: claims: dailystar2024-elite-kju-era-134; reference: mou_arrivals.csv" in row[1]
    rows = _rows(build_info(inputs, Request("build-info", None, None, ()))[0])
    assert rows[0] == ["Rendered by", ""]                     # the filter names the renderer
    assert ["Parameter arrivals_first_year", "1998"] in rows and ["Statistics file", "build/statistics.json"] in rows


def test_grade_scale_comes_from_the_validated_scale(evidence):
    rows = _rows(grade_scale(_inputs(evidence, scale=load_scale()), Request("grade-scale", None, None, ()))[0])
    assert rows[0] == ["A", "completely reliable", "1", "confirmed by other sources"] and len(rows) == 6


def test_params_banner_and_sensitivity_when_not_run(evidence):
    assert params_banner(_inputs(evidence), Request("params-banner", None, None, ())) == []
    data = json.loads(json.dumps(STATISTICS))
    data["departures"] = {"as_of": {"value": "2024-03-31", "default": "2024-06-30"}}
    [banner] = params_banner(_inputs(evidence, data), Request("params-banner", None, None, ()))
    assert _text(banner) == "Not the default build. Parameters changed from params.yaml: as_of = 2024-03-31 " \
                            "(default 2024-06-30)."
    request = Request("sensitivity", "elite_kju", None, ())
    assert _text(sensitivity_section(_inputs(evidence), request)) == NOT_RUN
    sens = {"parameters": STATISTICS["parameters"], "sentence": "They hold.", "alternatives": [
        {"label": "later boundary", "moved": {"elite_kju": {"display": "120", "verdict": None},
                                              "check_decade": {"display": "1,397", "verdict": "approximate"}}}]}
    blocks = sensitivity_section(_inputs(evidence, sensitivity=sens), request)
    assert _text(blocks[0]) == "They hold."
    assert _rows(blocks[2]) == [["elite_kju", "elite_kju", "120 with the later boundary"]]
    assert _rows(blocks[3])[0][1:] == ["contradicted", "approximate with the later boundary"]


def test_the_bibliography_is_checked(tmp_path, evidence):
    bib = [{"id": "a2024", "type": "article", "author": [{"literal": "A"}], "issued": {"date-parts": [[2024]]},
            "note": "The date is inferred.\ntitle: inferred"}]
    (tmp_path / "refs.json").write_text(json.dumps(bib))
    with pytest.raises(RenderError, match="entry 'a2024': its note has a line starting 'title:'"):
        read_bibliography([tmp_path / "refs.json"], tmp_path)
    bib[0]["note"] = "The date is inferred."
    (tmp_path / "refs.json").write_text(json.dumps(bib))
    entries, have = read_bibliography([tmp_path / "refs.json"], tmp_path)
    assert have and entries == {"a2024": Entry("A 2024", "article", "The date is inferred.")}
    with pytest.raises(RenderError, match="statistic 'check_decade' cites 'guardian2024', which is not in"):
        check_citations(_inputs(evidence, bibliography={k: v for k, v in BIBLIOGRAPHY.items() if k != "guardian2024"}))


def test_the_blocks_file_is_written_once_and_again_when_an_input_changes(tmp_path):
    root = make_project(tmp_path)
    project = load_project(root)
    messages: list[str] = []
    target = write_blocks(project, messages.append)
    assert target == root / "build" / "blocks.json" and len(messages) == 1
    blocks = json.loads(target.read_text(encoding="utf-8"))
    assert list(blocks)[0] == "digest"
    assert blocks["statistics_sha1"] == hashlib.sha1((root / "build/statistics.json").read_bytes()).hexdigest()
    assert set(blocks["blocks"]) == {"stat-table ids=elite_kju,elite_share_kju", "source-table", "build-info",
                                     "claims-appendix", "provenance-appendix"}
    assert blocks["date"] == "23 November 2026" and blocks["keywords"] == []
    assert blocks["provenance"]["elite_kju"][0] == ["Method", "134 elite defectors after 17 Dec 2011, as reported"]
    write_blocks(project, messages.append)
    assert len(messages) == 1                                        # unchanged: not written again
    qmd = root / "report" / "briefing.qmd"
    qmd.write_text(qmd.read_text().replace("- Elite share of arrivals", "- Share of arrivals"))
    write_blocks(project, messages.append)
    assert len(messages) == 2 and '{"t":"Str","c":"Share"}' in target.read_text(encoding="utf-8")
    assert [p.name for p in target.parent.iterdir() if p.name.startswith(".")] == []
    # two blocks with one key that differ are refused
    qmd.write_text(qmd.read_text() + '\n::: {.stat-table ids="elite_kju,elite_share_kju"}\n- A\n- B\n:::\n')
    with pytest.raises(RenderError, match="two .stat-table blocks with the same ids"):
        make_blocks(project, find_pandoc())


def test_a_render_with_blocks_from_other_statistics_fails_naming_the_fix(tmp_path):
    """Quarto run by hand after a new build without `elite-defections render`: the filter refuses."""
    root = make_project(tmp_path)
    render_briefing(root=root, log=lambda m: None)
    target = root / "build" / "blocks.json"
    stale = target.read_text(encoding="utf-8").replace('"statistics_sha1":"', '"statistics_sha1":"0', 1)
    target.write_text(stale, encoding="utf-8")
    with pytest.raises(RenderError, match="blocks.json was prepared from another build/statistics.json; "
                                          "run `elite-defections render`"):
        render_briefing(root=root, force=True, log=lambda m: None)


QUOTE = "a test aside on `id`, $x^2$, <b>raw</b>, [brackets] and {braces}"


@pytest.mark.e2e
def test_quotes_reach_the_page_verbatim(tmp_path):
    """A claim whose quote holds Markdown and HTML syntax: the claims appendix prints it as written,
    in the HTML and in the PDF (the filter used to read the ledger as Markdown and lost it)."""
    project = paths.copy_project(tmp_path / "project")
    article = project / "data/sources/articles/004_6528aab997c1909e.txt"
    old = hashlib.sha256(article.read_bytes()).hexdigest()
    article.write_bytes(article.read_bytes() + f"\n{QUOTE}.\n".encode())
    registry = project / "data/sources/sources.yaml"
    registry.write_text(registry.read_text(encoding="utf-8").replace(
        old, hashlib.sha256(article.read_bytes()).hexdigest()), encoding="utf-8")
    ledger = project / "data/claims.yaml"
    ledger.write_text(ledger.read_text(encoding="utf-8") + f"""
- id: guardian2024-verbatim-aside
  source: guardian2024
  quote: {json.dumps(QUOTE)}
  figure: "2"
  value: 2
  unit: persons
  qualifier: exact
  precision: 1
  measure: count
  population: elite_defectors
  period_start: null
  period_end: null
  relative: null
  reference_date: null
  entities: []
  note: Markdown and HTML in a quote, printed as written.
  check: {{kind: none, reason: "a test of verbatim quotes"}}
""", encoding="utf-8")
    result = cli(project, "build", "--no-sensitivity")
    assert result.returncode == 0, result.stdout + result.stderr
    page = (project / "report/annex.html").read_text(encoding="utf-8")     # the claims appendix is the annex's
    assert f"\u201c{QUOTE}\u201d (The Guardian 2024)" in html_text(page)
    assert "<b>raw</b>" not in page and "&lt;b&gt;raw&lt;/b&gt;" in page        # shown, not markup
    row = re.search(r'id="check-guardian2024-verbatim-aside".*?</tr>', page, flags=re.S).group(0)
    assert "<code" not in row and "math" not in row
    pdf = pdf_text(project / "report/annex.pdf")
    assert squash(f"\u201c{QUOTE}\u201d") in squash(pdf)
