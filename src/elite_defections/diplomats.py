"""The diplomats the articles name: who defected when, in what order, and the dated claims about them."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd

from . import formatting as fmt
from .evidence import Evidence
from .loading import date_bounds
from .statistics import Statistic


def timeline(evidence: Evidence) -> pd.DataFrame:
    """Diplomats named in the articles, with defection and disclosure dates, in order of defection."""
    rows = []
    for person in evidence.people.values():
        if person.kind != "diplomat" or not person.defected:
            continue
        named_in = sorted({s.key for s in evidence.sources.values()
                           if any(sp in s.text for sp in person.spellings)})
        rows.append({"id": person.id, "name": person.name, "role": person.role, "post": person.post,
                     "defected": person.defected, "made_public": person.made_public,
                     "defected_date": date_bounds(person.defected)[0],
                     "public_date": date_bounds(person.made_public)[0] if person.made_public else None,
                     "named_in": named_in})
    return pd.DataFrame(rows).sort_values("defected_date").reset_index(drop=True)


def diplomat_statistics(evidence: Evidence, params: dict[str, Any]) -> list[Statistic]:
    table = timeline(evidence)
    boundary = params["era_boundary"]
    under_kju = table[table["defected_date"] > boundary]
    sources = sorted({k for keys in table["named_in"] for k in keys})
    stats = [
        Statistic("diplomats_named", len(table), fmt.count(len(table)), "persons",
                  f"diplomats named in the articles with a known defection date: {', '.join(table['name'])}",
                  sources, {"reference": ["people.yaml"]}),
        Statistic("diplomats_confirmed_kju", len(under_kju), fmt.count(len(under_kju)), "persons",
                  f"of these, defected after {fmt.date(boundary)}: {', '.join(under_kju['name'])}",
                  sources, {"reference": ["people.yaml", "facts.yaml"]}),
    ]
    for row in table.itertuples():
        stats.append(Statistic(f"defected-{row.id}", row.defected, fmt.date(row.defected), "date",
                               f"{row.name} ({row.role}) defected {fmt.date(row.defected)}"
                               + (f"; made public {fmt.date(row.made_public)}" if isinstance(row.made_public, str) else ""),
                               list(row.named_in), {"reference": ["people.yaml", "facts.yaml"]}))
    return stats
