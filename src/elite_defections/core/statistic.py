"""Statistics: every number a reader sees, with its origin.

A notebook records statistics with a `Recorder` (`evidence.recorder`); the build merges every notebook's file into
`build/statistics.json`, which the briefing's filter reads. Each statistic carries its value, the
text to print, the arithmetic that produced it, a verdict where it checks a claim, the notebook
that made it, and two relations to the evidence, kept apart because a citation is a claim of
support (see `citations.py`):

- `reported_by`: records whose text states this very figure (a claim whose quote prints it, a
  fact or table row that gives it as is); their sources are cited plainly after the figure;
- `computed_from`: the data it was computed from (claims, facts, table rows, parameters); their
  sources are cited as "computed from", never as if they had printed the figure.

`sources` and `data_sources` (the citation keys for each relation) are filled in from those two
when the statistic is recorded, so that a producer cannot cite what it did not use.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import paths
from .intervals import VERDICTS

ID = re.compile(r"[a-z0-9]+(?:[_-][a-z0-9]+)*")  # matched whole (fullmatch)


@dataclass(frozen=True)
class Statistic:
    id: str
    value: float | int | str | list | None   # a list of two numbers is [low, high]: bounds the data allow
    display: str                 # exactly what the briefing prints
    unit: str
    method: str                  # the arithmetic, in words and numbers
    # {"claims": [ids], "reference": ["facts.yaml: <id>", "mou_arrivals.csv: 2011-2024", ...],
    #  "parameters": [names], "counted": [claim ids]}: see citations.py for the record forms
    computed_from: dict[str, list[str]] = field(default_factory=dict)
    reported_by: list[str] = field(default_factory=list)  # records that state the figure as printed
    verdict: str | None = None   # set when the statistic checks a claim
    claim: str | None = None     # the claim it checks
    notebook: str | None = None  # filled in by the Recorder
    sources: list[str] = field(default_factory=list)       # cited plainly: they state the figure
    data_sources: list[str] = field(default_factory=list)  # cited as "computed from"

    def __post_init__(self):
        if not ID.fullmatch(self.id):
            raise ValueError(f"statistic id {self.id!r}: use lowercase letters, digits, '_' and '-'")
        if self.verdict is not None and self.verdict not in VERDICTS:
            raise ValueError(f"statistic {self.id!r}: verdict {self.verdict!r} is not one of {VERDICTS}")
        numbers = [v for v in self.value if isinstance(v, (int, float))] if isinstance(self.value, list) else []
        if not all(math.isfinite(v) for v in numbers):
            raise ValueError(f"statistic {self.id!r}: value {self.value} is not finite")
        if isinstance(self.value, float) and not math.isfinite(self.value):
            raise ValueError(f"statistic {self.id!r}: value {self.value} is not finite")
        if not self.display:
            raise ValueError(f"statistic {self.id!r}: empty display text")
        if not isinstance(self.computed_from, dict) or not isinstance(self.reported_by, (list, tuple)):
            raise ValueError(f"statistic {self.id!r}: computed_from must map kinds to lists of records "
                             f"and reported_by must be a list of records")


def merge(statistics_dir: Path, parameters: dict[str, Any], build_info: dict[str, Any]) -> dict[str, Any]:
    """Merge every notebook's statistics into one document; an id recorded twice is an error."""
    merged: dict[str, dict] = {}
    notebooks: dict[str, Any] = {}
    for path in sorted(statistics_dir.glob("*.json")):
        part = json.loads(path.read_text(encoding="utf-8"))
        notebooks[part["notebook"]] = {"parameters": part["parameters"],
                                       "executed": f"build/notebooks/{part['notebook']}.ipynb"}
        for stat in part["statistics"]:
            if stat["id"] in merged:
                raise ValueError(f"statistic {stat['id']!r} recorded by both "
                                 f"{merged[stat['id']]['notebook']} and {stat['notebook']}")
            merged[stat["id"]] = stat
    return {"build": build_info, "parameters": parameters, "notebooks": notebooks,
            "statistics": dict(sorted(merged.items()))}


def load(path: Path = paths.STATISTICS) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))
