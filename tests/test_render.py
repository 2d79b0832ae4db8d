"""The render step, for real: Pandoc + Typst (or Quarto when installed), no mocks.

Most tests render a small briefing in a temporary copy of the project: the real `_quarto.yml`,
filter, stylesheet, Typst header, claims ledger and bibliography (generated from the registry by
the project's own code), with a small statistics file in the real format and a real SVG figure.
The end-to-end test renders the real briefing when `build/statistics.json` exists.
"""

from __future__ import annotations

import html.parser
import json
import re
import shutil
import time
from pathlib import Path

import pytest

from elite_defections.cli import build_parser
from elite_defections.core import paths
from elite_defections.render.project import RenderError, load_project
from elite_defections.render.render import render_briefing

ARTICLES = ("dailystar2024", "thediplomat2024", "bullandbear2024", "news1global2024", "guardian2024")
PROJECT_FILES = ("_quarto.yml", "report/briefing.css", "report/briefing-header.typ",
                 "src/elite_defections/render/filters/stats.lua", "data/claims.yaml")


def _stat(id, display, unit, method, sources, claims=(), reference=(), verdict=None, claim=None, data=()):
    """`sources` state the figure; `data` are the sources of the data it was computed from."""
    computed_from = {k: list(v) for k, v in (("claims", claims), ("reference", reference)) if v}
    return {"id": id, "value": None, "display": display, "unit": unit, "method": method,
            "sources": list(sources), "data_sources": list(data), "computed_from": computed_from,
            "reported_by": [], "verdict": verdict, "claim": claim, "notebook": "10-compute-elite-eras"}


STATISTICS = {
    "build": {"commit": "0123456789abcdef0123456789abcdef01234567", "date": "2026-11-23T07:00:00+00:00",
              "package_version": "0.1.0", "python": "3.11.2"},
    "parameters": {"era_boundary": "2011-12-17", "as_of": "2024-06-30", "arrivals_first_year": 1998},
    "notebooks": {"10-compute-elite-eras": {"parameters": {"era_boundary": "2011-12-17"},
                                            "executed": "build/notebooks/10-compute-elite-eras.ipynb"}},
    "statistics": {s["id"]: s for s in [
        _stat("elite_kju", "134", "persons", "134 elite defectors after 17 Dec 2011, as reported",
              ["dailystar2024"], claims=["dailystar2024-elite-kju-era-134"]),
        _stat("elite_kji", "54", "persons", "54 elite defectors before 17 Dec 2011, as reported",
              ["dailystar2024"], claims=["dailystar2024-elite-kji-era-54"]),
        _stat("elite_share_kju", "1.22%", "percent", "134 elite defectors / 10,985 arrivals = 1.2198%",
              ["dailystar2024"], claims=["dailystar2024-elite-kju-era-134"],
              reference=["mou_arrivals.csv: 2012-2023"], data=["mou2026arrivals"]),
        _stat("elite_ratio", "2.48 times", "multiple", "134 / 54 = 2.4815", [],
              claims=["dailystar2024-elite-kju-era-134", "dailystar2024-elite-kji-era-54"], data=["dailystar2024"]),
        _stat("diplomats_confirmed_kju", "4", "persons", "Thae, Jo, Ryu, Ri: confirmed since Dec 2011",
              ["news1global2024"]),
        _stat("arrivals_2023", "196", "persons", "arrivals in 2023", ["mou2026arrivals"]),
        _stat("era_boundary_year", "2011", "year", "parameter era_boundary", []),
        _stat("as_of_date", "30 June 2024", "date", "parameter as_of", []),
        _stat("check_elite_kju", "134", "persons", "54 + 134 = 188, the total reported", ["dailystar2024"],
              verdict="consistent", claim="dailystar2024-elite-kju-era-134"),
        _stat("check_more_than_half", "5.1%", "percent", "about 10 of 196 = 5.1%, not more than half",
              ["thediplomat2024", "mou2026arrivals"], verdict="contradicted",
              claim="thediplomat2024-elite-more-than-half-2023"),
        _stat("check_tripled", "2.93", "multiple", "all arrivals: 196 / 67 = 2.93", ["bullandbear2024"],
              verdict="approximate", claim="bullandbear2024-defectors-nearly-tripled-2023"),
        _stat("check_decade", "1,397", "persons", "arrivals in 2014 = 1,397, not 2,700", ["guardian2024"],
              verdict="contradicted", claim="guardian2024-defectors-2700-a-decade-ago"),
    ]},
}

