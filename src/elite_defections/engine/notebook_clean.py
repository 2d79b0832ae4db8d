"""Strip outputs and execution counts from notebooks, so they are committed clean.

    python -m elite_defections.engine.notebook_clean notebooks/*.ipynb
"""

from __future__ import annotations

import sys

import nbformat


def clean(path: str) -> bool:
    nb = nbformat.read(path, as_version=4)
    changed = False
    for cell in nb.cells:
        if cell.cell_type == "code" and (cell.outputs or cell.execution_count is not None):
            cell.outputs, cell.execution_count, changed = [], None, True
    if changed:
        nbformat.write(nb, path)
    return changed


if __name__ == "__main__":
    for name in sys.argv[1:]:
        if clean(name):
            print(f"cleaned {name}")
