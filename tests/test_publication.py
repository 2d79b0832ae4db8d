"""One publication (issue 19 item 4): the statistics go back to what they were unless the briefing
rendered from them was published, whatever stops the build: an exception (a failed render, a
read-only report/, a full disk), Ctrl-C, or kill -9 (then the next holder of the lock decides)."""

from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from elite_defections.core import paths

CHILD = """
import os, sys, time
from pathlib import Path
from elite_defections.core import paths
from elite_defections.core.files import write_atomically
from elite_defections.engine.release import published_together
docs = [paths.REPORT / n for n in paths.RENDERED]
with published_together(docs):
    write_atomically(paths.STATISTICS, '{"statistics": {"new": 1}}')
    if sys.argv[1] == "published":
        for d in docs:
            write_atomically(d, "new briefing")
    print("ready", flush=True)
    time.sleep(120)
"""


@pytest.fixture
def project(tmp_path) -> Path:
    root = tmp_path / "project"
    for name in ("data", "notebooks", "report"):
        (root / name).mkdir(parents=True)
    (root / "_quarto.yml").write_text("project: {}\n")
    (root / "build").mkdir()
    (root / "build/statistics.json").write_text('{"statistics": {"old": 1}}')
    for name in paths.RENDERED:
        (root / "report" / name).write_text("old briefing")
    return root


def _run(project: Path, code: str, *args: str) -> subprocess.Popen:
    env = {**os.environ, "ELITE_DEFECTIONS_ROOT": str(project)}
    return subprocess.Popen([sys.executable, "-c", code, *args], env=env, cwd=project, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def _take_lock(project: Path) -> str:
    code = "from elite_defections.engine.lock import hold\nwith hold():\n    pass\n"
    child = _run(project, code)
    out, err = child.communicate(timeout=60)
    assert child.returncode == 0, err
    return out


@pytest.mark.parametrize("published, expected", [("not-published", "old"), ("published", "new")])
def test_kill_9_during_the_render_leaves_a_journal_the_next_build_settles(project, published, expected):
    child = _run(project, CHILD, published)
    assert child.stdout.readline().strip() == "ready"
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=30)
    assert list((project / "build").glob(".publish-*"))
    out = _take_lock(project)
    assert expected in (project / "build/statistics.json").read_text()
    assert not list((project / "build").glob(".publish-*"))
    assert ("restored the previous statistics" in out) == (expected == "old")


def test_ctrl_c_during_the_render_puts_the_statistics_back(project):
    child = _run(project, CHILD, "not-published")
    assert child.stdout.readline().strip() == "ready"
    child.send_signal(signal.SIGINT)
    child.wait(timeout=30)
    assert child.returncode != 0
    assert "old" in (project / "build/statistics.json").read_text()
    assert not list((project / "build").glob(".publish-*"))


FAILING = """
import errno, os, sys
from elite_defections.core import paths
from elite_defections.core.files import write_atomically
from elite_defections.engine.release import published_together
docs = [paths.REPORT / n for n in paths.RENDERED]
try:
    with published_together(docs):
        write_atomically(paths.STATISTICS, '{"statistics": {"new": 1}}')
        write_atomically(paths.BUILD / "statistics.previous.json", '{"statistics": {"old": 1}}')
        if sys.argv[1] == "read-only":
            os.chmod(paths.REPORT, 0o555)
            write_atomically(paths.REPORT / "briefing.html", "new")  # refused, except for root:
            raise PermissionError(errno.EACCES, "Permission denied", str(paths.REPORT))
        raise OSError(errno.ENOSPC, "No space left on device", "report/.render-x/briefing.pdf")
except OSError as exc:
    print("failed:", exc.strerror)
"""


def test_a_read_only_report_folder_puts_the_statistics_back(project):
    child = _run(project, FAILING, "read-only")
    out, err = child.communicate(timeout=60)
    os.chmod(project / "report", 0o755)
    assert "failed: Permission denied" in out, err
    (project / "report/briefing.html").write_text("old briefing")  # root could write it
    assert "old" in (project / "build/statistics.json").read_text()
    assert not (project / "build/statistics.previous.json").exists()


def test_a_full_disk_during_the_render_puts_the_statistics_back(project):
    child = _run(project, FAILING, "full-disk")
    out, err = child.communicate(timeout=60)
    assert "failed: No space left on device" in out, err
    assert "old" in (project / "build/statistics.json").read_text()
    assert not (project / "build/statistics.previous.json").exists()
    assert not list((project / "build").glob(".publish-*"))
    assert all((project / "report" / n).read_text() == "old briefing" for n in paths.RENDERED)
    assert errno.ENOSPC  # simulated: the render's write raised it


@pytest.mark.e2e
def test_a_failed_render_puts_the_statistics_figures_and_exports_back(tmp_path):
    """A real build whose render fails: the notebooks ran and moved new figures and exports into
    build/, but nothing of this build stays beside the old briefing."""
    from conftest import cli

    project = paths.copy_project(tmp_path / "project")
    first = cli(project, "build", "--no-sensitivity")
    assert first.returncode == 0, first.stderr
    build = project / "build"
    before = {p.relative_to(build): p.read_bytes() for folder in ("figures", "exports")
              for p in (build / folder).rglob("*") if p.is_file()}
    statistics = (build / "statistics.json").read_bytes()
    briefing = {n: (project / "report" / n).read_bytes() for n in paths.RENDERED}
    qmd = project / "report" / "briefing.qmd"
    qmd.write_text(qmd.read_text(encoding="utf-8") + "\n[no_such_statistic]{.stat}\n", encoding="utf-8")
    failed = cli(project, "build", "--no-sensitivity", "-p", "arrivals_first_year=1999")  # moves a figure
    assert failed.returncode != 0 and "no_such_statistic" in failed.stderr
    after = {p.relative_to(build): p.read_bytes() for folder in ("figures", "exports")
             for p in (build / folder).rglob("*") if p.is_file()}
    assert after == before
    assert (build / "statistics.json").read_bytes() == statistics
    assert {n: (project / "report" / n).read_bytes() for n in paths.RENDERED} == briefing
    assert not list(build.glob(".publish-*"))