BRIEFING = """---
title: "Render test briefing"
subtitle: "Evidence as of [as_of_date]{.stat}"
---

# Figures

Elites were [elite_share_kju]{.stat} of arrivals. Of them [elite_kju]{.stat} left after the
boundary and [elite_kji]{.stat} before it, [elite_ratio]{.stat} as many. Confirmed diplomats: [diplomats_confirmed_kju]{.stat}.
Arrivals: [arrivals_2023]{.stat}, since [era_boundary_year]{.stat}.

::: {.stat-table ids="elite_kju,elite_share_kju"}
- Elite defectors after the boundary
- Elite share of arrivals
:::

::: {.figure name="arrivals-per-year"}
:::

::: {.source-table}
:::

::: {.build-info}
:::

# Appendix: every claim {.unnumbered}

::: {.claims-appendix}
:::

# Appendix: provenance {.unnumbered}

::: {.provenance-appendix}
:::

# References {.unnumbered}

::: {#refs}
:::
"""

# The annex of the test project (the real `_quarto.yml` renders both documents): its provenance
# appendix lists its own statistics, then those of the documents named by `also`.
ANNEX = """---
title: "Render test annex"
---

# Evidence

The later share, [elite_share_kju]{.stat}, rests on [arrivals_2023]{.stat} arrivals.

# Appendix: provenance {.unnumbered}

::: {.provenance-appendix also="briefing.qmd"}
:::

# References {.unnumbered}

::: {#refs}
:::
"""

SVG = """<?xml version="1.0" encoding="utf-8"?>
<svg xmlns="http://www.w3.org/2000/svg" width="400" height="160" viewBox="0 0 400 160">
  <rect x="20" y="40" width="60" height="100" fill="#9aa7b5"/>
  <rect x="120" y="20" width="60" height="120" fill="#1c4a7a"/>
  <rect x="220" y="120" width="60" height="20" fill="#1c4a7a"/>
  <text x="20" y="155" font-size="10">arrivals</text>
</svg>
"""


def make_project(root: Path, briefing: str = BRIEFING, annex: str = ANNEX) -> Path:
    """A copy of the project's render inputs (both documents), with a small statistics file and one figure."""
    from elite_defections.evidence.base import (
        load_evidence,
        write_evidence_bibliography,
    )

    for rel in PROJECT_FILES:
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(paths.ROOT / rel, root / rel)
    (root / "report" / "briefing.qmd").write_text(briefing, encoding="utf-8")
    (root / "report" / "annex.qmd").write_text(annex, encoding="utf-8")
    build = root / "build"
    (build / "figures").mkdir(parents=True)
    write_evidence_bibliography(load_evidence(), build / "references.json")
    (build / "statistics.json").write_text(json.dumps(STATISTICS, indent=1), encoding="utf-8")
    (build / "figures" / "arrivals-per-year.svg").write_text(SVG, encoding="utf-8")
    (build / "figures" / "arrivals-per-year.json").write_text(json.dumps(
        {"caption": "Arrivals per year (test figure).", "alt": "Three bars of different heights."}))
    return root


class _Text(html.parser.HTMLParser):
    """Visible text of the page: no <style>, no <title>, no tooltips, no attributes."""

    def __init__(self):
        super().__init__()
        self.parts, self.skip = [], []

    def handle_starttag(self, tag, attrs):
        classes = (dict(attrs).get("class") or "").split()
        if tag in ("style", "script", "title") or "stat-tip" in classes:
            self.skip.append(tag)
        elif self.skip and tag == self.skip[-1]:
            self.skip.append(tag)

    def handle_endtag(self, tag):
        if self.skip and tag == self.skip[-1]:
            self.skip.pop()

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)


def html_text(page: str) -> str:
    parser = _Text()
    parser.feed(page)
    return " ".join("".join(parser.parts).split())


def pdf_text(pdf: Path) -> str:
    from pypdf import PdfReader

    # each page's footer ("7 / 29") would split a sentence that runs across a page break
    return "\n".join(re.sub(r"\n\d+ / \d+\s*$", "", page.extract_text() or "") for page in PdfReader(str(pdf)).pages)


