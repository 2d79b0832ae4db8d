"""Cross-source consistency, relative dates and the findings: on the real ledger, with the
arithmetic asserted, and the loaders' errors."""

from __future__ import annotations

import dataclasses
import datetime as dt
import math

import pytest

from elite_defections.analysis.arrivals import (
    TABLE_START,
    annual_series,
    arrivals_bounds,
)
from elite_defections.core.errors import DataError
from elite_defections.core.intervals import (
    APPROXIMATE,
    CONSISTENT,
    CONTRADICTED,
    GENEROUS,
    Interval,
)
from elite_defections.crosscheck.compare import compare, cross_check, describe, group_claims, quantity_statistics
from elite_defections.crosscheck.data import load_findings, load_quantities
from elite_defections.crosscheck.explain import explain
from elite_defections.crosscheck.quantity import Member
from elite_defections.crosscheck.relative_dates import (
    article_table,
    durations_table,
    period_years,
    possible_nows,
    relative_claims,
    relative_table,
    resolve,
    timing_statistics,
)
from elite_defections.evidence.citations import resolve as cite
from yaml_edit import broken


@pytest.fixture(scope="module")
def quantities(evidence, checks, defaults):
    return {q.id: q for q in cross_check(evidence, list(checks.values()), load_quantities(evidence), defaults)}


def member(quantity, source):
    return next(m for m in quantity.members if m.source == source)


# -- grouping -------------------------------------------------------------------------------------

def test_fields_group_the_2023_arrivals_of_three_articles(evidence, quantities):
    q = quantities["all-defectors-count-2023"]
    assert q.override is None  # derived from the ledger's fields, not listed by hand
    assert q.claims == ["thediplomat2024-defectors-2023-196", "news1global2024-total-2023-196",
                        "guardian2024-defectors-196-last-year"]
    # The Diplomat's 196 also scales its "more than half" in elite-2023, and stays in this group.
    assert "thediplomat2024-defectors-2023-196" in quantities["elite-2023"].claims


def test_an_override_takes_its_claims_out_of_the_automatic_groups(evidence):
    groups = {gid: [c for m in members for c in m.claims] for gid, _, members, _ in group_claims(evidence, load_quantities(evidence))}
    assert "guardian2024-ri-news-within-hours" not in groups["ri-il-gyu-defection"]
    assert groups["ri-il-gyu-news"] == ["guardian2024-ri-news-within-hours"]
    every = [c for claims in groups.values() for c in claims]
    assert len(every) == len(set(every)) + 1  # only news1's 2023 elite count is read twice (alone, and in a sum)


def test_single_article_numbers_without_a_period_are_not_grouped(evidence):
    """"three Kim regimes" and "three generations" share fields but measure nothing comparable."""
    ids = [c for _, _, members, _ in group_claims(evidence, []) for m in members for c in m.claims]
    assert "dailystar2024-three-kim-regimes" not in ids and "thediplomat2024-three-generations-saying" not in ids


# -- verdicts, with the arithmetic ----------------------------------------------------------------

def test_known_agreement_196_arrivals_in_2023(evidence, quantities, defaults):
    q = quantities["all-defectors-count-2023"]
    ministry = annual_series(evidence.reference, defaults["arrivals_revision"])[2023]
    assert ministry == 196
    assert q.verdict == CONSISTENT and q.outcome == "agree" and q.better is None
    for m in q.members:
        assert m.interval == Interval(195.5, 196.5) and m.reference == Interval(196, 196, True, True)
    assert q.explanation == ("The Diplomat, News1 Global and The Guardian all give 196, and the ministry's series "
                             "gives 196: they agree.")


