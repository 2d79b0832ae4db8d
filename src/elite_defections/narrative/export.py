"""Exports for others to reuse: the claims ledger with verdicts as CSV, and the checks as
schema.org ClaimReview in JSON-LD.

Written under `<output_dir>/exports/` by notebook 50; the pipeline moves them to `build/exports/`.

Claims that are "not checkable" get no ClaimReview: a ClaimReview publishes a finding, and search
engines show its rating as a verdict; a rating that says "we could not check this" would read as
one. They stay in the CSV, with the reason in its `method` column.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd

from ..core import paths
from ..core.intervals import UNRATED
from ..core.statistic import Statistic
from ..crosscheck.quantity import Quantity
from ..evidence.base import Evidence
from ..evidence.sources import Source

CSV_COLUMNS = ("id", "source", "quote", "figure", "value", "unit", "qualifier", "precision", "period_start",
               "period_end", "verdict", "recomputed", "method")
CSV_NAME = "claims-with-verdicts.csv"
JSONLD_NAME = "claimreviews.jsonld"
# What Google Search asks of a ClaimReview (developers.google.com/search/docs/appearance/structured-data/factcheck).
GOOGLE_REQUIRED = ("claimReviewed", "reviewRating", "url")
GOOGLE_RATING_REQUIRED = ("alternateName",)
GOOGLE_RECOMMENDED = ("author", "itemReviewed", "datePublished")


def claims_with_verdicts(evidence: Evidence, checks: dict[str, Statistic]) -> pd.DataFrame:
    """The ledger, one row per claim, with its verdict, the recomputed value as displayed, and the arithmetic."""
    rows = []
    for c in evidence.claims:
        check = checks[c.id]
        rows.append({"id": c.id, "source": c.source, "quote": c.quote, "figure": c.figure, "value": c.value,
                     "unit": c.unit, "qualifier": c.qualifier, "precision": c.precision,
                     "period_start": c.period_start, "period_end": c.period_end, "verdict": check.verdict,
                     "recomputed": check.display, "method": check.method})
    return pd.DataFrame(rows, columns=list(CSV_COLUMNS), dtype=object)  # numbers as the ledger writes them


def _work(source: Source) -> dict[str, Any]:
    """An article as a schema.org CreativeWork, with what the registry knows of it."""
    work: dict[str, Any] = {"@type": "CreativeWork"}
    if source.url:
        work["url"] = source.url
    if source.title:
        work["headline"] = source.title
    work["publisher"] = {"@type": "Organization", "name": source.container}
    work["datePublished"] = source.date
    return work


def first_appearances(evidence: Evidence, quantities: list[Quantity]) -> dict[str, str]:
    """claim id -> the source where the same figure first appeared, among the articles at hand:
    the earliest article (by its "now") printing the same figure for the same quantity."""
    first: dict[str, str] = {}
    for q in quantities:
        for m in q.members:
            if len(m.claims) != 1:
                continue
            peers = [p.source for p in q.members if len(p.claims) == 1 and p.interval == m.interval]
            first[m.claims[0]] = min(peers, key=lambda k: evidence.sources[k].now)
    return first


def review_url(claim_id: str, publishing: dict[str, Any]) -> str:
    """Where the review lives: the annex's page with an anchor per claim (relative until the
    briefing has an address: `publisher.url` in data/claimreview.yaml)."""
    base = publishing["publisher"]["url"]
    page = f"{publishing['page']}#check-{claim_id}"
    return f"{base.rstrip('/')}/{page}" if base else page


def claim_reviews(evidence: Evidence, checks: dict[str, Statistic], quantities: list[Quantity],
                  publishing: dict[str, Any]) -> list[dict[str, Any]]:
    """One ClaimReview per checked claim (none for "not checkable"; see the module's note)."""
    rating = publishing["rating"]
    publisher = {"@type": "Organization", "name": publishing["publisher"]["name"]}
    if publishing["publisher"]["url"]:
        publisher["url"] = publishing["publisher"]["url"]
    first = first_appearances(evidence, quantities)
    out = []
    for claim in evidence.claims:
        check = checks[claim.id]
        if check.verdict in UNRATED:
            continue
        source = evidence.sources[claim.source]
        url = review_url(claim.id, publishing)
        out.append({
            "@type": "ClaimReview",
            "@id": url,
            "url": url,
            "claimReviewed": claim.quote,
            "datePublished": publishing["date_published"].isoformat(),
            "author": publisher,
            "itemReviewed": {
                "@type": "Claim",
                "author": {"@type": "Organization", "name": source.container},
                "datePublished": source.date,
                "appearance": _work(source),
                "firstAppearance": _work(evidence.sources[first.get(claim.id, claim.source)]),
            },
            "reviewRating": {
                "@type": "Rating",
                "ratingValue": rating["values"][check.verdict],
                "bestRating": rating["best"],
                "worstRating": rating["worst"],
                "alternateName": check.verdict,
                "ratingExplanation": check.method,
            },
        })
    return out


def missing_google_fields(review: dict[str, Any]) -> list[str]:
    """The fields Google requires or recommends for a ClaimReview that `review` lacks."""
    missing = [f for f in GOOGLE_REQUIRED + GOOGLE_RECOMMENDED if not review.get(f)]
    missing += [f"reviewRating.{f}" for f in GOOGLE_RATING_REQUIRED if not review.get("reviewRating", {}).get(f)]
    return missing


def write_exports(evidence: Evidence, checks: dict[str, Statistic], quantities: list[Quantity],
                  publishing: dict[str, Any], output_dir: Path | str | None = None) -> list[Path]:
    """Write both files under `<output_dir>/exports/`, byte-identical for identical inputs."""
    target = paths.output_dir(output_dir) / "exports"
    target.mkdir(parents=True, exist_ok=True)
    csv = target / CSV_NAME
    claims_with_verdicts(evidence, checks).to_csv(csv, index=False, encoding="utf-8", lineterminator="\n")
    reviews = claim_reviews(evidence, checks, quantities, publishing)
    problems = {r["@id"]: missing_google_fields(r) for r in reviews if missing_google_fields(r)}
    if problems:
        raise ValueError(f"ClaimReview fields missing: {problems}")
    jsonld = target / JSONLD_NAME
    jsonld.write_text(json.dumps({"@context": "https://schema.org", "@graph": reviews}, indent=1,
                                 ensure_ascii=False) + "\n", encoding="utf-8")
    return [csv, jsonld]


def export_statistics(evidence: Evidence, checks: dict[str, Statistic]) -> list[Statistic]:
    """How many claims the exports carry, for the briefing."""
    reviewed = [c.id for c in evidence.claims if checks[c.id].verdict not in UNRATED]
    left_out = len(evidence.claims) - len(reviewed)
    return [
        Statistic(id="exported_claims", value=len(evidence.claims), display=str(len(evidence.claims)), unit="claims",
                  method=f"rows of build/exports/{CSV_NAME}: every claim in the ledger with its verdict, the value "
                  f"recomputed and the arithmetic", computed_from={"counted": [c.id for c in evidence.claims]}),
        Statistic(id="exported_claimreviews", value=len(reviewed), display=str(len(reviewed)), unit="claims",
                  method=f"schema.org ClaimReview records in build/exports/{JSONLD_NAME}: one per claim with a verdict; "
                  f"the {left_out} claims that cannot be checked, or rest only on their own article, are left out, "
                  f"since a review's rating reads as a verdict", computed_from={"counted": reviewed}),
    ]