def squash(text: str) -> str:
    """Compare HTML and PDF text regardless of line breaks and hyphenation."""
    return re.sub(r"[\s\-\u00ad\u2010\u2011]+", "", text).lower()


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    root = make_project(tmp_path_factory.mktemp("project"))
    messages: list[str] = []
    result = render_briefing(root=root, log=messages.append)
    return root, result, messages


def test_render_writes_both_outputs_and_names_the_renderer(rendered):
    root, result, messages = rendered
    assert not result.skipped
    assert result.outputs["html"] == root / "report" / "briefing.html"
    assert result.outputs["typst"] == root / "report" / "briefing.pdf"
    assert all(p.is_file() and p.stat().st_size > 1000 for p in result.outputs.values())
    expected = "Quarto" if shutil.which("quarto") else "Pandoc"
    assert result.renderer.startswith(expected)
    assert any(result.renderer in m and m.startswith("rendered ") for m in messages)
    assert not list((root / "build").glob(".render-*")), "temporary render folder left behind"
    # the annex too, published with the briefing
    annex = result.documents[root / "report" / "annex.qmd"]
    assert annex == {"html": root / "report" / "annex.html", "typst": root / "report" / "annex.pdf"}
    assert sorted(p.name for p in result.all_outputs) == sorted(paths.RENDERED)
    assert all(p.is_file() and p.stat().st_size > 1000 for p in result.all_outputs)


def test_html_has_values_tooltips_and_resolved_citations(rendered):
    root, result, _ = rendered
    page = result.outputs["html"].read_text(encoding="utf-8")
    text = html_text(page)
    for bad in ("???", "[@", "{.stat}", "stats.lua"):
        assert bad not in page, bad
    assert "Evidence as of 30 June 2024" in text                  # statistic in the title block
    # the citation closes the sentence
    # the sources that state a figure, then those of the data it was computed from
    assert ("Elites were 1.22% of arrivals (The Daily Star 2024; computed from Ministry of Unification, "
            "Republic of Korea 2026).") in text
    # two statistics with one source in one sentence: one citation, after the last of them; a figure
    # computed from the article's counts is not credited to the article as if it printed it
    assert ("Of them 134 left after the boundary and 54 (The Daily Star 2024) before it, 2.48 times as many "
            "(computed from The Daily Star 2024).") in text
    assert "Confirmed diplomats: 4 (News1 Global 2024)." in text
    # a statistic without sources (a parameter) carries no citation of its own
    assert "Arrivals: 196, since 2011 (Ministry of Unification, Republic of Korea 2026)." in text
    # provenance on hover and keyboard focus, without scripts; one tooltip (the card, no `title`)
    tag = re.search(r'<span class="stat"[^>]*data-stat="elite_share_kju"[^>]*>', page).group(0)
    assert 'tabindex="0"' in tag and "title=" not in tag
    tip = re.search(r'aria-describedby="(stat-tip-\d+)"', tag).group(1)
    assert f'id="{tip}" class="stat-tip" role="tooltip"' in page
    assert "Method:</strong> 134 elite defectors / 10,985 arrivals = 1.2198%" in " ".join(page.split())
    assert "<script" not in page
    assert "data:image/svg+xml;base64," in page                   # the figure is embedded
    assert 'alt="Three bars of different heights."' in page
    assert 'data-fig-alt="Three bars of different heights."' in page  # what Quarto keeps as alt text
    assert "Arrivals per year (test figure)." in text


