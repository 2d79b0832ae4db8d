"""The cross-check's figure, in the house style (see figures.py)."""

from __future__ import annotations

import textwrap

import matplotlib.pyplot as plt
from matplotlib.patches import Rectangle

from ..analysis.figures import VERDICT_COLOURS, text_colour_on, use_style
from ..core.intervals import CONSISTENT, CONTRADICTED, NOT_CHECKABLE, VERDICTS
from .quantity import Quantity

REFERENCE_FILL = "#f2f2f2"


def cell_verdict(quantity: Quantity, index: int) -> str:
    """An article's figure in a group: its verdict against the reference, or, with no reference,
    whether it agrees with every other article's figure."""
    member = quantity.members[index]
    if member.verdict != NOT_CHECKABLE:
        return member.verdict
    others = [m for i, m in enumerate(quantity.members) if i != index]
    if not others:
        return NOT_CHECKABLE
    return CONSISTENT if all(member.interval.overlaps(m.interval) for m in others) else CONTRADICTED


def _short(text: str, width: int) -> str:
    return "\n".join(textwrap.wrap(text, width, max_lines=2, placeholder="\u2026"))


def consistency_matrix(quantities: list[Quantity], labels: dict[str, str]):
    """Quantities (rows) by source (columns): each article's figure, coloured by its verdict
    against the reference; the last column shows what the reference allows."""
    use_style()
    sources = [k for k in labels if any(k in q.sources for q in quantities)]
    columns = [labels[k] for k in sources] + ["Reference"]
    fig, ax = plt.subplots(figsize=(5.8, 0.9 + 0.42 * len(quantities)))
    for row, q in enumerate(quantities):
        y = len(quantities) - 1 - row
        for index, member in enumerate(q.members):
            x = sources.index(member.source)
            verdict = cell_verdict(q, index)
            ax.add_patch(Rectangle((x + 0.04, y + 0.06), 0.92, 0.88, color=VERDICT_COLOURS[verdict], lw=0))
            ax.text(x + 0.5, y + 0.5, _short(member.figure.replace("\u201c", "").replace("\u201d", ""), 16),
                    ha="center", va="center", fontsize=7.2, color=text_colour_on(VERDICT_COLOURS[verdict]))
        x = len(sources)
        ax.add_patch(Rectangle((x + 0.04, y + 0.06), 0.92, 0.88, color=REFERENCE_FILL, lw=0))
        ax.text(x + 0.5, y + 0.5, _short(q.reference_text or "none", 18), ha="center", va="center",
                fontsize=7.2, color=text_colour_on(REFERENCE_FILL))
    ax.set_xlim(0, len(columns))
    ax.set_ylim(0, len(quantities))
    ax.set_xticks([i + 0.5 for i in range(len(columns))],
                  ["\n".join(textwrap.wrap(c, 12)) for c in columns], fontsize=7.5)
    ax.xaxis.tick_top()
    ax.set_yticks([len(quantities) - 0.5 - i for i in range(len(quantities))],
                  [_short(q.label, 34) for q in quantities], fontsize=7.3)
    ax.tick_params(length=0)
    for spine in ax.spines.values():
        spine.set_visible(False)
    used = [v for v in VERDICTS if any(cell_verdict(q, i) == v for q in quantities for i in range(len(q.members)))]
    handles = [Rectangle((0, 0), 1, 1, color=VERDICT_COLOURS[v]) for v in used]
    ax.legend(handles, used, ncol=len(used), loc="upper center", bbox_to_anchor=(0.4, -0.02), fontsize=7.5)
    ax.set_title("The same quantity across the articles, against the reference", pad=28)
    return fig
