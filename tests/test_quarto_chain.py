"""The briefing through Quarto's own Lua filter chain, as `quarto render` would run it.

The `quarto` executable cannot be installed here, but its Lua side can run: ../shared/quarto-1.10.18
(beside the repository; see its README) holds Quarto's qmd reader, main.lua with every filter stage,
its HTML and Typst templates, its language file and its Pandoc data directory. This test runs
Pandoc in the document's folder on a copy of the .qmd with `--from qmd-reader.lua`, Quarto's data
directory and template, the merged metadata, `--lua-filter main.lua` (the project's filter entered
at `pre-quarto`, as Quarto lists a user filter) and then `--citeproc`, with the parameters Quarto
passes in QUARTO_FILTER_PARAMS; it compiles the Typst with the `typst` package and checks what the
fallback's render tests check. Not covered: Quarto's TypeScript side (YAML schema validation, the
`embed-resources` pass, HTML post-processors, the `typst` command line).
"""

from __future__ import annotations

import base64
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from elite_defections.core import paths
from elite_defections.render.fallback import pandoc_arguments
from elite_defections.render.project import load_project
from test_render import html_text, pdf_text, squash

pytestmark = pytest.mark.e2e

QUARTO_VERSION = "1.10.18"
SHARED = paths.ROOT.parent / "shared" / f"quarto-{QUARTO_VERSION}"
RESOURCES = SHARED / "src" / "resources"


@pytest.fixture(scope="module")
def shared() -> Path:
    if not (RESOURCES / "filters" / "main.lua").is_file():
        reason = f"Quarto's filters not found at {SHARED} (../shared beside the repository)"
        if os.environ.get("CI"):
            pytest.fail(reason + " and CI is set")
        pytest.skip(reason)
    return RESOURCES


def _filter_params(fmt: str, user_filters: list[Path], scratch: Path) -> dict:
    """What Quarto passes main.lua for a document without code cells (src/command/render/)."""
    import yaml

    language = yaml.safe_load((RESOURCES / "language" / "_language.yml").read_text(encoding="utf-8"))
    return {
        "quarto-version": QUARTO_VERSION,
        "language": language,
        "format-identifier": {"base-format": fmt, "target-format": fmt, "display-name": fmt.upper()},
        "active-filters": {"normalization": True, "crossrefs": True},
        "results-file": str(scratch / f"results-{fmt}.json"),
        "execution-engine": "markdown",
        "cite-method": "citeproc",
        "quarto-filters": {"quartoFilters": [], "beforeQuartoFilters": [], "afterQuartoFilters": [],
                           "entryPoints": [{"at": "pre-quarto", "type": "lua", "path": str(f)} for f in user_filters]},
        "has-bootstrap": False,
        "crossref": {},
    }


def quarto_chain(root: Path, fmt: str, scratch: Path, which: int = 0) -> Path:
    """Render one of the project's documents (0: the briefing, 1: the annex) to `fmt` (html or
    typst) through Quarto's filter chain."""
    import pypandoc

    project = load_project(root)
    document = project.documents[which]
    output = scratch / (document.stem + (".html" if fmt == "html" else ".typ"))
    # The fallback's translation of _quarto.yml (metadata file, format options as Pandoc flags),
    # with Quarto's reader, data directory, template and main.lua in place of the user filter.
    args = pandoc_arguments(project, document, fmt, f"Quarto {QUARTO_VERSION} (its Lua filters)", output,
                            scratch / f"meta-{fmt}.json")
    user_filters = [(root / f).resolve() for f in project.metadata["filters"]]
    for f in user_filters:
        i = args.index("--lua-filter")
        del args[i:i + 2]
    source = document.parent / f"quarto-input-{fmt}.md"        # Quarto renders a temporary copy
    shutil.copy2(document, source)
    args[0] = source.name
    args[args.index("--from") + 1] = str(RESOURCES / "filters" / "qmd-reader.lua")
    args.remove("--citeproc")
    template = (RESOURCES / "formats" / "html" / "pandoc" / "template.html" if fmt == "html"
                else RESOURCES / "formats" / "typst" / "pandoc" / "quarto" / "template.typ")
    args += ["--data-dir", str(RESOURCES / "pandoc" / "datadir"), "--template", str(template),
             "--lua-filter", str(RESOURCES / "filters" / "main.lua"), "--citeproc"]
    dependencies = scratch / f"dependencies-{fmt}.json"
    dependencies.write_text("", encoding="utf-8")
    env = {**os.environ,
           "QUARTO_FILTER_PARAMS": base64.b64encode(json.dumps(_filter_params(fmt, user_filters, scratch)).encode()).decode(),
           "QUARTO_FILTER_DEPENDENCY_FILE": str(dependencies),
           "QUARTO_PROJECT_DIR": str(root), "QUARTO_SHARE_PATH": str(RESOURCES)}
    try:
        result = subprocess.run([pypandoc.get_pandoc_path(), *args], cwd=document.parent, env=env,
                                capture_output=True, text=True)
    finally:
        source.unlink()
    assert result.returncode == 0, result.stderr[:3000]
    assert "ERROR" not in result.stderr, result.stderr[:3000]
    if fmt == "html":
        return output
    import typst

    pdf = output.with_suffix(".pdf")
    typst.compile(str(output), output=str(pdf), root=str(root), font_paths=[], ignore_system_fonts=True)
    return pdf


