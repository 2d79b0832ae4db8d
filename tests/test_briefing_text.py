"""The briefing's prose types no number: every digit a reader sees comes from a statistic.

Both documents of the project are held to it: the briefing (report/briefing.qmd) and its technical
annex (report/annex.qmd). Each `.qmd` is parsed by Pandoc (the reader both renderers use) into its JSON AST. Outside
`[id]{.stat}` spans, no visible text may contain a digit: not a count, not a year, not a date.
Ids, attributes, link targets and HTML comments are not visible text and are not checked, and
citations are written by citeproc from the bibliography (an outlet whose name has a digit, News1
Global, is named through its citation, `@news1global2024`).
"""

from __future__ import annotations

import json
import re
import subprocess
from functools import lru_cache

import pytest

from elite_defections.core import paths

BRIEFING = paths.REPORT / "briefing.qmd"
ANNEX = paths.REPORT / "annex.qmd"
DOCUMENTS = (BRIEFING, ANNEX)
# Spelled-out numbers are numbers too (quoted text, e.g. a claim, is exempt).
NUMBER_WORDS = re.compile(r"\b(two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|"
                          r"fourteen|fifteen|twenty|thirty|forty|fifty|hundred|thousand|million|"
                          r"billion|dozens?|twice|thrice|halves|fourth|fifth)\b", re.I)
# The briefing: what a decision needs, in the order a reader expects it.
SECTIONS = {
    BRIEFING: ["Bottom line up front", "Key judgments", "Elite defections by era", "Overall arrivals",
               "The diplomats", "Where the sources disagree or err", "How far to trust each source",
               "What happened next", "Context and what would change the judgment", "About this briefing",
               "References"],
    ANNEX: ["Key judgments and their basis", "Confidence levels", "Headline figures", "Key assumptions",
            "Alternative explanations", "The full tally by verdict", "How each source was graded",
            "Sensitivity", "Method and reproducibility", "Appendix: every claim",
            "Appendix: where every number comes from", "Appendix: the reference data and their sources",
            "References"],
}
# Words that compare figures or state a direction. In a sentence that prints a statistic, such a
# word must come from a statistic too (e.g. [rate_vs_count_rise]{.stat} prints "a larger change
# than"), so that it cannot disagree with the numbers beside it. Quoted words (a claim) are exempt.
# Nouns that name a statistic by its definition ("peak", "low point") are not comparisons.
COMPARATIVE = re.compile(
    r"\b(larger|smaller|bigger|greater|higher|lower|highest|lowest|largest|smallest|more|most|fewer|"
    r"fewest|less|least|shorter|longer|rose|rise[sn]?|rising|fell|fall(?:s|en|ing)?|drop(?:s|ped)?|"
    r"increase[sd]?|decrease[sd]?|decline[sd]?|grew|grow[ns]?|shrank|shrunk|doubled|tripled|halved|"
    r"surge[sd]?|collapsed?|recovered|exceed(?:s|ed)?|below|above|outnumber(?:s|ed)?|"
    r"matches|outpaced?|widened|narrowed)\b", re.I)
SENTENCE_END = re.compile(r"[.!?;:][\"'\u201d\u2019)]*$")
GENERATED = {
    BRIEFING: ("source-table", "grade-scale", "stat-table"),
    ANNEX: ("stat-table", "claims-appendix", "provenance-appendix", "reference-table", "build-info", "sensitivity"),
}
# What moved to the annex stays there: the briefing holds none of these blocks.
ANNEX_ONLY = ("claims-appendix", "provenance-appendix", "reference-table", "build-info", "sensitivity")


@lru_cache(maxsize=2)
def ast(document=BRIEFING) -> dict:
    import pypandoc

    result = subprocess.run([pypandoc.get_pandoc_path(), str(document), "--from", "markdown", "--to", "json"],
                            capture_output=True, text=True, check=True)
    return json.loads(result.stdout)


def _classes(node) -> list[str]:
    return node["c"][0][1] if node.get("t") in ("Span", "Div") else []


def visible_strings(node, in_quote: bool = False):
    """(text, inside quotation marks) for every visible string outside stat spans."""
    if isinstance(node, list):
        for item in node:
            yield from visible_strings(item, in_quote)
        return
    if not isinstance(node, dict):
        return
    kind = node.get("t")
    if kind == "Span" and "stat" in _classes(node):
        return                                   # the statistic's id: replaced by its value
    if kind in ("RawBlock", "RawInline"):
        return                                   # HTML comments: not shown
    if kind == "Cite":
        return                                   # written by citeproc from the bibliography
    if kind in ("Str", "Code", "CodeBlock"):
        yield (node["c"] if kind == "Str" else node["c"][1]), in_quote
        return
    if kind == "Link":
        yield from visible_strings(node["c"][1], in_quote)   # the text, not the target
        return
    if kind in ("Span", "Div", "Header"):
        yield from visible_strings(node["c"][-1], in_quote)  # content, not attributes
        return
    if kind == "Quoted":
        yield from visible_strings(node["c"][1], True)
        return
    if kind in ("MetaInlines", "MetaBlocks", "MetaList"):
        yield from visible_strings(node["c"], in_quote)
        return
    if kind == "MetaMap":
        for value in node["c"].values():
            yield from visible_strings(value, in_quote)
        return
    if kind == "MetaString":
        yield node["c"], in_quote
        return
    if "c" in node:
        yield from visible_strings(node["c"], in_quote)


