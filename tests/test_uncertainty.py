"""Central estimates, loose ends and sampling ranges (analysis/uncertainty.py, analysis/arrivals.py)."""

from __future__ import annotations

import datetime as dt

import pytest

from elite_defections.analysis.arrivals import WindowPart, annual_series, arrivals_bounds, arrivals_spread, loose_end
from elite_defections.analysis.eras import compute_eras
from elite_defections.analysis.uncertainty import binomial_interval, loose_note, rate_ratio_interval, uncertainty_statistics


def test_exact_binomial_interval_matches_known_values():
    # Clopper-Pearson, from published tables
    assert binomial_interval(0, 10).high == pytest.approx(0.3085, abs=1e-4)
    five = binomial_interval(5, 10)
    assert (five.low, five.high) == (pytest.approx(0.1871, abs=1e-4), pytest.approx(0.8129, abs=1e-4))
    assert binomial_interval(10, 10).low == pytest.approx(0.6915, abs=1e-4)


def test_rate_ratio_interval_holds_the_estimate_and_widens_for_small_counts():
    wide = rate_ratio_interval(6, 1.0, 3, 1.0)
    narrow = rate_ratio_interval(600, 1.0, 300, 1.0)
    assert wide.low < 2 < wide.high and narrow.low < 2 < narrow.high
    assert narrow.high - narrow.low < wide.high - wide.low


def test_a_cut_year_is_spread_by_its_days(evidence):
    series = annual_series(evidence.reference)
    year = dt.date(2019, 1, 1), dt.date(2019, 12, 31)
    half = dt.date(2019, 1, 1), dt.date(2019, 7, 2)   # 183 of 365 days
    assert arrivals_spread(series, evidence.reference, *year).low == series[2019]
    assert arrivals_spread(series, evidence.reference, *half).low == pytest.approx(series[2019] * 183 / 365)
    bounds = arrivals_bounds(series, evidence.reference, *half)
    assert (bounds.low, bounds.high) == (0, series[2019])


def test_the_loose_end_is_the_one_the_cut_year_drives():
    mostly_inside = [WindowPart("2011", 2706, 0.96), WindowPart("2000", 300, 1.0)]
    mostly_outside = [WindowPart("2011", 2706, 0.04), WindowPart("2000", 300, 1.0)]
    assert loose_end(mostly_inside)[0] == "low" and loose_end(mostly_outside)[0] == "high"
    assert loose_end([WindowPart("2000", 300, 1.0)]) is None
    # for a share, the arrivals' low end is the share's top
    assert loose_note(tuple(mostly_inside), -1).startswith("the top is the loose end: it puts none of 2011's")
    assert loose_note(tuple(mostly_outside), -1).startswith("the floor is the loose end: it puts all of 2011's")


def test_the_era_shares_central_estimates_and_notes(evidence, defaults):
    stats = {s.id: s for s in uncertainty_statistics(compute_eras(evidence, defaults), defaults)}
    later = stats["elite_share_kju_central"].value
    assert later[0] == pytest.approx(1.197, abs=0.005)          # 134 / 11,193
    earlier = stats["elite_share_kji_central"].value
    assert 0.23 < earlier[0] <= earlier[1] < 0.25
    # the earlier window holds most of 2011: counting none of it is the loose end, which is the share's top
    assert "top is the loose end" in stats["elite_share_kji_mou_note"].display
    assert "2011" in stats["elite_share_kji_mou_note"].display
    assert "floor is the loose end" in stats["elite_share_kju_mou_note"].display
    sampled = stats["elite_rate_multiple_sampling"].value
    assert 1 < sampled[0] < 2.86 < sampled[1]
    assert stats["elite_rate_multiple_sampling_words"].display == "still clearly above 1"
