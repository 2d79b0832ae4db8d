"""The briefing's figures, drawn in the house style (see figures.py)."""

from __future__ import annotations

import datetime as dt

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.ticker import MaxNLocator

from ..core.intervals import VERDICTS
from .figures import ERA_COLOURS, INK, VERDICT_COLOURS, use_style


def arrivals_per_year(series: pd.Series, boundary: dt.date, closure_year: int = 2020):
    """Bars of arrivals per year, the two eras shaded, the border closure marked."""
    use_style()
    fig, ax = plt.subplots()
    colours = [ERA_COLOURS["Kim Jong-il"] if y <= boundary.year else ERA_COLOURS["Kim Jong-un"] for y in series.index]
    ax.bar(series.index, series.values, color=colours, width=0.8)
    line = boundary.year + (boundary.timetuple().tm_yday / 366) - 0.5
    ax.axvline(line, color=INK, lw=0.8, ls="--")
    ax.text(line + 0.25, series.max() * 1.06, f"Kim Jong-un takes power ({boundary:%b %Y})", fontsize=7.5,
            va="bottom", ha="left")
    if closure_year in series.index:
        ax.annotate("border closed\n(Covid)", xy=(closure_year, series[closure_year]),
                    xytext=(closure_year - 4.5, series.max() * 0.55), fontsize=7,
                    arrowprops={"arrowstyle": "->", "color": INK, "lw": 0.7})
    ax.set_ylabel("defectors arriving (people a year)")
    ax.set_xlabel("year")
    ax.set_ylim(0, series.max() * 1.15)
    ax.set_title("North Korean defectors arriving in South Korea, per year")
    ax.yaxis.set_major_formatter(lambda v, _: f"{v:,.0f}")
    ax.set_xlim(series.index.min() - 0.7, series.index.max() + 0.7)
    handles = [plt.Rectangle((0, 0), 1, 1, color=c) for c in ERA_COLOURS.values()]
    ax.legend(handles, [f"{k} era" for k in ERA_COLOURS], loc="upper right", bbox_to_anchor=(1, 0.92))
    return fig


def elite_by_era(rates: dict[str, float], shares: dict[str, float]):
    """Two panels, one unit each, said on each y-axis: elite defectors per year (people a year), and
    the elite share of all arrivals (per cent), by era."""
    use_style()
    fig, (left, right) = plt.subplots(1, 2, figsize=(6.4, 2.8))
    eras = list(ERA_COLOURS)
    for ax, values, title, unit, fmt in (
            (left, rates, "Elite defectors per year", "elite defectors (people a year)", "{:.1f}"),
            (right, shares, "Elite share of all arrivals", "share of all arrivals (%)", "{:.2f}%")):
        bars = ax.bar(eras, [values[e] for e in eras], color=[ERA_COLOURS[e] for e in eras], width=0.6)
        ax.bar_label(bars, labels=[fmt.format(values[e]) for e in eras], fontsize=8, padding=2)
        ax.set_title(title)
        ax.set_ylabel(unit)
        ax.set_ylim(0, max(values.values()) * 1.18)
        ax.set_xlabel("era")
    right.yaxis.set_major_formatter(lambda v, _: f"{v:g}%")
    fig.tight_layout()
    return fig


def diplomats_timeline(table: pd.DataFrame, boundary: dt.date):
    """One row per diplomat, named on the y-axis: defection (dot) to disclosure (square), with the
    era boundary labelled above the rows."""
    use_style()
    fig, ax = plt.subplots(figsize=(5.6, 0.9 + 0.4 * len(table)))
    for i, row in enumerate(table.itertuples()):
        y = len(table) - 1 - i
        ax.plot(row.defected_date, y, "o", color=ERA_COLOURS["Kim Jong-un"] if row.defected_date > boundary
                else ERA_COLOURS["Kim Jong-il"], ms=6)
        if row.public_date is not None and not pd.isna(row.public_date):
            ax.plot([row.defected_date, row.public_date], [y, y], color=INK, lw=0.8)
            ax.plot(row.public_date, y, "s", color=INK, ms=4)
    ax.set_yticks(range(len(table)), [f"{r.name} ({r.post})" for r in table.itertuples()][::-1], fontsize=7.5)
    ax.tick_params(axis="y", length=0)
    ax.spines["left"].set_visible(False)
    ax.set_ylim(-0.6, len(table) - 0.1)
    ax.axvline(boundary, color=INK, lw=0.8, ls="--")
    ax.text(boundary, len(table) - 0.35, f" Kim Jong-un takes power ({boundary:%b %Y})", fontsize=7.5,
            ha="left", va="center")
    ax.set_xlabel("year")
    ax.set_title("Named diplomats: defected (dot), made public (square)")
    return fig


def claims_by_verdict(checks: pd.DataFrame, labels: dict[str, str]):
    """Stacked bars: each source's claims by verdict."""
    use_style()
    counts = (checks.groupby(["source", "verdict"]).size().unstack(fill_value=0)
              .reindex(columns=list(VERDICTS), fill_value=0).reindex(list(labels)))
    fig, ax = plt.subplots(figsize=(6.4, 2.9))
    left = pd.Series(0, index=counts.index)
    names = [labels[k] for k in counts.index]
    present = [v for v in VERDICTS if counts[v].sum()]  # a legend entry only for a verdict some claim has
    for verdict in present:
        ax.barh(names, counts[verdict], left=left, color=VERDICT_COLOURS[verdict], label=verdict, height=0.6)
        left += counts[verdict]
    ax.invert_yaxis()
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel("number of claims")
    ax.set_title("Claims in the ledger by verdict, per article")
    ax.legend(ncol=2 if len(present) > 6 else 3, loc="upper center", bbox_to_anchor=(0.5, -0.25))
    return fig
