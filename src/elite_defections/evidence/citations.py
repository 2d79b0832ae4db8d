"""What a citation after a figure means, and which sources each statistic may cite.

A citation is a claim of support. A statistic keeps two relations to the evidence apart:

- `reported_by`: records whose text states the figure as the statistic prints it. Their sources
  are cited plainly: "196 (The Guardian 2024)" says that the Guardian printed 196.
- `computed_from`: the data the figure was computed from. Their sources are cited as "computed
  from": "2.86 times (computed from The Daily Star 2024)" says that the article gave the inputs,
  not the figure.

A record is named the same way in both relations:

  <claim id>                       a claim in the ledger: its article
  facts.yaml: <fact id>            a dated fact: the outside sources it `cites`
  mou_arrivals.csv[: Y or Y1-Y2]   rows of the ministry's table (all rows when no years are
                                   given): the sources of those rows (mou_arrivals.yaml `rows`,
                                   and `split_years` for the years the ministry groups)
  article: <key>                   an article's own words (a verbatim quote): that article
  outside: <key>                   an outside source as a whole (outside_sources.yaml)
  anything else                    the project's own files (people.yaml, findings.yaml,
                                   grading_scale.yaml, ...): nothing to cite

Only the kinds `claims` and `reference` of `computed_from` are data whose sources are cited;
`parameters` (the build's choices) and `counted` (claims counted, as in a tally of verdicts,
whose values are not used) are recorded for provenance and cite nothing.

`resolve` fills in a statistic's citation keys when it is recorded. A record listed in
`reported_by` must state the figure, or recording fails; the claim a check checks, and any claim,
fact or single row in `computed_from` that states the figure, are added to `reported_by`.
"""

from __future__ import annotations

import dataclasses
import re
from functools import lru_cache

from ..core import paths
from ..core.statistic import Statistic
from .base import Evidence, load_evidence

ROWS = "mou_arrivals.csv"
FACT = "facts.yaml: "
ARTICLE = "article: "
OUTSIDE = "outside: "
DATA_KINDS = ("claims", "reference")
NUMBER = re.compile(r"-?\d[\d,]*(?:\.\d+)?")


def rows(first: int, last: int | None = None) -> str:
    """The record name of rows of the ministry's table, as statistics cite them."""
    return f"{ROWS}: {first}" + (f"-{last}" if last not in (None, first) else "")


def rows_input(first: int, last: int | None = None) -> dict[str, list[str]]:
    """A statistic's `computed_from` when it is computed from rows of the ministry's table."""
    return {"reference": [rows(first, last)]}


def _is_rows(ref: str) -> bool:
    return ref.split(":")[0].strip() == ROWS


def _years(ref: str) -> tuple[int, int] | None:
    """The years a table reference covers; None for the whole table."""
    _, _, years = ref.partition(":")
    years = years.strip()
    if not years:
        return None
    first, _, last = years.partition("-")
    return int(first), int(last or first)


