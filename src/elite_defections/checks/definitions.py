"""A check across two definitions: where a claim counts one population and a fact its check rests
on counts another (`data/populations.yaml`), agreement is a coincidence of numbers, not a
confirmation. Such a check says so in its method, and a consistent one becomes "consistent across
definitions"."""

from __future__ import annotations

from dataclasses import replace

from ..core.intervals import ACROSS, CONSISTENT, ROUNDING
from ..core.statistic import Statistic
from ..evidence.citations import FACT
from ..evidence.populations import load_populations, population_of


def across_definitions(stat: Statistic, claim) -> Statistic:
    populations = load_populations()
    counted = population_of(claim.id, populations)
    if counted is None:
        return stat
    other = [p for ref in stat.computed_from.get("reference", []) if ref.startswith(FACT)
             if (p := population_of(ref[len(FACT):], populations)) is not None and p.id != counted.id]
    if not other:
        return stat
    theirs = other[0]
    note = (f" The claim counts {counted.label}; the record it is checked against counts {theirs.label} "
            f"({theirs.definition.rstrip('.')}): two definitions, so the comparison is of numbers, not of the same group.")
    if stat.verdict in (CONSISTENT, ROUNDING):
        return replace(stat, verdict=ACROSS, method=stat.method + note)
    return replace(stat, method=stat.method + note)
