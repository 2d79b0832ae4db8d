"""Interval and verdict logic: properties that must hold for any printed figure (hypothesis)."""

from __future__ import annotations

import math

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from elite_defections.core.intervals import (
    APPROXIMATE,
    CONSISTENT,
    CONTRADICTED,
    NOT_CHECKABLE,
    ROUNDING,
    Interval,
    printed_interval,
    quotient_interval,
    verdict,
)

values = st.floats(min_value=0.01, max_value=1e6, allow_nan=False)
precisions = st.sampled_from([0.01, 0.1, 1, 10, 100, 1000])


@given(values, precisions)
def test_exact_figure_contains_itself_and_what_rounds_to_it(value, precision):
    interval = printed_interval(value, precision, "exact")
    assert value in interval
    assert value - precision / 2 in interval          # lower edge closed: rounds half up to the figure
    assert value + precision / 2 not in interval      # upper edge open: rounds to the next figure
    assert math.isclose(interval.high - interval.low, precision)


@given(values, st.floats(min_value=1e-6, max_value=1e6))
def test_more_than_is_strictly_above(value, delta):
    interval = printed_interval(value, 1, "more_than")
    assert value not in interval and value + delta in interval


@given(values, st.floats(min_value=0.01, max_value=0.5))
def test_nearly_is_a_little_under(value, margin):
    interval = printed_interval(value, 1, "nearly", nearly_margin=margin)
    assert value not in interval
    assert value * (1 - margin / 2) in interval
    assert value * (1 - 2 * margin) not in interval or margin >= 0.5


@given(values, precisions, st.floats(min_value=0, max_value=0.5))
def test_a_value_inside_is_always_consistent(value, precision, tolerance):
    assert verdict(printed_interval(value, precision, "exact"), value, tolerance) == CONSISTENT


@given(values, precisions, st.floats(min_value=0, max_value=0.2), st.floats(min_value=0.01, max_value=5))
def test_verdict_worsens_with_distance(value, precision, tolerance, factor):
    interval = printed_interval(value, precision, "exact")
    near = interval.high * (1 + tolerance / 2)
    far = interval.high * (1 + tolerance + factor)
    order = [CONSISTENT, ROUNDING, APPROXIMATE, CONTRADICTED]
    assert order.index(verdict(interval, near, tolerance)) <= order.index(verdict(interval, far, tolerance))
    assert verdict(interval, far, tolerance) == CONTRADICTED


@given(st.floats(min_value=0.1, max_value=10), st.floats(min_value=0.1, max_value=10))
def test_quotient_interval_contains_every_quotient(a, b):
    num, den = printed_interval(a, 0.01, "exact"), printed_interval(b, 0.01, "exact")
    assume(den.low > 0)
    q = quotient_interval(num, den)
    assert a / b in q
    assert num.low / den.high in q and num.high / den.low in q


def test_rounding_verdict_on_the_daily_star_multiple():
    """1.22% / 0.23% prints 5.3, but the unrounded shares (134/10,985 and 54/23,027) give 5.20."""
    claim = printed_interval(5.3, 0.1, "exact")
    unrounded = (134 / 10985) / (54 / 23027)
    rounded_inputs = quotient_interval(printed_interval(1.22, 0.01, "exact"), printed_interval(0.23, 0.01, "exact"))
    assert verdict(claim, unrounded, 0.0, rounded_inputs) == ROUNDING
    assert verdict(claim, unrounded, 0.0) == CONTRADICTED  # without the rounded inputs it would not hold


def test_not_checkable_and_empty_interval():
    assert verdict(printed_interval(1, 1, "exact"), None, 0.05) == NOT_CHECKABLE
    with pytest.raises(ValueError):
        Interval(2, 1)
    with pytest.raises(ValueError, match="unknown qualifier"):
        printed_interval(1, 1, "roughly")


@given(st.lists(st.tuples(values, values), min_size=1, max_size=4), st.floats(min_value=0, max_value=1))
def test_interval_arithmetic_contains_every_split(parts, t):
    """add and divide bound every value their inputs allow (here: one point chosen in each part)."""
    from elite_defections.core.intervals import add, divide

    ivs = [Interval(min(a, b), max(a, b), True, True) for a, b in parts]
    point = [iv.low + t * (iv.high - iv.low) for iv in ivs]
    total = add(*ivs)
    assert total.low <= sum(point) * (1 + 1e-12) and sum(point) <= total.high * (1 + 1e-12)
    q = divide(ivs[0], ivs[-1])
    assert q.low * (1 - 1e-12) <= point[0] / point[-1] <= q.high * (1 + 1e-12)


def test_a_range_reaching_zero_has_no_quotient():
    """The checks turn this into "not checkable" (a parameter can make a window's arrivals reach zero)."""
    from elite_defections.core.intervals import divide

    with pytest.raises(ZeroDivisionError):
        divide(Interval(1, 2, True, True), Interval(0, 236, True, True))
