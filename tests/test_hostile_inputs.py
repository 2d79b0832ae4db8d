"""Hostile and broken inputs (issue 19): each gets a named error (the file, the record, what is
wrong), never a traceback, and leaves the project's data as it was. Each case breaks one thing in
a copy of the project and runs the command line on it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Callable

import pytest
import yaml

from elite_defections.core import paths

OWN = "dailystar2024-elite-more-than-doubled"  # the ledger's first claim


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    return paths.copy_project(tmp_path_factory.mktemp("hostile") / "project")


def _snapshot(project: Path) -> dict[str, bytes]:
    files = [p for p in sorted((project / "data").rglob("*")) if p.is_file()] + [project / "params.yaml"]
    return {str(p.relative_to(project)): p.read_bytes() for p in files}


def run_cli(project: Path, *args: str, prelude: str = "", env: dict | None = None, timeout: float = 60):
    code = f"{prelude}\nimport sys\nfrom elite_defections.cli import main\nsys.exit(main({list(args)!r}))"
    environment = {**os.environ, "ELITE_DEFECTIONS_ROOT": str(project), **(env or {})}
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=environment,
                          cwd=project, timeout=timeout)


def edit_claim(project: Path, **fields) -> None:
    ledger = project / "data/claims.yaml"
    records = yaml.safe_load(ledger.read_text(encoding="utf-8"))
    records[0].update(fields)
    ledger.write_text(yaml.safe_dump(records, allow_unicode=True, sort_keys=False, width=10**6), encoding="utf-8")


def replace(project: Path, name: str, old: str, new: str) -> None:
    path = project / name
    text = path.read_text(encoding="utf-8")
    assert old in text, (name, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _arith(expression: str, **terms) -> dict:
    return {"kind": "arithmetic", "expression": expression, "terms": terms}


def _alias_bomb(project: Path) -> None:
    levels = ["a0: &a0 [" + ", ".join(["'lol'"] * 10) + "]"]
    levels += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 9)]
    ledger = project / "data/claims.yaml"
    text = ledger.read_text(encoding="utf-8")
    note = text.index("  note: ", text.index(f"- id: {OWN}"))
    end = text.index("\n", note)
    block = "  note:\n" + "".join(f"    {line}\n" for line in levels)
    ledger.write_text(text[:note] + block.rstrip("\n") + text[end:], encoding="utf-8")


def _csv_rows(project: Path, edit: Callable[[list[str]], list[str]]) -> None:
    path = project / "data/reference/mou_arrivals.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join(edit(lines)) + "\n", encoding="utf-8")


def _article(tmp: Path, data: bytes = b"Seoul. 196 defectors arrived in 2023.\n") -> str:
    (tmp / "wire.txt").write_bytes(data)
    return str(tmp / "wire.txt")


def _add(path: str, key: str = "wire2024", date: str = "2024-10-01") -> tuple[str, ...]:
    return ("add-source", path, "--key", key, "--outlet", "Wire", "--title", "T", "--date", date, "--kind", "news report")


def _statistics(project: Path) -> None:
    (project / "build").mkdir(exist_ok=True)
    for name in ("statistics.json", "statistics.previous.json"):
        (project / "build" / name).write_text('{"statistics": {}}\n', encoding="utf-8")


def _symlink(project: Path, tmp: Path) -> str:
    (tmp / "link.txt").symlink_to(project / "data/sources/articles/NOTICE.md")
    return str(tmp / "link.txt")


FULL_DISK = ("import errno, elite_defections.core.files as f, elite_defections.intake.register as r\n"
             "def full(*a, **k): raise OSError(errno.ENOSPC, 'No space left on device', 'data/sources/articles/x')\n"
             "f.write_atomically = r.write_atomically = full\n")

# id, setup(project, tmp) -> command-line arguments, what the error must say, [prelude]
CASES = [
    ("value-nan", lambda p, t: (edit_claim(p, value=float("nan")), ["validate"])[1], "field 'value'"),
    ("entities-int", lambda p, t: (edit_claim(p, entities=5), ["validate"])[1], "field 'entities'"),
    ("check-kind-list", lambda p, t: (edit_claim(p, check={"kind": ["arithmetic"]}), ["validate"])[1], "check.kind"),
    ("expression-50000-terms", lambda p, t: (edit_claim(p, check=_arith(" + ".join(["a"] * 50000), a={"claim": "dailystar2024-elite-kju-era-134"})), ["validate"])[1], "check.expression"),
    ("expression-100000-deep", lambda p, t: (edit_claim(p, check=_arith("(" * 100000 + "a" + ")" * 100000, a={"claim": "dailystar2024-elite-kju-era-134"})), ["validate"])[1], "check.expression"),
    ("expression-1e999", lambda p, t: (edit_claim(p, check=_arith("a * 1e999", a={"claim": "dailystar2024-elite-kju-era-134"})), ["validate"])[1], "check.expression"),
    ("expression-own-claim-only", lambda p, t: (edit_claim(p, check=_arith("a", a={"claim": OWN})), ["validate"])[1], "its own claim"),
    ("claims-latin-1", lambda p, t: ((p / "data/claims.yaml").write_bytes((p / "data/claims.yaml").read_text(encoding="utf-8").encode("latin-1", "replace") + "# caf\u00e9\n".encode("latin-1")), ["validate"])[1], "not UTF-8"),
    ("claims-alias-bomb", lambda p, t: (_alias_bomb(p), ["validate"])[1], "YAML_ALIAS"),
    ("claims-deep-nesting", lambda p, t: ((p / "data/claims.yaml").write_text("[" * 100000 + "]" * 100000, encoding="utf-8"), ["validate"])[1], "claims.yaml"),
    ("csv-blank-year", lambda p, t: (_csv_rows(p, lambda rows: rows[:3] + [",,,1,1,2"] + rows[3:]), ["params"])[1], "mou_arrivals.csv"),
    ("csv-word-year", lambda p, t: (_csv_rows(p, lambda rows: rows[:3] + ["2002,2002,two thousand,1,1,2"] + rows[4:]), ["params"])[1], "mou_arrivals.csv"),
    ("csv-empty", lambda p, t: ((p / "data/reference/mou_arrivals.csv").write_text(""), ["params"])[1], "mou_arrivals.csv"),
    ("csv-not-utf8", lambda p, t: ((p / "data/reference/mou_arrivals.csv").write_bytes(b"period,year_from\n\xff\xfe,1\n"), ["params"])[1], "mou_arrivals.csv"),
    ("csv-build", lambda p, t: ((p / "data/reference/mou_arrivals.csv").write_text(""), ["build", "--no-render"])[1], "mou_arrivals.csv"),
    ("sources-impossible-date", lambda p, t: (replace(p, "data/sources/sources.yaml", "date: 2024-09-03", "date: 2024-02-30"), ["validate"])[1], "sources.yaml"),
    ("params-impossible-date", lambda p, t: (replace(p, "params.yaml", "era_boundary: 2011-12-17", "era_boundary: 2011-02-30"), ["params"])[1], "params.yaml"),
    ("params-datetime", lambda p, t: (replace(p, "params.yaml", "era_boundary: 2011-12-17", "era_boundary: 2011-12-17 00:00:00"), ["params"])[1], "era_boundary"),
    ("params-control-character", lambda p, t: (replace(p, "params.yaml", "arrivals_revision: current", "arrivals_revision: cur\x01rent"), ["params"])[1], "params.yaml"),
    ("override-impossible-date", lambda p, t: ["run", "-p", "era_boundary=2011-02-30"], "era_boundary"),
    ("override-datetime", lambda p, t: ["run", "-p", "era_boundary=2011-12-17 00:00:00"], "era_boundary"),
    ("key-newline", lambda p, t: _add(_article(t), key="wire\n"), "field 'key'"),
    ("date-newline", lambda p, t: _add(_article(t), date="2024-10-01\n"), "field 'date'"),
    ("add-source-symlink", lambda p, t: _add(_symlink(p, t)), "symbolic link"),
    ("article-too-large", lambda p, t: _add(_article(t, b"1 " * 1_200_000)), "ARTICLE_TOO_LARGE"),
    ("registry-file-outside", lambda p, t: (replace(p, "data/sources/sources.yaml", "file: 000_4edbf0a6cbcdc3fc.txt", "file: ../../../../../../etc/passwd"), ["validate"])[1], "field 'file'"),
    ("registry-file-symlink", lambda p, t: ((p / "data/sources/articles/000_4edbf0a6cbcdc3fc.txt").unlink(), (p / "data/sources/articles/000_4edbf0a6cbcdc3fc.txt").symlink_to("/etc/hostname"), ["validate"])[2], "symbolic link"),
    ("diff-csv-dev-full", lambda p, t: (_statistics(p), ["diff", "--csv", "/dev/full"])[1], "/dev/full"),
    ("add-source-full-disk", lambda p, t: _add(_article(t)), "No space left", FULL_DISK),
    ("draft-unknown-key", lambda p, t: ["draft-claims", "nosuch\n"], "no source"),
    ("draft-append-latin-1-ledger", lambda p, t: ((p / "data/claims.yaml").write_bytes(b"# caf\xe9\n" + (p / "data/claims.yaml").read_bytes()), ["draft-claims", "guardian2024", "--append"])[1], "not UTF-8"),
    ("csv-empty-validate", lambda p, t: ((p / "data/reference/mou_arrivals.csv").write_text(""), ["validate"])[1], "mou_arrivals.csv"),
    ("params-alias", lambda p, t: ((p / "params.yaml").write_text((p / "params.yaml").read_text() + "x: &a [1]\ny: *a\n"), ["params"])[1], "alias"),
    ("params-deep", lambda p, t: ((p / "params.yaml").write_text("x: " + "[" * 5000 + "]" * 5000 + "\n"), ["params"])[1], "params.yaml"),
    ("params-not-utf8", lambda p, t: ((p / "params.yaml").write_bytes(b"era_boundary: caf\xe9\n"), ["params"])[1], "params.yaml"),
    ("diff-deep-json", lambda p, t: (_statistics(p), (p / "build/statistics.previous.json").write_text("[" * 100000), ["diff"])[2], "statistics.previous.json"),
    ("draft-latin-1-article", lambda p, t: ((p / "data/sources/articles/000_4edbf0a6cbcdc3fc.txt").write_bytes(b"caf\xe9"), ["draft-claims", "dailystar2024"])[1], "field 'sha256'"),
]


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_a_hostile_input_gets_a_named_error_and_changes_nothing(template, tmp_path, case):
    name, setup, expected, *prelude = case
    project = tmp_path / "project"
    shutil.copytree(template, project, symlinks=True)
    args = setup(project, tmp_path)
    before = _snapshot(project)
    result = run_cli(project, *args, prelude=prelude[0] if prelude else "")
    assert "Traceback" not in result.stderr and "a bug in elite-defections" not in result.stderr, result.stderr
    assert result.returncode in (1, 2), (result.returncode, result.stdout, result.stderr)
    assert result.stderr.startswith("error: ") and expected in result.stderr, result.stderr
    assert _snapshot(project) == before
    assert not list((project / "data").rglob(".*.tmp"))


def test_a_planted_cache_file_runs_nothing(template, tmp_path):
    """The build keeps no cache it would load objects from; a pickle planted where the old cache
    was is never read (and the next holder of the lock removes the folder)."""
    project = tmp_path / "project"
    shutil.copytree(template, project, symlinks=True)
    marker = tmp_path / "pwned"
    payload = (b"cos\nsystem\n(S'touch " + str(marker).encode() + b"'\ntR.")
    (project / "build/cache").mkdir(parents=True)
    for name in ("evidence-0.pickle", "evidence-" + "0" * 32 + ".pickle"):
        (project / "build/cache" / name).write_bytes(payload)
    result = run_cli(project, "validate")
    assert result.returncode == 0, result.stderr
    script = "from elite_defections.evidence.base import load_evidence; load_evidence()"
    subprocess.run([sys.executable, "-c", script], env={**os.environ, "ELITE_DEFECTIONS_ROOT": str(project)}, check=True)
    assert not marker.exists()
    assert not (project / "build/cache").exists()


def test_an_unexpected_exception_is_one_line_and_a_log(template, tmp_path):
    project = tmp_path / "project"
    shutil.copytree(template, project, symlinks=True)
    prelude = ("import elite_defections.cli as c\n"
               "def boom(args): raise KeyError('planted')\n"
               "c._show_params = boom\n")
    result = run_cli(project, "params", prelude=prelude)
    assert result.returncode == 70 and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "a bug in elite-defections" in result.stderr
    logs = list((project / "build/crash").glob("*.log"))
    assert len(logs) == 1 and "KeyError: 'planted'" in logs[0].read_text()
