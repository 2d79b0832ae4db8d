"""One restrained figure style for print and screen, and byte-stable saving.

Figures are SVG (crisp in the PDF, small in the HTML) written without a date and with a fixed
hash salt, so an unchanged figure is byte-identical across rebuilds. Each has a sidecar JSON with
its caption and alt text, which the briefing's filter reads.
"""

from __future__ import annotations

import json
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # no display; also keeps output identical across machines

import matplotlib.pyplot as plt  # noqa: E402
import seaborn as sns  # noqa: E402

from . import paths  # noqa: E402

# Verdict colours: a colour-blind-safe set (Okabe-Ito), the same wherever verdicts appear.
VERDICT_COLOURS = {
    "consistent": "#009E73",
    "consistent only through rounding": "#56B4E9",
    "approximate": "#E69F00",
    "contradicted": "#D55E00",
    "single-source": "#CC79A7",
    "not checkable": "#999999",
}
ERA_COLOURS = {"Kim Jong-il": "#7f8c9b", "Kim Jong-un": "#1f4e79"}
INK = "#222222"


def use_style() -> None:
    sns.set_theme(context="paper", style="ticks", font="DejaVu Sans")
    plt.rcParams.update({
        "figure.figsize": (6.4, 3.4),
        "figure.dpi": 100,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.titlesize": 10,
        "axes.titleweight": "bold",
        "axes.titlelocation": "left",
        "axes.labelsize": 9,
        "xtick.labelsize": 8,
        "ytick.labelsize": 8,
        "legend.fontsize": 8,
        "legend.frameon": False,
        "text.color": INK,
        "axes.labelcolor": INK,
        "svg.hashsalt": "elite-defections",  # stable element ids
        "svg.fonttype": "path",               # text as paths: identical on every machine
    })


def save(fig, name: str, caption: str, alt: str, output_dir: Path | str | None = None) -> Path:
    """Write `<name>.svg` and `<name>.json` (caption, alt) under `<output_dir>/figures`."""
    target = Path(output_dir or paths.BUILD) / "figures"
    target.mkdir(parents=True, exist_ok=True)
    svg = target / f"{name}.svg"
    fig.savefig(svg, format="svg", bbox_inches="tight", metadata={"Date": None, "Creator": None})
    plt.close(fig)
    (target / f"{name}.json").write_text(
        json.dumps({"caption": caption, "alt": alt}, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return svg
