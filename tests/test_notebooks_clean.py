"""Notebooks are committed without outputs; executed copies live in build/."""

from __future__ import annotations

import subprocess

import nbformat

from elite_defections.core import paths


def _committed(path):
    """What git commits for a notebook: its staged content (after the nbstripout filter), so that a
    notebook saved with outputs in the Lab does not fail this test; the file outside a git clone."""
    staged = subprocess.run(["git", "show", f":notebooks/{path.name}"], cwd=paths.ROOT, capture_output=True,
                            text=True)
    return nbformat.reads(staged.stdout, as_version=4) if staged.returncode == 0 else nbformat.read(path, as_version=4)


def test_committed_notebooks_have_no_outputs():
    for path in sorted(paths.NOTEBOOKS.glob("*.ipynb")):
        nb = _committed(path)
        for index, cell in enumerate(nb.cells):
            if cell.cell_type == "code":
                assert not cell.outputs, f"{path.name}: cell {index} has outputs (run make notebooks-clean)"
                assert cell.execution_count is None, f"{path.name}: cell {index} has an execution count"


def test_notebook_prose_types_no_figures():
    """Figures in a notebook's narrative come from its computed output (tables, or Markdown written
    from the statistics), so the notebook never contradicts itself after a data change. Names in
    code spans (`10-compute-elite-eras.json`) are not figures."""
    import re

    for path in sorted(paths.NOTEBOOKS.glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        opening = nb.cells[0].source
        assert all(f"**{part}.**" in opening for part in ("Purpose", "Inputs", "Outputs")), path.name
        for index, cell in enumerate(nb.cells):
            if cell.cell_type == "markdown":
                prose = re.sub(r"`[^`]*`", "", cell.source)
                typed = re.findall(r"[^\n]*\d[^\n]*", prose)
                assert not typed, f"{path.name}: markdown cell {index} types a figure: {typed[0].strip()}"
