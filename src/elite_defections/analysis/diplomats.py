"""The diplomats the articles name: who defected when, in what order, and the dated claims about them."""

from __future__ import annotations

from typing import Any

import pandas as pd

from ..core import formatting as fmt
from ..core.loading import date_bounds
from ..core.statistic import Statistic
from ..evidence.base import Evidence

FOURTH = "news1global2024-ri-fourth-confirmed-diplomat"
# How the briefing says what a defection date is (people.yaml `defected_marks`), before the date.
MARK_WORDS = {"left the post": "left the embassy in", "arrived in South Korea": "arrived in South Korea in",
              "defected": "defected in"}


def timeline(evidence: Evidence) -> pd.DataFrame:
    """Diplomats named in the articles, with defection and disclosure dates, in order of defection."""
    rows = []
    for person in evidence.people.values():
        if person.kind != "diplomat" or not person.defected:
            continue
        named_in = sorted({s.key for s in evidence.sources.values()
                           if any(sp in s.text for sp in person.spellings)})
        rows.append({"id": person.id, "name": person.name, "role": person.role, "post": person.post,
                     "defected": person.defected, "marks": person.defected_marks,
                     "made_public": person.made_public,
                     "defected_date": date_bounds(person.defected)[0],
                     "public_date": date_bounds(person.made_public)[0] if person.made_public else None,
                     "named_in": named_in})
    return pd.DataFrame(rows).sort_values("defected_date").reset_index(drop=True)


def defection_facts(evidence: Evidence, *person_ids: str) -> dict[str, list[str]]:
    """The dated facts a person's defection date is taken from (people.yaml holds the date; the
    fact of the same person at least as precise, and agreeing, holds its source)."""
    refs = ["people.yaml"]
    for pid in person_ids:
        person = evidence.people[pid]
        found = [f"facts.yaml: {fact.id}" for fact in evidence.reference.facts.itertuples()
                 if fact.kind == "event" and person.name in fact.statement
                 and str(fact.date).startswith(str(person.defected))]
        if not found:
            raise ValueError(f"{person.name}: no dated fact in facts.yaml gives the defection date "
                             f"{person.defected} recorded in people.yaml; add one with its source")
        refs += found
    return {"reference": refs}


def diplomat_statistics(evidence: Evidence, params: dict[str, Any]) -> list[Statistic]:
    table = timeline(evidence)
    boundary = params["era_boundary"]
    under_kju = table[table["defected_date"] > boundary]
    named = {"reference": ["people.yaml"] + [f"article: {k}" for k in sorted({k for keys in table["named_in"] for k in keys})]}
    stats = [
        Statistic(id="diplomats_named", value=len(table), display=fmt.count(len(table)), unit="persons",
                  method=f"diplomats named in the articles with a known defection date: {', '.join(table['name'])}", computed_from=named),
        Statistic(id="diplomats_confirmed_kju", value=len(under_kju), display=fmt.count(len(under_kju)), unit="persons",
                  method=f"of these, defected after {fmt.date(boundary)}: {', '.join(under_kju['name'])}",
                  computed_from={**defection_facts(evidence, *under_kju["id"]), "parameters": ["era_boundary"]},
                  # News1 prints this count ("the fourth officially confirmed case") when it holds
                  reported_by=[FOURTH] if len(under_kju) == evidence.claim(FOURTH).number else []),
    ]
    for row in table.itertuples():
        stats.append(Statistic(id=f"defected-{row.id}", value=row.defected, display=fmt.date(row.defected), unit="date",
                               method=f"{row.name} ({row.role}): {row.marks}, {fmt.date(row.defected)}"
                               + (f"; made public {fmt.date(row.made_public)}" if isinstance(row.made_public, str) else ""),
                               computed_from=defection_facts(evidence, row.id)))
        stats.append(Statistic(id=f"defected-how-{row.id}", value=row.marks, display=MARK_WORDS[row.marks], unit="label",
                               method=f"the event {row.name}'s defection date is, as the dated fact gives it: {row.marks}",
                               computed_from=defection_facts(evidence, row.id)))
    return stats