def test_generated_blocks(rendered):
    root, result, _ = rendered
    text = html_text(result.outputs["html"].read_text(encoding="utf-8"))
    assert "Elite defectors after the boundary 134 figures it rests on: consistent (The Daily Star 2024)" in text
    # claims appendix: every ledger claim, with the checks recorded, anchored for the ClaimReview
    # export's links (briefing.html#check-<claim id>); the ids themselves are not shown
    page = result.outputs["html"].read_text(encoding="utf-8")
    assert "contradicted" in text and "no check recorded" in text
    ledger_ids = re.findall(r"^- id: (\S+)", (paths.CLAIMS).read_text(encoding="utf-8"), flags=re.M)
    assert ledger_ids and all(f'id="check-{claim_id}"' in page for claim_id in ledger_ids)
    body = text.split("Appendix: provenance")[0]
    assert not [c for c in ledger_ids if c in body]
    # provenance appendix: each statistic printed, not the ones only used as claim checks
    for used in ("elite_share_kju", "elite_kju", "diplomats_confirmed_kju", "as_of_date"):
        assert f'id="prov-{used}"' in result.outputs["html"].read_text(encoding="utf-8")
    assert 'id="prov-check_decade"' not in result.outputs["html"].read_text(encoding="utf-8")
    # build information
    assert "0123456789abcdef0123456789abcdef01234567" in text
    assert "Parameter arrivals_first_year 1998 " in text
    assert "build/notebooks/10-compute-elite-eras.ipynb" in text


def test_bibliography_lists_the_five_articles(rendered):
    root, result, _ = rendered
    page = result.outputs["html"].read_text(encoding="utf-8")
    for key in (*ARTICLES, "mou2026arrivals"):
        assert f'id="ref-{key}"' in page, key
    pdf = squash(pdf_text(result.outputs["typst"]))
    for title in ("Elite defections surge 2.5 times", "The Guardian view on defecting from North Korea",
                  "High-Ranking North Korean Defectors"):
        assert squash(title) in pdf


def test_pdf_carries_the_same_figures_and_citations_as_the_html(rendered):
    root, result, _ = rendered
    page = result.outputs["html"].read_text(encoding="utf-8")
    raw = pdf_text(result.outputs["typst"])
    assert "Render test briefing" in raw and len(raw) > 2000       # text is extractable
    pdf = squash(raw)
    citations = set(re.findall(r'<span class="citation"[^>]*>(.*?)</span>', page, flags=re.S))
    assert citations
    for citation in citations:
        assert squash(html_text(citation)) in pdf, citation
    for stat in STATISTICS["statistics"].values():
        if f'data-stat="{stat["id"]}"' in page:
            assert squash(stat["display"]) in pdf, stat["id"]
    assert squash("1.22% of arrivals (The Daily Star 2024; computed from Ministry of Unification, Republic of Korea 2026)") in pdf
    assert "???" not in raw and "[@" not in raw
    # each number links to its provenance entry, each citation to its reference
    from pypdf import PdfReader

    internal = sum(1 for page in PdfReader(str(result.outputs["typst"])).pages
                   for annot in (page.get("/Annots") or [])
                   if "/Dest" in annot.get_object() or annot.get_object().get("/A", {}).get("/S") == "/GoTo")
    assert internal >= page.count('class="stat"')


def test_a_bibliography_note_that_citeproc_would_misread_fails_the_render(tmp_path):
    """Citeproc reads a CSL note line "author: ..." as the author; the filter refuses it."""
    root = make_project(tmp_path)
    bib_file = root / "build" / "references.json"
    bib = json.loads(bib_file.read_text())
    next(i for i in bib if i["id"] == "guardian2024")["note"] = "title: inferred"
    bib_file.write_text(json.dumps(bib))
    with pytest.raises(RenderError, match="entry 'guardian2024': its note has a line starting 'title:'"):
        render_briefing(root=root, log=lambda m: None)


def test_unknown_statistic_fails_naming_it_and_keeps_previous_outputs(tmp_path):
    root = make_project(tmp_path)
    render_briefing(root=root, log=lambda m: None)
    outputs = [root / "report" / "briefing.html", root / "report" / "briefing.pdf"]
    before = [p.read_bytes() for p in outputs]
    qmd = root / "report" / "briefing.qmd"
    qmd.write_text(BRIEFING.replace("[arrivals_2023]{.stat}", "[elite_share_kjv]{.stat}"), encoding="utf-8")
    with pytest.raises(RenderError) as failure:
        render_briefing(root=root, log=lambda m: None)
    message = str(failure.value)
    assert "unknown statistic 'elite_share_kjv'" in message
    assert "report/briefing.qmd" in message and "build/statistics.json" in message
    assert "did you mean 'elite_share_kju'" in message
    assert [p.read_bytes() for p in outputs] == before