def test_known_conflict_more_than_half_of_196_against_around_10(evidence, quantities, defaults):
    q = quantities["elite-2023"]
    diplomat, news1 = member(q, "thediplomat2024"), member(q, "news1global2024")
    assert diplomat.interval == Interval(0.5 * 196, math.inf, False, False)   # more than half of the article's 196
    margin = 10 * defaults["nearly_margin"]                                    # the ministry's "around 10": 9 to 11
    assert diplomat.reference == Interval(10 - margin, 10 + margin, True, True)
    assert news1.interval == Interval(5, 15, True, True)                       # "around 10" printed to the ten
    assert diplomat.verdict == CONTRADICTED and news1.verdict == CONSISTENT
    assert diplomat.gap == pytest.approx((98 - 11) / 11)
    assert q.verdict == CONTRADICTED and q.outcome == "conflict" and q.better == "news1global2024"
    assert f"is {98 / 15:.1f} times the most the second allows (15)" in q.explanation
    assert "News1 Global's figure is better supported" in q.explanation


def test_kju_era_arrivals_agree_within_the_bounds_the_table_allows(evidence, quantities, defaults):
    """The table has no months: the later window counts 2011 (cut on 17 December) and 2024 (cut in
    June or August) between none and all, so both articles' figures fall within what it allows."""
    q = quantities["kju-era-arrivals"]
    series = annual_series(evidence.reference, defaults["arrivals_revision"])
    whole = sum(series[y] for y in range(2012, 2024))
    for key in ("dailystar2024", "thediplomat2024"):
        reference = member(q, key).reference
        assert (reference.low, reference.high) == (whole, whole + series[2011] + series[2024])
    assert q.verdict == CONSISTENT and q.outcome == "agree"
    assert f"{whole:,} to {whole + series[2011] + series[2024]:,}" in q.explanation


def test_total_arrivals_over_34000_and_34000_agree_with_the_cumulative(evidence, quantities, defaults):
    q = quantities["all-defectors-total-to-date"]
    series = annual_series(evidence.reference, defaults["arrivals_revision"])
    at = lambda day: arrivals_bounds(series, evidence.reference, TABLE_START, day).low
    for key in ("guardian2024", "thediplomat2024"):   # 2024 in progress: between none and all of it
        reference = member(q, key).reference
        assert (reference.low, reference.high) == pytest.approx((at(dt.date(2023, 12, 31)), at(dt.date(2024, 12, 31))))
    assert q.verdict == CONSISTENT


def test_elite_since_last_year_only_touches_the_ministrys_ceiling(quantities):
    q = quantities["elite-since-2023"]
    diplomat = member(q, "thediplomat2024")
    assert diplomat.reference == Interval(10, 20, True, True)  # around 10 (9-11) + single digits (1-9)
    assert diplomat.interval.low == 20 and not diplomat.interval.low_closed
    assert diplomat.verdict == APPROXIMATE and diplomat.gap == 0
    assert member(q, "news1global2024").interval == Interval(10, 30, True, True)  # around 10 + around 10
    assert "only touches the edge of it" in q.explanation


def test_dates_thae_agree_jo_fits_his_entry_not_his_departure(quantities, evidence, checks, defaults):
    assert quantities["thae-yong-ho-defection"].verdict == CONSISTENT
    assert set(quantities["thae-yong-ho-defection"].sources) == {"thediplomat2024", "news1global2024", "guardian2024"}
    # Jo is compared with both readings of his date, as his check is: "2019" fits his entry.
    assert quantities["jo-song-gil-defection"].members[0].verdict == CONSISTENT
    # Against his departure alone, with the entry as a related event, "2019" misses by days and fits the entry.
    spec = next(s for s in load_quantities(evidence) if s.id == "jo-song-gil-defection")
    departure = dataclasses.replace(spec, facts=("jo-left-embassy",), related=("jo-entered",))
    jo = next(q for q in cross_check(evidence, list(checks.values()), [departure], defaults)
              if q.id == "jo-song-gil-defection").members[0]
    assert jo.gap == (dt.date(2019, 1, 1) - dt.date(2018, 11, 10)).days
    assert jo.verdict == APPROXIMATE and jo.fits == "Jo Song-gil entered South Korea (July 2019)"
    within = quantities["ri-il-gyu-news"].members[0]
    assert within.gap == 1 and "16 July 2024" in quantities["ri-il-gyu-news"].explanation


