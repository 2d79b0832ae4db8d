"""A citation is a claim of support: proved on the briefing's own AST and on the resolver.

The real briefing is run through the real filter (the same Pandoc command line the renderer
builds) to Pandoc's JSON, before citeproc. Every citation the filter attaches to statistics is
marked with their ids (`stat-cite`); each cited source must be justified by the statistic's
recorded relations, recomputed here from the evidence base: a plain citation by a record in
`reported_by` that prints the figure, a "computed from" citation by the data in `computed_from`.
Every entry of the generated bibliography must be cited somewhere in the document.
"""

from __future__ import annotations

import dataclasses
import json
import subprocess
from pathlib import Path

import pytest

from elite_defections.core import paths
from elite_defections.core.statistic import Statistic
from elite_defections.evidence.base import load_evidence
from elite_defections.evidence.citations import DATA_KINDS, Index, resolve


@pytest.fixture(scope="module")
def evidence():
    return load_evidence()


@pytest.fixture(scope="module")
def index(evidence):
    return Index(evidence)


# -- the resolver -------------------------------------------------------------------------------

def _stat(**fields) -> Statistic:
    return Statistic(**{"id": "x", "value": 0, "display": "0", "unit": "persons", "method": "m", **fields})


def test_a_figure_computed_from_an_article_is_not_credited_to_it(index):
    rate = resolve(_stat(value=2.86, display="2.86 times", unit="multiple",
                         computed_from={"claims": ["dailystar2024-elite-kji-era-54", "dailystar2024-elite-kju-era-134"]}),
                   index)
    assert rate.sources == [] and rate.data_sources == ["dailystar2024"]


def test_a_claim_that_prints_the_figure_is_found_and_cited_plainly(index):
    count = resolve(_stat(value=54, display="54", computed_from={"claims": ["dailystar2024-elite-kji-era-54"]}), index)
    assert count.reported_by == ["dailystar2024-elite-kji-era-54"] and count.sources == ["dailystar2024"]
    # the same claim checked against a recomputed figure it did not print: its article is not cited
    years = resolve(_stat(value=17.45, display="17.45 years", unit="years", claim="dailystar2024-kji-14-year-rule",
                          computed_from={"reference": ["facts.yaml: kim-il-sung-death", "facts.yaml: kim-jong-il-death"]}),
                    index)
    assert years.reported_by == [] and years.sources == [] and years.data_sources == ["upi1994kim", "roanoke1994ap", "dawn2011reuters",
                                                                            "guardian2011kji"]


def test_a_date_is_stated_by_a_record_at_least_as_precise(index):
    jo = resolve(_stat(value="2018-11", display="November 2018", unit="date",
                       claim="news1global2024-jo-acting-ambassador-2019",
                       computed_from={"reference": ["people.yaml", "facts.yaml: jo-left-embassy"]}), index)
    assert jo.sources == ["italymfa2018jo", "dailycaller2019jo"]  # News1 says 2019: not cited for November 2018
    assert index.states("dailystar2024-records-began-july-1997",
                        _stat(value="1997-07-01", display="1 July 1997", unit="date")) is not None


def test_rows_cite_the_sources_of_those_rows(index):
    # the compilation the rows 1998-2023 were copied from is how they were obtained, not their source
    assert index.keys("mou_arrivals.csv: 2023") == ["mou2026arrivals"]
    assert index.keys("mou_arrivals.csv: 2023-2025") == ["mou2026arrivals", "yonhap2025",
                                                         "joongang2026"]
    assert "yonhap2002arrivals" in index.keys("mou_arrivals.csv: 1998")  # a year the ministry groups
    row = resolve(_stat(value=196, display="196", computed_from={"reference": ["mou_arrivals.csv: 2023"]}), index)
    assert row.sources == ["mou2026arrivals"] and row.data_sources == []


