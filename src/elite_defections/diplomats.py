"""The diplomats the articles name: who defected when, in what order, and the dated claims about them."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd

from . import formatting as fmt
from .checks import check_date, check_value
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


def _person_dates(evidence: Evidence, pid: str) -> tuple[str, dict[str, str]]:
    """A person's defection date and the related dates a loose claim might refer to."""
    person = evidence.people[pid]
    near = {}
    facts = evidence.reference.facts
    surname = person.name.split()[0] + " " + person.name.split()[1].split("-")[0]
    for fact in facts.itertuples():
        if fact.kind == "event" and surname in fact.statement and fact.date != person.defected:
            near[fact.statement.rstrip(".")] = fact.date
    if person.made_public:
        near.setdefault(f"the day it was made public", person.made_public)
    return person.defected, near


def diplomat_checks(evidence: Evidence, params: dict[str, Any]) -> list[Statistic]:
    claim = evidence.claim
    out = []
    for cid in ("thediplomat2024-thae-defected-2016", "news1global2024-thae-deputy-ambassador-2016",
                "guardian2024-thae-vanished-2016", "news1global2024-jo-acting-ambassador-2019",
                "news1global2024-ryu-defected-2019", "news1global2024-ryu-acting-ambassador-2019",
                "news1global2024-ri-defected-november-last-year", "dailystar2024-ri-defected-last-year",
                "thediplomat2024-cuba-diplomat-end-of-last-year"):
        c = claim(cid)
        pid = next(e for e in c.entities if evidence.people[e].kind == "diplomat")
        defected, near = _person_dates(evidence, pid)
        out.append(check_date(c, defected, f"{evidence.people[pid].name}'s defection", params, near=near,
                              inputs={"reference": ["people.yaml", "facts.yaml"]}))
    table = timeline(evidence)
    fourth = claim("news1global2024-ri-fourth-confirmed-diplomat")
    under_kju = table[table["defected_date"] > params["era_boundary"]].reset_index(drop=True)
    ri_rank = int(under_kju.index[under_kju["id"] == "ri-il-gyu"][0]) + 1
    out.append(check_value(fourth, ri_rank,
                           f"diplomats defecting after {fmt.date(params['era_boundary'])}, in order: "
                           f"{', '.join(under_kju['name'])}; Ri Il-gyu is number {ri_rank}", params,
                           inputs={"reference": ["people.yaml", "facts.yaml"]}))
    within = claim("guardian2024-ri-news-within-hours")
    ri_public = evidence.people["ri-il-gyu"].made_public
    out.append(check_date(within, ri_public, "News of Ri Il-gyu's defection (his interview and the NIS "
                          "confirmation)", params, inputs={"reference": ["people.yaml", "facts.yaml"]}))
    return out