@pytest.fixture(scope="module")
def quarto_outputs(shared, built_project):
    scratch = built_project / "build" / "quarto-chain"    # inside the project: Typst's root
    scratch.mkdir(parents=True, exist_ok=True)
    return {fmt: quarto_chain(built_project, fmt, scratch) for fmt in ("html", "typst")}


@pytest.fixture(scope="module")
def quarto_annex(shared, built_project):
    scratch = built_project / "build" / "quarto-chain"
    scratch.mkdir(parents=True, exist_ok=True)
    return quarto_chain(built_project, "html", scratch, which=1)


def test_the_annex_through_quartos_filters_holds_the_briefings_entries(quarto_annex, built_project):
    """Under Quarto too, the annex's provenance appendix has an entry for every number the briefing links to."""
    annex = quarto_annex.read_text(encoding="utf-8")
    briefing = (built_project / "report" / "briefing.html").read_text(encoding="utf-8")
    targets = set(re.findall(r'href="annex\.html#([^"]+)"', briefing))
    ids = set(re.findall(r'\bid="([^"]+)"', annex))
    assert targets and targets - ids == set()


def _alts(page: str) -> list[str]:
    return re.findall(r'<img[^>]*\balt="([^"]*)"', page)


def test_html_through_quartos_filters_matches_the_fallback(quarto_outputs, built_project):
    quarto = re.sub(r"<!--.*?-->", "", quarto_outputs["html"].read_text(encoding="utf-8"), flags=re.S)
    fallback = (built_project / "report" / "briefing.html").read_text(encoding="utf-8")
    statistics = json.loads((built_project / "build" / "statistics.json").read_text(encoding="utf-8"))["statistics"]
    text = squash(html_text(quarto))
    # values: every statistic the fallback prints, printed with its display text
    printed = set(re.findall(r'data-stat="([^"]+)"', fallback))
    assert printed and printed == set(re.findall(r'data-stat="([^"]+)"', quarto))
    assert [i for i in printed if squash(statistics[i]["display"]) not in text] == []
    # citations resolved, the same as the fallback's
    for bad in ("???", "[@", "{.stat}"):
        assert bad not in quarto, bad
    citations = set(re.findall(r'<span class="citation"[^>]*>(.*?)</span>', fallback, flags=re.S))
    assert citations and all(squash(html_text(c)) in text for c in citations)
    assert re.findall(r'id="ref-([^"]+)"', quarto) == re.findall(r'id="ref-([^"]+)"', fallback)
    # alt text survives Quarto's figure filters (the filter sets fig-alt)
    assert len(_alts(quarto)) == 4 and _alts(quarto) == _alts(fallback)   # the briefing's four figures
    # every in-page link has its target, including the ClaimReview export's anchors
    ids = set(re.findall(r'\bid="([^"]+)"', quarto))
    assert [h for h in re.findall(r'href="#([^"]+)"', quarto) if h not in ids] == []
    assert all(f"check-{claim}" in ids for claim in re.findall(r'id="check-([^"]+)"', fallback))
    # no external loads: no script, and nothing fetched from the network
    assert "<script" not in quarto
    loads = re.findall(r'<(?:link|img|script|iframe|source)[^>]*(?:src|href)="(https?:[^"]+)"', quarto)
    assert loads == []


def test_pdf_through_quartos_filters_and_typst(quarto_outputs, built_project):
    raw = pdf_text(quarto_outputs["typst"])
    pdf = squash(raw)
    fallback = (built_project / "report" / "briefing.html").read_text(encoding="utf-8")
    statistics = json.loads((built_project / "build" / "statistics.json").read_text(encoding="utf-8"))["statistics"]
    assert "North Korean elite defections" in raw and "???" not in raw and "[@" not in raw
    printed = set(re.findall(r'data-stat="([^"]+)"', fallback))
    assert [i for i in printed if squash(statistics[i]["display"]) not in pdf] == []
    citations = set(re.findall(r'<span class="citation"[^>]*>(.*?)</span>', fallback, flags=re.S))
    assert all(squash(html_text(c)) in pdf for c in citations)
    # the briefing's PDF has no outline (its eight pages need none; the annex's has one), and
    # nothing is titled with Quarto's default "Table of contents"
    assert "Table of contents" not in raw
    # the figures went through Quarto's float machinery and kept their alt text
    typ = quarto_outputs["typst"].with_suffix(".typ").read_text(encoding="utf-8")
    assert len(re.findall(r'^kind: "quarto-float-fig"', typ, flags=re.M)) == 4
    assert len(re.findall(r'#image\(bytes\(.*?alt: "', typ, flags=re.S)) == 4


def test_pdf_through_quartos_filters_keeps_the_layout_rules(quarto_outputs):
    """Quarto's Typst (figures of kind quarto-float-fig, bare tables) under the same header."""
    import pdfplumber

    from test_layout import emptier_pages, split_rows, unbalanced_quotes

    with pdfplumber.open(quarto_outputs["typst"]) as pdf:
        assert emptier_pages(pdf) == []
        assert split_rows(pdf) == []
        assert unbalanced_quotes(pdf) == []