def stat_ids(node):
    if isinstance(node, list):
        for item in node:
            yield from stat_ids(item)
    elif isinstance(node, dict):
        if node.get("t") == "Span" and "stat" in _classes(node):
            yield "".join(c["c"] if c["t"] == "Str" else "" for c in node["c"][1])
            return
        if node.get("t") == "Div" and "stat-table" in _classes(node):
            attributes = dict(node["c"][0][2])
            yield from (i.strip() for i in attributes.get("ids", "").split(",") if i.strip())
        for value in (node.get("c") if isinstance(node.get("c"), (list, dict)) else []):
            yield from stat_ids(value)
    return


def sentences(blocks):
    """Sentences of every paragraph, list item and header: lists of inlines, split where a word
    ends with . ! ? ; or : (the filter places citations by the same rule)."""
    for block in blocks:
        kind = block.get("t")
        if kind in ("Para", "Plain"):
            current = []
            for inline in block["c"]:
                current.append(inline)
                if inline.get("t") == "Str" and SENTENCE_END.search(inline["c"]):
                    yield current
                    current = []
            if current:
                yield current
        elif kind == "Header":
            yield block["c"][2]
        elif kind in ("BulletList", "OrderedList"):
            items = block["c"] if kind == "BulletList" else block["c"][1]
            for item in items:
                yield from sentences(item)
        elif kind in ("Div", "BlockQuote"):
            yield from sentences(block["c"][-1] if kind == "Div" else block["c"])


def typed_comparisons(blocks) -> list[str]:
    """Comparative or trend words typed by hand in a sentence that prints a statistic."""
    found = []
    for sentence in sentences(blocks):
        if not list(stat_ids(sentence)):
            continue
        for text, quoted in visible_strings(sentence):
            if not quoted:
                found += [f"{m.group(0)!r} in {' '.join(t for t, _ in visible_strings(sentence))!r}"
                          for m in COMPARATIVE.finditer(text)]
    return found


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda d: d.name)
def test_no_typed_comparison_next_to_a_statistic(document):
    offending = typed_comparisons(ast(document)["blocks"])
    assert not offending, f"comparison words typed by hand beside statistics in {document.name}: {offending}"


def test_the_comparison_check_sees_a_typed_word(tmp_path):
    """Not vacuous: the sentence that once read "a smaller rise than" is caught; the word from a
    statistic, a quoted claim and a sentence without statistics are not."""
    import pypandoc

    sample = tmp_path / "sample.qmd"
    sample.write_text(
        "Per year, [a]{.stat} the earlier rate: a smaller rise than the [b]{.stat} of the counts.\n\n"
        "Per year, [a]{.stat} the earlier rate: [c]{.stat} the [b]{.stat} of the counts.\n\n"
        "The article says it \"more than doubled\" to [a]{.stat}. Arrivals fell.\n\n"
        "- Item: the rate rose to [d]{.stat}.\n")
    out = subprocess.run([pypandoc.get_pandoc_path(), str(sample), "-f", "markdown", "-t", "json"],
                         capture_output=True, text=True, check=True).stdout
    found = typed_comparisons(json.loads(out)["blocks"])
    assert [f.split(" in ")[0] for f in found] == ["'smaller'", "'rise'", "'rose'"]


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda d: d.name)
def test_likelihood_terms_only_as_defined(document):
    """ICD 203's likelihood terms carry probabilities: the briefing uses none that its standards
    (data/judgments.yaml) do not define, and says it uses none while it states no probabilities."""
    import yaml

    terms = [t["term"] for t in yaml.safe_load((paths.DATA / "judgments.yaml").read_text())["likelihood"]]
    assert "likely" in terms
    text = " ".join(t for t, quoted in visible_strings(ast(document)["blocks"]) if not quoted)
    used = [t for t in terms if re.search(rf"\b{re.escape(t)}\b", text, re.I)]
    assert not used, f"likelihood terms used without a probability table: {used}"


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda d: d.name)
def test_no_digit_outside_statistics(document):
    doc = ast(document)
    offending = [text for text, _ in visible_strings(doc["blocks"]) if re.search(r"\d", text)]
    offending += [text for text, _ in visible_strings(list(doc["meta"].values())) if re.search(r"\d", text)]
    assert not offending, f"digits typed by hand in {document.name}: {offending}"


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda d: d.name)
def test_no_spelled_out_number_outside_quotes(document):
    offending = [text for text, quoted in visible_strings(ast(document)["blocks"])
                 if not quoted and NUMBER_WORDS.search(text)]
    assert not offending, f"numbers spelled out by hand in {document.name}: {offending}"


