"""What a notebook's statistics were computed from, recorded with them, and whether that still holds.

Each statistics file records the digest of the notebook's inputs (the notebook, the data and the
package code) and the parameters the notebook actually read, with their values. The build merges a
file only when both still match its own, and reruns the notebook otherwise; so a notebook run by
hand with other parameters can never pass for the build's, and changing a parameter reruns only
the notebooks that read it.

Imported inside the kernels (by `evidence.recorder.Recorder`): standard library only.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path
from typing import Any

from . import paths
from .layers import NOTEBOOK_LAYERS

PACKAGE = Path(__file__).resolve().parents[1]


def _hash_files(files: list[Path], base: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(files):
        digest.update(str(path.relative_to(base)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def shared_digest() -> str:
    """The data and package code every notebook reads."""
    data = [p for p in paths.DATA.rglob("*") if p.is_file()]
    code = [p for layer in NOTEBOOK_LAYERS for p in (PACKAGE / layer).rglob("*.py")]
    return _hash_files(data, paths.ROOT) + _hash_files(code, PACKAGE)


def notebook_digest(path: str | Path) -> str:
    """sha256 of what a notebook computes: each cell's type, source and tags (`parameters` says
    where papermill injects the build's values), in order. Outputs, execution counts, ids and
    metadata (kernelspec, language_info, timings) are left out: saving a notebook run in the Lab
    does not change it."""
    nb = json.loads(Path(path).read_text(encoding="utf-8"))
    cells = [[cell.get("cell_type"),
              "".join(cell["source"]) if isinstance(cell.get("source"), list) else cell.get("source", ""),
              sorted(cell.get("metadata", {}).get("tags", []))]
             for cell in nb.get("cells", [])]
    return hashlib.sha256(json.dumps(cells, ensure_ascii=False).encode("utf-8")).hexdigest()


def input_digest(notebook: str, shared: str | None = None) -> str:
    """One notebook's inputs: the notebook file and the shared data and code."""
    digest = hashlib.sha256(notebook_digest(paths.NOTEBOOKS / f"{notebook}.ipynb").encode())
    digest.update((shared or shared_digest()).encode())
    return digest.hexdigest()


def plain(value: Any) -> Any:
    """A parameter value as recorded (JSON): dates as ISO text."""
    return value.isoformat() if isinstance(value, dt.date) else value


class ReadParameters(dict):
    """The build's parameters, remembering which ones the notebook read.

    Every way of reading a value (indexing, `get`, iterating the values or items, copying)
    counts, so nothing read goes unrecorded; `in` does not read a value.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.read: set[str] = set()

    def __getitem__(self, name):
        self.read.add(name)
        return super().__getitem__(name)

    def get(self, name, default=None):
        self.read.add(name)
        return super().get(name, default)

    def _read_all(self):
        self.read.update(self.keys())

    def __iter__(self):  # also makes dict(params) and {**params} go through __getitem__
        return super().__iter__()

    def values(self):
        self._read_all()
        return super().values()

    def items(self):
        self._read_all()
        return super().items()

    def copy(self):
        self._read_all()
        return dict(super().items())

    def __eq__(self, other):
        self._read_all()
        return super().__eq__(other)

    __hash__ = None

    def _repr_pretty_(self, printer, cycle):  # showing the parameters in a notebook is not reading them
        printer.text(dict.__repr__(self))

    def recorded(self) -> dict[str, Any]:
        """The parameters read so far, with their values, as recorded."""
        return {name: plain(dict.__getitem__(self, name)) for name in sorted(self.read) if name in self}


def is_current(record: dict[str, Any], params: dict[str, Any], digest: str) -> str | None:
    """None when a statistics file was computed from these inputs and parameters; else the reason."""
    if record.get("inputs") != digest:
        return "its inputs changed"
    read = record.get("parameters")
    if not isinstance(read, dict):
        return "it records no parameters"
    gone = [name for name in read if name not in params]
    if gone:
        return f"it read parameter {gone[0]!r}, which no longer exists"
    changed = [f"{name} changed ({value} -> {plain(params[name])})" for name, value in read.items()
               if plain(params[name]) != value]
    if not changed:
        return None
    # every changed parameter it read, not only the first
    return ("parameter " if len(changed) == 1 else "parameters ") + ", ".join(changed[:-1]) + \
        (" and " if len(changed) > 1 else "") + changed[-1]
