"""Figures a reader can read: axes labelled with their units, reference lines labelled and clear of
other text, text on coloured cells at WCAG AA contrast, no text under 7 pt once printed."""

from __future__ import annotations

import datetime as dt
import re

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from elite_defections.analysis import charts
from elite_defections.analysis.figures import (
    AA_CONTRAST,
    MIN_TEXT_PT,
    PRINT_WIDTH_IN,
    VERDICT_COLOURS,
    contrast,
    text_colour_on,
)
from elite_defections.crosscheck.charts import REFERENCE_FILL

BOUNDARY = dt.date(2011, 12, 17)


def test_contrast_matches_wcag_reference_values():
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)   # the classic near miss
    assert contrast("#ffffff", "#E69F00") < AA_CONTRAST                        # white on orange fails


@pytest.mark.parametrize("fill", [*VERDICT_COLOURS.values(), REFERENCE_FILL])
def test_text_on_every_cell_colour_meets_aa(fill):
    assert contrast(text_colour_on(fill), fill) >= AA_CONTRAST


def _texts_overlap(fig, a, b) -> bool:
    renderer = fig.canvas.get_renderer()
    return a.get_window_extent(renderer).overlaps(b.get_window_extent(renderer))


def test_elite_by_era_says_each_panels_unit():
    fig = charts.elite_by_era({"Kim Jong-il": 3.7, "Kim Jong-un": 10.7}, {"Kim Jong-il": 0.23, "Kim Jong-un": 1.22})
    try:
        left, right = fig.axes
        assert "people a year" in left.get_ylabel() and "%" in right.get_ylabel()
        assert left.get_yticks().size and right.get_yticks().size and left.spines["left"].get_visible()
    finally:
        plt.close(fig)


def test_diplomats_timeline_labels_its_reference_line_clear_of_other_text():
    table = pd.DataFrame({"defected_date": [dt.date(1991, 5, 1), dt.date(2016, 7, 1), dt.date(2023, 11, 1)],
                          "public_date": [None, dt.date(2016, 8, 17), dt.date(2024, 7, 16)],
                          "post": ["Congo", "United Kingdom", "Cuba"],
                          "name": ["Ko Young-hwan", "Thae Yong-ho", "Ri Il-gyu"]})
    fig = charts.diplomats_timeline(table, BOUNDARY)
    try:
        ax = fig.axes[0]
        fig.canvas.draw()
        label = next(t for t in ax.texts if "takes power" in t.get_text())
        others = [t for t in ax.get_yticklabels() + ax.get_xticklabels() + [ax.title] if t.get_text()]
        assert not [t.get_text() for t in others if _texts_overlap(fig, label, t)]
        assert ax.get_xlabel() and [t.get_text() for t in ax.get_yticklabels()][-1].startswith("Ko Young-hwan")
    finally:
        plt.close(fig)


def test_arrivals_per_year_labels_axes_and_the_boundary():
    series = pd.Series([1000, 2900, 1500, 60, 200], index=[2005, 2009, 2012, 2021, 2023])
    fig = charts.arrivals_per_year(series, BOUNDARY)
    try:
        ax = fig.axes[0]
        assert "people a year" in ax.get_ylabel() and ax.get_xlabel() == "year"
        assert any("takes power" in t.get_text() and "2011" in t.get_text() for t in ax.texts)
    finally:
        plt.close(fig)


@pytest.mark.e2e
def test_no_text_under_seven_points_at_print_size(built_project):
    """The PDF sets each figure at the text width; text is drawn as glyph paths scaled by size/100."""
    small = []
    for svg in sorted((built_project / "build" / "figures").glob("*.svg")):
        source = svg.read_text(encoding="utf-8")
        width_pt = float(re.search(r'<svg[^>]*width="([\d.]+)pt"', source).group(1))
        sizes = [float(s) * 100 for s in re.findall(r"scale\(([\d.]+) -[\d.]+\)", source)]
        assert sizes, svg.name
        printed = min(sizes) * PRINT_WIDTH_IN * 72 / width_pt
        if printed < MIN_TEXT_PT:
            small.append(f"{svg.name}: {printed:.1f} pt")
    assert small == []
