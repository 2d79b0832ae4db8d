"""One restrained figure style for print and screen, and byte-stable saving.

Figures are SVG (crisp in the PDF, small in the HTML) written without a date and with a fixed
hash salt, so an unchanged figure is byte-identical across rebuilds. Each has a sidecar JSON with
its caption and alt text, which the briefing's filter reads.
"""

from __future__ import annotations

import base64
import io
import json
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # no display; also keeps output identical across machines

import matplotlib.pyplot as plt  # noqa: E402
import seaborn as sns  # noqa: E402

from ..core import paths  # noqa: E402

# Verdict colours: a colour-blind-safe set (Okabe-Ito), the same wherever verdicts appear.
VERDICT_COLOURS = {
    "consistent": "#009E73",
    "consistent only through rounding": "#56B4E9",
    "consistent across definitions": "#0072B2",
    "approximate": "#E69F00",
    "holds only on a generous reading": "#F0E442",
    "contradicted": "#D55E00",
    "single-source": "#CC79A7",
    "not checkable": "#999999",
    "drafted, not reviewed": "#F0E442",
}
ERA_COLOURS = {"Kim Jong-il": "#7f8c9b", "Kim Jong-un": "#1f4e79"}
INK = "#222222"


# Print size: the PDF sets each figure at the text width (A4 less 2.2 cm margins either side). No
# text smaller than MIN_TEXT_PT once the figure is scaled to that width.
PRINT_WIDTH_IN = (21.0 - 2 * 2.2) / 2.54
MIN_TEXT_PT = 7.0
# WCAG 2 AA contrast for ordinary text.
AA_CONTRAST = 4.5


def contrast(a: str, b: str) -> float:
    """WCAG 2 contrast ratio of two colours (any matplotlib colour)."""
    from matplotlib.colors import to_rgb

    def luminance(colour: str) -> float:
        lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in to_rgb(colour)]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def text_colour_on(fill: str) -> str:
    """Ink or white, whichever reads better on `fill` (black where ink falls short of AA)."""
    best = max((INK, "#ffffff"), key=lambda c: contrast(c, fill))
    return best if contrast(best, fill) >= AA_CONTRAST else "#000000"


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


class SavedFigure:
    """A saved figure. In a notebook it shows itself: the SVG exactly as saved (what the briefing
    prints) and its caption; printed, it names its file relative to the run's output folder (in a
    build the run's own folder is a staging folder that is gone once the outputs are in place)."""

    def __init__(self, path: Path, caption: str, alt: str, png: bytes = b""):
        self.path, self.caption, self.alt, self.png = path, caption, alt, png

    def __repr__(self) -> str:
        return f"figure {self.path.stem}: figures/{self.path.name} in the run's output folder"

    def _ipython_display_(self) -> None:
        from IPython.display import Markdown, display

        # SVG where the notebook is trusted (run in the Lab); PNG too, which JupyterLab shows in an
        # untrusted notebook (the build's executed copies), where it will not render SVG
        bundle = {"image/svg+xml": self.path.read_text(encoding="utf-8"), "text/plain": repr(self)}
        if self.png:
            bundle["image/png"] = base64.b64encode(self.png).decode("ascii")
        display(bundle, raw=True, metadata={"image/svg+xml": {"alt": self.alt}, "image/png": {"alt": self.alt}})
        display(Markdown(f"*{self.caption}*"))


def save(fig, name: str, caption: str, alt: str, output_dir: Path | str | None = None) -> SavedFigure:
    """Write `<name>.svg` and `<name>.json` (caption, alt) under `<output_dir>/figures`; the result
    shows the figure in a notebook (`SavedFigure`), its `path` is the SVG."""
    target = paths.output_dir(output_dir) / "figures"
    target.mkdir(parents=True, exist_ok=True)
    svg = target / f"{name}.svg"
    fig.savefig(svg, format="svg", bbox_inches="tight", metadata={"Date": None, "Creator": None})
    png = io.BytesIO()
    fig.savefig(png, format="png", bbox_inches="tight", dpi=120, metadata={"Software": None})
    plt.close(fig)
    (target / f"{name}.json").write_text(
        json.dumps({"caption": caption, "alt": alt}, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return SavedFigure(svg, caption, alt, png.getvalue())
