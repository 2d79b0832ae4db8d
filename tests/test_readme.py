"""Every command the README and the pages under docs/ show works as shown, and every link between
them leads somewhere.

Commands are taken from each page's code blocks and from inline code that starts with a known
program. Each is checked the cheapest way that would still catch it rotting: make targets by a dry
run (`make -n`) whose output must carry every VAR=value given, the command line by parsing it with
the real parser and checking its parameters (or running it, when short), scripts by existing and
parsing. A command of a program this test does not know fails it, so a new kind of command cannot
slip through unchecked.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
import textwrap

import pytest
import yaml

from conftest import cli
from elite_defections.cli import build_parser
from elite_defections.core import params, paths

PROGRAMS = ("make", ".venv/bin/elite-defections", "elite-defections", "conda", "quarto", ".ci/run", "jupyter",
            ".venv/bin/python", "git")
GIT_READ_ONLY = ("status", "diff", "log", "show")  # git commands a page may show: they change nothing


PAGES = [paths.ROOT / "README.md", *sorted((paths.ROOT / "docs").glob("*.md"))]


def page_commands(page) -> list[str]:
    text = page.read_text(encoding="utf-8")
    found = []
    for language, block in re.findall(r"```(\w*)\n(.*?)```", text, flags=re.S):
        if language not in ("", "sh", "bash"):  # `text` and `console` blocks show output, not commands
            continue
        joined = re.sub(r"\\\n\s*", " ", block)  # a command continued over lines with a backslash
        for line in joined.splitlines():
            found += [part.strip() for part in line.split("#")[0].split("&&") if part.strip()]
    prose = re.sub(r"```.*?```", "", text, flags=re.S)
    for span in re.findall(r"`([^`\n]+)`", prose):
        words = span.split()
        # a bare program name ("needs `make`", "a `quarto` executable") is a name, not a command
        if words and words[0] in PROGRAMS and (len(words) > 1 or "/" in words[0]):
            found.append(span)
    return sorted(set(found))


COMMANDS = sorted({c for page in PAGES for c in page_commands(page)})


def python_blocks(page) -> list[str]:
    """A page's ```python blocks (a block inside a list item is indented: dedented here)."""
    found = re.findall(r"^[ \t]*```python\n(.*?)^[ \t]*```", page.read_text(encoding="utf-8"), flags=re.S | re.M)
    return [textwrap.dedent(block) for block in found]


PYTHON_BLOCKS = [(page, n, block) for page in PAGES for n, block in enumerate(python_blocks(page), 1)]
README_COMMANDS = page_commands(paths.ROOT / "README.md")


def test_the_readme_shows_the_main_commands():
    for expected in ("make report", "make test", "make lab", "make diff"):
        assert any(c == expected or c.startswith(expected + " ") or c.endswith(expected)
                   for c in README_COMMANDS), expected


def test_the_readme_is_a_front_door():
    """Short enough to read first; the rest lives in docs/, one topic a page, each linked from it."""
    readme = (paths.ROOT / "README.md").read_text(encoding="utf-8")
    assert len(readme.splitlines()) <= 150
    for page in PAGES[1:]:
        assert f"docs/{page.name}" in readme, f"docs/{page.name} is not linked from the README"


