"""The briefing as its readers see it: the real briefing and its annex (built end to end in a copy
of the project) laid out by Chromium at a desktop width (1280 px) and a phone width (390 px), and its PDF pages
measured from their text and drawing positions (pdfplumber). Screenshots at both widths are saved
under build/ for a person to look at.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from elite_defections.core import paths
from test_render import open_page, squash

pytestmark = pytest.mark.e2e

DESKTOP, PHONE = 1280, 390
MOST_PAGES = 8      # the briefing, figures and references included, on A4
TALLEST = 15_000    # px: the briefing's page at the desktop width
WORDY = 12          # a cell of more than this many words ...
NARROWEST = 150     # ... is at least this wide (px) at the desktop width


# HTML in Chromium -------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def html_file(built_project) -> Path:
    return built_project / "report" / "briefing.html"


@pytest.fixture(scope="module")
def desktop(browser, html_file):
    page = open_page(browser, html_file, DESKTOP)
    yield page
    page.close()


@pytest.fixture(scope="module")
def phone(browser, html_file):
    page = open_page(browser, html_file, PHONE, 844)
    yield page
    page.close()


# Blocks of the text (outside the contents sidebar and the provenance cards) that stick out of the
# text column: the body's content box.
OUT_OF_COLUMN = """() => {
  const body = document.body, style = getComputedStyle(body), box = body.getBoundingClientRect();
  const left = box.left + parseFloat(style.paddingLeft), right = box.right - parseFloat(style.paddingRight);
  return [...document.querySelectorAll('p, table, figure, img, ul, ol, pre, blockquote')]
    .filter(el => !el.closest('nav#TOC, .stat-tip') && el.getClientRects().length)
    .map(el => [el, el.getBoundingClientRect()])
    .filter(([el, r]) => r.left < left - 1 || r.right > right + 1)
    .map(([el, r]) => `${el.tagName.toLowerCase()}${el.className ? '.' + el.className : ''} `
                      + `${Math.round(r.left)}-${Math.round(r.right)} (column ${Math.round(left)}-${Math.round(right)}): `
                      + el.textContent.trim().slice(0, 60));
}"""

NARROW_WORDY_CELLS = """([words, least]) => [...document.querySelectorAll('td, th')]
  .filter(td => !td.closest('.stat-tip'))
  .map(td => [td, td.innerText.trim().split(/\\s+/).filter(Boolean).length, td.getBoundingClientRect().width])
  .filter(([td, n, w]) => n > words && w < least)
  .map(([td, n, w]) => `${Math.round(w)} px, ${n} words: ${td.innerText.trim().slice(0, 60)}`)"""


def test_desktop_nothing_wider_than_the_text_column(desktop):
    assert desktop.evaluate(OUT_OF_COLUMN) == []
    assert desktop.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")


def test_desktop_no_wordy_cell_is_squeezed(desktop):
    """The failure this guards against: quoted passages that do not wrap squeeze the column beside
    them to a word per line."""
    assert desktop.evaluate(NARROW_WORDY_CELLS, [WORDY, NARROWEST]) == []


def test_desktop_contents_beside_the_text_and_page_one_first(desktop):
    toc = desktop.locator("nav#TOC").bounding_box()
    body = desktop.evaluate("(() => { const r = document.body.getBoundingClientRect(); "
                            "return [r.left + parseFloat(getComputedStyle(document.body).paddingLeft)]; })()")
    assert toc["x"] + toc["width"] <= body[0], "the contents overlap the text"
    # in reading order, the key judgments come before the rest of the text
    order = desktop.evaluate("[...document.querySelectorAll('#title-block-header, #bluf, #key-judgments, "
                             "#elite-by-era')].map(e => [e.id, e.getBoundingClientRect().top])")
    assert [name for name, _ in sorted(order, key=lambda x: x[1])] == [
        "title-block-header", "bluf", "key-judgments", "elite-by-era"]


def test_desktop_briefing_is_short(desktop):
    """The briefing reads in one sitting on a desktop; the evidence is the annex's."""
    assert desktop.evaluate("document.documentElement.scrollHeight") <= TALLEST


