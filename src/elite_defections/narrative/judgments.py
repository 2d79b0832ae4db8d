"""The bottom line and the key judgments, generated from the checks and the figures.

Nothing here is a sentence typed once and left alone: every judgment, its confidence and its
basis is written from the verdicts and the statistics, so that a changed verdict changes the
text. Confidence follows from each judgment's basis by the rule in `data/judgments.yaml` (after
ICD 203): how many independent origins stand behind it (five articles repeating one ministry
figure are one origin), through how many channels each item reached us, whether an origin is
official, and whether any claim in the basis is contradicted.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import pandas as pd

from ..analysis.diplomats import timeline
from ..analysis.eras import Eras
from ..core import formatting as fmt
from ..core import wording
from ..core.statistic import Statistic
from ..crosscheck.data import Finding, load_quantities
from ..evidence.base import Evidence
from ..evidence.citations import rows
from .article_errors import (
    WIDE_RANGE,
    beyond_figures,
    error_phrase,
    errors_by_size,
    summary_of_errors,
    weak_consistency,
)
from .confidence import (
    Standards,
    confidence,
    confidence_summary,
    rule_text,
)
from .context import (
    disclosure_lags,
    events_after,
    facts_after,
    latest_article_date,
    recent_trend,
    yearly_elite_figures,
)
from .tally import load_topics, substantive, tally_sentence

# The Diplomat's rank figure and the ministry's age figure for the same year's arrivals (an
# alternative explanation of that error: a garbled age figure).
RANK_CLAIM, AGE_FACT = "thediplomat2024-elite-more-than-half-2023", "young-2023"


# -- the standards, as data -----------------------------------------------------------------------


# -- errors, by size ------------------------------------------------------------------------------


# -- the judgments ----------------------------------------------------------------------------------

def judgment_texts(e: Eras, evidence: Evidence, checks: dict[str, Statistic], params: dict[str, Any],
                   series: pd.Series, largest: str, elite: dict[str, list[str]]) -> dict[str, str]:
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
                 f"the articles (only the articles name them: no official list is at hand)."
                 if n_kju else f"No serving diplomat's defection is on record since {e.boundary_label}.")
    clean, total = len(elite["clean"]), sum(len(v) for v in elite.values())
    reliable = wording.majority(clean / total if total else 0.5, "mostly reliable", "unreliable", "mixed")
    errors = errors_by_size(evidence, checks, params)
    biggest = error_phrase(*errors[0], evidence, quote=False) if errors else "none"
    accuracy = (f"On elite defections the articles are {reliable}: {clean} of their {total} distinct checkable "
                f"figures hold cleanly; the largest error is {biggest}.")
    trend, _ = recent_trend(evidence, params)
    return {
        "elite-rose": (f"Elite defections {count_dir} in number and per year after Kim Jong-un took power."
                       if count_dir == rate_dir else
                       f"Elite defections {count_dir} in number but {rate_dir} per year after Kim Jong-un "
                       f"took power."),
        "share-not-an-echo": echo,
        "diplomats": diplomats,
        "articles-accuracy": accuracy,
        "recent-trend": trend,
    }


def bluf_trend(e: Eras) -> str:
    rate_dir = wording.direction(e.rate_kji, e.rate_kju)
    arrivals_dir = wording.against_one(e.arrivals_rate_multiple, "rose", "fell", "may have risen or fallen")
    return (f"Elite defections from North Korea {rate_dir} after Kim Jong-un took power, counted per year, "
            f"while arrivals of defectors overall {arrivals_dir}.")


def bluf_takeaway(e: Eras, evidence: Evidence, checks: dict[str, Statistic], params: dict[str, Any],
                  elite: dict[str, list[str]]) -> str:
    """What the reader should take from the bottom line: whether the trend the articles report
    stands on the official figures, and how far their own numbers can be quoted unchecked."""
    rate_dir = wording.direction(e.rate_kji, e.rate_kju)
    share_dir = wording.against_one(e.share_multiple_mou, "rose", "fell", "may have risen or fallen")
    stands = ("stands on the official figures, so cite it from them"
              if rate_dir == "rose" and share_dir == "rose" else
              "does not stand on the official figures as a whole, so do not repeat it without the caveats above")
    clean, total = len(elite["clean"]), sum(len(v) for v in elite.values())
    text = (f"What to take from it: the articles' central claim, that elites defect more under Kim Jong-un, "
            f"{stands}; ")
    if clean == total:
        return text + f"their figures on elite defections held cleanly in every check ({clean} of {total})."
    errors = errors_by_size(evidence, checks, params)
    worst = evidence.sources[errors[0][0].source].label if errors else None
    return (text + f"quote their figures on elite defections only as checked here, since {total - clean} of "
            f"{total} do not hold cleanly" + (f" and {worst} carries the largest error." if worst else "."))


# -- what the data say beyond the articles ----------------------------------------------------------


# -- statistics ------------------------------------------------------------------------------------

def judgment_statistics(evidence: Evidence, params: dict[str, Any], checks: dict[str, Statistic], e: Eras,
                        series: pd.Series, findings: list[Finding], standards: Standards) -> list[Statistic]:
    every = sorted(checks)
    specs = load_quantities(evidence)
    elite = substantive(evidence, checks, findings, specs, load_topics(evidence))
    summary, largest, error_ids = summary_of_errors(evidence, checks, params, findings,
                                                    lead=tally_sentence(elite, "elite defections"))
    heads = judgment_texts(e, evidence, checks, params, series, largest, elite)
    table = {"reference": [rows(int(series.index.min()), int(series.index.max()))]}
    counts = {"claims": ["dailystar2024-elite-kji-era-54", "dailystar2024-elite-kju-era-134"], **table}
    later = [f"facts.yaml: {f}" for f in facts_after(evidence)]
    later_rows = [rows(y) for y in series.index if y >= latest_article_date(evidence).year]
    out = [
        Statistic(id="bluf_trend", value=None, display=bluf_trend(e), unit="sentence",
                  method="written from the elite rate's direction (elite_rate_direction) and the direction of all "
                  "arrivals a year over the same windows (arrivals_rate_direction)", computed_from=counts),
        Statistic(id="bluf_errors", value=None, display=summary, unit="sentence",
                  method="written from every claim's verdict: the tally, the errors ordered by how far each is from "
                  "its check (the ratio of the nearest edges), the contradicted ones, and the errors of fact "
                  "in data/findings.yaml", computed_from={"counted": every, "reference": ["findings.yaml"]}),
        Statistic(id="bluf_takeaway", value=None, display=bluf_takeaway(e, evidence, checks, params, elite), unit="sentence",
                  method="written from the elite rate's direction, the direction of the elite share on the ministry's "
                  "figures (elite_share_direction_mou), the tally of verdicts and the article with the largest "
                  "error", computed_from={"counted": every, **counts}),
        Statistic(id="largest_error", value=None, display=largest, unit="sentence",
                  method="the claim in error furthest from its check, as a factor", computed_from={"counted": error_ids[:1]}),
        Statistic(id="errors_all", value=None,
                  display="; ".join(error_phrase(c, s, f, evidence, quote=False)
                            for c, s, f in errors_by_size(evidence, checks, params))
                  or "none", unit="sentence",
                  method="every claim whose verdict is approximate or contradicted: numeric ones by how far each is from "
                  "its check (the ratio of the nearest edges), largest first, then the dates",
                  computed_from={"counted": error_ids}),
        Statistic(id="findings_where", value=None,
                  display=fmt.and_list([f"{n} in {label}" for label, n in
                         Counter(evidence.sources[f.source].label
                                 for f in beyond_figures(findings, checks)).most_common()])
                  if beyond_figures(findings, checks) else "none",
                  unit="words", method="errors of fact in data/findings.yaml that no claim's verdict already counts, by article",
                  computed_from={"reference": ["findings.yaml"]}),
        Statistic(id="events_after_articles", value=None, display=events_after(evidence, series), unit="sentence",
                  method="dated facts (data/reference/facts.yaml) and yearly arrivals (the ministry's table, with the "
                  "reports of its cumulative totals) dated after the latest article's date",
                  computed_from={"reference": later + later_rows}),
    ]
    yearly, against, fact_ids = yearly_elite_figures(evidence, e)
    yearly_refs = {"reference": [f"facts.yaml: {f}" for f in fact_ids]}
    out += [
        Statistic(id="elite_yearly_facts", value=None, display=yearly, unit="words",
                  method=f"single-year elite figures in data/reference/facts.yaml after {e.split.year}", computed_from=yearly_refs),
        Statistic(id="elite_yearly_vs_kji_rate", value=None, display=against, unit="words",
                  method=f"each of those figures (a range where stated as one) against {e.rate_kji:.2f} a year, the "
                  f"earlier window's rate", computed_from={**yearly_refs, "claims": counts["claims"]}),
    ]
    weak, weak_ids = weak_consistency(evidence, checks)
    out.append(Statistic(id="weak_consistency", value=len(weak_ids), display=weak, unit="sentence",
                         method=f"every count found consistent with a range of the records wider than {WIDE_RANGE:.0%} of "
                         f"its low end (the range's width over its low end), widest first", computed_from={"counted": weak_ids}))
    half = evidence.claim(RANK_CLAIM)
    out.append(Statistic(id="alt_rank_or_age", value=None,
                         display=f"{evidence.sources[half.source].label}'s \u201c{half.quote}\u201d "
                         f"({checks[RANK_CLAIM].verdict}) may garble what the ministry's briefing said of the "
                         f"same arrivals' age, not their rank", unit="sentence",
                         method="the claim in error set beside the dated fact on the same arrivals (facts.yaml: "
                         f"{AGE_FACT})", computed_from={"counted": [RANK_CLAIM]}))
    lags, lag_refs = disclosure_lags(evidence)
    out.append(Statistic(id="disclosure_lags", value=None, display=lags, unit="words",
                         method="time from each named diplomat's defection to its disclosure, where half a year or more "
                         "(data/people.yaml), from the dated facts of each", computed_from={"reference": lag_refs}))
    for level in standards.confidence:
        rule = level["rule"] or {}
        out.append(Statistic(id=f"confidence-{level['level']}", value=level["level"], display=level["level"].capitalize(), unit="level",
                             method=level["definition"] + " Rule: " + rule_text(rule), computed_from={"reference": ["judgments.yaml"]}))
    levels = {jid: confidence(items, standards, checks, standards.risks.get(jid))[0]
              for jid, items in standards.judgments.items()}
    out.append(Statistic(id="bluf_confidence", value=None, display=confidence_summary(levels, standards), unit="sentence",
                         method="the confidence of each key judgment, by the rule in data/judgments.yaml",
                         computed_from={"reference": ["judgments.yaml"]}))
    heads_from = {"elite-rose": counts, "share-not-an-echo": counts, "diplomats": {"reference": ["people.yaml"]},
                  "articles-accuracy": {"counted": every},
                  "recent-trend": {"reference": [f"facts.yaml: {f}" for f in recent_trend(evidence, params)[1]]}}
    for jid, items in standards.judgments.items():
        level, basis = confidence(items, standards, checks, standards.risks.get(jid))
        basis_claims = sorted({c for i in items for c in i.claims})
        basis_facts = sorted({f for i in items for f in i.facts})
        inputs = {"counted": basis_claims, "reference": ["judgments.yaml", *(f"facts.yaml: {f}" for f in basis_facts)]}
        out += [
            Statistic(id=f"kj-{jid}", value=None, display=heads[jid], unit="sentence",
                      method="written from the statistics and verdicts it states (judgments.py)", computed_from=heads_from.get(jid, {})),
            Statistic(id=f"confidence-kj-{jid}", value=level, display=level, unit="level",
                      method=f"the first level in data/judgments.yaml whose rule the basis meets: {basis}", computed_from=inputs),
            Statistic(id=f"basis-kj-{jid}", value=None, display=basis, unit="sentence",
                      method="origins and channels of each item of the basis, from data/judgments.yaml", computed_from=inputs),
        ]
    for claim_id, check in checks.items():
        out.append(Statistic(id=f"verdict-{claim_id}", value=check.verdict, display=check.verdict, unit="verdict",
                             method=f"the verdict of check-{claim_id}: {check.method}", computed_from={"counted": [claim_id]}))
    return out