def _anchor(heading: str) -> str:
    """The anchor a heading gets (GitHub's rule: lowercase, punctuation dropped, spaces to '-')."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_every_link_leads_somewhere(page):
    text = re.sub(r"```.*?```", "", page.read_text(encoding="utf-8"), flags=re.S)
    for target in re.findall(r"\]\(([^)\s]+)\)", text):
        if target.startswith(("http://", "https://", "mailto:")):
            continue
        file, _, anchor = target.partition("#")
        linked = (page.parent / file).resolve() if file else page
        assert linked.is_file(), f"{page.name}: {target} does not exist"
        if anchor and linked.suffix == ".md":
            headings = re.findall(r"^#+ (.+)$", linked.read_text(encoding="utf-8"), flags=re.M)
            assert anchor in {_anchor(h) for h in headings}, f"{page.name}: no heading #{anchor} in {linked.name}"


def _check_make(argv: list[str]) -> None:
    result = subprocess.run(["make", "-n", *argv[1:]], cwd=paths.ROOT, capture_output=True, text=True,
                            env={**os.environ, "MAKEFLAGS": ""})
    assert result.returncode == 0, result.stderr
    for assignment in (a for a in argv[1:] if "=" in a):
        for value in assignment.split("=", 1)[1].split():  # PARAMS="a=1 b=2": each must reach the command
            if value in result.stdout:
                continue
            # a switch (UPGRADE=1) need not appear itself, but it must change the command
            without = subprocess.run(["make", "-n", *(a for a in argv[1:] if a != assignment)], cwd=paths.ROOT,
                                     capture_output=True, text=True, env={**os.environ, "MAKEFLAGS": ""})
            assert without.stdout != result.stdout, f"{assignment} never reaches the command:\n{result.stdout}"


def _check_cli(argv: list[str], tmp_path) -> None:
    args = argv[1:]
    parsed = build_parser().parse_args(args)  # unknown commands or options exit here
    if parsed.command in ("add-source", "draft-claims"):  # the pages' example article is not in the project
        return
    if parsed.command in ("build", "run", "render"):
        # long: check the parameters it would be given, do not build
        params.load(params.parse_overrides(getattr(parsed, "param", [])))
        return
    project = paths.copy_project(tmp_path / "project")
    if parsed.command == "diff" and not parsed.old:  # needs an earlier build: give it one
        (project / "build").mkdir()
        for name in ("statistics.json", "statistics.previous.json"):
            (project / "build" / name).write_text('{"parameters": {}, "statistics": {}}')
    result = cli(project, *args)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("command", COMMANDS)
def test_readme_command_works(command, tmp_path):
    argv = shlex.split(command)
    program = argv[0]
    if program == "make":
        _check_make(argv)
    elif program in (".venv/bin/elite-defections", "elite-defections"):
        _check_cli(argv, tmp_path)
    elif program == "conda":  # `conda env create -f environment.yml`: the file it reads must be a conda env
        env = yaml.safe_load((paths.ROOT / argv[argv.index("-f") + 1]).read_text())
        assert env["name"] and env["dependencies"]
    elif program == "quarto":
        if shutil.which("quarto"):
            assert subprocess.run(["quarto", argv[1], "--help"], capture_output=True).returncode == 0
        assert (paths.ROOT / "_quarto.yml").is_file()
    elif program == ".ci/run":
        script = paths.ROOT / program
        assert os.access(script, os.X_OK)
        assert subprocess.run(["bash", "-n", str(script)]).returncode == 0
    elif program == ".venv/bin/python":  # a script of the project's: it exists, compiles and takes its options
        script = paths.ROOT / argv[1]
        assert script.is_file(), argv[1]
        compile(script.read_text(encoding="utf-8"), str(script), "exec")
        for option in (a for a in argv[2:] if a.startswith("--")):
            assert option in script.read_text(encoding="utf-8"), f"{argv[1]} does not know {option}"
    elif program == "git":
        if len(argv) == 2 and argv[1] == "add":  # named in prose, not a command to copy
            return
        if argv[1] == "config":  # reading the clone's settings
            assert "--get-regexp" in argv or "--get" in argv, command
            assert subprocess.run(argv, cwd=paths.ROOT, capture_output=True).returncode in (0, 1)
            return
        assert argv[1] in GIT_READ_ONLY, f"{command!r}: a page shows only git commands that change nothing"
    elif program == "jupyter":  # runs a server: that it starts is tests/test_lab.py's job
        assert subprocess.run([sys.executable, "-m", "jupyter", argv[1], "--help"], capture_output=True,
                              cwd=paths.ROOT).returncode == 0
    else:
        pytest.fail(f"README command {command!r}: this test does not know how to check {program!r}")


def test_the_pages_show_python_to_run():
    """The recipe for adding a statistic (docs/notebooks.md) is one; a page losing it is noticed."""
    assert any(page.name == "notebooks.md" for page, _, _ in PYTHON_BLOCKS)


@pytest.mark.parametrize("page, number, block", PYTHON_BLOCKS,
                         ids=[f"{page.name}-{n}" for page, n, _ in PYTHON_BLOCKS])
def test_every_python_block_of_the_pages_runs(page, number, block):
    """Each ```python block is self-contained: run as it is, in a fresh namespace, it must not raise."""
    code = compile(block, f"{page.name} (python block {number})", "exec")
    exec(code, {"__name__": "__main__"})
