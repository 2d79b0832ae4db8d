"""The recorded statistics follow from the data: recomputed here independently, by hand."""

from __future__ import annotations

import datetime as dt

import pytest

from elite_defections.analysis.arrivals import (
    TABLE_START,
    annual_series,
    arrivals_bounds,
)
from elite_defections.analysis.eras import compute_eras, era_statistics, limitations
from elite_defections.checks.ledger import all_checks, tally


def test_every_claim_is_checked_exactly_once(evidence, checks):
    assert set(checks) == {c.id for c in evidence.claims}


def test_tally_adds_up(checks):
    stats = {s.id: s.value for s in tally(list(checks.values()))}
    parts = [k for k in stats if k != "claims_total"]
    assert sum(stats[k] for k in parts) == stats["claims_total"] == len(checks)


def test_era_shares_and_multiple(evidence, defaults):
    stats = {s.id: s for s in era_statistics(compute_eras(evidence, defaults), defaults)}
    assert stats["elite_share_kji"].value == pytest.approx(100 * 54 / 23027)
    assert stats["elite_share_kju"].value == pytest.approx(100 * 134 / 10985)
    assert stats["elite_share_multiple"].value == pytest.approx((134 / 10985) / (54 / 23027))
    assert stats["elite_share_multiple"].display == "5.20 times"
    # Rates over the real window lengths: 1 Jul 1997-17 Dec 2011 and 18 Dec 2011-30 Jun 2024.
    kji_years = ((dt.date(2011, 12, 17) - dt.date(1997, 7, 1)).days + 1) / 365.25
    kju_years = ((dt.date(2024, 6, 30) - dt.date(2011, 12, 18)).days + 1) / 365.25
    assert stats["elite_rate_multiple"].value == pytest.approx((134 / kju_years) / (54 / kji_years))


def test_known_verdicts(checks):
    assert checks["dailystar2024-elite-share-5-3-fold"].verdict == "consistent only through rounding"
    # 100 × 54 / 23,027 holds, but both figures are the article's own: it confirms only its arithmetic.
    assert checks["dailystar2024-elite-share-kji"].verdict == "single-source"
    assert checks["dailystar2024-elite-kji-era-54"].verdict == "single-source"
    assert checks["dailystar2024-elite-protected-188"].verdict == "consistent"  # the ministry via KBS World
    assert checks["bullandbear2024-defectors-nearly-tripled-2023"].value == pytest.approx(196 / 67)
    assert checks["bullandbear2024-defectors-nearly-tripled-2023"].verdict == "consistent"
    # "2,700 a decade ago" (2014): the ministry counted 1,397 that year; 2,706 was 2011.
    decade = checks["guardian2024-defectors-2700-a-decade-ago"]
    assert decade.value == 1397 and decade.verdict == "contradicted"
    assert checks["thediplomat2024-elite-more-than-half-2023"].verdict == "contradicted"
    # "14-year rule": 17.45 years from Kim Il-sung's death, 14.46 over the records window (July 1997 on).
    rule = checks["dailystar2024-kji-14-year-rule"]
    assert rule.verdict == "holds only on a generous reading" and rule.value == pytest.approx(17.45, abs=0.01)
    assert "the part of his rule the elite records cover" in rule.method and "17.45" in rule.method
    fourth = checks["news1global2024-ri-fourth-confirmed-diplomat"]
    assert fourth.value == 4 and fourth.verdict == "single-source"


def test_arrivals_windows_as_bounds(evidence):
    series = annual_series(evidence.reference)
    window = lambda a, b: arrivals_bounds(series, evidence.reference, a, b)
    whole = window(dt.date(2023, 1, 1), dt.date(2023, 12, 31))
    assert (whole.low, whole.high) == (196, 196)
    half = window(dt.date(2024, 1, 1), dt.date(2024, 6, 30))          # the table has no months
    assert (half.low, half.high) == (0, 236)
    since = window(TABLE_START, dt.date(2023, 12, 31))                  # the ministry's published total
    assert (since.low, since.high) == (34078, 34078)
    cut = window(dt.date(1997, 7, 1), dt.date(1998, 12, 31))            # the grouped row: none to all
    assert (cut.low, cut.high) == (71, 947)