def test_pdf_failure_keeps_the_previous_html_too(tmp_path):
    """HTML renders, the PDF does not: neither output is replaced."""
    root = make_project(tmp_path)
    render_briefing(root=root, log=lambda m: None)
    outputs = [root / "report" / "briefing.html", root / "report" / "briefing.pdf"]
    before = [p.read_bytes() for p in outputs]
    (root / "report" / "briefing.qmd").write_text(BRIEFING.replace("# Figures", "# Figures changed"))
    header = root / "report" / "briefing-header.typ"
    header.write_text(header.read_text() + "\n#set text(size: \n")   # a Typst syntax error
    with pytest.raises(RenderError, match="typst"):
        render_briefing(root=root, log=lambda m: None)
    assert [p.read_bytes() for p in outputs] == before


def test_nothing_changed_skips_and_a_change_renders(tmp_path):
    root = make_project(tmp_path)
    first = render_briefing(root=root, log=lambda m: None)
    assert not first.skipped
    messages: list[str] = []
    started = time.perf_counter()
    again = render_briefing(root=root, log=messages.append)
    assert again.skipped and time.perf_counter() - started < 1.0
    assert "up to date" in messages[0]
    # a changed statistic renders again
    stats = json.loads((root / "build" / "statistics.json").read_text())
    stats["statistics"]["arrivals_2023"]["display"] = "197"
    (root / "build" / "statistics.json").write_text(json.dumps(stats))
    changed = render_briefing(root=root, log=lambda m: None)
    assert not changed.skipped
    assert "Arrivals: 197" in html_text((root / "report" / "briefing.html").read_text())
    # so does a changed figure, an edited output, or --force
    (root / "build" / "figures" / "arrivals-per-year.json").write_text(
        json.dumps({"caption": "New caption.", "alt": "Three bars."}))
    assert not render_briefing(root=root, log=lambda m: None).skipped
    (root / "report" / "briefing.pdf").write_bytes(b"tampered")
    assert not render_briefing(root=root, log=lambda m: None).skipped
    assert render_briefing(root=root, log=lambda m: None).skipped
    assert not render_briefing(force=True, root=root, log=lambda m: None).skipped


def test_config_is_read_once_for_both_paths():
    project = load_project(paths.ROOT)
    assert [d.relative_to(paths.ROOT).as_posix() for d in project.documents] == ["report/briefing.qmd",
                                                                                  "report/annex.qmd"]
    assert [out.name for d in project.documents for out in project.outputs(d).values()] == list(paths.RENDERED)
    assert set(project.formats) == {"html", "typst"}
    assert project.formats["typst"]["citeproc"] is True
    assert "citeproc" not in project.metadata["filters"]
    filters = [paths.ROOT / f for f in project.metadata["filters"]]
    assert filters and all(f.is_file() for f in filters)
    assert project.formats["html"]["embed-resources"] is True
    assert project.metadata["statistics"] == "build/statistics.json"
    assert project.metadata["bibliography"] == "build/references.json"


def test_the_briefing_links_its_numbers_to_the_annex(tmp_path):
    """A briefing without its own provenance appendix (`provenance: annex`) links each number to
    its entry in the annex, whose appendix lists the briefing's statistics after its own."""
    briefing = BRIEFING.replace('subtitle: "Evidence', 'provenance: annex\nsubtitle: "Evidence')
    briefing = briefing.replace("# Appendix: provenance {.unnumbered}\n\n::: {.provenance-appendix}\n:::\n", "")
    root = make_project(tmp_path, briefing)
    render_briefing(root=root, log=lambda m: None)
    page = (root / "report" / "briefing.html").read_text(encoding="utf-8")
    annex = (root / "report" / "annex.html").read_text(encoding="utf-8")
    targets = set(re.findall(r'href="annex\.html#(prov-[^"]+)"', page))
    assert {"prov-elite_kju", "prov-diplomats_confirmed_kju", "prov-elite_ratio"} <= targets
    assert [t for t in targets if f'id="{t}"' not in annex] == []
    # the annex's own statistics first, then the briefing's, each once
    order = re.findall(r'id="prov-([^"]+)"', annex)
    assert order[:2] == ["elite_share_kju", "arrivals_2023"] and len(order) == len(set(order))
    assert "as_of_date" in order          # the briefing's subtitle prints it (as a value alone, unlinked)
    # one tab stop per number: the link, described by its card
    tag = re.search(r'<a href="annex\.html#prov-elite_kju"[^>]*>', page).group(0)
    assert "aria-describedby=" in tag and 'tabindex="0"' not in page
    assert "annex.pdf" in pdf_links(root / "report" / "briefing.pdf")


