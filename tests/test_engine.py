"""The build engine under concurrency, interruption and faults, on real builds of a project copy:
the checkout's lock, freshness from what each notebook recorded, hand runs kept out of the build,
the HTML and PDF published as a pair, timeouts, a missing Pandoc, Ctrl-C, reproducible bytes."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import cli
from elite_defections.core import paths
from elite_defections.render.publish import MARK, PublishError, publish_pair, recover

STATS = "20-compute-arrivals-trend"


@pytest.fixture
def built(built_project, tmp_path) -> Path:
    """A private copy of the built project, to change and build again."""
    project = tmp_path / "project"
    shutil.copytree(built_project, project, symlinks=True)
    return project


def env_for(project: Path, **extra: str) -> dict[str, str]:
    return {**os.environ, "ELITE_DEFECTIONS_ROOT": str(project), "PYTHONUNBUFFERED": "1", **extra}


def hold_lock(project: Path) -> subprocess.Popen:
    """Another process holding the checkout's build lock until it is killed."""
    holder = subprocess.Popen(
        [sys.executable, "-c", "import time\nfrom elite_defections.engine.lock import hold\n"
                               "with hold():\n    print('held', flush=True)\n    time.sleep(120)\n"],
        env=env_for(project), stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "held"
    return holder


def recorded(project: Path, notebook: str) -> dict:
    return json.loads((project / "build" / "statistics" / f"{notebook}.json").read_text(encoding="utf-8"))


# One build at a time ----------------------------------------------------------------------------

def test_a_second_build_refuses_with_no_wait_and_waits_without(built):
    holder = hold_lock(built)
    try:
        refused = cli(built, "render", "--no-wait")
        assert refused.returncode == 1
        assert f"by process {holder.pid} is still running in this checkout" in refused.stderr
        waiting = subprocess.Popen([sys.executable, "-m", "elite_defections", "render"], env=env_for(built),
                                   cwd=built, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        assert waiting.stdout.readline().startswith("waiting for the build started at")
        assert waiting.poll() is None  # still waiting while the lock is held
    finally:
        holder.kill()
        holder.wait()
    out, err = waiting.communicate(timeout=120)
    assert waiting.returncode == 0, err
    assert "briefing up to date" in out


def test_a_lock_left_by_a_dead_process_is_taken_over(built):
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    (built / ".elite-defections.lock").write_text(json.dumps({"pid": int(dead.stdout), "started": "2026-01-01T00:00:00"}))
    result = cli(built, "render", "--no-wait")
    assert result.returncode == 0, result.stderr
    assert f"taking over the lock left by the build started at 2026-01-01T00:00:00 by process {dead.stdout.strip()}" \
        in result.stdout


def test_leftover_temporary_folders_are_removed_at_the_next_start(built):
    for folder in (built / "build" / ".staging-x1", built / "report" / ".render-y2"):
        (folder / "inside").mkdir(parents=True)
    (built / "build" / ".statistics.json.tmp").write_text("half")
    result = cli(built, "render")
    assert result.returncode == 0, result.stderr
    assert "removed 3 temporary folder(s) or file(s) left by an interrupted build" in result.stdout
    assert not list((built / "build").glob(".staging-*")) and not list((built / "report").glob(".render-*"))
    assert not (built / "build" / ".statistics.json.tmp").exists()


# Freshness from what was recorded ---------------------------------------------------------------

def test_each_notebook_records_its_input_digest_and_the_parameters_it_reads(built):
    arrivals, diplomats = recorded(built, STATS), recorded(built, "30-map-diplomats-timeline")
    assert len(arrivals["inputs"]) == 64
    assert "arrivals_first_year" in arrivals["parameters"] and arrivals["parameters"]["era_boundary"] == "2011-12-17"
    assert "arrivals_first_year" not in diplomats["parameters"]  # the diplomats never read the series' years


def test_a_parameter_change_reruns_only_the_notebooks_that_read_it(built):
    result = cli(built, "run", "-p", "arrivals_first_year=1999")
    assert result.returncode == 0, result.stderr
    assert f"  ~ {STATS}: to run again (parameter arrivals_first_year changed (1998 -> 1999))" in result.stdout
    # the arrivals notebook and the judgments (their peak and latest year) read the series' years
    assert "  ~ 60-draw-key-judgments: to run again" in result.stdout
    assert result.stdout.count("unchanged, not run") == len(list(paths.NOTEBOOKS.glob("[0-9]*.ipynb"))) - 2
    assert recorded(built, STATS)["parameters"]["arrivals_first_year"] == 1999


def test_progress_names_every_changed_parameter_and_shows_notebooks_as_they_finish(built):
    result = cli(built, "run", "--jobs", "2", "-p", "arrivals_first_year=2000", "-p", "arrivals_last_year=2024")
    assert result.returncode == 0, result.stderr
    assert re.search(rf"  ~ {STATS}: to run again \(parameters arrivals_first_year changed \(\d+ -> 2000\) "
                     r"and arrivals_last_year changed \(2025 -> 2024\)\)", result.stdout), result.stdout
    running: set[str] = set()
    for line in result.stdout.splitlines():
        name = line.strip()[2:].split(":")[0]
        if line.startswith("  > "):
            running.add(name)
            assert len(running) <= 2, f"more notebooks shown running than --jobs 2:\n{result.stdout}"
        elif line.startswith("  ✓ "):
            running.remove(name)
    assert not running


def test_a_hand_run_writes_to_scratch_and_never_passes_for_the_build(built):
    import papermill

    notebook = built / "notebooks" / f"{STATS}.ipynb"
    before = (built / "build" / "statistics" / f"{STATS}.json").read_bytes()
    env = os.environ.copy()
    os.environ["ELITE_DEFECTIONS_ROOT"] = str(built)  # as a kernel started in that project would see it
    try:
        papermill.execute_notebook(str(notebook), str(built / "by-hand.ipynb"), cwd=str(built / "notebooks"),
                                   parameters={"era_boundary": "2012-04-11"}, progress_bar=False)
    finally:
        os.environ.clear()
        os.environ.update(env)
    scratch = built / "build" / "scratch" / "statistics" / f"{STATS}.json"
    assert json.loads(scratch.read_text())["parameters"]["era_boundary"] == "2012-04-11"
    assert (built / "build" / "statistics" / f"{STATS}.json").read_bytes() == before
    # Even copied into the build's folder by hand, it is recognised and recomputed.
    shutil.copy(scratch, built / "build" / "statistics" / f"{STATS}.json")
    result = cli(built, "run")
    assert result.returncode == 0, result.stderr
    assert f"{STATS}: to run again (parameter era_boundary changed (2012-04-11 -> 2011-12-17))" in result.stdout
    assert recorded(built, STATS)["parameters"]["era_boundary"] == "2011-12-17"


def test_a_deleted_notebooks_statistics_are_dropped(built):
    (built / "notebooks" / "30-map-diplomats-timeline.ipynb").unlink()
    result = cli(built, "run")
    assert result.returncode == 0, result.stderr
    assert ("30-map-diplomats-timeline: dropped its statistics and its figures/diplomats-timeline.json, "
            "figures/diplomats-timeline.svg (the notebook no longer exists)") in result.stdout
    assert not (built / "build" / "figures" / "diplomats-timeline.svg").exists()
    merged = json.loads((built / "build" / "statistics.json").read_text())
    assert "30-map-diplomats-timeline" not in merged["notebooks"]
    assert not any(s["notebook"] == "30-map-diplomats-timeline" for s in merged["statistics"].values())


def test_warm_and_fresh_kernels_give_the_same_bytes(built):
    def outputs():
        build = built / "build"
        return {p.relative_to(build): p.read_bytes() for folder in ("statistics", "figures", "exports")
                for p in sorted((build / folder).iterdir())} | {"statistics.json": (build / "statistics.json").read_bytes()}

    warm = outputs()
    result = cli(built, "run", "--force", "--fresh-kernels")
    assert result.returncode == 0, result.stderr
    assert outputs() == warm


# The pair ---------------------------------------------------------------------------------------

def pair(folder: Path, tag: str) -> dict[str, Path]:
    folder.mkdir(exist_ok=True)
    for name in ("briefing.html", "briefing.pdf"):
        (folder / name).write_text(f"{tag} {name}")
    return {name: folder / name for name in ("briefing.html", "briefing.pdf")}


def test_a_failed_swap_keeps_the_previous_pair(tmp_path):
    report = tmp_path / "report"
    pair(report, "old")
    staging = report / ".render-t"
    new = pair(staging, "new")
    (new["briefing.pdf"]).unlink()
    (staging / "briefing.pdf").mkdir()  # the PDF cannot replace a file: the second move fails
    produced = {report / name: staged for name, staged in new.items()}
    with pytest.raises(PublishError, match="could not put briefing.pdf in place"):
        publish_pair(produced, staging)
    assert [(report / n).read_text() for n in ("briefing.html", "briefing.pdf")] == \
        ["old briefing.html", "old briefing.pdf"]


def test_a_swap_killed_halfway_is_undone_at_the_next_start(tmp_path):
    report = tmp_path / "report"
    pair(report, "old")
    staging = report / ".render-k"
    new = pair(staging, "new")
    for name in ("briefing.html", "briefing.pdf"):
        os.link(report / name, staging / f"previous-{name}")
    (staging / MARK).write_text(f"{report / 'briefing.html'}\n{report / 'briefing.pdf'}\n")
    os.replace(new["briefing.html"], report / "briefing.html")  # killed after the first of the two moves
    assert recover(staging)
    assert [(report / n).read_text() for n in ("briefing.html", "briefing.pdf")] == \
        ["old briefing.html", "old briefing.pdf"]
    assert not staging.exists()


# Timeouts and a missing Pandoc ------------------------------------------------------------------

def test_a_hung_quarto_is_stopped_with_a_named_error(built, tmp_path):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    quarto = bin_dir / "quarto"
    quarto.write_text("#!/bin/sh\nsleep 60\n")
    quarto.chmod(0o755)
    before = (built / "report" / "briefing.html").read_bytes()
    started = time.monotonic()
    result = subprocess.run([sys.executable, "-m", "elite_defections", "render", "--force", "--timeout", "1"],
                            env=env_for(built, PATH=f"{bin_dir}:{os.environ['PATH']}"), cwd=built,
                            capture_output=True, text=True)
    assert result.returncode == 1
    assert "error: quarto --version did not finish within 1 s and was stopped" in result.stderr
    assert time.monotonic() - started < 30
    assert (built / "report" / "briefing.html").read_bytes() == before


def test_no_pandoc_is_a_named_error_saying_how_to_install_it(built, tmp_path):
    result = subprocess.run([sys.executable, "-m", "elite_defections", "render", "--force"],
                            env=env_for(built, PYPANDOC_PANDOC=str(tmp_path / "no-pandoc"),
                                        PATH=os.path.dirname(sys.executable)),
                            cwd=built, capture_output=True, text=True)
    assert result.returncode == 1
    assert "error: Pandoc not found" in result.stderr and "pip install pypandoc-binary" in result.stderr
    assert "Traceback" not in result.stderr


def test_the_version_printed_is_pandocs_own(built):
    result = cli(built, "render", "--force")
    assert result.returncode == 0, result.stderr
    own = subprocess.run([__import__("pypandoc").get_pandoc_path(), "--version"], capture_output=True,
                         text=True).stdout.split()[1]
    assert f"rendering with Pandoc {own} + Typst" in result.stdout


# Ctrl-C -----------------------------------------------------------------------------------------

def test_ctrl_c_stops_queued_work_and_leaves_the_outputs(built):
    build = built / "build"
    before = {p: p.read_bytes() for p in [build / "statistics.json", *sorted((build / "statistics").glob("*.json")),
                                           built / "report" / "briefing.html"]}
    process = subprocess.Popen([sys.executable, "-m", "elite_defections", "build", "--force", "--jobs", "1"],
                               env=env_for(built), cwd=built, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True)
    for line in process.stdout:
        if ": running" in line:
            break
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=60)
    assert process.returncode == 130, err
    assert err.strip().splitlines() == ["interrupted: stopped; the statistics and the briefing are as they were "
                                        "before this build"]
    assert ": running" not in out  # nothing started after the interrupt
    assert {p: p.read_bytes() for p in before} == before
    assert not list(build.glob(".staging-*"))
    kernels = subprocess.run(["pgrep", "-f", "ipykernel_launcher.*"], capture_output=True, text=True).stdout.split()
    parents = {Path(f"/proc/{pid}/environ").read_bytes().count(str(built).encode()) for pid in kernels
               if Path(f"/proc/{pid}/environ").exists()}
    assert parents <= {0}  # no kernel of this project's build survives


# Reproducible -----------------------------------------------------------------------------------

def test_two_builds_at_different_times_give_the_same_bytes(built_project, tmp_path):
    copies = []
    for name in ("first", "second"):
        project = paths.copy_project(tmp_path / name)
        result = cli(project, "build")
        assert result.returncode == 0, result.stderr
        copies.append(project)
        time.sleep(1.1)  # a second later: any clock time in the outputs would differ

    def outputs(project: Path) -> dict[str, bytes]:
        files = [project / "build" / "statistics.json", project / "report" / "briefing.html",
                 project / "report" / "briefing.pdf",
                 *(project / "build" / "figures").iterdir(), *(project / "build" / "exports").iterdir()]
        return {str(p.relative_to(project)): p.read_bytes() for p in sorted(files)}

    first, second = (outputs(p) for p in copies)
    assert first.keys() == second.keys()
    assert [name for name in first if first[name] != second[name]] == []


def test_the_build_date_comes_from_source_date_epoch(built):
    result = subprocess.run([sys.executable, "-m", "elite_defections", "run"], capture_output=True, text=True,
                            env=env_for(built, SOURCE_DATE_EPOCH="1700000000"), cwd=built)
    assert result.returncode == 0, result.stderr
    assert json.loads((built / "build" / "statistics.json").read_text())["build"]["date"] == "2023-11-14"


def test_a_renderer_killed_while_writing_over_the_outputs_is_undone(tmp_path):
    from elite_defections.render.publish import previous_kept

    report = tmp_path / "report"
    pair(report, "old")
    staging = report / ".render-q"
    staging.mkdir()
    finals = [report / "briefing.html", report / "briefing.pdf"]
    with pytest.raises(RuntimeError):
        with previous_kept(finals, staging):
            (report / "briefing.html").write_text("quarto's new html")  # written in place, then it fails
            raise RuntimeError("quarto failed after the HTML")
    assert [f.read_text() for f in finals] == ["old briefing.html", "old briefing.pdf"]
    # Killed inside the block: what the next build finds, and puts right.
    killed = report / ".render-r"
    killed.mkdir()
    interrupted = previous_kept(finals, killed)
    interrupted.__enter__()  # and never left, as when the process is killed
    (report / "briefing.pdf").write_text("quarto's new pdf")
    assert recover(killed)
    assert [f.read_text() for f in finals] == ["old briefing.html", "old briefing.pdf"]


def test_notebooks_run_for_another_parameter_set_into_their_own_folder(built):
    """The public entry point other features (sensitivity runs) use: `pipeline.run(params, output)`."""
    script = ("from pathlib import Path\nfrom elite_defections.core import params\nfrom elite_defections.engine import build, pipeline\n"
              "alt = params.load({'era_boundary': '2012-04-11'})\nout = Path('build/alternatives/later')\n"
              "for _ in range(2):\n    pipeline.run(alt, output=out, jobs=2)\nbuild.check_current(alt, out)\n")
    before = (built / "build" / "statistics.json").read_bytes()
    result = subprocess.run([sys.executable, "-c", script], env=env_for(built), cwd=built, capture_output=True,
                            text=True)
    assert result.returncode == 0, result.stderr
    notebooks = len(list(paths.NOTEBOOKS.glob("[0-9]*.ipynb")))   # each runs once, then is current
    assert result.stdout.count(": running") == notebooks and result.stdout.count("unchanged, not run") == notebooks
    alternative = json.loads((built / "build" / "alternatives" / "later" / "statistics" / f"{STATS}.json").read_text())
    assert alternative["parameters"]["era_boundary"] == "2012-04-11"
    assert (built / "build" / "alternatives" / "later" / "figures" / "arrivals-per-year.svg").is_file()
    assert (built / "build" / "statistics.json").read_bytes() == before
