"""Every path the project uses, defined once, relative to the project root."""

from __future__ import annotations

import os
import shutil
from pathlib import Path


def _find_root() -> Path:
    # An explicit root wins (notebooks executed from build/ copies, tests on a clone).
    if "ELITE_DEFECTIONS_ROOT" in os.environ:
        return Path(os.environ["ELITE_DEFECTIONS_ROOT"]).resolve()
    here = Path.cwd().resolve()
    for candidate in (here, *here.parents):
        if (candidate / "_quarto.yml").is_file() and (candidate / "data").is_dir():
            return candidate
    # Installed in editable mode: src/elite_defections/core/paths.py -> project root.
    return Path(__file__).resolve().parents[3]


ROOT = _find_root()

DATA = ROOT / "data"
SOURCES_DIR = DATA / "sources"
ARTICLES_DIR = SOURCES_DIR / "articles"
SOURCES_REGISTRY = SOURCES_DIR / "sources.yaml"
CLAIMS = DATA / "claims.yaml"
PEOPLE = DATA / "people.yaml"
REFERENCE_DIR = DATA / "reference"
ARRIVALS = REFERENCE_DIR / "mou_arrivals.csv"
ARRIVALS_META = REFERENCE_DIR / "mou_arrivals.yaml"
DISCREPANCIES = REFERENCE_DIR / "discrepancies.csv"
FACTS = REFERENCE_DIR / "facts.yaml"
OUTSIDE_SOURCES = REFERENCE_DIR / "outside_sources.yaml"  # bibliography entries behind facts and rows
QUANTITIES = DATA / "quantities.yaml"        # quantity groups the ledger's fields cannot decide
FINDINGS = DATA / "findings.yaml"            # errors of fact that are not numbers
SENTENCES = DATA / "sentences.yaml"          # every sentence of every article, classified
GRADING_SCALE = DATA / "grading_scale.yaml"  # the Admiralty scale and the grading rules
CLAIMREVIEW = DATA / "claimreview.yaml"      # publisher and rating map for the ClaimReview export

PARAMS = ROOT / "params.yaml"
NOTEBOOKS = ROOT / "notebooks"
REPORT = ROOT / "report"

BUILD = ROOT / "build"
# The project's lock (builds, intake, `make clean`): outside build/, so removing build/ never removes it.
LOCK = ROOT / ".elite-defections.lock"
BUILD_NOTEBOOKS = BUILD / "notebooks"
BUILD_FAILED = BUILD / "failed"
STATISTICS_DIR = BUILD / "statistics"
STATISTICS = BUILD / "statistics.json"
FIGURES = BUILD / "figures"
BIBLIOGRAPHY = BUILD / "references.json"
# Where a notebook run by hand (JupyterLab, Papermill without output_dir) writes: never the build's.
SCRATCH = BUILD / "scratch"


def output_dir(given: Path | str | None) -> Path:
    """The folder a notebook writes its statistics, figures and exports under."""
    return Path(given) if given else SCRATCH

# What a build reads from the project (everything else it writes under build/ and report/).
PROJECT_INPUTS = ("data", "notebooks", "params.yaml", "_quarto.yml", "report", "src/elite_defections/render/filters")
RENDERED = ("briefing.html", "briefing.pdf", "annex.html", "annex.pdf")


def copy_project(target: Path) -> Path:
    """Copy the build's inputs to `target` (for tests and the benchmark, which build in a copy)."""
    target.mkdir(parents=True, exist_ok=True)
    for name in PROJECT_INPUTS:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=shutil.ignore_patterns(*RENDERED, "__pycache__"))
        else:
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    return target
