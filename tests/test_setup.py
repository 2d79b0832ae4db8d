"""The set-up (issue 18, items A and D): tools/setup_venv.py, tools/lock.py, `make help`.

The venv tests build small venvs of a tiny project in a temporary folder with the same script, so
this checkout's .venv is never touched; `make lock` is run on a copy of the lock's inputs.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from elite_defections.core import paths

TOOLS = paths.ROOT / "tools"
sys.path.insert(0, str(TOOLS))
import lock as lock_tool  # noqa: E402
import setup_venv  # noqa: E402


def _uv() -> str:
    uv = setup_venv.find_uv(bootstrap=False)
    if not uv:
        pytest.skip("no uv (make venv bootstraps it into .venv-tools)")
    return uv


def _old_python() -> str | None:
    """A Python older than 3.11 that really runs (pyenv's shims name versions that are not active)."""
    candidates = [*map(str, sorted(Path.home().glob(".pyenv/versions/3.[0-9]*/bin/python3"))),
                  *filter(None, (shutil.which(n) for n in ("python3.10", "python3.9", "python3.8")))]
    for candidate in candidates:
        probe = subprocess.run([candidate, "-c", "import sys; print(sys.version_info[:2] < (3, 11))"],
                               capture_output=True, text=True)
        if probe.returncode == 0 and probe.stdout.strip() == "True":
            return candidate
    return None


def test_an_old_python_is_refused_at_once_with_the_version_needed():
    with pytest.raises(SystemExit) as refused:
        setup_venv.check_python((3, 10, 13))
    assert ">=3.11" in str(refused.value) and "3.10.13" in str(refused.value)
    setup_venv.check_python((3, 11, 0))  # the oldest supported passes


def test_make_with_an_old_python_stops_before_installing_anything():
    old = _old_python()
    if not old:
        pytest.skip("no Python older than 3.11 on this machine")
    result = subprocess.run(["make", "-s", "venv", f"PYTHON={old}"], cwd=paths.ROOT, capture_output=True,
                            text=True, timeout=60, env={**os.environ, "MAKEFLAGS": ""})
    assert result.returncode != 0
    assert "needs Python >=3.11" in result.stdout + result.stderr
    assert "uv" not in result.stdout  # refused before anything was looked for or installed


@pytest.fixture
def tiny(tmp_path) -> Path:
    """A project of one locked package with this set-up script."""
    (tmp_path / "tools").mkdir()
    shutil.copy(TOOLS / "setup_venv.py", tmp_path / "tools")
    (tmp_path / "pyproject.toml").write_text(
        '[build-system]\nrequires = ["setuptools>=68"]\nbuild-backend = "setuptools.build_meta"\n\n'
        '[project]\nname = "tiny"\nversion = "0"\nrequires-python = ">=3.11"\n\n'
        '[tool.setuptools]\npy-modules = []\n')
    entry = re.search(r"^six==.*?(?=^\S)", (paths.ROOT / "requirements.lock").read_text(), re.M | re.S)[0]
    (tmp_path / "requirements.lock").write_text(entry)
    return tmp_path


def _setup(project: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(project / "tools" / "setup_venv.py")], cwd=project,
                          capture_output=True, text=True, timeout=300, env={**os.environ, "UV": _uv()})


def test_the_venv_is_built_reused_synced_and_rebuilt_when_it_must_be(tiny):
    venv = tiny / ".venv"
    first = _setup(tiny)
    assert first.returncode == 0, first.stdout + first.stderr
    assert "creating .venv" in first.stdout and "uv pip sync" in first.stdout  # it says what it does
    stamp = json.loads((venv / ".installed").read_text())
    assert stamp["python"] == sys.version.split()[0]
    assert (venv / "bin" / "pip").exists()  # seeded: `.venv/bin/pip install ...` works

    again = _setup(tiny)
    assert again.returncode == 0 and again.stdout == ""  # current: nothing to do, nothing printed

    (venv / "marker").write_text("")
    with open(tiny / "requirements.lock", "a") as lock:
        lock.write("    # a comment changes the lock's digest\n")
    synced = _setup(tiny)
    assert synced.returncode == 0 and "syncing .venv" in synced.stdout and (venv / "marker").exists()

    stamp = json.loads((venv / ".installed").read_text())
    (venv / ".installed").write_text(json.dumps({**stamp, "python": "3.12.1", "executable": "/elsewhere"}))
    rebuilt = _setup(tiny)
    assert rebuilt.returncode == 0 and "built for Python 3.12.1" in rebuilt.stdout
    assert not (venv / "marker").exists()  # deleted and built again, not reused

    (venv / ".installed").unlink()  # an install that never finished
    (venv / "marker").write_text("")
    unfinished = _setup(tiny)
    assert unfinished.returncode == 0 and "never finished" in unfinished.stdout
    assert not (venv / "marker").exists() and (venv / ".installed").exists()


