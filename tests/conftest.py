"""Shared fixtures. Negative tests work on a copy of the data so the real files stay intact."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from elite_defections.core import paths
from elite_defections.evidence.base import load_evidence


@pytest.fixture(scope="session")
def evidence():
    return load_evidence()


@pytest.fixture(scope="session")
def defaults():
    """The default parameters, typed."""
    from elite_defections.core import params

    return params.load()


@pytest.fixture(scope="session")
def checks(evidence, defaults):
    """Every claim's check, by claim id."""
    from elite_defections.checks.ledger import all_checks

    return {s.claim: s for s in all_checks(evidence, defaults)}


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A writable copy of data/ for tests that break one thing and expect a clear error."""
    target = tmp_path / "data"
    shutil.copytree(paths.DATA, target)
    return target


def cli(project: Path, *args: str) -> subprocess.CompletedProcess:
    """Run the project's command line on a copy of the project, as `make report` would."""
    env = {**os.environ, "ELITE_DEFECTIONS_ROOT": str(project)}
    return subprocess.run([sys.executable, "-m", "elite_defections", *args], capture_output=True, text=True,
                          env=env, cwd=project)


@pytest.fixture(scope="session")
def built_project(tmp_path_factory) -> Path:
    """The whole build, for real, in a copy of the project: notebooks, statistics, the sensitivity
    runs (`make sensitivity`), briefing."""
    project = paths.copy_project(tmp_path_factory.mktemp("built") / "project")
    result = cli(project, "build", "--sensitivity")
    assert result.returncode == 0, result.stdout + result.stderr
    return project


def chromium_executable() -> str:
    """The system's Chromium (Debian's `chromium`), which Playwright drives: no browser download.
    Skips the test without it, and fails in CI, where `.ci/run` installs it."""
    for candidate in ("/usr/bin/chromium", shutil.which("chromium"), shutil.which("chromium-browser")):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    reason = "chromium not installed (apt-get install chromium); the browser tests need it"
    if os.environ.get("CI"):
        pytest.fail(reason + " and CI is set")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser():
    """Headless Chromium under Playwright, shared by the browser tests."""
    executable = chromium_executable()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable,
                                              args=["--no-sandbox", "--disable-gpu", "--disable-quic"])
        yield chromium
        chromium.close()
