"""The project as Quarto reads it: `_quarto.yml`'s render list, document metadata, filters and
per-format options, and the outputs each document gets."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..core import paths

CONFIG = "_quarto.yml"


# Output extension of each format the briefing is rendered to.
EXTENSIONS = {"html": ".html", "typst": ".pdf"}


# Options the fallback turns into Pandoc flags (everything else under a format is metadata).
FLAG_OPTIONS = {"toc", "toc-depth", "number-sections", "embed-resources", "self-contained", "css",
                "include-in-header", "include-before-body", "include-after-body", "template",
                "citeproc", "section-divs"}


# Quarto-only options with no Pandoc meaning; the fallback leaves them out.
QUARTO_ONLY = {"minimal", "theme", "keep-typ", "keep-md", "keep-tex", "output-file", "output-ext",
               "fig-format", "fig-width", "fig-height", "code-fold", "anchor-sections",
               "smooth-scroll", "citations-hover", "footnotes-hover", "crossrefs-hover",
               "execute", "engine", "jupyter", "freeze", "template-partials", "brand"}


class RenderError(RuntimeError):
    """The briefing was not rendered; the message names the problem. Previous outputs are intact."""


@dataclass(frozen=True)
class Project:
    root: Path
    config: dict[str, Any]
    documents: list[Path]
    formats: dict[str, dict[str, Any]]
    metadata: dict[str, Any] = field(default_factory=dict)

    def outputs(self, document: Path) -> dict[str, Path]:
        return {fmt: document.with_suffix(EXTENSIONS[fmt]) for fmt in self.formats}

    @property
    def build_dir(self) -> Path:
        return self.root / paths.BUILD.relative_to(paths.ROOT)


def load_project(root: Path | None = None) -> Project:
    """Read `_quarto.yml`: the one reader of the configuration, for both renderers."""
    import yaml  # light, and only needed once we know there is a project to read

    root = Path(root or paths.ROOT).resolve()
    config_path = root / CONFIG
    try:
        config = yaml.safe_load(config_path.read_text(encoding="utf-8")) or {}
    except FileNotFoundError:
        raise RenderError(f"{config_path} not found: the render step needs the Quarto project file") from None
    except yaml.YAMLError as exc:
        raise RenderError(f"{config_path} is not valid YAML: {exc}") from None
    project = config.get("project") or {}
    documents = [root / d for d in project.get("render") or []]
    if not documents:
        raise RenderError(f"{CONFIG}: project.render lists no documents")
    for doc in documents:
        if not doc.is_file():
            raise RenderError(f"{CONFIG}: project.render names {doc.relative_to(root)}, which does not exist")
    formats = config.get("format") or {}
    if isinstance(formats, str):
        formats = {formats: {}}
    formats = {name: dict(options or {}) for name, options in formats.items()}
    unknown = sorted(set(formats) - set(EXTENSIONS))
    if unknown:
        raise RenderError(f"{CONFIG}: format {unknown[0]!r} is not one the briefing renders "
                          f"(supported: {', '.join(EXTENSIONS)})")
    if "typst" in formats and not formats["typst"].get("citeproc"):
        raise RenderError(f"{CONFIG}: format.typst needs 'citeproc: true' (the bibliography is CSL-JSON, "
                          "which Typst's own bibliography engine cannot read)")
    metadata = {k: v for k, v in config.items() if k not in ("project", "format")}
    return Project(root, config, documents, formats, metadata)