def test_phone_no_page_level_horizontal_scroll(phone):
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE
    # tables too wide for the screen scroll inside their own box
    wide = phone.evaluate("""[...document.querySelectorAll('table')]
      .filter(t => t.scrollWidth > t.clientWidth + 1)
      .map(t => [t.className, getComputedStyle(t).overflowX, Math.round(t.getBoundingClientRect().right)])""")
    assert all(overflow in ("auto", "scroll") and right <= PHONE for _, overflow, right in wide), wide


def test_phone_contents_follow_the_key_judgments(phone):
    tops = phone.evaluate("['key-judgments', 'TOC', 'elite-by-era'].map(id => "
                          "document.getElementById(id).getBoundingClientRect().top)")
    assert tops == sorted(tops), tops


def test_one_tooltip_per_number(desktop):
    counts = desktop.evaluate("""[...document.querySelectorAll('.stat')].map(s =>
      [s.querySelectorAll('.stat-tip').length, s.hasAttribute('title') + s.querySelectorAll('[title]').length])""")
    assert counts and all(cards == 1 and titles == 0 for cards, titles in counts)


def test_every_anchor_the_exports_and_the_pages_link_to_exists(desktop, built_project, browser):
    """The ClaimReview export links into the annex's claims appendix; each page's own anchors exist."""
    reviews = json.loads((built_project / "build" / "exports" / "claimreviews.jsonld").read_text(encoding="utf-8"))
    reviews = reviews if isinstance(reviews, list) else reviews.get("@graph", [reviews])
    assert all(r["url"].startswith("annex.html#") for r in reviews if "#" in r.get("url", ""))
    targets = [r["url"].split("#", 1)[1] for r in reviews if "#" in r.get("url", "")]
    assert targets, "the ClaimReview export has no links into the annex"
    own = "[...document.querySelectorAll('a[href^=\"#\"]')].map(a => a.hash.slice(1))"
    missing_here = "ids => ids.filter(id => !document.getElementById(decodeURIComponent(id)))"
    assert desktop.evaluate(missing_here, desktop.evaluate(own)) == []
    annex = open_page(browser, built_project / "report" / "annex.html", DESKTOP)
    try:
        assert annex.evaluate(missing_here, targets + annex.evaluate(own)) == []
    finally:
        annex.close()


def test_every_link_into_the_annex_exists(desktop, built_project, browser):
    """The briefing's numbers link to their entries in the annex's provenance appendix."""
    targets = desktop.evaluate("[...document.querySelectorAll('a[href^=\"annex.html#\"]')].map(a => a.hash.slice(1))")
    assert targets, "no number links to the annex"
    page = open_page(browser, built_project / "report" / "annex.html", DESKTOP)
    try:
        missing = page.evaluate("ids => ids.filter(id => !document.getElementById(decodeURIComponent(id)))", targets)
    finally:
        page.close()
    assert missing == []


def test_screenshots_at_both_widths(desktop, phone, browser, built_project):
    """For people: build/briefing-1280.png and build/briefing-390.png (the first screen), and the
    annex's errors-of-fact table at the desktop width."""
    paths.BUILD.mkdir(parents=True, exist_ok=True)
    for page, width in ((desktop, DESKTOP), (phone, PHONE)):
        page.evaluate("window.scrollTo(0, 0)")
        target = paths.BUILD / f"briefing-{width}.png"
        page.screenshot(path=str(target))
        assert target.stat().st_size > 10_000
    annex = open_page(browser, built_project / "report" / "annex.html", DESKTOP)
    try:
        table = annex.locator("#errors-of-fact table.explain-table").first
        table.screenshot(path=str(paths.BUILD / "annex-1280-errors-of-fact.png"))
        assert table.bounding_box()["height"] < 3 * annex.viewport_size["height"]
    finally:
        annex.close()


# PDF pages --------------------------------------------------------------------------------------

MARGIN_Y = 2.4 / 2.54 * 72      # _quarto.yml: margin y 2.4 cm, in points
HEADER_FILL = 236 / 255          # briefing-header.typ: the header row's fill, luma(236)
ROW_RULE = 205 / 255             # and the rule under each row, luma(205)


@pytest.fixture(scope="module")
def pdf(built_project):
    import pdfplumber

    with pdfplumber.open(built_project / "report" / "briefing.pdf") as document:
        yield document


