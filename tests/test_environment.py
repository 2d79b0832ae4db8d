"""Dependencies are declared once (pyproject), pinned once (requirements.lock), and
environment.yml offers exactly the same pins to conda users."""

from __future__ import annotations

import re
import tomllib

import yaml

from elite_defections.core import paths


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _lock() -> dict[str, str]:
    """The lock's pins (uv's hashed format: `name==version \\`, its hashes, `# via` comments)."""
    text = (paths.ROOT / "requirements.lock").read_text()
    return {_norm(m[1]): m[2] for m in re.finditer(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s\\;]+)", text, re.M)}


def _declared() -> list[str]:
    project = tomllib.loads((paths.ROOT / "pyproject.toml").read_text())["project"]
    deps = project["dependencies"] + project["optional-dependencies"]["test"]
    return [_norm(re.split(r"[<>=!~\[ ]", d)[0]) for d in deps]


def test_every_declared_dependency_is_pinned():
    lock = _lock()
    assert not [d for d in _declared() if d not in lock]


def test_environment_yml_matches_the_lock():
    env = yaml.safe_load((paths.ROOT / "environment.yml").read_text())
    pip_section = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    pinned = {_norm(p.split("==")[0]): p.split("==")[1] for p in pip_section if "==" in p}
    lock = _lock()
    assert set(pinned) == set(_declared())
    assert {name: lock[name] for name in pinned} == pinned
    conda = [d for d in env["dependencies"] if isinstance(d, str)]
    # Quarto pinned to a series whose bundled Typst (>= 0.13, Quarto >= 1.7) reads #image(bytes(...))
    quarto = next(d for d in conda if re.match(r"quarto\b", d))
    series = re.fullmatch(r"quarto=(\d+)\.(\d+)", quarto)
    assert series and (int(series[1]), int(series[2])) >= (1, 7), quarto


def test_the_lock_is_hashed_and_made_by_make_lock():
    """Every pin carries its files' hashes (the set-up installs with --require-hashes), and the lock
    says how it was made: by uv from pyproject.toml, for the oldest Python the project supports."""
    text = (paths.ROOT / "requirements.lock").read_text()
    assert "by uv" in text.splitlines()[0] and text.splitlines()[1] == "#    make lock"
    entries = re.split(r"\n(?=[A-Za-z0-9])", text[text.index("\n", text.index("make lock")) + 1:])
    assert len(entries) == len(_lock()) > 100
    unhashed = [e.split()[0] for e in entries if "--hash=sha256:" not in e]
    assert not unhashed


def test_quarto_cli_is_not_a_pip_dependency():
    assert "quarto-cli" not in _declared() and "quarto-cli" not in _lock()