def test_explanations_are_filled_in_from_the_values(evidence, checks, defaults):
    """Move the tolerance and the wording follows: nothing in the explanation is typed by hand."""
    loose = {**defaults, "nearly_margin": 0.2}
    q = {x.id: x for x in cross_check(evidence, list(checks.values()), load_quantities(evidence), loose)}
    assert "(8 to 12)" in q["elite-2023"].explanation  # the ministry's "around 10" at a 20% margin


def test_explain_fills_in_a_constructed_group():
    above = Member("a2024", ("a2024-x",), "\u201c12\u201d", "12", Interval(11.5, 12.5), Interval(10, 10, True, True),
                   APPROXIMATE, 0.15)
    labels, named = {"a2024": "Paper A", "b2024": "Paper B"}, {"a2024": False, "b2024": True}
    assert (explain((above,), "number", "the ministry's series", "10", None, labels, named)
            == "Paper A's \u201c12\u201d exceeds the ministry's series (10) by 15.0%.")
    right = Member("b2024", ("b2024-x",), "\u201c10\u201d", "10", Interval(9.5, 10.5), Interval(10, 10, True, True),
                   CONSISTENT, 0.0)
    text = explain((above, right), "number", "the ministry's series", "10", right, labels, named)
    assert text.startswith("Paper A's \u201c12\u201d and Paper B's \u201c10\u201d cannot both be right: "
                           "the least the first allows (11.5) is 1.1 times the most the second allows (10.5).")
    assert text.endswith("Paper B's figure is better supported: it agrees with the ministry's series (10) "
                         "and its article names its primary source.")


def test_compare_numbers_and_dates():
    assert compare(Interval(5, 15, True, True), Interval(9, 11, True, True), "number", 0.05) == (CONSISTENT, 0.0)
    assert compare(Interval(105, 110), Interval(90, 100, True, True), "number", 0.05) == (APPROXIMATE, pytest.approx(0.05))
    day = dt.date(2024, 7, 16).toordinal()
    assert compare(Interval(day - 2, day - 1, True, True), Interval(day, day, True, True), "date", 0.05) == (APPROXIMATE, 1.0)
    assert compare(Interval(day - 60, day - 50, True, True), Interval(day, day, True, True), "date", 0.05)[0] == CONTRADICTED


def test_describe():
    assert describe(Interval(195.5, 196.5), "number") == "196"
    assert describe(Interval(98, math.inf, False, False), "number") == "above 98"
    assert describe(Interval(9900, 11000), "number") == "9,900 to 11,000"
    days = lambda a, b: Interval(dt.date.fromisoformat(a).toordinal(), dt.date.fromisoformat(b).toordinal(), True, True)
    assert describe(days("2023-10-01", "2023-12-31"), "date") == "October to December 2023"
    assert describe(days("2016-01-01", "2016-12-31"), "date") == "2016"
    assert describe(days("2024-07-14", "2024-07-15"), "date") == "14 to 15 July 2024"


def test_statistics_count_the_groups(quantities):
    stats = {s.id: s for s in quantity_statistics(list(quantities.values()))}
    # The Diplomat's "upsurge" is read over the era its sentence names, so it no longer pairs with
    # the aggregator's "rising" (2022 to 2023)
    assert stats["quantities_total"].value == len(quantities) == 9
    assert stats["quantities_conflicting"].value == 1 and "elite-2023" in stats["quantities_conflicting"].method
    assert stats["agree-elite-2023"].display == "conflict" and stats["agree-elite-2023"].verdict == CONTRADICTED
    arrivals = cite(stats["agree-kju-era-arrivals"])  # a comparison states no figure: it cites its data
    assert arrivals.sources == [] and arrivals.data_sources[:3] == ["dailystar2024", "thediplomat2024", "mou2026arrivals"]
    assert all(s.claim is None for s in stats.values())  # not claim checks: the ledger tally is unaffected