def test_the_check_sees_a_typed_number(tmp_path):
    """The walker is not vacuous: a digit in prose, a title or a header is caught; one in a span is not."""
    import pypandoc

    sample = tmp_path / "sample.qmd"
    sample.write_text('---\ntitle: "In 2024"\n---\n# Part 3\n\nSome [x_2]{.stat} and 188 more [@key].\n')
    out = subprocess.run([pypandoc.get_pandoc_path(), str(sample), "-f", "markdown", "-t", "json"],
                         capture_output=True, text=True, check=True).stdout
    doc = json.loads(out)
    found = [t for t, _ in visible_strings(doc["blocks"]) if re.search(r"\d", t)]
    found += [t for t, _ in visible_strings(list(doc["meta"].values())) if re.search(r"\d", t)]
    assert sorted(found) == ["188", "2024", "3"]
    assert list(stat_ids(doc["blocks"])) == ["x_2"]


def _headers(doc) -> list[str]:
    return ["".join(c["c"] if c["t"] == "Str" else " " for c in b["c"][2])
            for b in doc["blocks"] if b["t"] == "Header"]


def _divs(doc) -> list[str]:
    found = []

    def walk(blocks):
        for b in blocks:
            if b["t"] == "Div":
                found.extend(_classes(b))
                walk(b["c"][1])
    walk(doc["blocks"])
    return found


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda d: d.name)
def test_structure_policy_readers_expect(document):
    doc = ast(document)
    headers = _headers(doc)
    positions = [headers.index(name) for name in SECTIONS[document]]
    assert positions == sorted(positions), f"sections out of order: {headers}"
    meta = doc["meta"]
    assert "title" in meta and "subtitle" in meta
    divs = _divs(doc)
    for block in GENERATED[document]:
        assert block in divs, f"no ::: {{.{block}}} block in {document.name}"
    assert any(b["t"] == "Div" and b["c"][0][0] == "refs" for b in doc["blocks"]), "no ::: {#refs}"
    # raw blocks (```{=typst}) are not code cells; anything else in braces would be
    cells = re.findall(r"^```\{(?!=)", document.read_text(encoding="utf-8"), flags=re.M)
    assert not cells, f"no executable code cells in {document.name}"


def test_the_annex_holds_what_left_the_briefing():
    """The appendices, the method and the sensitivity are the annex's; the briefing links there."""
    divs = _divs(ast(BRIEFING))
    assert not [b for b in ANNEX_ONLY if b in divs], divs
    assert not [h for h in _headers(ast(BRIEFING)) if h.startswith("Appendix")]
    assert "annex" in "".join(t for t, _ in visible_strings(ast(BRIEFING)["meta"]["provenance"]))
    appendix = next(b for b in ast(ANNEX)["blocks"] if b["t"] == "Div" and "provenance-appendix" in _classes(b))
    assert dict(appendix["c"][0][2]).get("also") == "briefing.qmd"


def _judgments(document):
    doc = ast(document)
    start = next(i for i, b in enumerate(doc["blocks"]) if b["t"] == "Header" and b["c"][1][0] == "key-judgments")
    return next(b for b in doc["blocks"][start:] if b["t"] == "OrderedList")["c"][1]


def test_every_key_judgment_states_confidence_in_the_briefing():
    """Page 1: each judgment and its confidence, statistics written from the verdicts and the basis
    rule (kj-<id>, confidence-kj-<id>); its basis, in the build's vocabulary, is in the annex."""
    items = _judgments(BRIEFING)
    assert len(items) >= 3
    for item in items:
        text = " ".join(t for t, _ in visible_strings(item))
        assert "Confidence:" in text and "Basis:" not in text, text
        ids = list(stat_ids(item))
        judgment = next(i for i in ids if i.startswith("kj-"))
        assert ids[:2] == [judgment, f"confidence-{judgment}"], ids
        assert not re.search(r"Confidence:\s*(high|moderate|low)", text, re.I), f"a typed confidence: {text}"


def test_every_key_judgment_states_confidence_and_basis_in_the_annex():
    """Each judgment of the briefing, with its confidence and its basis (basis-kj-<id>): none is typed."""
    briefing = [next(i for i in stat_ids(item) if i.startswith("kj-")) for item in _judgments(BRIEFING)]
    items = _judgments(ANNEX)
    annex = []
    for item in items:
        text = " ".join(t for t, _ in visible_strings(item))
        assert "Confidence:" in text and "Basis:" in text, text
        ids = list(stat_ids(item))
        judgment = next(i for i in ids if i.startswith("kj-"))
        annex.append(judgment)
        assert ids[:3] == [judgment, f"confidence-{judgment}", f"basis-{judgment}"], ids
        assert not re.search(r"Confidence:\s*(high|moderate|low)", text, re.I), f"a typed confidence: {text}"
    assert annex == briefing


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda d: d.name)
def test_every_statistic_used_exists(built_project, document):
    statistics = built_project / "build" / "statistics.json"
    known = set(json.loads(statistics.read_text(encoding="utf-8"))["statistics"])
    used = set(stat_ids(ast(document)["blocks"])) | set(stat_ids(list(ast(document)["meta"].values())))
    assert used, f"{document.name} uses no statistics"
    missing = sorted(used - known)
    assert not missing, f"{document.name} uses statistics not in {paths.STATISTICS.name}: {missing}"
