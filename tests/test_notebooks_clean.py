"""Notebooks are committed without outputs; executed copies live in build/."""

from __future__ import annotations

import nbformat

from elite_defections import paths


def test_committed_notebooks_have_no_outputs():
    for path in sorted(paths.NOTEBOOKS.glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        for index, cell in enumerate(nb.cells):
            if cell.cell_type == "code":
                assert not cell.outputs, f"{path.name}: cell {index} has outputs (run make notebooks-clean)"
                assert cell.execution_count is None, f"{path.name}: cell {index} has an execution count"
