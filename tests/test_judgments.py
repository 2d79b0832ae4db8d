"""The bottom line and the key judgments follow from the verdicts; confidence follows from the basis."""

from __future__ import annotations

import dataclasses

import pytest

from elite_defections.analysis.eras import compute_eras
from elite_defections.analysis.overall import series_for
from elite_defections.checks.verdicts import error_factor
from elite_defections.core import paths
from elite_defections.core.errors import DataError
from elite_defections.crosscheck import data as crosscheck_data
from elite_defections.crosscheck.data import load_quantities
from elite_defections.narrative.article_errors import errors_by_size, summary_of_errors
from elite_defections.narrative.confidence import Item, confidence, load_standards
from elite_defections.narrative.context import events_after
from elite_defections.narrative.judgments import bluf_takeaway, judgment_statistics
from elite_defections.narrative.tally import load_topics, substantive, tally_statistics

DIPLOMAT_HALF = "thediplomat2024-elite-more-than-half-2023"


@pytest.fixture(scope="module")
def standards(evidence):
    return load_standards(evidence)


@pytest.fixture(scope="module")
def findings(evidence):
    return crosscheck_data.load_findings(evidence)


def _stats(evidence, defaults, checks, standards, findings):
    return {s.id: s for s in judgment_statistics(evidence, defaults, checks, compute_eras(evidence, defaults),
                                                 series_for(evidence, defaults), findings, standards)}


def test_one_official_figure_through_one_newspaper_is_not_high(evidence, checks, standards):
    """Not from its producer, one origin through one channel: moderate at most."""
    items = [dataclasses.replace(i, producer=False) for i in standards.judgments["elite-rose"]]
    level, basis = confidence(items, standards, checks)
    assert level == "moderate"
    assert basis.startswith("1 independent origin") and "through 1 channel" in basis


def test_an_agencys_own_statistics_can_support_high_and_risks_lower_it(checks, standards):
    """The elite counts come from the body that produces them: high by sourcing; the definitional
    risk (protection decisions, not a rank list) takes it to moderate, and the basis says why."""
    items = standards.judgments["elite-rose"]
    assert confidence(items, standards, checks)[0] == "high"
    level, basis = confidence(items, standards, checks, standards.risks["elite-rose"])
    assert level == "moderate" and "lowered for a definitional risk (protection is a security decision" in basis
    # three of the four diplomats' defections confirmed by a government; Ryu Hyun-woo's only reported
    # (the intelligence service declined to confirm it), through one channel: moderate
    assert confidence(standards.judgments["diplomats"], standards, checks, standards.risks["diplomats"])[0] == "moderate"
    # the latest yearly figure is an unnamed official's, and yearly figures exist only when announced: low
    assert confidence(standards.judgments["recent-trend"], standards, checks, standards.risks["recent-trend"])[0] == "low"


def test_repeating_one_origin_adds_no_origin(checks, standards):
    """Five channels carrying one ministry figure are one origin: not enough for high."""
    items = [Item("a figure", "south-korean-government", ("a", "b", "c", "d", "e"), (), ())] * 5
    assert confidence(items, standards, checks)[0] == "moderate"
    two = items[:1] + [Item("another", "italian-foreign-ministry", ("x", "y"), (), ())]
    assert confidence(two, standards, checks)[0] == "high"


def test_channels_are_counted_per_year_of_the_arrivals_table(checks, standards):
    """The table's years reach us through different outlets: no year is carried by all of them,
    so the table is as thin as its thinnest group of rows."""
    items = [i for i in standards.judgments["share-not-an-echo"] if i.part]
    assert len(items) > 1 and all(len(i.channels) == 1 for i in items)
    assert len({i.channels for i in items}) == len(items)
    basis_items = [dataclasses.replace(i, producer=False) for i in standards.judgments["share-not-an-echo"]]
    level, basis = confidence(basis_items, standards, checks)
    assert level == "moderate" and "the arrivals table for " + items[0].part in basis and "each through 1 channel" in basis


