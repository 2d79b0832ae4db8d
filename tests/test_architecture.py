"""The package's shape: layers that import only downward, no import cycle, no import hidden in a
function, no private name used outside its module, small modules (see core/layers.py)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from elite_defections.core.layers import LAYERS, NOTEBOOK_LAYERS

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "elite_defections"
ROOT_MODULES = ("__init__", "__main__", "cli")  # the package's top: the command line
MAX_LINES = 400


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" and len(parts) > 1 else parts)


MODULES = {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _layer(module: str) -> int:
    """A module's height: its layer's index; the root modules sit above every layer."""
    first = module.split(".")[0]
    return LAYERS.index(first) if first in LAYERS else len(LAYERS)


def _resolve(module: str, node: ast.ImportFrom) -> list[str]:
    """The package modules an import names (relative or absolute), each as a key of MODULES."""
    if node.level == 0:
        if not (node.module or "").startswith("elite_defections"):
            return []
        base = node.module.removeprefix("elite_defections").lstrip(".")
    else:
        here = module.split(".") if MODULES[module].name == "__init__.py" else module.split(".")[:-1]
        if module in ROOT_MODULES:
            here = []
        up = here[:len(here) - (node.level - 1)] if node.level > 1 else here
        base = ".".join([*up, *([node.module] if node.module else [])])
    targets = []
    for alias in node.names:
        candidate = f"{base}.{alias.name}" if base else alias.name
        if candidate in MODULES:
            targets.append(candidate)   # `from .core import paths`: the module paths
        else:
            targets.append(base or "__init__")  # `from .paths import ROOT`: the module itself
    return targets


def _imports(module: str) -> list[tuple[str, ast.ImportFrom, bool]]:
    """(target module, node, at module level) for every import of a package module."""
    tree = ast.parse(MODULES[module].read_text(encoding="utf-8"))
    top = {id(n) for n in tree.body}
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import) and any(a.name.startswith("elite_defections") for a in node.names):
            found.extend((a.name.removeprefix("elite_defections.") or "__init__", node, id(node) in top)
                         for a in node.names)
        if isinstance(node, ast.ImportFrom):
            found.extend((target, node, id(node) in top) for target in _resolve(module, node))
    return found


GRAPH = {m: {t for t, _, _ in _imports(m) if t != m} for m in MODULES}


def test_every_import_of_the_package_resolves_to_one_of_its_modules():
    for module, targets in GRAPH.items():
        unknown = sorted(t for t in targets if t not in MODULES)
        assert not unknown, f"{module} imports {unknown}, which are not modules of the package"


def test_the_graph_sees_the_imports_it_should():
    """The test can fail: it finds known edges, across layers and inside one."""
    assert "core.paths" in GRAPH["evidence.claims"]
    assert "evidence.check_schema" in GRAPH["evidence.claims"]
    assert "core.formatting" in GRAPH["core.params"]


def test_layers_import_only_downward():
    upward = [f"{m} ({LAYERS[_layer(m)] if _layer(m) < len(LAYERS) else 'root'}) imports {t}"
              for m, targets in GRAPH.items() for t in targets if t != "__init__" and _layer(t) > _layer(m)]
    assert not upward, "imports that run up the layers:\n" + "\n".join(upward)


def test_no_import_cycle():
    state: dict[str, str] = {}
    path: list[str] = []

    def visit(module: str) -> None:
        state[module] = "open"
        path.append(module)
        for target in sorted(GRAPH[module]):
            if state.get(target) == "open":
                cycle = path[path.index(target):] + [target]
                pytest.fail("import cycle: " + " -> ".join(cycle))
            if target not in state:
                visit(target)
        path.pop()
        state[module] = "done"

    for module in sorted(GRAPH):
        if module not in state:
            visit(module)


def test_no_package_import_is_hidden_inside_a_function():
    hidden = [f"{m}:{node.lineno} imports {t}" for m in MODULES for t, node, top in _imports(m) if not top]
    assert not hidden, "imports inside functions (move them to the top; a cycle means a layer is wrong):\n" \
        + "\n".join(hidden)


def test_no_private_name_is_imported_from_another_module():
    private = sorted({f"{m}:{node.lineno} imports {a.name}" for m in MODULES
                      for _, node, _ in _imports(m) for a in node.names
                      if a.name.startswith("_") and a.name != "__version__"})
    assert not private, "\n".join(private)


def test_modules_stay_small():
    big = {m: n for m, p in MODULES.items() if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert not big, f"modules over {MAX_LINES} lines: {big}"


def test_the_notebook_layers_are_the_lower_layers():
    """Freshness digests these layers' code: a notebook must not import from any other."""
    assert NOTEBOOK_LAYERS == LAYERS[:len(NOTEBOOK_LAYERS)]
    for notebook in sorted((PACKAGE.parents[1] / "notebooks").glob("*.ipynb")):
        text = notebook.read_text(encoding="utf-8")
        for layer in LAYERS[len(NOTEBOOK_LAYERS):]:
            assert f"elite_defections.{layer}" not in text, f"{notebook.name} imports the {layer} layer"