class Index:
    """The evidence a citation can point to, read once."""

    def __init__(self, evidence: Evidence):
        self.evidence = evidence
        self.claims = {c.id: c for c in evidence.claims}
        meta = evidence.reference.meta
        self.row_cites: dict[int, list[str]] = {}
        for row in meta["rows"]:
            first, _, last = str(row["years"]).partition("-")
            for year in range(int(first), int(last or first) + 1):
                self.row_cites[year] = list(row["cites"])
        for row in meta["split_years"]:
            self.row_cites[int(row["year"])] = list(dict.fromkeys(self.row_cites.get(int(row["year"]), [])
                                                                  + list(row["cites"])))
        self.annual = evidence.reference.annual()

    def _fact(self, ref: str):
        facts = self.evidence.reference.facts
        fact_id = ref[len(FACT):]
        if fact_id not in facts.index:
            raise ValueError(f"unknown fact {fact_id!r} (see {paths.FACTS.name})")
        return facts.loc[fact_id]

    def keys(self, ref: str) -> list[str]:
        """The citation keys behind one record."""
        if ref in self.claims:
            return [self.claims[ref].source]
        if ref.startswith(FACT):
            return list(self._fact(ref)["cites"])
        if ref.startswith(ARTICLE):
            key = ref[len(ARTICLE):]
            if key not in self.evidence.sources:
                raise ValueError(f"unknown article {key!r} (see {paths.SOURCES_REGISTRY.name})")
            return [key]
        if ref.startswith(OUTSIDE):
            key = ref[len(OUTSIDE):]
            if key not in self.evidence.outside:
                raise ValueError(f"unknown outside source {key!r} (see {paths.OUTSIDE_SOURCES.name})")
            return [key]
        if _is_rows(ref):
            span = _years(ref)
            years = sorted(self.row_cites) if span is None else range(span[0], span[1] + 1)
            missing = [y for y in years if y not in self.row_cites]
            if missing:
                raise ValueError(f"{ref!r}: no sources recorded for {missing[0]} "
                                 f"(mou_arrivals.yaml `rows` must cover every year)")
            return list(dict.fromkeys(k for y in years for k in self.row_cites[y]))
        return []

    def states(self, ref: str, stat: Statistic) -> str | None:
        """None if the record states the figure as printed, else what it does state."""
        if stat.unit == "record":  # the statistic lists a record of the reference data, built from it
            return None if ref.startswith((FACT, OUTSIDE)) or _is_rows(ref) else "not a record of the reference data"
        if ref in self.claims:
            claim = self.claims[ref]
            if claim.unit == "date" or stat.unit == "date":
                return _same_date(str(claim.value), stat)
            if claim.unit != stat.unit:
                return f"a figure in {claim.unit}, not {stat.unit}"
            if claim.qualifier != "exact":
                return f"\u201c{claim.figure}\u201d ({claim.qualifier.replace('_', ' ')}), not an exact figure"
            return _same_number(claim.number, stat, f"\u201c{claim.figure}\u201d")
        if ref.startswith(FACT):
            fact = self._fact(ref)
            if stat.unit == "date":
                return _same_date(str(fact["date"]), stat)
            if fact["kind"] != "figure" or fact["qualifier"] != "exact":
                return f"no exact figure ({fact['statement']})"
            return _same_number(float(fact["value"]), stat, str(fact["value"]))
        if ref.startswith(ARTICLE):
            text = self.evidence.sources[ref[len(ARTICLE):]].text
            return None if stat.unit == "quote" and str(stat.value) in text else "not these words"
        if _is_rows(ref):
            span = _years(ref)
            if span is None or span[0] != span[1]:
                return "a sum or a search over several rows, not one printed figure"
            if span[0] not in self.annual.index:
                return f"no row for {span[0]}"
            return _same_number(float(self.annual[span[0]]), stat, f"{int(self.annual[span[0]]):,} in {span[0]}")
        return "a project file, not a source"


def _same_date(printed: str, stat: Statistic) -> str | None:
    """A date states the statistic's date when it is at least as precise and agrees on it."""
    value = str(stat.value)
    if stat.unit != "date" or not printed.startswith(value):
        return f"the date {printed}, not {value}"
    return None


def _same_number(printed: float, stat: Statistic, shown: str) -> str | None:
    """A number states the statistic's figure when it prints as the statistic's display does."""
    match = NUMBER.search(stat.display)
    if match is None:
        return f"{shown}, and \u201c{stat.display}\u201d is not a figure"
    text = match.group(0).replace(",", "")
    decimals = len(text.partition(".")[2])
    if round(printed, decimals) != float(text):
        return f"{shown}, not \u201c{stat.display}\u201d"
    return None


@lru_cache(maxsize=4)
def _index_for(root: str) -> Index:
    return Index(load_evidence())


def index() -> Index:
    return _index_for(str(paths.ROOT))


def _unique(items) -> list[str]:
    return list(dict.fromkeys(items))


def resolve(stat: Statistic, idx: Index | None = None) -> Statistic:
    """The statistic with `reported_by` completed and its citation keys filled in."""
    idx = idx or index()
    try:
        for ref in stat.reported_by:
            why = idx.states(ref, stat)
            if why is not None:
                raise ValueError(f"reported_by {ref!r} does not print this figure ({stat.display}): it states {why}")
        data = [ref for kind in DATA_KINDS for ref in stat.computed_from.get(kind, [])]
        candidates = ([stat.claim] if stat.claim else []) + [
            ref for ref in data if ref in idx.claims or ref.startswith((FACT, ARTICLE))
            or (_is_rows(ref) and _years(ref) is not None)]
        reported = _unique([*stat.reported_by, *(ref for ref in candidates if idx.states(ref, stat) is None)])
        sources = _unique(k for ref in reported for k in idx.keys(ref))
        computed = _unique(k for ref in data for k in idx.keys(ref))
    except ValueError as exc:
        raise ValueError(f"statistic {stat.id!r}: {exc}") from None
    return dataclasses.replace(stat, reported_by=reported, sources=sources,
                               data_sources=[k for k in computed if k not in sources])