@pytest.fixture(scope="module")
def annex_pdf(built_project):
    import pdfplumber

    with pdfplumber.open(built_project / "report" / "annex.pdf") as document:
        yield document


@pytest.fixture(scope="module", params=["briefing", "annex"])
def any_pdf(request, built_project):
    """Each of the two PDFs, for the checks of layout that hold for both."""
    import pdfplumber

    with pdfplumber.open(built_project / "report" / f"{request.param}.pdf") as document:
        yield document


def test_the_briefing_fits_its_page_budget(pdf):
    """The briefing, figures and references included, is at most eight A4 pages; the rest is the annex's."""
    assert len(pdf.pages) <= MOST_PAGES, f"the briefing runs to {len(pdf.pages)} pages"
    assert all(abs(p.width - 595.3) < 1 and abs(p.height - 841.9) < 1 for p in pdf.pages)


def _page_texts(pdf) -> list[str]:
    return [page.extract_text() or "" for page in pdf.pages]


def _first_line(text: str) -> str:
    return text.strip().split("\n", 1)[0] if text.strip() else ""


def emptier_pages(pdf) -> list[str]:
    """Pages more than a quarter empty, except the last page and a page before an appendix or the
    references, which start a page."""
    texts = _page_texts(pdf)
    emptier = []
    for n, page in enumerate(pdf.pages[:-1]):
        following = _first_line(texts[n + 1])
        if following.startswith(("Appendix", "References")):
            continue
        bottom = page.height - MARGIN_Y
        marks = [o for o in page.chars if o["bottom"] < bottom + 2] + page.lines + page.rects + page.curves + page.images
        lowest = max(o["bottom"] for o in marks)
        empty = (bottom - lowest) / (page.height - 2 * MARGIN_Y)
        if empty > 0.25 and _first_row_height(pdf.pages[n + 1]) > bottom - lowest:
            continue  # a table goes on with a row taller than the room left: rows never split
        if empty > 0.25:
            emptier.append(f"page {n + 1}: {empty:.0%} empty")
    return emptier


def _first_row_height(page) -> float:
    """The height of the first row under a table header at the top of a page (0 if none): the
    header row's fill down to the first rule under it."""
    headers = sorted((r for r in page.rects if r.get("fill") and _near(r["non_stroking_color"], HEADER_FILL)),
                     key=lambda r: r["top"])
    if not headers or headers[0]["top"] > MARGIN_Y + 30:
        return 0.0
    first = headers[0]
    rules = sorted(line["top"] for line in page.lines
                   if line["top"] > first["bottom"] + 1 and _near(line["stroking_color"], ROW_RULE))
    return (rules[0] - first["bottom"]) if rules else 0.0


def test_no_page_more_than_a_quarter_empty(any_pdf):
    assert emptier_pages(any_pdf) == []


def _near(a, b: float, tolerance: float = 0.01) -> bool:
    """A grey level (a number, not an RGB colour) near b."""
    return isinstance(a, (int, float)) and abs(a - b) <= tolerance


def split_rows(pdf) -> list[str]:
    """Table rows split across pages. Each table row (between the header and a rule, or between two
    rules) has text in its first column; the piece of a split row on the next page has none."""
    split = []
    for n, page in enumerate(pdf.pages):
        headers = sorted((r for r in page.rects if r.get("fill") and _near(r["non_stroking_color"], HEADER_FILL)),
                         key=lambda r: (r["top"], r["x0"]))
        starts = sorted({round(r["top"], 1) for r in headers})
        for i, top in enumerate(starts):
            row = [r for r in headers if round(r["top"], 1) == top]
            first = row[0]
            end = starts[i + 1] if i + 1 < len(starts) else page.height
            rules = sorted(line["top"] for line in page.lines
                           if top < line["top"] < end and _near(line["x0"], first["x0"], 1)
                           and _near(line["stroking_color"], ROW_RULE))
            edges = [first["bottom"], *rules]
            for upper, lower in zip(edges, edges[1:]):
                text = page.crop((first["x0"], upper, first["x1"], lower)).extract_text().strip()
                if not text:
                    row_text = page.crop((first["x0"], upper, page.width, lower)).extract_text().strip()
                    split.append(f"page {n + 1}: a row with an empty first cell: {row_text[:60]!r}")
    return split