def test_a_record_that_does_not_print_the_figure_is_refused(index):
    with pytest.raises(ValueError, match="reported_by 'dailystar2024-elite-kji-era-54' does not print"):
        resolve(_stat(value=2.48, display="2.48 times", unit="multiple",
                      reported_by=["dailystar2024-elite-kji-era-54"]), index)
    with pytest.raises(ValueError, match="more than"):  # "more than doubled" prints no figure to cite for 2.48
        resolve(_stat(value=2.48, display="2.48 times", unit="multiple",
                      reported_by=["dailystar2024-elite-more-than-doubled"]), index)
    with pytest.raises(ValueError, match="unknown fact 'no-such-fact'"):
        resolve(_stat(computed_from={"reference": ["facts.yaml: no-such-fact"]}), index)


def test_parameters_and_counted_claims_cite_nothing(index):
    tally = resolve(_stat(value=35, display="35", computed_from={"counted": ["dailystar2024-elite-kji-era-54"],
                                                                 "parameters": ["era_boundary"]}), index)
    assert tally.sources == [] and tally.data_sources == []


def test_every_fact_and_row_names_known_sources_and_every_source_is_used(evidence, tmp_path):
    from elite_defections.core.errors import DataError
    from elite_defections.evidence.base import check_outside_keys

    outside = dict(evidence.outside)
    extra = dataclasses.replace(outside["cnn2024"], key="unused2026")
    with pytest.raises(DataError, match="unused2026.*no fact or row"):
        check_outside_keys(evidence.reference, {**outside, "unused2026": extra}, evidence.sources)
    del outside["kbsworld2024"]
    with pytest.raises(DataError, match="elite-total-1997-2024h1.*'kbsworld2024' is not in outside_sources.yaml"):
        check_outside_keys(evidence.reference, outside, evidence.sources)


