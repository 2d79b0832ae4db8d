"""How sure the briefing is of each key judgment: the standards (data/judgments.yaml) each
judgment's evidence is held to, and the confidence and reasons they give."""

from __future__ import annotations

import dataclasses
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..core import formatting as fmt
from ..core import paths
from ..core.errors import DataError
from ..core.intervals import CONTRADICTED
from ..core.loading import read_yaml
from ..core.statistic import Statistic
from ..evidence.base import Evidence

RULE_FIELDS = ("origins_at_least", "channels_each_at_least", "official", "not_contradicted", "from_producer")
# What can lower a judgment's confidence whatever its sourcing: each risk named in judgments.yaml
# takes it one level down, and the basis says why, in words.
RISKS = ("definitional", "disclosure")


TABLE_ROWS = "table rows"   # channels per group of rows of the ministry's table (mou_arrivals.yaml)


@dataclass(frozen=True)
class Item:
    what: str
    origin: str
    channels: tuple[str, ...]
    claims: tuple[str, ...]
    facts: tuple[str, ...]
    part: str = ""                  # the rows of a table an item covers ("1998–2023"), else ""
    producer: bool = False          # its origin produced the figure or confirmed the fact itself


@dataclass(frozen=True)
class Standards:
    confidence: list[dict[str, Any]]      # level, definition, rule; highest first
    likelihood: list[dict[str, Any]]      # term, low, high
    origins: dict[str, dict[str, Any]]    # id -> name, official
    judgments: dict[str, list[Item]]      # judgment id -> its basis
    risks: dict[str, list[dict[str, str]]] = None  # judgment id -> [{kind, why}]


def load_standards(evidence: Evidence, path: Path | None = None) -> Standards:
    """Read and validate `data/judgments.yaml`; a bad record is a DataError naming it and its field."""
    path = path or paths.DATA / "judgments.yaml"
    data = read_yaml(path)
    if not isinstance(data, dict) or set(data) != {"confidence", "likelihood", "origins", "judgments"}:
        raise DataError(path, None, None, "expected the mappings confidence, likelihood, origins and judgments")
    levels = data["confidence"]
    for i, level in enumerate(levels, start=1):
        name = level.get("level", f"level {i}") if isinstance(level, dict) else f"level {i}"
        if not isinstance(level, dict) or set(level) != {"level", "definition", "rule"}:
            raise DataError(path, name, None, "each confidence level has level, definition and rule")
        rules = level["rule"] if isinstance(level["rule"], list) else [level["rule"] or {}]
        unknown = {k for r in rules for k in r} - set(RULE_FIELDS)
        if unknown:
            raise DataError(path, name, "rule", f"unknown condition {sorted(unknown)[0]!r}; known: {', '.join(RULE_FIELDS)}")
    if levels[-1]["rule"]:
        raise DataError(path, levels[-1]["level"], "rule", "the last level must have no conditions (it is the fallback)")
    origins = data["origins"]
    for oid, origin in origins.items():
        if not isinstance(origin, dict) or set(origin) != {"name", "official"}:
            raise DataError(path, oid, None, "each origin has name and official")
    claims = {c.id for c in evidence.claims}
    facts = set(evidence.reference.facts.index)
    judgments: dict[str, list[Item]] = {}
    risks: dict[str, list[dict[str, str]]] = {}
    for record in data["judgments"]:
        jid = record.get("id")
        for risk in record.get("risks") or []:
            if not isinstance(risk, dict) or risk.get("kind") not in RISKS or not str(risk.get("why", "")).strip():
                raise DataError(path, jid, "risks", f"each risk has a kind ({', '.join(RISKS)}) and a why")
        risks[jid] = list(record.get("risks") or [])
        items = []
        for raw in record.get("basis") or []:
            if raw.get("origin") not in origins:
                raise DataError(path, jid, "origin", f"unknown origin {raw.get('origin')!r}; known: {', '.join(origins)}")
            if not raw.get("channels") or (isinstance(raw["channels"], str) and raw["channels"] != TABLE_ROWS):
                raise DataError(path, jid, "channels",
                                f"{raw.get('what')!r}: a list of at least one channel, or {TABLE_ROWS!r}")
            for field_name, known in (("claims", claims), ("facts", facts)):
                bad = [x for x in raw.get(field_name) or [] if x not in known]
                if bad:
                    raise DataError(path, jid, field_name, f"unknown id {bad[0]!r}")
            rest = (tuple(raw.get("claims") or ()), tuple(raw.get("facts") or ()))
            producer = bool(raw.get("producer", False))
            if raw["channels"] == TABLE_ROWS:
                items += [dataclasses.replace(i, producer=producer)
                          for i in table_items(raw["what"], raw["origin"], evidence.reference.meta, rest)]
            else:
                items.append(Item(raw["what"], raw["origin"], tuple(raw["channels"]), *rest, producer=producer))
        if not items:
            raise DataError(path, jid, "basis", "a judgment needs a basis")
        judgments[jid] = items
    return Standards(levels, data["likelihood"], origins, judgments, risks)


