"""Notebooks under version control the ecosystem's way (issue 18, item B).

nbstripout is the clone's git filter (the set-up installs it; docs/setup.md): a notebook run and saved
with its outputs, as JupyterLab does, leaves `git status` clean, and the build's digest of it is
unchanged, so nothing reruns. `make notebooks-clean` brings the file itself back to the committed one.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from jupyter_server.services.contents.filemanager import FileContentsManager
from nbclient import NotebookClient

from elite_defections.core import freshness, paths
from elite_defections.engine import notebook_clean

NOTEBOOK = "notebooks/10-compute-elite-eras.ipynb"


def _git(cwd: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=True).stdout


def _is_clone(root: Path) -> bool:
    return shutil.which("git") is not None and (root / ".git").exists()


@pytest.fixture
def clone(tmp_path) -> Path:
    """A clone of this repository's HEAD with the filter installed as the set-up installs it."""
    if not _is_clone(paths.ROOT):
        pytest.skip("not a git clone")
    target = tmp_path / "clone"
    subprocess.run(["git", "clone", "--quiet", "--no-hardlinks", str(paths.ROOT), str(target)], check=True)
    subprocess.run([sys.executable, "-m", "elite_defections.engine.notebook_clean", "--install-filter", str(target)],
                   check=True, capture_output=True)
    return target


def test_the_set_up_installed_the_filter_in_this_clone():
    if not _is_clone(paths.ROOT):
        pytest.skip("not a git clone")
    clean = _git(paths.ROOT, "config", "--get", "filter.nbstripout.clean")
    assert "nbstripout" in clean and str(paths.ROOT / ".venv" / "bin" / "python") in clean, clean
    assert "metadata.language_info" in _git(paths.ROOT, "config", "--get", "filter.nbstripout.extrakeys")
    attributes = _git(paths.ROOT, "check-attr", "filter", "--", NOTEBOOK)
    assert attributes.strip().endswith("filter: nbstripout"), attributes


@pytest.mark.e2e
def test_a_notebook_run_and_saved_with_outputs_leaves_git_clean(clone):
    path = clone / NOTEBOOK
    committed = path.read_bytes()
    digest = freshness.notebook_digest(path)
    # Run it in place with the project's kernel and save it with its outputs, as the Lab does
    # (the kernel's language_info, the project kernel's kernelspec, execution timings).
    nb = nbformat.read(path, as_version=4)
    env = {**os.environ, "ELITE_DEFECTIONS_ROOT": str(clone), "MPLBACKEND": "Agg"}
    client = NotebookClient(nb, kernel_name="python3", timeout=300, resources={"metadata": {"path": str(path.parent)}})
    client.execute(env=env)  # the kernel writes to the clone, not to this checkout
    nb.metadata["kernelspec"] = notebook_clean.project_kernelspec()
    # Saved through Jupyter's contents manager with the post-save hook `make lab` configures
    manager = FileContentsManager(root_dir=str(clone),
                                  post_save_hook="elite_defections.engine.notebook_clean.refresh_git_index")
    manager.save({"type": "notebook", "format": "json", "content": nb}, NOTEBOOK)
    saved = json.loads(path.read_text())
    assert any(cell.get("outputs") for cell in saved["cells"]), "the notebook was saved without outputs"
    assert saved["metadata"]["language_info"].get("version"), saved["metadata"]
    assert path.read_bytes() != committed

    assert _git(clone, "status", "--porcelain") == ""  # the filter commits it as it was
    assert _git(clone, "diff", "--", NOTEBOOK) == ""
    assert freshness.notebook_digest(path) == digest  # the build would not rerun it

    # The hook stages nothing: a change to the code shows as modified
    nb.cells[1].source += "\n# changed"
    manager.save({"type": "notebook", "format": "json", "content": nb}, NOTEBOOK)
    assert _git(clone, "status", "--porcelain") == " M " + NOTEBOOK + "\n"
    assert _git(clone, "diff", "--cached") == ""
    nb.cells[1].source = nb.cells[1].source.removesuffix("\n# changed")
    manager.save({"type": "notebook", "format": "json", "content": nb}, NOTEBOOK)
    assert _git(clone, "status", "--porcelain") == ""

    # make notebooks-clean: the file itself back to the committed bytes
    assert notebook_clean.clean(path)
    assert path.read_bytes() == committed


def test_the_digest_follows_code_not_outputs(tmp_path):
    source = paths.ROOT / NOTEBOOK
    copy = tmp_path / "copy.ipynb"
    nb = json.loads(source.read_text())
    base = freshness.notebook_digest(source)
    nb["metadata"]["language_info"] = {"name": "python", "version": "3.13.0"}
    code = next(c for c in nb["cells"] if c["cell_type"] == "code")
    code["outputs"], code["execution_count"] = [{"output_type": "stream", "name": "stdout", "text": "x"}], 3
    code["id"] = "another-id"
    copy.write_text(json.dumps(nb))
    assert freshness.notebook_digest(copy) == base
    code["source"] = "".join(code["source"]) + "\n# a comment"
    copy.write_text(json.dumps(nb))
    assert freshness.notebook_digest(copy) != base


def test_committed_notebooks_are_as_the_filter_leaves_them(tmp_path):
    """Installing the filter in a clone leaves it clean: each file is nbstripout's output already,
    with the project kernel's kernelspec (what the Lab writes back)."""
    spec = notebook_clean.project_kernelspec()
    committed = {}
    for path in sorted(paths.NOTEBOOKS.glob("*.ipynb")):
        text = _git(paths.ROOT, "show", f"HEAD:notebooks/{path.name}") if _is_clone(paths.ROOT) else path.read_text()
        committed[path.name] = text
        (tmp_path / path.name).write_text(text)
        assert json.loads(text)["metadata"].get("kernelspec") == spec, path.name
    subprocess.run([sys.executable, "-m", "nbstripout", "--extra-keys", notebook_clean.EXTRA_KEYS,
                    *sorted(str(tmp_path / name) for name in committed)], check=True)
    for name, text in committed.items():
        assert (tmp_path / name).read_text() == text, f"{name}: not as nbstripout commits it (make notebooks-clean)"
