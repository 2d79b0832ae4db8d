"""Notebooks in git: committed without outputs or metadata drift, digested by what they compute.

    python -m elite_defections.engine.notebook_clean notebooks/*.ipynb    # `make notebooks-clean`
    python -m elite_defections.engine.notebook_clean --install-filter      # the set-up runs this

The git filter is nbstripout's (`nbstripout --install --attributes .gitattributes`), with
`EXTRA_KEYS` on top of its defaults; so a notebook run and saved in JupyterLab is committed as it was,
and `git status` stays clean. `clean` applies the same stripping to the files themselves (nbstripout
again) and sets the notebook's kernelspec to the project kernel's, the one JupyterLab writes back.

What the build's freshness check digests of a notebook (its cells' types, sources and tags, so
saving it with outputs does not make the build rerun it) is `core.freshness.notebook_digest`.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

# Dropped by the filter and by `clean` on top of nbstripout's defaults (outputs, execution counts,
# cell execution timings, widgets state): the kernel's Python version and the like, which change
# with whoever ran the notebook.
EXTRA_KEYS = "metadata.language_info"
KERNEL = "python3"  # the project's kernel, the .venv's ipykernel (papermill and the Lab use it)


def project_kernelspec() -> dict[str, str]:
    """The kernelspec JupyterLab writes into a notebook run with the project's kernel."""
    from jupyter_client.kernelspec import KernelSpecManager

    spec = KernelSpecManager().get_kernel_spec(KERNEL)
    return {"display_name": spec.display_name, "language": spec.language, "name": KERNEL}


def clean(path: str | Path, kernelspec: dict[str, str] | None = None) -> bool:
    """Strip outputs and drift from one notebook file as the git filter does; True when it changed."""
    path = Path(path)
    before = path.read_bytes()
    nb = json.loads(before)
    wanted = kernelspec or project_kernelspec()
    if nb.get("metadata", {}).get("kernelspec") != wanted:
        nb.setdefault("metadata", {})["kernelspec"] = wanted
        path.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    subprocess.run([sys.executable, "-m", "nbstripout", "--extra-keys", EXTRA_KEYS, str(path)], check=True)
    return path.read_bytes() != before


def refresh_git_index(os_path: str, model: dict | None = None, **_) -> bool:
    """JupyterLab's post-save hook (`make lab`): after a notebook is saved with outputs, tell git that
    the file still commits as the index has it, so `git status` stays clean.

    git compares a file's size before running the filter, so a notebook saved with outputs shows as
    modified even though `git diff` is empty. When the filtered file equals the index's (`git diff
    --quiet`), `git add` rewrites the same blob and only refreshes the index's record of the file;
    a notebook whose code changed, or one git does not track, is left alone. True when refreshed."""
    if model is not None and model.get("type") != "notebook":
        return False
    path = Path(os_path)

    def git(*args):
        return subprocess.run(["git", *args, "--", path.name], cwd=path.parent, capture_output=True, text=True)

    try:
        if git("ls-files", "--error-unmatch").returncode != 0 or git("diff", "--quiet").returncode != 0:
            return False
        return git("add").returncode == 0
    except OSError:  # no git
        return False


def install_filter(root: str | Path) -> None:
    """nbstripout as the git filter of the clone at `root` (.gitattributes, committed, names it)."""
    root = Path(root)
    subprocess.run([sys.executable, "-m", "nbstripout", "--install", "--attributes",
                    str(root / ".gitattributes")], cwd=root, check=True)
    subprocess.run(["git", "config", "--local", "filter.nbstripout.extrakeys", EXTRA_KEYS], cwd=root, check=True)


def main(argv: list[str]) -> int:
    if argv[:1] == ["--install-filter"]:
        root = Path(argv[1]) if len(argv) > 1 else Path.cwd()
        install_filter(root)
        print("notebooks: git filter nbstripout installed (outputs, execution counts and language_info are "
              "not committed; a notebook run and saved in the Lab leaves git clean)")
        return 0
    kernelspec = project_kernelspec()
    for name in argv:
        if clean(name, kernelspec):
            print(f"cleaned {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