def test_no_table_row_split_across_pages(any_pdf):
    assert split_rows(any_pdf) == []


def _internal_ids(built_project) -> set[str]:
    """Ids that mean nothing to a reader: claims, findings, statistics (with a separator, so that
    no ordinary word is among them)."""
    import yaml

    claims = yaml.safe_load((built_project / "data" / "claims.yaml").read_text(encoding="utf-8"))
    findings = yaml.safe_load((built_project / "data" / "findings.yaml").read_text(encoding="utf-8"))
    findings = findings if isinstance(findings, list) else findings.get("findings", [])
    stats = json.loads((built_project / "build" / "statistics.json").read_text(encoding="utf-8"))["statistics"]
    ids = {c["id"] for c in claims} | {f["id"] for f in findings} | set(stats)
    return {i for i in ids if re.search(r"[-_]", i) and len(i) > 8}


def test_no_internal_id_outside_the_provenance_appendix(any_pdf, built_project):
    text = "\n".join(_page_texts(any_pdf))
    body = text.split("Appendix: where every number comes from")[0]
    body = re.sub(r"-\n", "-", body)
    seen = sorted(i for i in _internal_ids(built_project) if re.search(rf"(?<![\w-]){re.escape(i)}(?![\w-])", body))
    assert seen == []


@pytest.mark.parametrize("document,start,end,header", [
    ("briefing", "How far to trust each source", "What happened next", "Figure Value Check Source"),
    ("annex", "How each source was graded", "Sensitivity", "Article Grade Why")])
def test_grade_legend_beside_the_grades(built_project, document, start, end, header):
    import pdfplumber

    with pdfplumber.open(built_project / "report" / f"{document}.pdf") as pdf:
        text = squash("\n".join(_page_texts(pdf)))
    section = text.split(squash(start))[-1].split(squash(end))[0]
    assert "readme" not in section
    legend = section.index(squash("Reliability of the source"))
    grades = section.index(squash(header))
    for label in ("completely reliable", "reliability cannot be judged", "confirmed by other sources",
                  "truth cannot be judged"):
        assert squash(label) in section[legend:grades]


def unbalanced_quotes(pdf) -> list[str]:
    """Passages of the references where an opening quote is followed by a space or closing
    punctuation, and entries with more opening quotes than closing ones."""
    text = "\n".join(_page_texts(pdf))
    references = text.split("\nReferences\n")[-1]
    assert "‘" in references
    bad = re.findall(r".{0,30}‘(?=[\s.,;:)\]]|$)", references)
    bad += [entry for entry in re.split(r"\n(?=[A-Z][^\n]*\. \d{4}\. )", references)
            if entry.count("‘") > entry.count("’")]
    return bad


def test_quote_marks_balanced_in_the_references(any_pdf):
    assert unbalanced_quotes(any_pdf) == []


def test_page_one_holds_title_bottom_line_and_key_judgments(pdf, html_file):
    """The five-minute reader's page: title, date, bottom line and every key judgment on page 1;
    the contents follow them."""
    import html as html_lib

    page = html_file.read_text(encoding="utf-8")
    judgments = re.search(r'<section id="key-judgments".*?<ol[^>]*>(.*?)</ol>', page, flags=re.S).group(1)
    last = re.findall(r"<li>(.*?)</li>", judgments, flags=re.S)[-1]
    last = re.sub(r'<span[^>]*class="stat-tip"[^>]*>.*?</span></span>', "", last, flags=re.S)   # not printed
    last_text = html_lib.unescape(re.sub(r"<[^>]+>", "", last))
    first = squash(pdf.pages[0].extract_text())
    assert squash("North Korean elite defections") in first and squash("Bottom line") in first
    assert squash(last_text)[-60:] in first, "the key judgments run past page 1"
    assert squash("Contents") not in first


# The build's own words, which a reader of page 1 should not need (issue 16).
JARGON = ("origin", "channel", "loose bound", "single-source", "per year of record", "Basis:")


def test_page_one_in_plain_words(pdf):
    first = " ".join(pdf.pages[0].extract_text().split())
    assert [w for w in JARGON if re.search(rf"(?<![\w-]){re.escape(w)}", first, re.I)] == []
