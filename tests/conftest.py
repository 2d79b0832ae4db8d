"""Shared fixtures. Negative tests work on a copy of the data so the real files stay intact."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from elite_defections import paths
from elite_defections.evidence import load_evidence


@pytest.fixture(scope="session")
def evidence():
    return load_evidence()


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A writable copy of data/ for tests that break one thing and expect a clear error."""
    target = tmp_path / "data"
    shutil.copytree(paths.DATA, target)
    return target
