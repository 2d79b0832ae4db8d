"""Comparison words come from the figures they compare."""

from __future__ import annotations

import datetime as dt

from elite_defections.analysis.eras import compute_eras, era_statistics
from elite_defections.core import wording
from elite_defections.core.intervals import Interval


def test_words_follow_the_numbers():
    assert wording.direction(54, 134) == "rose" and wording.direction(134, 54) == "fell"
    assert wording.direction(3, 3) == "held steady"
    assert wording.compare(2.86, 2.48, "larger", "smaller", "alike") == "larger"
    assert wording.compare(2.48, 2.86, "larger", "smaller", "alike") == "smaller"
    assert wording.compare(Interval(2, 3, True, True), 2.5, "larger", "smaller", "alike") == "alike"
    assert wording.against_one(Interval(0.5, 0.8, True, True), "rose", "fell", "unclear") == "fell"
    assert wording.against_one(Interval(0.5, 1.2, True, True), "rose", "fell", "unclear") == "unclear"
    assert wording.majority(Interval(0.63, 0.84, True, True), "most", "less", "half") == "most"


def test_the_rate_rise_is_called_larger_than_the_count_rise(evidence, defaults):
    """The sentence that once said "a smaller rise" of 2.86 against 2.48: the word now follows the figures."""
    stats = {s.id: s for s in era_statistics(compute_eras(evidence, defaults), defaults)}
    assert stats["elite_rate_multiple"].value > stats["elite_ratio_kju_kji"].value
    assert stats["rate_vs_count_rise"].display == "a larger change than"


def test_a_later_boundary_changes_the_words_with_the_figures(evidence, defaults):
    """The words are recomputed with the figures when the boundary moves."""
    late = {**defaults, "era_boundary": dt.date(2016, 1, 1)}
    e = compute_eras(evidence, late)
    stats = {s.id: s for s in era_statistics(e, late)}
    expected = "rose" if e.rate_kju > e.rate_kji else "fell"
    assert stats["elite_rate_direction"].display == expected
    larger = e.rate_multiple > e.elite_kju / e.elite_kji
    assert stats["rate_vs_count_rise"].display == ("a larger change than" if larger else "a smaller change than")