def test_an_unrecorded_field_must_say_why(tmp_path):
    from elite_defections.core.errors import DataError
    from elite_defections.evidence.outside_sources import load_outside_sources

    text = paths.OUTSIDE_SOURCES.read_text(encoding="utf-8").replace("    title: not in the stored copy\n", "", 1)
    (tmp_path / "outside.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(DataError, match="'title': is null: say why"):
        load_outside_sources(tmp_path / "outside.yaml")


# -- the briefing's AST -------------------------------------------------------------------------

def _filtered_ast(root: Path, name: str = "briefing.qmd") -> dict:
    """A document (the briefing, or its annex) after the project's filter, before citeproc: the
    renderer's own command line for HTML with the output switched to Pandoc's JSON."""
    import pypandoc

    from elite_defections.render.fallback import pandoc_arguments
    from elite_defections.render.project import load_project

    project = load_project(root)
    document = root / "report" / name
    out, meta = root / "build" / f"ast-{document.stem}.json", root / "build" / f"ast-{document.stem}-metadata.json"
    args = pandoc_arguments(project, document, "html", "test", out, meta)
    keep, i = [], 0
    while i < len(args):  # the document, its metadata and the filters; not the HTML writer or citeproc
        if args[i] in ("--metadata-file", "--lua-filter", "--from"):
            keep += args[i:i + 2]
            i += 2
            continue
        if i == 0:
            keep.append(args[i])
        i += 1
    subprocess.run([pypandoc.get_pandoc_path(), *keep, "--to", "json", "--output", str(out)],
                   cwd=document.parent, check=True, capture_output=True, text=True)
    return json.loads(out.read_text(encoding="utf-8"))


def _walk(node):
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from _walk(value)
    elif isinstance(node, list):
        for item in node:
            yield from _walk(item)


def _attrs(span) -> dict:
    return dict(span["c"][0][2])


def _citations(cite) -> list[tuple[str, str]]:
    """(key, prefix text) of each citation in a Cite."""
    out = []
    for c in cite["c"][0]:
        prefix = "".join(p["c"] if p["t"] == "Str" else " " for p in c["citationPrefix"])
        out.append((c["citationId"], prefix))
    return out


@pytest.fixture(scope="module")
def real_ast(built_project):
    """The briefing and its annex of a real build (the session's copy of the project), so CI proves
    it too: the blocks of both documents, one after the other (the bibliography is theirs together)."""
    briefing, annex = (_filtered_ast(built_project, name) for name in ("briefing.qmd", "annex.qmd"))
    return {**briefing, "blocks": briefing["blocks"] + annex["blocks"]}


def _built_statistics(project: Path) -> dict:
    return json.loads((project / paths.STATISTICS.relative_to(paths.ROOT)).read_text(encoding="utf-8"))["statistics"]


def test_every_citation_of_a_statistic_is_justified(real_ast, built_project, evidence, index):
    statistics = _built_statistics(built_project)
    checked = 0
    for node in _walk(real_ast):
        if node.get("t") != "Span" or "stat-cite" not in node["c"][0][1]:
            continue
        ids = _attrs(node)["data-stats"].split(",")
        (cite,) = [n for n in node["c"][1] if n.get("t") == "Cite"]
        cited = _citations(cite)
        data_from = next((n for n, (_, prefix) in enumerate(cited) if prefix == "computed from"), len(cited))
        assert all(prefix == "" for _, prefix in cited[data_from + 1:]) and all(p == "" for _, p in cited[:data_from])
        stated, data = [k for k, _ in cited[:data_from]], [k for k, _ in cited[data_from:]]
        for sid in ids:
            stat = statistics[sid]
            statistic = Statistic(**{k: stat[k] for k in ("id", "value", "display", "unit", "method",
                                                          "computed_from", "reported_by", "verdict", "claim")})
            # recomputed from the evidence, not read from the statistic's own citation fields
            for ref in statistic.reported_by:
                assert index.states(ref, statistic) is None, (sid, ref)
            supported = {k for ref in statistic.reported_by for k in index.keys(ref)}
            computed = {k for kind in DATA_KINDS for ref in statistic.computed_from.get(kind, []) for k in index.keys(ref)}
            assert set(stated) <= supported, f"{sid} ({stat['display']}) cites {stated} as stating it; only {supported} do"
            assert set(data) <= computed, f"{sid} cites {data} as its data; it was computed from {computed}"
            checked += 1
    assert checked > 100


def test_every_bibliography_entry_is_cited(real_ast, built_project):
    bibliography = built_project / paths.BIBLIOGRAPHY.relative_to(paths.ROOT)
    entries = {item["id"] for item in json.loads(bibliography.read_text(encoding="utf-8"))}
    # every Cite in the document body (a `nocite: "@*"` in the metadata would list entries uncited)
    cited = {key for node in _walk(real_ast["blocks"]) if node.get("t") == "Cite" for key, _ in _citations(node)}
    assert entries - cited == set()
    assert cited - entries == set()


@pytest.mark.parametrize("sid, stated, data", [
    ("elite_rate_multiple", [], ["dailystar2024", "kbsworld2024", "newsis2024elite", "dawn2011reuters",
                                 "guardian2011kji"]),                                       # 2.86 times: counts / windows
    ("check-dailystar2024-kji-14-year-rule", [], ["upi1994kim", "roanoke1994ap", "dawn2011reuters",
                                                  "guardian2011kji"]),                      # 17.45 years
    ("defected-jo-song-gil", ["italymfa2018jo", "dailycaller2019jo"], []),                 # November 2018
    ("diplomats_confirmed_kju", ["news1global2024"], ["mou2016thae", "independent2016thae", "euronews2016thae",
                                                      "italymfa2018jo", "dailycaller2019jo", "theasian2021ryu",
                                                      "koreaherald2021ryu", "chosun2024ri"]),
])
def test_the_citations_the_issue_found_wrong(built_project, sid, stated, data):
    stat = _built_statistics(built_project)[sid]
    assert (stat["sources"], stat["data_sources"]) == (stated, data)
