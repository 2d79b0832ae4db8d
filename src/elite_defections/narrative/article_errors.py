"""The articles' errors, by size: how far each figure is from what the records give, in words a
reader can follow, and which checks are weak."""

from __future__ import annotations

from collections import Counter
from typing import Any

from ..checks.verdicts import error_factor
from ..core import formatting as fmt
from ..core import wording
from ..core.intervals import APPROXIMATE, CONSISTENT, CONTRADICTED, GENEROUS, ROUNDING, Interval
from ..core.statistic import Statistic
from ..crosscheck.data import Finding, load_scale
from ..crosscheck.grading import counted_findings
from ..evidence.base import Evidence
from ..evidence.claims import Claim

HOLDS = (CONSISTENT, ROUNDING)


ERRS = (APPROXIMATE, GENEROUS, CONTRADICTED)


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
                      findings: list[Finding], lead: str | None = None) -> tuple[str, str, list[str]]:
    """The bottom line's account of where the articles err: (summary, largest error, claim ids).
    `lead` replaces the opening tally of every verdict (the bottom line leads with the tally that
    weighs what matters, narrative/tally.py)."""
    verdicts = Counter(s.verdict for s in checks.values())
    holds, errs = sum(verdicts[v] for v in HOLDS), sum(verdicts[v] for v in ERRS)
    checkable = holds + errs
    errors = errors_by_size(evidence, checks, params)
    mostly = wording.majority(holds / checkable if checkable else 0.5, "mostly hold", "mostly fail", "split")
    text = lead or (f"Of the {checkable} figures in the articles that the records can check, {holds} hold and "
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
