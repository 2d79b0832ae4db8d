"""A quantity several articles give a figure for: its members (each article's figure as an
interval) and what the comparison found; the words for its outcomes."""

from __future__ import annotations

from dataclasses import dataclass

from ..core import formatting as fmt
from ..core.intervals import (
    APPROXIMATE,
    CONSISTENT,
    CONTRADICTED,
    NOT_CHECKABLE,
    Interval,
)

MOU = "mou2026arrivals"


AGREE, CLOSE, CONFLICT, UNCOMPARED = "agree", "differ slightly", "conflict", "cannot be compared"


OUTCOMES = {CONSISTENT: AGREE, APPROXIMATE: CLOSE, CONTRADICTED: CONFLICT, NOT_CHECKABLE: UNCOMPARED}


SEVERITY = (CONSISTENT, APPROXIMATE, CONTRADICTED)


POPULATION_WORDS = {"all_defectors": "Defectors arriving in South Korea", "elite_defectors": "Elite defectors",
                    "diplomats": "Diplomats who defected", "overseas_workers": "Overseas workers who defected",
                    "women": "Women arriving in South Korea", "men": "Men arriving in South Korea", "person": "People"}


@dataclass(frozen=True)
class Member:
    """One article's figure for a quantity, as an interval in the group's unit (days for dates)."""
    source: str
    claims: tuple[str, ...]
    figure: str                  # as printed, in quotation marks
    text: str                    # what the interval allows, in words
    interval: Interval
    reference: Interval | None   # what the reference allows for this figure
    verdict: str                 # against the reference
    gap: float                   # outside the reference: relative (numbers) or days (dates)
    fits: str | None = None      # for a date: the related event it fits instead


@dataclass(frozen=True)
class Quantity:
    id: str
    label: str
    kind: str                    # "number" or "date"
    members: tuple[Member, ...]
    reference_label: str | None  # who gives the reference ("the ministry's series", a fact's source)
    reference_text: str | None   # what the reference allows, in words
    reference_inputs: tuple[str, ...]
    override: str | None         # why the group is in data/quantities.yaml; None when derived
    verdict: str
    better: str | None           # the source whose figure is better supported, where one is
    explanation: str

    @property
    def outcome(self) -> str:
        return OUTCOMES[self.verdict]

    @property
    def sources(self) -> list[str]:
        return list(dict.fromkeys(m.source for m in self.members))

    @property
    def claims(self) -> list[str]:
        return list(dict.fromkeys(c for m in self.members for c in m.claims))


def number_text(x: float) -> str:
    return fmt.count(x) if float(x).is_integer() or abs(x) >= 100 else f"{x:,.1f}"