def test_the_ministry_and_the_intelligence_service_are_one_origin(checks, standards):
    level, basis = confidence(standards.judgments["articles-accuracy"], standards, checks)
    assert level == "moderate" and basis.startswith("1 independent origin")


def test_a_contradicted_claim_in_the_basis_lowers_confidence(checks, standards):
    items = [Item("a figure", "south-korean-government", ("a", "b"), (DIPLOMAT_HALF,), ()),
             Item("another", "italian-foreign-ministry", ("x", "y"), (), ())]
    assert checks[DIPLOMAT_HALF].verdict == "contradicted"
    level, basis = confidence(items, standards, checks)
    assert level == "low" and DIPLOMAT_HALF in basis


def test_the_largest_error_is_the_furthest_by_factor(evidence, checks, defaults):
    errors = errors_by_size(evidence, checks, defaults)
    claim, check, factor = errors[0]
    assert claim.id == DIPLOMAT_HALF
    assert factor == pytest.approx(0.5 / check.value[1])   # "more than half" against at most 11 of 196
    factors = [f for _, _, f in errors if f is not None]
    assert factors == sorted(factors, reverse=True)
    assert error_factor(evidence.claim("bullandbear2024-defectors-nearly-tripled-2023"),
                        checks["bullandbear2024-defectors-nearly-tripled-2023"], defaults) == 1.0


def test_the_summary_changes_when_a_verdict_changes(evidence, checks, defaults, findings):
    """No sentence of the bottom line survives a changed verdict: turn a consistent headline figure
    into a contradicted one (as a corrected check would) and the summary says so."""
    text, largest, _ = summary_of_errors(evidence, checks, defaults, findings)
    assert "The Diplomat" in largest and "off by a factor of at least 8.9" in largest and largest in text
    moved = dict(checks)
    cid = "dailystar2024-elite-share-kju"
    moved[cid] = dataclasses.replace(checks[cid], verdict="contradicted", value=12.2)
    changed, changed_largest, ids = summary_of_errors(evidence, moved, defaults, findings)
    assert changed != text and cid in ids
    assert "The Daily Star's \u201cunder Kim Jong-un, elites made up 1.22% of 10,985 defectors\u201d" in changed_largest


def test_judgments_and_bluf_are_written_from_the_data(evidence, checks, defaults, standards, findings):
    stats = _stats(evidence, defaults, checks, standards, findings)
    assert stats["kj-elite-rose"].display.startswith("Elite defections rose in number and per year")
    assert stats["confidence-kj-elite-rose"].display == "moderate"
    assert stats["confidence-kj-articles-accuracy"].display == "moderate"
    assert stats["bluf_confidence"].display.startswith("Confidence: moderate in 4 key judgments and low in 1 key "
                                                       "judgment")
    assert stats["confidence-kj-diplomats"].display == "moderate"
    assert stats["confidence-kj-recent-trend"].display == "low"
    assert stats["largest_error"].display in stats["bluf_errors"].display
    assert "The Diplomat's \u201cmore than half\u201d (contradicted" in stats["kj-articles-accuracy"].display
    assert stats["verdict-" + DIPLOMAT_HALF].display == "contradicted"
    assert "Rule:" in stats["confidence-high"].method


def test_what_happened_next_lists_later_facts_with_sources(evidence, defaults):
    text = events_after(evidence, series_for(evidence, defaults))
    assert "2025 as a whole: 224 arrivals" in text and "Korea JoongAng Daily, 20 Jan 2026" in text
    assert "single digits" in text and "Yonhap, 4 Feb 2025" in text
    assert "196" not in text   # 2023 was before the articles


def test_bad_standards_are_named(evidence, tmp_path):

    text = (paths.DATA / "judgments.yaml").read_text().replace("origin: south-korean-government", "origin: nowhere", 1)
    bad = tmp_path / "judgments.yaml"
    bad.write_text(text)
    with pytest.raises(DataError) as error:
        load_standards(evidence, bad)
    assert "judgments.yaml" in str(error.value) and "elite-rose" in str(error.value) and "nowhere" in str(error.value)