def pdf_links(pdf: Path) -> set[str]:
    from pypdf import PdfReader

    found = set()
    for page in PdfReader(str(pdf)).pages:
        for annotation in page.get("/Annots") or []:
            action = annotation.get_object().get("/A") or {}
            if "/URI" in action:
                found.add(str(action["/URI"]))
    return found


def test_the_command_line_has_the_render_subcommand():
    args = build_parser().parse_args(["render", "--force"])
    assert args.force is True and callable(args.run)


@pytest.mark.e2e
def test_the_real_briefing_renders(built_project):
    """The real briefing, built end to end (notebooks, statistics, render) in a copy of the project."""
    html_file = built_project / "report" / "briefing.html"
    pdf_file = built_project / "report" / "briefing.pdf"
    page = re.sub(r"<!--.*?-->", "", html_file.read_text(encoding="utf-8"), flags=re.S)  # not shown to readers
    assert "???" not in page and "[@" not in page and "{.stat}" not in page
    assert "Not the default build" not in page and 'name="keywords"' not in page  # the defaults: no banner
    raw = pdf_text(pdf_file)
    assert "???" not in raw and "North Korean elite defections" in raw
    statistics = json.loads((built_project / "build" / "statistics.json").read_text(encoding="utf-8"))["statistics"]
    pdf = squash(raw)
    printed = set(re.findall(r'data-stat="([^"]+)"', page))
    used = set(re.findall(r"\[([a-z0-9_-]+)\]\{\.stat\}", re.sub(r"<!--.*?-->", "", (paths.REPORT / "briefing.qmd").read_text(), flags=re.S)))
    assert used and used <= printed  # every statistic the prose names is printed
    assert [i for i in printed if squash(statistics[i]["display"]) not in pdf] == []
    # each number links to its entry in the annex, which exists
    annex = (built_project / "report" / "annex.html").read_text(encoding="utf-8")
    targets = set(re.findall(r'href="annex\.html#([^"]+)"', page))
    assert targets and [t for t in targets if f'id="{t}"' not in annex] == []
    assert {f"prov-{i}" for i in printed} <= targets
    text = squash(page)
    for article in ("The Daily Star", "The Diplomat", "Bull and Bear", "News1 Global", "The Guardian"):
        assert squash(article) in text and squash(article) in pdf


# Headless Chromium, driven by Playwright ---------------------------------------------------------

def open_page(browser, html_file: Path, width: int, height: int = 900):
    """A fresh page at the given viewport, recording every request and every error it logs."""
    page = browser.new_page(viewport={"width": width, "height": height})
    page.requests, page.errors = [], []
    page.on("request", lambda request: page.requests.append(request.url))
    page.on("console", lambda message: message.type == "error" and page.errors.append(message.text))
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.goto(html_file.resolve().as_uri(), wait_until="load")
    return page


def test_chromium_renders_the_page_offline_without_errors(rendered, built_project, browser):
    pages = [rendered[1].outputs["html"], built_project / "report" / "briefing.html"]
    for html_file in pages:
        page = open_page(browser, html_file, 1280)
        try:
            url = html_file.resolve().as_uri()
            heading = page.text_content("h1.title")
            assert heading and heading.strip() in page.title()
            # keyboard focus shows a number's provenance, inside the page
            page.keyboard.press("Tab")
            # the number, or in the briefing the link to its entry in the annex, takes focus
            stat = page.locator(".stat").first
            stat.locator("a.stat-value").first.focus() if stat.locator("a.stat-value").count() else stat.focus()
            assert page.evaluate("!!document.activeElement.closest('.stat')")
            tip = stat.locator(".stat-tip")
            assert tip.is_visible()
            box = tip.bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= page.evaluate("document.documentElement.clientWidth"), \
                "the provenance card runs off the page"
            page.evaluate("document.activeElement.blur()")
            assert not tip.is_visible()
            foreign = [u for u in page.requests if u != url and not u.startswith("data:")]
            assert not foreign, f"the page requested {foreign}"
            assert not page.errors, page.errors
        finally:
            page.close()