def table_items(what: str, origin: str, meta: dict[str, Any], rest: tuple[tuple[str, ...], tuple[str, ...]]) -> list[Item]:
    """The ministry's table as one item per group of rows: each group's years reach us through
    different outlets (the sources it cites other than the table's producer)."""
    return [Item(what, origin, tuple(c for c in row["cites"] if c != meta["citation"]) or (meta["citation"],), *rest,
                 part=str(row["years"]).replace("-", "\u2013"))
            for row in meta["rows"]]


def _meets(rule: dict[str, Any], facts: dict[str, Any]) -> bool:
    return all((facts[k] >= v) if isinstance(v, int) and not isinstance(v, bool) else (facts[k] == v)
               for k, v in rule.items())


def confidence(items: list[Item], standards: Standards, checks: dict[str, Statistic],
               risks: list[dict[str, str]] | None = None) -> tuple[str, str]:
    """The first level whose rule the basis meets (a level may give several rules: any will do),
    one level lower for each risk the judgment carries, and the basis in words."""
    origins = list(dict.fromkeys(i.origin for i in items))
    fewest = min(len(set(i.channels)) for i in items)
    official = any(standards.origins[o]["official"] for o in origins)
    contradicted = sorted({c for i in items for c in i.claims if checks[c].verdict == CONTRADICTED})
    facts = {"origins_at_least": len(origins), "channels_each_at_least": fewest,
             "official": official, "not_contradicted": not contradicted,
             "from_producer": all(i.producer for i in items)}
    order = [level["level"] for level in standards.confidence]
    chosen = order[-1]
    for level in standards.confidence:
        rules = level["rule"] if isinstance(level["rule"], list) else [level["rule"] or {}]
        if any(_meets(rule, facts) for rule in rules):
            chosen = level["level"]
            break
    risks = risks or []
    chosen = order[min(order.index(chosen) + len(risks), len(order) - 1)]
    names = "; ".join(standards.origins[o]["name"] for o in origins)
    # the thinnest items, the parts of one table named together ("the arrivals table for 2024 and 2025")
    thin: dict[str, list[str]] = {}
    for i in items:
        if len(set(i.channels)) == fewest:
            thin.setdefault(i.what, []).extend([i.part] if i.part else [])
    thinnest = [f"{what} for {fmt.and_list(parts)}" if parts else what for what, parts in thin.items()]
    each = " each" if len(thinnest) > 1 or any(len(p) > 1 for p in thin.values()) else ""
    if facts["from_producer"]:
        basis = (f"the figures and facts come from the bodies that produce or confirm them ({names})"
                 + (f"; contradicted: {', '.join(contradicted)}" if contradicted else ""))
    else:
        basis = (f"{fmt.plural(len(origins), 'independent origin')} ({names}); "
                 f"{fmt.and_list(thinnest)}{each} through {fmt.plural(fewest, 'channel')}"
                 + (f"; contradicted: {', '.join(contradicted)}" if contradicted else ""))
    if risks:
        basis += "; lowered for " + fmt.and_list([f"a {r['kind']} risk ({r['why'].rstrip('.')})" for r in risks])
    return chosen, basis


def confidence_summary(levels: dict[str, str], standards: Standards) -> str:
    """The bottom line's confidence: how many key judgments stand at each level, and why the
    highest level reached is not higher (the definition of that level)."""
    order = [lv["level"] for lv in standards.confidence]
    counts = Counter(levels.values())
    parts = [f"{level} in {'all ' if counts[level] == len(levels) else ''}{fmt.plural(counts[level], 'key judgment')}"
             for level in order if counts[level]]
    top = next(lv for lv in standards.confidence if counts[lv["level"]])
    return (f"Confidence: {fmt.and_list(parts)}. " + top["definition"].split(":")[0].rstrip(".") + "."
            if top is not standards.confidence[0] else f"Confidence: {fmt.and_list(parts)}.")


def rule_text(rule: dict[str, Any]) -> str:
    """A level's rule in words, from its conditions."""
    if isinstance(rule, list):
        return " Or: ".join(rule_text(r) for r in rule)
    if not rule:
        return "any basis that meets no higher level."
    words = {"origins_at_least": lambda v: f"at least {fmt.plural(v, 'independent origin')}",
             "channels_each_at_least": lambda v: f"every item through at least {fmt.plural(v, 'channel')}",
             "official": lambda v: "an official origin" if v else "no official origin needed",
             "not_contradicted": lambda v: "nothing in the basis contradicted" if v else "contradictions allowed",
             "from_producer": lambda v: ("every item from the body that produces the figure or confirms the fact "
                                         "(an agency's own statistics)" if v else "any producer")}
    return "; ".join(words[k](v) for k, v in rule.items()) + "."