def test_an_error_of_fact_a_verdict_already_counts_is_not_counted_again(evidence, checks, defaults, findings):
    # "Within hours" is both a finding and a claim found approximate: one error, counted among the figures.
    text, _, _ = summary_of_errors(evidence, checks, defaults, findings)
    assert any(f.claim == "guardian2024-ri-news-within-hours" for f in findings)
    assert f"found {len(findings) - 1} errors of fact" in text
    # were the claim's check to hold, the finding would be the only record of the error, and counted
    held = dict(checks)
    cid = "guardian2024-ri-news-within-hours"
    held[cid] = dataclasses.replace(checks[cid], verdict="consistent")
    assert f"found {len(findings)} errors of fact" in summary_of_errors(evidence, held, defaults, findings)[0]


def test_the_bottom_line_ends_with_what_to_take_from_it(evidence, checks, defaults, standards, findings):
    """The take-away follows the figures and the verdicts: it names the article with the largest
    error, and it stops telling the reader to quote figures "only as checked" once every check holds."""
    stats = _stats(evidence, defaults, checks, standards, findings)
    takeaway = stats["bluf_takeaway"].display
    assert takeaway.startswith("What to take from it:") and "stands on the official figures" in takeaway
    assert "The Diplomat carries the largest error" in takeaway
    e = compute_eras(evidence, defaults)
    elite = substantive(evidence, checks, findings, load_quantities(evidence), load_topics(evidence))
    assert "do not hold cleanly" in bluf_takeaway(e, evidence, checks, defaults, elite)
    all_clean = {cls: (sum(elite.values(), []) if cls == "clean" else []) for cls in elite}
    assert "held cleanly in every check" in bluf_takeaway(e, evidence, checks, defaults, all_clean)
    fell = dataclasses.replace(e, elite_kju=1)
    assert "does not stand" in bluf_takeaway(fell, evidence, checks, defaults, elite)


def test_the_tally_weighs_what_matters(evidence, checks, defaults, findings):
    """On elite figures, repeats count once, dates and ordinals stay out, and each verdict is read
    as a reader weighs it (edge-only, own source, misapplied)."""
    topics = load_topics(evidence)
    elite = substantive(evidence, checks, findings, load_quantities(evidence), topics)
    assert "thediplomat2024-elite-more-than-half-2023" in elite["contradicted"]
    assert "thediplomat2024-elite-h1-2024-matches-2023" in elite["across definitions"]
    assert "bullandbear2024-title-elite-tripling-2023" in elite["misapplied"]
    assert "dailystar2024-elite-kji-era-54" in elite["on its own source"]
    every = [c for ids in elite.values() for c in ids]
    assert len(every) == len(set(every))
    assert all(topics.of(evidence.claim(c)) == "elite" for c in every)
    assert topics.of(evidence.claim("thediplomat2024-thae-defected-2016")) == "dates"
    stats = {s.id: s for s in tally_statistics(evidence, checks, findings, load_quantities(evidence), defaults)}
    assert stats["tally-elite"].display.startswith("On figures about elite defections, the articles give")


def test_the_recent_trend_is_written_from_the_dated_figures(evidence, defaults):
    from elite_defections.narrative.context import recent_trend

    text, facts = recent_trend(evidence, defaults)
    assert text.startswith("The recent trend does not show a sustained surge")
    assert "in 2023" in text and "most since 2017" in text and "in 2024 the figure was no higher" in text
    assert set(facts) == {"elite-2023", "elite-2024", "elite-2023-most-since"}
    # a later year above the earlier one would read as a rise
    raised = evidence.reference.facts.copy()
    raised.loc["elite-2024", ["value", "qualifier"]] = [20, "exact"]
    import dataclasses
    reference = dataclasses.replace(evidence.reference, facts=raised)
    text, _ = recent_trend(dataclasses.replace(evidence, reference=reference), defaults)
    assert "shows a rise" in text and "rose further" in text
