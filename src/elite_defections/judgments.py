"""The bottom line and the key judgments, generated from the checks and the figures.

Nothing here is a sentence typed once and left alone: every judgment, its confidence and its
basis is written from the verdicts and the statistics, so that a changed verdict changes the
text. Confidence follows from each judgment's basis by the rule in `data/judgments.yaml` (after
ICD 203): how many independent origins stand behind it (five articles repeating one ministry
figure are one origin), through how many channels each item reached us, whether an origin is
official, and whether any claim in the basis is contradicted.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from . import formatting as fmt
from . import paths, wording
from .checks import claim_interval
from .citations import rows
from .claims import Claim
from .crosscheck_data import Finding, load_scale
from .diplomats import timeline
from .eras import Eras
from .errors import DataError
from .evidence import Evidence
from .grading import counted_findings
from .intervals import APPROXIMATE, CONSISTENT, CONTRADICTED, NOT_CHECKABLE, ROUNDING, Interval, bounds
from .loading import date_bounds, read_yaml
from .statistics import Statistic

HOLDS = (CONSISTENT, ROUNDING)
ERRS = (APPROXIMATE, CONTRADICTED)
RULE_FIELDS = ("origins_at_least", "channels_each_at_least", "official", "not_contradicted")
# The Diplomat's rank figure and the ministry's age figure for the same year's arrivals (an
# alternative explanation of that error: a garbled age figure).
RANK_CLAIM, AGE_FACT = "thediplomat2024-elite-more-than-half-2023", "young-2023"
TABLE_ROWS = "table rows"   # channels per group of rows of the ministry's table (mou_arrivals.yaml)
NUMERIC_UNITS = ("persons", "percent", "fraction", "multiple", "years")


# -- the standards, as data -----------------------------------------------------------------------

@dataclass(frozen=True)
class Item:
    what: str
    origin: str
    channels: tuple[str, ...]
    claims: tuple[str, ...]
    facts: tuple[str, ...]
    part: str = ""                  # the rows of a table an item covers ("1998–2023"), else ""


@dataclass(frozen=True)
class Standards:
    confidence: list[dict[str, Any]]      # level, definition, rule; highest first
    likelihood: list[dict[str, Any]]      # term, low, high
    origins: dict[str, dict[str, Any]]    # id -> name, official
    judgments: dict[str, list[Item]]      # judgment id -> its basis


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
        unknown = set(level["rule"] or {}) - set(RULE_FIELDS)
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
    for record in data["judgments"]:
        jid = record.get("id")
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
            if raw["channels"] == TABLE_ROWS:
                items += table_items(raw["what"], raw["origin"], evidence.reference.meta, rest)
            else:
                items.append(Item(raw["what"], raw["origin"], tuple(raw["channels"]), *rest))
        if not items:
            raise DataError(path, jid, "basis", "a judgment needs a basis")
        judgments[jid] = items
    return Standards(levels, data["likelihood"], origins, judgments)


def table_items(what: str, origin: str, meta: dict[str, Any], rest: tuple[tuple[str, ...], tuple[str, ...]]) -> list[Item]:
    """The ministry's table as one item per group of rows: each group's years reach us through
    different outlets (the sources it cites other than the table's producer)."""
    return [Item(what, origin, tuple(c for c in row["cites"] if c != meta["citation"]) or (meta["citation"],), *rest,
                 part=str(row["years"]).replace("-", "\u2013"))
            for row in meta["rows"]]


def confidence(items: list[Item], standards: Standards, checks: dict[str, Statistic]) -> tuple[str, str]:
    """The first level whose rule the basis meets, and the basis in words (origins, channels, checks)."""
    origins = list(dict.fromkeys(i.origin for i in items))
    fewest = min(len(set(i.channels)) for i in items)
    official = any(standards.origins[o]["official"] for o in origins)
    contradicted = sorted({c for i in items for c in i.claims if checks[c].verdict == CONTRADICTED})
    facts = {"origins_at_least": len(origins), "channels_each_at_least": fewest,
             "official": official, "not_contradicted": not contradicted}
    for level in standards.confidence:
        rule = level["rule"] or {}
        if all((facts[k] >= v) if isinstance(v, int) and not isinstance(v, bool) else (facts[k] == v)
               for k, v in rule.items()):
            chosen = level["level"]
            break
    names = "; ".join(standards.origins[o]["name"] for o in origins)
    # the thinnest items, the parts of one table named together ("the arrivals table for 2024 and 2025")
    thin: dict[str, list[str]] = {}
    for i in items:
        if len(set(i.channels)) == fewest:
            thin.setdefault(i.what, []).extend([i.part] if i.part else [])
    thinnest = [f"{what} for {fmt.and_list(parts)}" if parts else what for what, parts in thin.items()]
    each = " each" if len(thinnest) > 1 or any(len(p) > 1 for p in thin.values()) else ""
    basis = (f"{fmt.plural(len(origins), 'independent origin')} ({names}); "
             f"{fmt.and_list(thinnest)}{each} through {fmt.plural(fewest, 'channel')}"
             + (f"; contradicted: {', '.join(contradicted)}" if contradicted else ""))
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
    if not rule:
        return "any basis that meets no higher level."
    words = {"origins_at_least": lambda v: f"at least {fmt.plural(v, 'independent origin')}",
             "channels_each_at_least": lambda v: f"every item through at least {fmt.plural(v, 'channel')}",
             "official": lambda v: "an official origin" if v else "no official origin needed",
             "not_contradicted": lambda v: "nothing in the basis contradicted" if v else "contradictions allowed"}
    return "; ".join(words[k](v) for k, v in rule.items()) + "."


# -- errors, by size ------------------------------------------------------------------------------

def error_factor(claim: Claim, check: Statistic, params: dict[str, Any]) -> float | None:
    """How far a numeric claim is from its check, as a factor (1 = within the claim's interval):
    the ratio of the nearest edges of the claim's interval and of the value the check found."""
    if claim.unit not in NUMERIC_UNITS or check.value is None or isinstance(check.value, str):
        return None
    found = bounds(Interval(*check.value, True, True) if isinstance(check.value, list) else float(check.value))
    said = claim_interval(claim, params)
    if found.low > said.high:
        return found.low / said.high if said.high > 0 else math.inf
    if found.high < said.low:
        return said.low / found.high if found.high > 0 else math.inf
    return 1.0


def _found(claim: Claim, check: Statistic) -> str:
    """What the records give, printed in the claim's own terms (a fraction as a percentage)."""
    value = check.value
    if isinstance(value, list):
        iv = Interval(value[0], value[1], True, True)
        if claim.unit == "fraction":
            return fmt.percent_span(Interval(100 * iv.low, 100 * iv.high, True, True), 1)
        if claim.unit == "persons":
            return fmt.count_span(iv)
    if claim.unit == "fraction" and isinstance(value, (int, float)):
        return fmt.percent(100 * value, 1)
    if claim.unit == "persons" and isinstance(value, (int, float)):
        return fmt.count(value)
    return check.display


def errors_by_size(evidence: Evidence, checks: dict[str, Statistic], params: dict[str, Any]) -> list[tuple[Claim, Statistic, float | None]]:
    """Every claim the checks find in error (approximate or contradicted): numeric ones by their
    factor, largest first, then the others (dates) in ledger order."""
    out = [(c, checks[c.id], error_factor(c, checks[c.id], params)) for c in evidence.claims
           if checks[c.id].verdict in ERRS]
    return sorted(out, key=lambda t: (t[2] is None, -(t[2] or 0)))


def error_phrase(claim: Claim, check: Statistic, factor: float | None, evidence: Evidence, quote: bool = True) -> str:
    """One error: the article, its words (the whole quote, or the figure alone), the verdict, what
    the records give and, for a number, the least factor it can be off by."""
    label = evidence.sources[claim.source].label
    words = claim.quote if quote else claim.figure
    text = f"{label}'s \u201c{words}\u201d ({check.verdict}: the records give {_found(claim, check)}"
    if factor is not None and factor > 1:
        # nearest edges: the least the claim can be off by
        text += f", off by a factor of at least {factor:.1f}" if factor >= 1.5 else f", off by at least {factor - 1:.1%}"
    return text + ")"


def summary_of_errors(evidence: Evidence, checks: dict[str, Statistic], params: dict[str, Any],
                      findings: list[Finding]) -> tuple[str, str, list[str]]:
    """The bottom line's account of where the articles err: (summary, largest error, claim ids)."""
    verdicts = Counter(s.verdict for s in checks.values())
    holds, errs = sum(verdicts[v] for v in HOLDS), sum(verdicts[v] for v in ERRS)
    checkable = holds + errs
    errors = errors_by_size(evidence, checks, params)
    mostly = wording.majority(holds / checkable if checkable else 0.5, "mostly hold", "mostly fail", "split")
    text = (f"Of the {checkable} figures in the articles that the records can check, {holds} hold and "
            f"{errs} do not ({verdicts[CONTRADICTED]} contradicted, {verdicts[APPROXIMATE]} approximate): "
            f"they {mostly}.")
    largest = "none"
    if errors:
        claim, check, factor = errors[0]
        largest = error_phrase(claim, check, factor, evidence)
        text += f" The largest error by size is {largest}."
    beyond = beyond_figures(findings, checks)
    if beyond:
        text += f" Beyond the numbers, the checks found {fmt.plural(len(beyond), 'error')} of fact."
    return text, largest, [c.id for c, _, _ in errors]


def beyond_figures(findings: list[Finding], checks: dict[str, Statistic]) -> list[Finding]:
    """The errors of fact that no claim's verdict already counts among the figures in error: a
    finding about a claim found off (“Within hours”) is that same error, counted once."""
    return counted_findings(findings, checks, load_scale())


# A check range wider than this share of its low end admits counts far apart: "consistent" with
# it is a weak test, and the briefing says so.
WIDE_RANGE = 0.10


def weak_consistency(evidence: Evidence, checks: dict[str, Statistic]) -> tuple[str, list[str]]:
    """The counts found consistent only with a wide range of the records, widest first."""
    wide = []
    for claim in evidence.claims:
        check = checks[claim.id]
        if (check.verdict in HOLDS and claim.unit == "persons" and isinstance(check.value, list)
                and check.value[0] > 0 and (check.value[1] - check.value[0]) / check.value[0] > WIDE_RANGE):
            width = (check.value[1] - check.value[0]) / check.value[0]
            wide.append((width, claim, check))
    wide.sort(key=lambda t: -t[0])
    parts = [f"{evidence.sources[c.source].label}'s \u201c{c.figure}\u201d (the records give {_found(c, s)}, "
             f"a top {fmt.percent(100 * w, 0)} above the bottom)" for w, c, s in wide]
    if not parts:
        return "No count is found consistent only with a wide range of the records.", []
    return (f"Where the records give only a wide range, \u201cconsistent\u201d is a weak test: "
            f"{fmt.plural(len(parts), 'count')} {'is' if len(parts) == 1 else 'are'} consistent with a range whose top is more "
            f"than {fmt.percent(100 * WIDE_RANGE, 0)} above its bottom: {fmt.and_list(parts)}."), [c.id for _, c, _ in wide]


# -- the judgments ----------------------------------------------------------------------------------

def judgment_texts(e: Eras, evidence: Evidence, checks: dict[str, Statistic], params: dict[str, Any],
                   series: pd.Series, largest: str) -> dict[str, str]:
    """Each key judgment's headline, written from the figures and verdicts."""
    count_dir = wording.direction(e.elite_kji, e.elite_kju)
    rate_dir = wording.direction(e.rate_kji, e.rate_kju)
    share_dir = wording.against_one(e.share_multiple_mou, "rose", "fell", "may have risen or fallen")
    arrivals_dir = wording.against_one(e.arrivals_rate_multiple, "rose", "fell", "may have risen or fallen")
    if share_dir == "rose" and arrivals_dir == "fell":
        echo = ("The rise is not an echo of more arrivals overall: the elite share of arrivals rose "
                "while arrivals a year fell.")
    else:
        echo = f"The elite share of arrivals {share_dir} while arrivals a year {arrivals_dir}."
    table = timeline(evidence)
    n_kju = int((table["defected_date"] > params["era_boundary"]).sum())
    diplomats = (f"Serving diplomats are among the defectors since {e.boundary_label}: at least {n_kju} named in "
                 f"the articles (single-source: the count is of those the articles name)."
                 if n_kju else f"No serving diplomat's defection is on record since {e.boundary_label}.")
    verdicts = Counter(s.verdict for s in checks.values())
    holds, errs = sum(verdicts[v] for v in HOLDS), sum(verdicts[v] for v in ERRS)
    mostly = wording.majority(holds / (holds + errs) if holds + errs else 0.5, "mostly hold up", "mostly fail", "are split")
    errors = errors_by_size(evidence, checks, params)
    biggest = error_phrase(*errors[0], evidence, quote=False) if errors else "none"
    accuracy = (f"The articles' checkable figures {mostly}, {holds} of {holds + errs}; "
                f"the largest error is {biggest}.")
    latest_year, peak_year = int(series.index.max()), int(series.idxmax())
    share = series[latest_year] / series.max()
    where = "at" if share == 1 else "far below" if share < 0.25 else "below"
    below = (f"Overall arrivals remain {where} their peak: {fmt.count(series[latest_year])} in {latest_year} "
             f"against {fmt.count(series.max())} in {peak_year}.")
    return {
        "elite-rose": (f"Elite defections {count_dir} in number and per year of record after Kim Jong-un took power."
                       if count_dir == rate_dir else
                       f"Elite defections {count_dir} in number but {rate_dir} per year of record after Kim Jong-un "
                       f"took power."),
        "share-not-an-echo": echo,
        "diplomats": diplomats,
        "articles-accuracy": accuracy,
        "arrivals-below-peak": below,
    }


def bluf_trend(e: Eras) -> str:
    rate_dir = wording.direction(e.rate_kji, e.rate_kju)
    arrivals_dir = wording.against_one(e.arrivals_rate_multiple, "rose", "fell", "may have risen or fallen")
    return (f"Elite defections from North Korea {rate_dir} after Kim Jong-un took power, counted per year "
            f"of record, while arrivals of defectors overall {arrivals_dir}.")


def bluf_takeaway(e: Eras, evidence: Evidence, checks: dict[str, Statistic], params: dict[str, Any]) -> str:
    """What the reader should take from the bottom line: whether the trend the articles report
    stands on the official figures, and how far their own numbers can be quoted unchecked."""
    rate_dir = wording.direction(e.rate_kji, e.rate_kju)
    share_dir = wording.against_one(e.share_multiple_mou, "rose", "fell", "may have risen or fallen")
    stands = ("stands on the official figures, so cite it from them"
              if rate_dir == "rose" and share_dir == "rose" else
              "does not stand on the official figures as a whole, so do not repeat it without the caveats above")
    verdicts = Counter(s.verdict for s in checks.values())
    holds, errs = sum(verdicts[v] for v in HOLDS), sum(verdicts[v] for v in ERRS)
    text = (f"What to take from it: the articles' central claim, that elites defect more under Kim Jong-un, "
            f"{stands}; ")
    if not errs:
        return text + f"the articles' own figures held in every check ({holds} of {holds})."
    errors = errors_by_size(evidence, checks, params)
    worst = evidence.sources[errors[0][0].source].label if errors else None
    return (text + f"quote the articles' own figures only as checked here, since {errs} of {holds + errs} do not "
            f"hold" + (f" and {worst} carries the largest error." if worst else "."))


# -- what the data say beyond the articles ----------------------------------------------------------

def _fact_figure(fact: pd.Series) -> str:
    value = int(fact["value"]) if float(fact["value"]).is_integer() else fact["value"]
    words = {"exact": f"{value}", "around": f"around {value}", "up_to": f"at most {value}",
             "more_than": f"more than {value}", "at_least": f"at least {value}"}
    return words.get(fact["qualifier"], f"{value}")


def yearly_elite_figures(evidence: Evidence, e: Eras) -> tuple[str, str, list[str]]:
    """The single-year elite figures on record after the split of the elite counts, and how each compares with the
    earlier era's yearly rate (a figure stated as a range is compared as a range)."""
    facts = evidence.reference.facts
    rows = facts[(facts["population"] == "elite_defectors") & (facts["period_start"] == facts["period_end"])
                 & facts["period_start"].astype(str).str.fullmatch(r"\d{4}")]
    rows = rows[rows["period_start"].astype(int) > e.split.year].sort_values("period_start")
    parts, compared = [], []
    for fid, fact in rows.iterrows():
        parts.append(f"{_fact_figure(fact)} in {fact['period_start']} ({fact['source']})")
        value = float(fact["value"])
        low = {"up_to": 1.0, "around": value * 0.9}.get(fact["qualifier"], value)
        high = {"around": value * 1.1, "more_than": math.inf}.get(fact["qualifier"], value)
        compared.append(wording.compare(Interval(low, high, True, True), e.rate_kji, "above", "below", "either side of"))
    counts = Counter(compared)
    return (fmt.and_list(parts) if parts else "none",
            fmt.and_list([f"{n} {word} it" for word, n in counts.items()]) if counts else "none",
            list(rows.index))


def disclosure_lags(evidence: Evidence) -> tuple[str, list[str]]:
    """How long after each diplomat's defection it was made public (the later era's count may
    still be growing as defections come to light), and the dated facts each lag is computed from
    (the facts naming the diplomat, dated as the defection or the disclosure)."""
    table = timeline(evidence).dropna(subset=["public_date"])
    parts, refs = [], ["people.yaml"]
    for row in table.itertuples():
        # from the last day the defection date allows: a year-only date gives no lag it cannot prove
        years = (row.public_date - date_bounds(row.defected)[1]).days / 365.25
        if years >= 0.5:
            parts.append(f"{row.name} at least {years:.1f} years after")
            refs += [f"facts.yaml: {f.id}" for f in evidence.reference.facts.itertuples()
                     if f.kind == "event" and row.name in f.statement
                     and any(str(f.date).startswith(str(d)) for d in (row.defected, row.made_public))]
    return (fmt.and_list(parts) if parts else "none", refs)


def _latest_article(evidence: Evidence) -> dt.date:
    latest = max(s.now for s in evidence.sources.values())
    return latest if isinstance(latest, dt.date) else dt.date.fromisoformat(str(latest))


def facts_after(evidence: Evidence) -> list[str]:
    """Ids of the dated facts after the latest of the articles."""
    latest = _latest_article(evidence)
    return [fid for fid, fact in evidence.reference.facts.iterrows() if date_bounds(str(fact["date"]))[0] > latest]


def events_after(evidence: Evidence, series: pd.Series) -> str:
    """Dated facts and arrival figures published after the latest of the articles, with their sources."""
    latest = _latest_article(evidence)
    facts = evidence.reference.facts
    items: list[tuple[dt.date, str]] = []
    for fid in facts_after(evidence):
        fact = facts.loc[fid]
        items.append((date_bounds(str(fact["date"]))[0],
                      f"{fmt.date(str(fact['date']))}: {fact['statement'].rstrip('.')} ({fact['source']})"))
    meta = evidence.reference.meta
    totals = {c["through"]: c for c in meta["checks"]}
    for year in series.index:
        if year >= latest.year and year in totals:
            c = totals[year]
            # the date of the report that gave the year's figure, where its source names one
            items.append((dt.date(year + 1, 1, 1),
                          f"{year} as a whole: {fmt.count(series[year])} arrivals, {fmt.count(c['total'])} in all since the "
                          f"ministry's table begins ({c['source']})"))
    return ". ".join(text for _, text in sorted(items)) + "." if items else "Nothing on record yet."


# -- statistics ------------------------------------------------------------------------------------

def judgment_statistics(evidence: Evidence, params: dict[str, Any], checks: dict[str, Statistic], e: Eras,
                        series: pd.Series, findings: list[Finding], standards: Standards) -> list[Statistic]:
    every = sorted(checks)
    summary, largest, error_ids = summary_of_errors(evidence, checks, params, findings)
    heads = judgment_texts(e, evidence, checks, params, series, largest)
    table = {"reference": [rows(int(series.index.min()), int(series.index.max()))]}
    counts = {"claims": ["dailystar2024-elite-kji-era-54", "dailystar2024-elite-kju-era-134"], **table}
    later = [f"facts.yaml: {f}" for f in facts_after(evidence)]
    later_rows = [rows(y) for y in series.index if y >= _latest_article(evidence).year]
    out = [
        Statistic("bluf_trend", None, bluf_trend(e), "sentence",
                  "written from the elite rate's direction (elite_rate_direction) and the direction of all "
                  "arrivals a year over the same windows (arrivals_rate_direction)", counts),
        Statistic("bluf_errors", None, summary, "sentence",
                  "written from every claim's verdict: the tally, the errors ordered by how far each is from "
                  "its check (the ratio of the nearest edges), the contradicted ones, and the errors of fact "
                  "in data/findings.yaml", {"counted": every, "reference": ["findings.yaml"]}),
        Statistic("bluf_takeaway", None, bluf_takeaway(e, evidence, checks, params), "sentence",
                  "written from the elite rate's direction, the direction of the elite share on the ministry's "
                  "figures (elite_share_direction_mou), the tally of verdicts and the article with the largest "
                  "error", {"counted": every, **counts}),
        Statistic("largest_error", None, largest, "sentence",
                  "the claim in error furthest from its check, as a factor", {"counted": error_ids[:1]}),
        Statistic("errors_all", None,
                  "; ".join(error_phrase(c, s, f, evidence, quote=False)
                            for c, s, f in errors_by_size(evidence, checks, params))
                  or "none", "sentence",
                  "every claim whose verdict is approximate or contradicted: numeric ones by how far each is from "
                  "its check (the ratio of the nearest edges), largest first, then the dates",
                  {"counted": error_ids}),
        Statistic("findings_where", None,
                  fmt.and_list([f"{n} in {label}" for label, n in
                         Counter(evidence.sources[f.source].label
                                 for f in beyond_figures(findings, checks)).most_common()])
                  if beyond_figures(findings, checks) else "none",
                  "words", "errors of fact in data/findings.yaml that no claim's verdict already counts, by article",
                  {"reference": ["findings.yaml"]}),
        Statistic("events_after_articles", None, events_after(evidence, series), "sentence",
                  "dated facts (data/reference/facts.yaml) and yearly arrivals (the ministry's table, with the "
                  "reports of its cumulative totals) dated after the latest article's date",
                  {"reference": later + later_rows}),
    ]
    yearly, against, fact_ids = yearly_elite_figures(evidence, e)
    yearly_refs = {"reference": [f"facts.yaml: {f}" for f in fact_ids]}
    out += [
        Statistic("elite_yearly_facts", None, yearly, "words",
                  f"single-year elite figures in data/reference/facts.yaml after {e.split.year}", yearly_refs),
        Statistic("elite_yearly_vs_kji_rate", None, against, "words",
                  f"each of those figures (a range where stated as one) against {e.rate_kji:.2f} a year, the "
                  f"earlier window's rate", {**yearly_refs, "claims": counts["claims"]}),
    ]
    weak, weak_ids = weak_consistency(evidence, checks)
    out.append(Statistic("weak_consistency", len(weak_ids), weak, "sentence",
                         f"every count found consistent with a range of the records wider than {WIDE_RANGE:.0%} of "
                         f"its low end (the range's width over its low end), widest first", {"counted": weak_ids}))
    half = evidence.claim(RANK_CLAIM)
    out.append(Statistic("alt_rank_or_age", None,
                         f"{evidence.sources[half.source].label}'s \u201c{half.quote}\u201d "
                         f"({checks[RANK_CLAIM].verdict}) may garble what the ministry's briefing said of the "
                         f"same arrivals' age, not their rank", "sentence",
                         "the claim in error set beside the dated fact on the same arrivals (facts.yaml: "
                         f"{AGE_FACT})", {"counted": [RANK_CLAIM]}))
    lags, lag_refs = disclosure_lags(evidence)
    out.append(Statistic("disclosure_lags", None, lags, "words",
                         "time from each named diplomat's defection to its disclosure, where half a year or more "
                         "(data/people.yaml), from the dated facts of each", {"reference": lag_refs}))
    for level in standards.confidence:
        rule = level["rule"] or {}
        out.append(Statistic(f"confidence-{level['level']}", level["level"], level["level"].capitalize(), "level",
                             level["definition"] + " Rule: " + rule_text(rule), {"reference": ["judgments.yaml"]}))
    levels = {jid: confidence(items, standards, checks)[0] for jid, items in standards.judgments.items()}
    out.append(Statistic("bluf_confidence", None, confidence_summary(levels, standards), "sentence",
                         "the confidence of each key judgment, by the rule in data/judgments.yaml",
                         {"reference": ["judgments.yaml"]}))
    heads_from = {"elite-rose": counts, "share-not-an-echo": counts, "diplomats": {"reference": ["people.yaml"]},
                  "articles-accuracy": {"counted": every}, "arrivals-below-peak": table}
    for jid, items in standards.judgments.items():
        level, basis = confidence(items, standards, checks)
        basis_claims = sorted({c for i in items for c in i.claims})
        basis_facts = sorted({f for i in items for f in i.facts})
        inputs = {"counted": basis_claims, "reference": ["judgments.yaml", *(f"facts.yaml: {f}" for f in basis_facts)]}
        out += [
            Statistic(f"kj-{jid}", None, heads[jid], "sentence",
                      "written from the statistics and verdicts it states (judgments.py)", heads_from.get(jid, {})),
            Statistic(f"confidence-kj-{jid}", level, level, "level",
                      f"the first level in data/judgments.yaml whose rule the basis meets: {basis}", inputs),
            Statistic(f"basis-kj-{jid}", None, basis, "sentence",
                      "origins and channels of each item of the basis, from data/judgments.yaml", inputs),
        ]
    for claim_id, check in checks.items():
        out.append(Statistic(f"verdict-{claim_id}", check.verdict, check.verdict, "verdict",
                             f"the verdict of check-{claim_id}: {check.method}", {"counted": [claim_id]}))
    return out
