"""The check vocabulary: each kind run on the real evidence, readings, single-source, and the
loader's named errors for checks that do not fit."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
import yaml

from elite_defections.analysis.arrivals import (
    annual_series,
    arrivals_bounds,
)
from elite_defections.checks import kinds as check_kinds
from elite_defections.checks import readings
from elite_defections.core import expressions
from elite_defections.core.errors import DataError
from elite_defections.core.intervals import (
    APPROXIMATE,
    CONSISTENT,
    CONTRADICTED,
    GENEROUS,
    NOT_CHECKABLE,
    ROUNDING,
    SINGLE_SOURCE,
    Interval,
)
from elite_defections.evidence import check_schema
from elite_defections.evidence.citations import resolve
from elite_defections.evidence.claims import load_claims


def _claim(evidence, claim_id, check, readings=None, **fields):
    return dataclasses.replace(evidence.claim(claim_id), check=check, readings=readings, **fields)


def _run(evidence, defaults, claim):
    return readings.check_claim(claim, check_kinds.Context(evidence, defaults))


@pytest.fixture(scope="module")
def series(evidence):
    return annual_series(evidence.reference)


def test_series_year_window_cumulative_and_operations(evidence, defaults, series):
    c = "news1global2024-total-2023-196"
    assert _run(evidence, defaults, _claim(evidence, c, {"kind": "series", "year": 2023})).value == series[2023]
    window = _run(evidence, defaults, _claim(evidence, "thediplomat2024-kju-era-nearly-11000",
                                              {"kind": "series", "after": "era_boundary", "to": "period_end"}))
    # 2011 and 2024 are cut by the window: each counts between none and all of its arrivals
    bounds = arrivals_bounds(series, evidence.reference, dt.date(2011, 12, 18), dt.date(2024, 8, 15))
    assert window.value == [bounds.low, bounds.high] == [sum(series[y] for y in range(2012, 2024)),
                                                         sum(series[y] for y in range(2011, 2025))]
    assert "between none and all" in window.method and window.verdict == CONSISTENT
    total = _run(evidence, defaults, _claim(evidence, "guardian2024-total-34000",
                                             {"kind": "series", "cumulative_to": "2023"}))
    assert total.value == 34078   # whole years: the table's published cumulative total, exactly
    ratio = _run(evidence, defaults, _claim(evidence, "news1global2024-total-2023-one-sixth-of-2017",
                                             {"kind": "series", "year": 2023, "operation": "ratio",
                                              "against": {"year": 2017}}))
    assert ratio.value == pytest.approx(series[2023] / series[2017])
    share = check_kinds.run_spec(evidence.claim(c), {"kind": "series", "year": 2023, "operation": "share",
                                                     "against": {"year": 2017}}, check_kinds.Context(evidence, defaults))
    assert share.value == pytest.approx(100 * series[2023] / series[2017])


def test_a_contradicted_year_names_the_closest_year(checks):
    decade = checks["guardian2024-defectors-2700-a-decade-ago"]
    assert decade.verdict == CONTRADICTED and "closest to \u201c2,700\u201d is 2011" in decade.method


def test_fact_dates_numbers_and_people(evidence, defaults, checks):
    assert checks["dailystar2024-kji-death-dec-2011"].verdict == CONSISTENT
    assert checks["dailystar2024-records-began-july-1997"].value == "1997-07"
    assert checks["news1global2024-elite-2023-around-10"].verdict == CONSISTENT
    # Readings, strictly: "acting ambassador to Italy in 2019" says he held the post in 2019; he left
    # it in November 2018. Only his arrival in South Korea (July 2019), which the words do not point
    # to, makes "2019" hold: that is its own verdict, counted against the article.
    jo = checks["news1global2024-jo-acting-ambassador-2019"]
    assert jo.verdict == GENEROUS and jo.method.startswith("Read as its words say (“left the post”)")
    assert "10 November 2018" in jo.method and "“arrived in South Korea”" in jo.method
    # A reading the words do signal ("defected": leaving the post) may decide, as may the literal one.
    # Ryu is dated only by his arrival: the other reading is shown as not checkable, not assumed.
    ryu = checks["news1global2024-ryu-defected-2019"]
    assert ryu.verdict == CONSISTENT and "arrived in South Korea" in ryu.method
    assert "no dated fact in the reference data says when Ryu Hyun-woo left his post" in ryu.method
    # A person's defection date alone: "2019" misses November 2018 but fits the entry, a related event.
    by_person = _run(evidence, defaults, _claim(evidence, "news1global2024-jo-acting-ambassador-2019",
                                                 {"kind": "fact", "person": "jo-song-gil"}))
    assert by_person.verdict == APPROXIMATE and "entered South Korea" in by_person.method
    # Against a date that misses by years: contradicted.
    wrong = _run(evidence, defaults, _claim(evidence, "dailystar2024-kji-death-dec-2011",
                                             {"kind": "fact", "fact": "kim-il-sung-death"}))
    assert wrong.verdict == CONTRADICTED


def test_arithmetic_points_ranges_and_rounding(evidence, defaults, checks):
    five = checks["dailystar2024-elite-share-5-3-fold"]
    assert five.verdict == ROUNDING and five.value == pytest.approx((134 / 10985) / (54 / 23027))
    half = checks["thediplomat2024-elite-more-than-half-2023"]
    assert half.verdict == CONTRADICTED and "[0.0459184, 0.0561224]" in half.method
    assert expressions.evaluate("a + b * 2", {"a": Interval(1, 2, True, True), "b": Interval(3, 3, True, True)}) \
        == Interval(7, 8, True, True)
    assert expressions.evaluate("a / b", {"a": Interval(0, 9, True, True), "b": Interval(9, 11, True, True)}) \
        == Interval(0, 1, True, True)


def test_single_source_when_the_check_leans_on_the_same_article(evidence, defaults, checks):
    assert checks["dailystar2024-elite-more-than-doubled"].verdict == SINGLE_SOURCE
    assert "confirms the article's arithmetic" in checks["dailystar2024-elite-share-kji"].method
    # 188 is checked against the ministry's statement reported by KBS World: independent.
    assert checks["dailystar2024-elite-protected-188"].verdict == CONSISTENT
    # A wrong figure stays wrong even when the check leans on its own article.
    wrong = _run(evidence, defaults, _claim(evidence, "dailystar2024-elite-share-kji", evidence.claim(
        "dailystar2024-elite-share-kji").check, value=0.5))
    assert wrong.verdict == CONTRADICTED


def test_consistency_between_articles(evidence, defaults):
    other = _run(evidence, defaults, _claim(evidence, "guardian2024-defectors-196-last-year",
                                             {"kind": "consistency", "claim": "news1global2024-total-2023-196"}))
    assert other.verdict == CONSISTENT and "news1global2024" in resolve(other).sources  # News1 prints 196 too
    same = _run(evidence, defaults, _claim(evidence, "dailystar2024-elite-protected-188",
                                            {"kind": "consistency", "claim": "dailystar2024-elite-kju-era-134"}))
    assert same.verdict == CONTRADICTED


def test_duration_rank_and_trend(evidence, defaults, checks):
    assert checks["dailystar2024-kju-13-years"].value == pytest.approx(
        ((dt.date(2024, 9, 3) - dt.date(2011, 12, 18)).days + 1) / 365.25)
    assert checks["thediplomat2024-kju-third-ruler"].value == 3
    assert checks["guardian2024-defectors-day-inaugural"].value == 1
    fourth = checks["news1global2024-ri-fourth-confirmed-diplomat"]
    assert fourth.verdict == SINGLE_SOURCE and "Thae Yong-ho, Jo Song-gil, Ryu Hyun-woo, Ri Il-gyu" in fourth.method
    plummeted = _run(evidence, defaults, _claim(evidence, "guardian2024-defectors-196-last-year",
                                                 {"kind": "trend", "from": 2014, "to": 2023, "word": "plummeted"}))
    assert plummeted.verdict == CONSISTENT and "a fall by half or more" in plummeted.method
    rising = _run(evidence, defaults, _claim(evidence, "guardian2024-defectors-196-last-year",
                                              {"kind": "trend", "from": 2014, "to": 2023, "word": "rising"}))
    assert rising.verdict == CONTRADICTED


def test_none_prints_its_reason(checks):
    china = checks["thediplomat2024-hiding-in-china-tens-of-thousands"]
    assert china.verdict == NOT_CHECKABLE and "no count of North Koreans hiding in China" in china.method


def test_readings_take_the_best_supported_and_name_it(evidence, defaults):
    rule = evidence.claim("dailystar2024-kji-14-year-rule")
    alone = _run(evidence, defaults, dataclasses.replace(rule, readings=None))
    assert alone.verdict == CONTRADICTED and alone.value == pytest.approx(17.45, abs=0.01)
    both = _run(evidence, defaults, rule)
    # Readings, strictly: the literal reading (his whole rule) decides; the records window is a
    # reading the words do not point to, so "14-year" holds only on a generous reading.
    assert both.verdict == GENEROUS and both.method.startswith("Read as its words say (\u201chis whole rule")
    assert "Only a reading the article's words do not point to makes it hold, \u201cthe part of his rule" in both.method
    stats = readings.reading_statistics(rule, check_kinds.Context(evidence, defaults))
    assert [r.id for r in stats] == [f"reading-{rule.id}-1", f"reading-{rule.id}-2"]
    # No defensible reading fits: contradicted stays.
    none_fit = dataclasses.replace(rule, readings=({"label": "to Kim Jong-un's first party post",
                                                    "check": {"kind": "duration", "from": "fact:kim-il-sung-death",
                                                              "to": "fact:kim-jong-un-first-secretary"}},))
    assert _run(evidence, defaults, none_fit).verdict == CONTRADICTED


# --- the loader's errors -------------------------------------------------------------------------

def _broken(evidence, data_copy, index, problem_field, **changes):
    path = data_copy / "claims.yaml"
    records = yaml.safe_load(path.read_text(encoding="utf-8"))
    records[index].update(changes)
    path.write_text(yaml.safe_dump(records, allow_unicode=True, sort_keys=False), encoding="utf-8")
    with pytest.raises(DataError) as err:
        load_claims(evidence.sources, evidence.people, path, reference=evidence.reference)
    assert str(path) in str(err.value) and f"record #{index + 1} ({records[index]['id']})" in str(err.value)
    assert f"field '{problem_field}'" in str(err.value)
    return str(err.value)


@pytest.mark.parametrize("check, field, problem", [
    ({"kind": "guess"}, "check.kind", "'guess' is not one of series, fact"),
    ({"kind": "series", "year": 1990}, "check.year", "1990 is outside the arrivals series (1998–2025)"),
    ({"kind": "series", "year": 2023, "colour": "red"}, "check.colour", "not a key of kind 'series'"),
    ({"kind": "series", "after": "era_start", "to": "as_of"}, "check.after", "'era_start' is not a date"),
    ({"kind": "fact", "fact": "kim-jong-il-birth"}, "check.fact", "unknown fact 'kim-jong-il-birth'"),
    ({"kind": "arithmetic", "expression": "a / b", "terms": {"a": {"claim": "nope"}}}, "check.terms.a.claim",
     "unknown claim 'nope'"),
    ({"kind": "arithmetic", "expression": "a / c", "terms": {"a": {"year": 2023}}}, "check.expression",
     "names no term 'c'"),
    ({"kind": "arithmetic", "expression": "__import__('os')", "terms": {"a": {"year": 2023}}}, "check.expression",
     "only numbers, term names"),
    ({"kind": "trend", "from": 2023, "to": 2022}, "check.to", "must be after `from`"),
    ({"kind": "none"}, "check.reason", "missing: say why"),
    ({"kind": "none", "reason": " "}, "check.reason", "missing: say why"),
])
def test_bad_checks_are_named_errors(evidence, data_copy, check, field, problem):
    index = next(i for i, c in enumerate(evidence.claims) if c.id == "news1global2024-total-2023-196")
    assert problem in _broken(evidence, data_copy, index, field, check=check)


def test_a_missing_check_and_an_unlabelled_reading(evidence, data_copy):
    index = next(i for i, c in enumerate(evidence.claims) if c.id == "dailystar2024-kji-14-year-rule")
    path = data_copy / "claims.yaml"
    records = yaml.safe_load(path.read_text(encoding="utf-8"))
    del records[index]["check"]
    path.write_text(yaml.safe_dump(records, allow_unicode=True, sort_keys=False), encoding="utf-8")
    with pytest.raises(DataError, match=r"field 'check': missing"):
        load_claims(evidence.sources, evidence.people, path, reference=evidence.reference)
    rule = evidence.claim("dailystar2024-kji-14-year-rule")
    reading = {"check": {"kind": "duration", "from": "records_start", "to": "fact:kim-jong-il-death"}}
    data_copy_records = yaml.safe_load(path.read_text(encoding="utf-8"))
    data_copy_records[index]["check"] = dict(rule.check)
    path.write_text(yaml.safe_dump(data_copy_records, allow_unicode=True, sort_keys=False), encoding="utf-8")
    assert "say what this reading" in _broken(evidence, data_copy, index, "readings[1].label", readings=[reading])
    unlabelled_main = {k: v for k, v in rule.check.items() if k != "label"}
    assert "names each one" in _broken(evidence, data_copy, index, "check.label", check=unlabelled_main,
                                       readings=[{"label": "x", **reading}])


def test_every_kind_is_documented():
    for name in check_schema.KINDS:
        assert f"    {name} " in check_schema.__doc__, name


def test_a_parameter_cannot_break_a_check(evidence, defaults):
    """A window moved past a person, or a range that reaches zero: a verdict with its reason, no crash."""
    late = {**defaults, "era_boundary": dt.date(2023, 12, 1)}
    fourth = _run(evidence, late, evidence.claim("news1global2024-ri-fourth-confirmed-diplomat"))
    assert fourth.verdict == CONTRADICTED and "is not among the diplomats" in fourth.method
    zero = _run(evidence, defaults, _claim(evidence, "thediplomat2024-elite-h1-2024-matches-2023", {
        "kind": "arithmetic", "expression": "a / b", "terms": {"a": {"fact": "elite-2023"},
                                                              "b": {"fact": "elite-2024", "from_zero": True}}}))
    assert zero.verdict == NOT_CHECKABLE and "can be zero" in zero.method


def test_the_claims_own_period_must_exist(evidence, data_copy):
    index = next(i for i, c in enumerate(evidence.claims) if c.id == "dailystar2024-three-kim-regimes")
    assert "no period_end" in _broken(evidence, data_copy, index, "check.cumulative_to",
                                      check={"kind": "series", "cumulative_to": "period_end"})


def test_a_relative_date_the_articles_date_was_inferred_from_is_circular(evidence, defaults, checks):
    # The Guardian's date was inferred from its "last Tuesday" (sources.yaml `now_inferred_from`),
    # so finding Robertson's remark on that Tuesday confirms only the inference.
    tuesday = checks["guardian2024-robertson-last-tuesday"]
    assert tuesday.verdict == SINGLE_SOURCE and "inferred from these very words" in tuesday.method
    # With the date known some other way, the same check would count as consistent.
    sources = dict(evidence.sources)
    sources["guardian2024"] = dataclasses.replace(sources["guardian2024"], now_inferred_from=())
    independent = dataclasses.replace(evidence, sources=sources)
    assert _run(independent, defaults, evidence.claim("guardian2024-robertson-last-tuesday")).verdict == CONSISTENT


def test_now_inferred_from_names_a_claim_of_the_same_article(tmp_path):
    from elite_defections.core import paths
    from elite_defections.evidence.sources import load_sources
    records = yaml.safe_load(paths.SOURCES_REGISTRY.read_text())
    records[0]["now_inferred_from"] = [42]
    bad = tmp_path / "sources.yaml"
    bad.write_text(yaml.safe_dump(records))
    with pytest.raises(DataError, match="now_inferred_from"):
        load_sources(bad, articles=paths.SOURCES_REGISTRY.parent / "articles")


def test_spelled_fractions_edges_and_favourable_readings_are_said(checks):
    # "one-sixth" is read to its whole denominator, as "14-year" to the whole year: 196 / 1,127 = 1/5.75.
    sixth = checks["news1global2024-total-2023-one-sixth-of-2017"]
    assert sixth.verdict == CONSISTENT and "(0.153846, 0.181818]" in sixth.method
    # Agreement (or a miss) only at the edge of what the data allow is said, whichever the verdict.
    assert "meet only at 1, the edge of what the data allow, so the claim holds only there" in \
        checks["thediplomat2024-elite-h1-2024-matches-2023"].method
    assert "meet only at 20, the edge of what the data allow, which the claim's words exclude" in \
        checks["thediplomat2024-elite-more-than-20-since-last-year"].method
    # The literal reading decides; the method names the generous one that would make it hold.
    rule = checks["dailystar2024-kji-14-year-rule"]
    assert rule.verdict == GENEROUS and "17.45 years" in rule.method and "14.46 years" in rule.method
    # A date's words resolved to a span ("within hours" of 14 July: 14-15 July) are checked as that span.
    assert "16 July 2024, 1 day from \u201cWithin hours\u201d" in checks["guardian2024-ri-news-within-hours"].method


def test_a_fraction_with_a_precision_must_be_exact(evidence, tmp_path):
    from elite_defections.core import paths
    data = yaml.safe_load(paths.CLAIMS.read_text())
    record = next(r for r in data if r["id"] == "thediplomat2024-elite-more-than-half-2023")
    record["precision"] = 1
    bad = tmp_path / "claims.yaml"
    bad.write_text(yaml.safe_dump(data, allow_unicode=True))
    with pytest.raises(DataError, match="precision"):
        load_claims(evidence.sources, evidence.people, path=bad, reference=evidence.reference)


def test_series_reads_the_tables_columns_by_sex(evidence, defaults):
    """The arrivals by sex: a year's women, a cumulative total of men, a share of a year's women."""
    women = _run(evidence, defaults, _claim(evidence, "news1global2024-total-2023-196",
                                            {"kind": "series", "year": 2023, "column": "female"}, value=164))
    assert women.value == 164 and women.verdict == CONSISTENT and "female arrivals in 2023" in women.method
    men = _run(evidence, defaults, _claim(evidence, "guardian2024-total-34000",
                                          {"kind": "series", "cumulative_to": "2024", "column": "male"},
                                          value=9568, qualifier="exact", precision=1))
    assert men.value == 9568 and men.verdict == CONSISTENT
    share = _run(evidence, defaults, _claim(evidence, "news1global2024-total-2023-196",
                                            {"kind": "series", "year": 2023, "column": "female", "operation": "share",
                                             "against": {"year": 2023}}, value=12.5, unit="percent", precision=0.1))
    assert share.verdict == CONTRADICTED and abs(share.value - 100 * 164 / 196) < 1e-9


@pytest.mark.parametrize("check, field, problem", [
    ({"kind": "series", "year": 2000, "column": "female"}, "check.column", "grouped row"),
    ({"kind": "series", "year": 2023, "column": "children"}, "check.column", "is not one of"),
    ({"kind": "series", "from": "2019", "to": "2023", "column": "male"}, "check.column", "`year` or `cumulative_to`"),
])
def test_a_column_the_table_cannot_give_is_refused(evidence, check, field, problem):
    claim = _claim(evidence, "news1global2024-total-2023-196", check)
    catalog = check_schema.Catalog(claims={c.id: c for c in evidence.claims}, facts=evidence.reference.facts,
                                   people=evidence.people, years=tuple(range(1998, 2026)),
                                   by_sex=tuple(range(2002, 2026)))
    with pytest.raises(check_schema.CheckError) as err:
        check_schema.validate_claim(claim, catalog)
    assert err.value.field == field and problem in err.value.problem