# -- the quantities file --------------------------------------------------------------------------

@pytest.mark.parametrize("edit, field, problem", [
    (lambda r: r[0].update(members=["no-such-claim"]), "members", "unknown claim id 'no-such-claim'"),
    (lambda r: r[1].update(reference={"fact": "ri-public"}), "reference", "is an event, not a figure"),
    (lambda r: r[1].update(reference={"table": "x"}), "reference", "is not null, {fact: id} or {facts: [ids]}"),
    (lambda r: r[2]["members"].append({"sum": ["guardian2024-total-34000", "news1global2024-total-2023-196"]}),
     "members", "mix articles"),
    (lambda r: r[3]["members"].append("guardian2024-total-34000"), "members", "mixes dates and numbers"),
    (lambda r: r[4].update(id=r[3]["id"]), "id", "duplicate id 'jo-song-gil-defection'"),
    (lambda r: r[0].pop("why"), "why", "missing"),
])
def test_quantities_errors_name_file_record_field(evidence, data_copy, edit, field, problem):
    path = data_copy / "quantities.yaml"
    err = broken(path, edit, lambda p: load_quantities(evidence, p))
    assert err.file == str(path) and err.field == field and problem in err.problem and str(err.record).startswith("#")


# -- relative dates -------------------------------------------------------------------------------

@pytest.mark.parametrize("expression, now, anchor, expected", [
    ("last year", "2024-07-21", None, ("2023", "2023")),
    ("this year", "2024-07-17", None, ("2024-01", "2024-07-17")),
    ("since last year", "2024-08-15", None, ("2023-01", "2024-08-15")),
    ("the end of last year", "2024-08-15", None, ("2023-10", "2023-12")),
    ("November last year", "2024-07-17", None, ("2023-11", "2023-11")),
    ("since last August", "2024-07-17", None, ("2023-08", "2024-07-17")),
    ("since last August", "2024-09-03", None, ("2024-08", "2024-09-03")),
    ("last Tuesday", "2024-07-21", None, ("2024-07-16", "2024-07-16")),   # said on a Sunday
    ("last Tuesday", "2024-07-23", None, ("2024-07-16", "2024-07-16")),   # said on a Tuesday: a week back
    ("a decade ago", "2024-07-21", None, ("2014", "2014")),
    ("two years ago", "2024-07-21", None, ("2022", "2022")),
    ("this spring", "2024-07-21", None, ("2024-03", "2024-05")),
    ("14 July", "2024-07-21", None, ("2024-07-14", "2024-07-14")),
    ("Aug 21", "2024-09-03", None, ("2024-08-21", "2024-08-21")),
    ("February", "2024-07-17", None, ("2024-02", "2024-02")),
    ("Currently", "2024-08-15", None, (None, "2024-08-15")),
    ("Within hours", "2024-07-21", "2024-07-14", ("2024-07-14", "2024-07-15")),
])
def test_resolve(expression, now, anchor, expected):
    assert resolve(expression, dt.date.fromisoformat(now), anchor) == expected


def test_resolve_refuses_what_it_cannot_read():
    with pytest.raises(ValueError, match="cannot resolve the relative date 'some time ago'"):
        resolve("some time ago", dt.date(2024, 7, 21))


def test_every_relative_date_in_the_ledger_resolves_as_recorded(evidence, checks):
    table = relative_table(evidence, checks)
    assert len(table) == len(relative_claims(evidence)) == 25
    assert table["as in the ledger"].all(), table[~table["as in the ledger"]]
    within = table[table["claim"] == "guardian2024-ri-news-within-hours"].iloc[0]
    assert within["resolved period"] == "14 July 2024 to 15 July 2024"  # anchored on the "14 July" before it