def test_the_2012_release_changes_the_series(evidence):
    current, old = annual_series(evidence.reference), annual_series(evidence.reference, "2012-release")
    assert current[2009] == 2914 and old[2009] == 2927
    # The January 2012 release: 2002-2011 as 1,138 ... 2,737 (its cumulative total was 23,100).
    assert sum(old[y] for y in range(2002, 2012)) == 21110


def test_moving_the_era_boundary_moves_what_the_data_can_follow_not_the_counts(evidence, defaults):
    later = {**defaults, "era_boundary": dt.date(2012, 4, 11)}
    base, moved = compute_eras(evidence, defaults), compute_eras(evidence, later)
    # The elite counts exist only split at Kim Jong-il's death: they, their windows and the arrivals
    # they are divided by stay there.
    assert (moved.elite_kji, moved.elite_kju, moved.split) == (base.elite_kji, base.elite_kju, dt.date(2011, 12, 17))
    assert (moved.arrivals_kji, moved.years_kju) == (base.arrivals_kji, base.years_kju)
    # The checks of the articles' era arrivals follow the boundary.
    base_checks = {s.claim: s for s in all_checks(evidence, defaults)}
    checks = {s.claim: s for s in all_checks(evidence, later)}
    kji_arrivals = "dailystar2024-defectors-kji-era-23027"
    # (a range: the table cannot split the year a boundary cuts)
    assert checks[kji_arrivals].value[0] > base_checks[kji_arrivals].value[0]
    # Labels follow the date, and page 1 is told what could not follow.
    assert (base.boundary_label, moved.boundary_label) == (
        "Kim Jong-il's death", "Kim Jong-un's appointment as the Party's First Secretary")
    assert compute_eras(evidence, {**defaults, "era_boundary": dt.date(2012, 1, 5)}).boundary_label == \
        "the chosen era boundary"
    assert limitations(base, defaults) == []
    assert "split at Kim Jong-il's death (17 December 2011)" in limitations(moved, later)[0]


def test_window_arrivals_are_bounds_from_the_window_start(evidence, defaults):
    """The earlier window starts in July 1997: the grouped arrivals before 1998 (947 less 1998's 71)
    count between none and all, 1998-2010 in full, 2011 (cut on 17 December) between none and all."""
    e = compute_eras(evidence, defaults)
    series = annual_series(evidence.reference)
    whole = sum(series[y] for y in range(1998, 2011))
    assert (e.arrivals_kji.low, e.arrivals_kji.high) == (whole, whole + (947 - 71) + 2706)
    later = sum(series[y] for y in range(2012, 2024))
    assert (e.arrivals_kju.low, e.arrivals_kju.high) == (later, later + 2706 + 236)
    # The article's 23,027 is near the count since the table begins to the end of 2011.
    assert e.cumulative_kji_year_end == 947 + 1043 + sum(series[y] for y in range(2002, 2012))
    assert e.arrivals_kju_full_years == later


def test_shares_and_the_decomposition_propagate_the_bounds(evidence, defaults):
    e = compute_eras(evidence, defaults)
    lo, hi = e.arrivals_kji.low, e.arrivals_kji.high
    assert e.share_kji_mou.low == pytest.approx(100 * 54 / hi) and e.share_kji_mou.high == pytest.approx(100 * 54 / lo)
    x = e.share_multiple_mou
    assert x.low == pytest.approx((134 / e.arrivals_kju.high) / (54 / lo))
    assert x.high == pytest.approx((134 / e.arrivals_kju.low) / (54 / hi))
    # elites per other arrival: exactly the elite rate's multiple over the other arrivals'
    others = e.others_rate_multiple
    assert e.odds_multiple.low == pytest.approx(e.rate_multiple / others.high)
    part = e.elite_part_of_rise
    import math
    assert part.low == pytest.approx(math.log(e.rate_multiple) / math.log(e.rate_multiple / others.low))
    assert 0.5 < part.low < part.high < 1