def test_a_failed_install_leaves_no_venv_to_reuse(tiny):
    assert _setup(tiny).returncode == 0
    # a lock whose file does not match its hash: the install fails half-way through the sync
    (tiny / "requirements.lock").write_text("six==1.16.0 \\\n    --hash=sha256:" + "0" * 64 + "\n")
    failed = _setup(tiny)
    assert failed.returncode != 0
    assert "set-up failed" in failed.stderr and ".venv was deleted" in failed.stderr
    assert not (tiny / ".venv").exists()


def test_make_lock_writes_the_lock_and_environment_yml_together_and_nothing_else(tmp_path):
    """On a copy of the inputs: an up-to-date lock is left as it is, environment.yml is rewritten
    equal to the lock, and no file appears (nothing is built: no build/lib, no egg-info)."""
    for name in ("pyproject.toml", "requirements.lock", "environment.yml", "README.md"):
        shutil.copy(paths.ROOT / name, tmp_path / name)
    shutil.copytree(TOOLS, tmp_path / "tools", ignore=shutil.ignore_patterns("__pycache__"))
    env_yml = (tmp_path / "environment.yml").read_text()
    (tmp_path / "environment.yml").write_text(re.sub(r"(pandas==)\S+", r"\g<1>0.0.0", env_yml))  # drifted
    before = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*") if "__pycache__" not in p.parts)
    result = subprocess.run([sys.executable, "tools/lock.py"], cwd=tmp_path, capture_output=True, text=True,
                            timeout=300, env={**os.environ, "UV": _uv()})
    if result.returncode != 0 and "network" in (result.stderr + result.stdout).lower():
        pytest.skip("the package index cannot be reached: " + result.stderr[-300:])
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 moved, 0 added, 0 removed" in result.stdout
    assert (tmp_path / "requirements.lock").read_text() == (paths.ROOT / "requirements.lock").read_text()
    assert (tmp_path / "environment.yml").read_text() == env_yml
    after = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*") if "__pycache__" not in p.parts)
    assert after == before


def test_environment_yml_is_what_make_lock_writes():
    text = (paths.ROOT / "environment.yml").read_text()
    assert lock_tool.environment_yml(text, lock_tool.pins(), lock_tool.declared()) == text


def test_make_help_lists_the_variables_and_the_common_options():
    result = subprocess.run(["make", "-s", "help"], cwd=paths.ROOT, capture_output=True, text=True,
                            env={**os.environ, "MAKEFLAGS": ""})
    assert result.returncode == 0
    for expected in ("PARAMS=", "ARGS=", "--no-sensitivity", "--force", "--jobs", "LAB_PORT=", "PYTHON=",
                     "make report", "make lab", "make lock", "docs/setup.md"):
        assert expected in result.stdout, expected


def _setup_doc_make_commands() -> list[str]:
    text = (paths.ROOT / "docs" / "setup.md").read_text()
    lines = [line.split("#")[0].strip() for block in re.findall(r"```sh\n(.*?)```", text, re.S)
             for line in block.splitlines()]
    return [line for line in lines if line.startswith("make ")]


@pytest.mark.parametrize("command", _setup_doc_make_commands())
def test_docs_setup_make_commands_work(command):
    """docs/setup.md's make commands exist and pass every VAR=value on (a dry run, as test_readme)."""
    import shlex

    argv = shlex.split(command)
    result = subprocess.run(["make", "-n", *argv[1:]], cwd=paths.ROOT, capture_output=True, text=True,
                            env={**os.environ, "MAKEFLAGS": ""})
    assert result.returncode == 0, result.stderr
    for assignment in (a for a in argv[1:] if "=" in a):
        name, value = assignment.split("=", 1)
        if name == "UPGRADE":
            assert "--upgrade" in result.stdout
            continue
        for word in value.split():
            assert word in result.stdout, f"{assignment}: {word!r} never reaches the command"