def test_each_articles_now(evidence, checks):
    guardian = possible_nows(evidence, "guardian2024")
    # "last Tuesday" is 16 July only when said between Wednesday 17 and Tuesday 23 July.
    assert (guardian[0], guardian[-1]) == (dt.date(2024, 7, 17), dt.date(2024, 7, 23))
    assert len(possible_nows(evidence, "thediplomat2024")) == 31  # nothing it says pins the day in August
    assert possible_nows(evidence, "dailystar2024") == [dt.date(2024, 9, 3)]
    table = article_table(evidence, checks)
    assert table.loc["guardian2024", "depend on the exact day"] == "last Tuesday"
    assert table.loc["bullandbear2024", "relative dates"] == 0


def test_the_daily_stars_13_and_14_years(evidence, checks, defaults):
    rows = durations_table(evidence, checks, defaults).set_index("claim")
    fourteen = evidence.claim("dailystar2024-kji-14-year-rule")
    # July 1997 to December 2011 (the records window), between the months' middles.
    assert period_years(fourteen) == pytest.approx((dt.date(2011, 12, 16) - dt.date(1997, 7, 16)).days / 365.25)
    assert rows.loc[fourteen.id, "fits the period"] and rows.loc[fourteen.id, "check verdict"] == GENEROUS
    assert rows.loc["dailystar2024-kju-13-years", "fits the period"]
    stats = {s.id: s for s in timing_statistics(evidence, checks, defaults)}
    assert stats["period_years-dailystar2024-kji-14-year-rule"].display == "14.4 years"
    assert stats["relative_dates_day_dependent"].value == 1
    assert "anywhere from 17 July 2024 to 23 July 2024" in stats["now-guardian2024"].method


# -- findings -------------------------------------------------------------------------------------

def test_findings_quote_the_articles_verbatim(evidence):
    findings = load_findings(evidence)
    assert {f.kind for f in findings} >= {"place", "attribution", "title", "timing", "scope"}
    for f in findings:
        assert evidence.sources[f.source].text[f.start:f.end] == f.quote
    island = next(f for f in findings if f.id == "bullandbear2024-island")
    assert island.quote == "the strictly controlled North Korean island"


@pytest.mark.parametrize("edit, field, problem", [
    (lambda r: r[0].update(quote="the strictly controlled North Korean islands"), "quote",
     "not found verbatim in 002_484806a8f21ef1e6.txt; closest passage: 'the strictly controlled North Korean island"),
    (lambda r: r[0].update(source="nosuch2024"), "source", "unknown source key 'nosuch2024'"),
    (lambda r: r[0].update(kind="geography"), "kind", "'geography' is not one of place, institution"),
    (lambda r: r[0].update(shows="It lies at 38 degrees north."), "shows", "contains a digit"),
    (lambda r: r[0].update(evidence=[{"fact": "no-such-fact"}]), "evidence", "unknown fact id 'no-such-fact'"),
    (lambda r: r[0].update(evidence=[{"article": "guardian2024", "quote": "an island nation"}]), "evidence",
     "not found verbatim in 004_6528aab997c1909e.txt"),
    (lambda r: r[0].update(claim="guardian2024-total-34000"), "claim", "is from another source"),
    (lambda r: r[0].pop("evidence"), "evidence", "missing"),
    (lambda r: r[1].update(id=r[0]["id"]), "id", "duplicate id 'bullandbear2024-island'"),
])
def test_findings_errors_name_file_record_field(evidence, data_copy, edit, field, problem):
    path = data_copy / "findings.yaml"
    err = broken(path, edit, lambda p: load_findings(evidence, p))
    assert err.field == field and problem in err.problem
    assert f"{path}: record #" in str(err) and f"field '{field}'" in str(err)


def test_a_missing_findings_file_is_named(evidence, tmp_path):
    with pytest.raises(DataError, match="findings.yaml: file not found"):
        load_findings(evidence, tmp_path / "findings.yaml")
