"""Every claim in the ledger, checked once by the check it declares (see evidence/check_schema.py and checks/kinds.py), and the
tally by verdict."""

from __future__ import annotations

from collections import Counter
from typing import Any

from ..core.intervals import VERDICTS
from ..core.statistic import Statistic
from ..evidence.base import Evidence
from .kinds import Context
from .readings import check_claim, reading_statistics

TALLY_IDS = {"consistent": "claims_consistent", "consistent only through rounding": "claims_rounding",
             "consistent across definitions": "claims_across",
             "approximate": "claims_approximate", "holds only on a generous reading": "claims_generous",
             "contradicted": "claims_contradicted", "single-source": "claims_single_source",
             "not checkable": "claims_not_checkable", "drafted, not reviewed": "claims_drafted"}


def all_checks(evidence: Evidence, params: dict[str, Any]) -> list[Statistic]:
    """One `check-<claim id>` statistic per claim, in ledger order."""
    ctx = Context(evidence, params)
    return [check_claim(claim, ctx) for claim in evidence.claims]


def all_readings(evidence: Evidence, params: dict[str, Any]) -> list[Statistic]:
    """Each reading of every claim that lists readings, as its own statistic."""
    ctx = Context(evidence, params)
    return [s for claim in evidence.claims for s in reading_statistics(claim, ctx)]


def tally(checks: list[Statistic]) -> list[Statistic]:
    """Claims by verdict, as statistics the briefing can quote."""
    counts = Counter(s.verdict for s in checks)
    out = [Statistic(id="claims_total", value=len(checks), display=str(len(checks)), unit="claims",
                     method="claims in the ledger, each checked once", computed_from={"counted": [s.claim for s in checks]})]
    for verdict in VERDICTS:
        ids = [s.claim for s in checks if s.verdict == verdict]
        out.append(Statistic(id=TALLY_IDS[verdict], value=counts[verdict], display=str(counts[verdict]), unit="claims",
                             method=f"claims whose verdict is \u201c{verdict}\u201d", computed_from={"counted": ids}))
    return out


def checks_of_kind(evidence: Evidence, params: dict[str, Any], *kinds: str) -> list[Statistic]:
    """The checks of the claims whose declared check is of one of `kinds` (for a topic notebook to show)."""
    ctx = Context(evidence, params)
    return [check_claim(c, ctx) for c in evidence.claims if c.check["kind"] in kinds]
