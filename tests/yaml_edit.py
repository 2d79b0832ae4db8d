"""Break one thing in a copied data file and get the loader's error (for the negative tests)."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

import pytest
import yaml

from elite_defections.core.errors import DataError


def broken(path: Path, edit: Callable[[Any], Any], load: Callable[[Path], Any]) -> DataError:
    """Apply `edit` to the YAML at `path`, load it, and return the DataError it must raise."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    edit(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    with pytest.raises(DataError) as err:
        load(path)
    return err.value
