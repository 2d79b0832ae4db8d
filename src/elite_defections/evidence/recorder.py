"""A notebook's statistics, recorded with their citations resolved against the evidence base and
written with the digest of the notebook's inputs and the parameters it read (see
`core.freshness`), so the build can tell whether they still hold."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from typing import Any

from ..core import freshness, paths
from ..core.statistic import Statistic
from .citations import resolve


class Written:
    """What `Recorder.write` wrote; printed in a notebook, it counts the statistics and names the file
    relative to the run's output folder (a build's run folder is gone once its outputs are in place)."""

    def __init__(self, path: Path, count: int):
        self.path, self.count = path, count

    def __repr__(self) -> str:
        return (f"{self.count} statistics recorded: statistics/{self.path.name} in the run's output folder "
                f"(build/ in a build, build/scratch/ when run by hand)")


class Recorder:
    """Collects one notebook's statistics and writes them to `<output_dir>/statistics/<notebook>.json`,
    with the digest of its inputs and the parameters it read (see `freshness`)."""

    def __init__(self, notebook: str, parameters: dict[str, Any]):
        self.notebook = notebook
        self.parameters = parameters  # a ReadParameters records what was read; a plain dict counts as all read
        notebook_file = paths.NOTEBOOKS / f"{notebook}.ipynb"
        self.inputs = freshness.input_digest(notebook) if notebook_file.is_file() else None
        self.statistics: dict[str, Statistic] = {}

    def add(self, statistic: Statistic) -> Statistic:
        if statistic.id in self.statistics:
            raise ValueError(f"{self.notebook}: statistic {statistic.id!r} recorded twice")
        statistic = resolve(Statistic(**{**asdict(statistic), "notebook": self.notebook}))
        self.statistics[statistic.id] = statistic
        return statistic

    def extend(self, statistics) -> None:
        for statistic in statistics:
            self.add(statistic)

    def read_parameters(self) -> dict[str, Any]:
        if isinstance(self.parameters, freshness.ReadParameters):
            return self.parameters.recorded()
        return {name: freshness.plain(value) for name, value in sorted(self.parameters.items())}

    def write(self, output_dir: Path | str | None = None) -> Written:
        """Write under `output_dir`; without one (a run by hand), under the scratch folder, never build/."""
        target = paths.output_dir(output_dir) / "statistics" / f"{self.notebook}.json"
        target.parent.mkdir(parents=True, exist_ok=True)
        payload = {"notebook": self.notebook, "inputs": self.inputs, "parameters": self.read_parameters(),
                   "statistics": [asdict(s) for s in self.statistics.values()]}
        target.write_text(json.dumps(payload, indent=1, ensure_ascii=False, default=str) + "\n", encoding="utf-8")
        return Written(target, len(self.statistics))
