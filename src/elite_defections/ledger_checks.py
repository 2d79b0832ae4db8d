"""Every claim in the ledger, checked once: the checks of all topics together, and their tally."""

from __future__ import annotations

from collections import Counter
from typing import Any

from .diplomats import diplomat_checks
from .eras import compute_eras, era_checks
from .evidence import Evidence
from .intervals import VERDICTS
from .overall import arrival_checks
from .remaining import remaining_checks
from .statistics import Statistic

# Which notebook records which topic's checks.
TOPICS = {
    "elite-eras": lambda ev, p: era_checks(ev, compute_eras(ev, p), p),
    "arrivals": arrival_checks,
    "diplomats": diplomat_checks,
    "remaining": remaining_checks,
}


def all_checks(evidence: Evidence, params: dict[str, Any]) -> list[Statistic]:
    """One check per claim, across topics; a claim checked twice or never is an error."""
    checks = [s for topic in TOPICS.values() for s in topic(evidence, params)]
    counts = Counter(s.claim for s in checks)
    twice = sorted(c for c, n in counts.items() if n > 1)
    missing = sorted(c.id for c in evidence.claims if c.id not in counts)
    if twice or missing:
        raise ValueError(f"claims checked twice: {twice or 'none'}; claims never checked: {missing or 'none'}")
    return checks


def tally(checks: list[Statistic]) -> list[Statistic]:
    """Claims by verdict, as statistics the briefing can quote."""
    counts = Counter(s.verdict for s in checks)
    names = {"consistent": "claims_consistent", "consistent only through rounding": "claims_rounding",
             "approximate": "claims_approximate", "contradicted": "claims_contradicted",
             "not checkable": "claims_not_checkable"}
    sources = sorted({s.sources[0] for s in checks})
    out = [Statistic("claims_total", len(checks), str(len(checks)), "claims",
                     "claims in the ledger, each checked once", sources, {"claims": [s.claim for s in checks]})]
    for verdict in VERDICTS:
        ids = [s.claim for s in checks if s.verdict == verdict]
        out.append(Statistic(names[verdict], counts[verdict], str(counts[verdict]), "claims",
                             f"claims whose verdict is \u201c{verdict}\u201d", sources, {"claims": ids}))
    return out
