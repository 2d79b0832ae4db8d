"""What the data say beyond the articles: the yearly elite figures, how late cases were
disclosed, and what happened after the articles were written."""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from typing import Any

import pandas as pd

from ..analysis.diplomats import timeline
from ..analysis.eras import Eras
from ..core import formatting as fmt
from ..core import wording
from ..core.intervals import Interval
from ..core.loading import date_bounds
from ..evidence.base import Evidence


def _fact_figure(fact: pd.Series) -> str:
    value = int(fact["value"]) if float(fact["value"]).is_integer() else fact["value"]
    words = {"exact": f"{value}", "around": f"around {value}", "up_to": f"at most {value}",
             "more_than": f"more than {value}", "at_least": f"at least {value}"}
    return words.get(fact["qualifier"], f"{value}")


def fact_interval_words(fact: pd.Series, margin: float) -> Interval:
    """What a dated figure allows: "around" within the same margin the claims' "around" gets."""
    value = float(fact["value"])
    low = {"up_to": 1.0, "around": value * (1 - margin)}.get(fact["qualifier"], value)
    high = {"around": value * (1 + margin), "more_than": math.inf}.get(fact["qualifier"], value)
    return Interval(low, high, True, True)


# The dated figures behind the recent trend: the ministry's yearly elite counts either side of the
# articles, and the intelligence service's count of officials for part of an earlier year (a
# different population, named as such wherever it is compared).
TREND_FACTS = {"before": "elite-2023", "after": "elite-2024", "since": "elite-2023-most-since",
               "earlier": "officials-2015"}


def recent_trend(evidence: Evidence, params: dict[str, Any]) -> tuple[str, list[str]]:
    """The recent trend as a key judgment, from the dated elite figures: whether the last year on
    record rose or fell against the one before, and what that does to a "surge"."""
    facts = evidence.reference.facts
    before, after, since, earlier = (facts.loc[TREND_FACTS[k]] for k in ("before", "after", "since", "earlier"))
    margin = params["nearly_margin"]
    a, b = fact_interval_words(before, margin), fact_interval_words(after, margin)
    moved = ("fell back" if b.high < a.low else "was no higher" if b.high <= a.low
             else "rose further" if b.low > a.high else "held about level")
    surge = "does not show a sustained surge" if moved in ("fell back", "was no higher") else "shows a rise"
    text = (f"The recent trend {surge}: the ministry counted {_fact_figure(before)} elite defectors in "
            f"{before['period_start']}, the most since {since['date']}; in {after['period_start']} the figure "
            f"{moved} ({_fact_figure(after)}).")
    return text, [TREND_FACTS[k] for k in ("before", "after", "since")]


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


def latest_article_date(evidence: Evidence) -> dt.date:
    latest = max(s.now for s in evidence.sources.values())
    return latest if isinstance(latest, dt.date) else dt.date.fromisoformat(str(latest))


def facts_after(evidence: Evidence) -> list[str]:
    """Ids of the dated facts after the latest of the articles."""
    latest = latest_article_date(evidence)
    return [fid for fid, fact in evidence.reference.facts.iterrows() if date_bounds(str(fact["date"]))[0] > latest]


def events_after(evidence: Evidence, series: pd.Series) -> str:
    """Dated facts and arrival figures published after the latest of the articles, with their sources."""
    latest = latest_article_date(evidence)
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
