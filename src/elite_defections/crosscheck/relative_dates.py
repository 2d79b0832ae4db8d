"""Time-dependent claims: relative dates resolved against each article's "now", and the lengths
of the periods the articles compare.

"Last year" means 2023 only if the article was written in 2024. The registry records each
article's `now` and why (`now_basis`); several are inferred. Here every relative expression in the
ledger is resolved again, independently, from that `now`, and compared with the period the ledger
records. Each article's date is then varied over every day it could have been (a month-only date
allows the whole month) to find the days of "now" for which all its relative dates still resolve
as the ledger has them, and which expressions depend on the exact day.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pandas as pd

from ..checks.verdicts import claim_interval
from ..core import formatting as fmt
from ..core.loading import date_bounds
from ..core.statistic import Statistic
from ..evidence.base import Evidence
from ..evidence.claims import Claim

MONTHS = {m.lower(): i for i, m in enumerate(fmt.MONTHS, start=1)} | {m[:3].lower(): i for i, m in enumerate(fmt.MONTHS, start=1)}
WEEKDAYS = {d: i for i, d in enumerate(("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"))}
COUNTS = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
          "nine": 9, "ten": 10}
SEASONS = {"spring": (3, 5), "summer": (6, 8), "autumn": (9, 11), "fall": (9, 11)}
ANCHORED = ("within hours",)  # figures that are relative to a date the article gives just before
NOW = "now"                   # a period that ends on the article's own date


def resolve(expression: str, now: dt.date, anchor: str | None = None) -> tuple[str | None, str | None]:
    """The period (partial ISO start, end) a relative expression stands for, said on `now`.

    A day or month without a year ("14 July", "February") is taken in the article's year;
    "last <weekday>" is the most recent such day before `now`; "since ..." runs to `now`;
    "within hours" is the `anchor` day or the next."""
    text = re.sub(r"^the\s+", "", expression.strip().lower())
    year, today = now.year, now.isoformat()
    month = lambda word: MONTHS.get(word.strip("."))
    if text == "currently":
        return None, today
    if text in ("last year", "this year", "since last year"):
        return {"last year": (str(year - 1), str(year - 1)), "this year": (f"{year}-01", today),
                "since last year": (f"{year - 1}-01", today)}[text]
    if text == "end of last year":
        return f"{year - 1}-10", f"{year - 1}-12"
    if text == "within hours" and anchor:
        day = dt.date.fromisoformat(anchor)
        return day.isoformat(), (day + dt.timedelta(days=1)).isoformat()
    if m := re.fullmatch(r"(\w+) last year", text):
        if month(m[1]):
            return f"{year - 1}-{month(m[1]):02d}", f"{year - 1}-{month(m[1]):02d}"
    if (m := re.fullmatch(r"since last (\w+)", text)) and month(m[1]):
        start = year - 1 if month(m[1]) >= now.month else year
        return f"{start}-{month(m[1]):02d}", today
    if (m := re.fullmatch(r"last (\w+)", text)) and m[1] in WEEKDAYS:
        back = (now.weekday() - WEEKDAYS[m[1]]) % 7 or 7
        day = (now - dt.timedelta(days=back)).isoformat()
        return day, day
    if (m := re.fullmatch(r"(?:on |this |just this )?(\w+)", text)) and m[1] in WEEKDAYS:
        day = (now - dt.timedelta(days=(now.weekday() - WEEKDAYS[m[1]]) % 7)).isoformat()
        return day, day  # "said Tuesday": the latest such day, the article's own day included
    if (m := re.fullmatch(r"last (\w+)", text)) and month(m[1]):
        year_of = year - 1 if month(m[1]) >= now.month else year
        return f"{year_of}-{month(m[1]):02d}", f"{year_of}-{month(m[1]):02d}"
    if m := re.fullmatch(r"(?:in |early |mid-?|late |in early |in late )(\w+)", text):
        if month(m[1]):  # told in the past tense: the latest such month up to `now`
            year_of = year - 1 if month(m[1]) > now.month else year
            return f"{year_of}-{month(m[1]):02d}", f"{year_of}-{month(m[1]):02d}"
    if m := re.fullmatch(r"(a decade|\w+ decades?|\w+ years?) ago", text):
        words = m[1].split()
        n = COUNTS.get(words[0], 0) * (10 if words[1].startswith("decade") else 1)
        if n:
            return str(year - n), str(year - n)
    if (m := re.fullmatch(r"this (\w+)", text)) and m[1] in SEASONS:
        first, last = SEASONS[m[1]]
        return f"{year}-{first:02d}", f"{year}-{last:02d}"
    if month(text):
        return f"{year}-{month(text):02d}", f"{year}-{month(text):02d}"
    if (m := re.fullmatch(r"(\d{1,2}) (\w+)", text)) and month(m[2]):
        return (f"{year}-{month(m[2]):02d}-{int(m[1]):02d}",) * 2
    if (m := re.fullmatch(r"(\w+)\.? (\d{1,2})", text)) and month(m[1]):
        return (f"{year}-{month(m[1]):02d}-{int(m[2]):02d}",) * 2
    raise ValueError(f"cannot resolve the relative date {expression!r}")


def resolvable(expression: str, now: dt.date, anchor: str | None = None) -> bool:
    """Whether `resolve` reads the expression (a drafted claim may carry one it does not)."""
    try:
        resolve(expression, now, anchor)
    except ValueError:
        return False
    return True


def _expression(claim: Claim) -> str | None:
    if claim.relative:
        return claim.relative
    return claim.figure if claim.figure.lower() in ANCHORED else None


def _anchor(claim: Claim, evidence: Evidence) -> str | None:
    """For "within hours": the last full date the same article gives before the claim."""
    earlier = [c for c in evidence.claims if c.source == claim.source and c.unit == "date" and c.start < claim.start
               and isinstance(c.value, str) and len(c.value) == 10]
    return max(earlier, key=lambda c: c.start).value if earlier else None


def relative_claims(evidence: Evidence) -> list[tuple[Claim, str, str | None]]:
    """Every claim with a relative date: (claim, expression, anchor)."""
    return [(c, e, _anchor(c, evidence) if e.lower() in ANCHORED else None)
            for c in evidence.claims if (e := _expression(c))]


def _as_ledger(resolved: tuple[str | None, str | None], now: dt.date) -> tuple[str | None, str | None]:
    """A resolution with an end on `now` written as NOW, so that moving `now` does not count as a change."""
    return resolved[0], NOW if resolved[1] == now.isoformat() else resolved[1]


def _ledger_period(claim: Claim, now: str) -> tuple[str | None, str | None]:
    return claim.period_start, NOW if claim.period_end == now else claim.period_end


def _period_text(start: str | None, end: str | None, now: str) -> str:
    end_text = f"now ({fmt.date(now)})" if end in (NOW, now) else fmt.date(end) if end else "?"
    if start is None:
        return f"up to {end_text}"
    return fmt.date(start) if start == end else f"{fmt.date(start)} to {end_text}"


def possible_nows(evidence: Evidence, key: str) -> list[dt.date]:
    """Every day the article's `now` could be (its date may give only the month), on which all
    its relative dates resolve as the ledger has them."""
    source = evidence.sources[key]
    first, last = date_bounds(source.date)
    days = [first + dt.timedelta(days=i) for i in range((last - first).days + 1)]
    claims = [(c, e, a) for c, e, a in relative_claims(evidence) if c.source == key and resolvable(e, first, a)]
    return [d for d in days if all(_as_ledger(resolve(e, d, a), d) == _ledger_period(c, source.now) for c, e, a in claims)]


def relative_table(evidence: Evidence, checks: dict[str, Statistic]) -> pd.DataFrame:
    """One row per relative date: the expression, the period the ledger records, the period
    resolved here from the article's `now`, whether the two agree, and whether the result
    depends on the exact day of an inferred date."""
    rows = []
    for claim, expression, anchor in relative_claims(evidence):
        source = evidence.sources[claim.source]
        now = dt.date.fromisoformat(source.now)
        first, last = date_bounds(source.date)
        if not resolvable(expression, now, anchor):  # a drafted expression this module does not read
            rows.append({"source": claim.source, "now": source.now, "claim": claim.id, "expression": expression,
                         "ledger period": _period_text(*_ledger_period(claim, source.now), source.now),
                         "resolved period": "not resolved here", "as in the ledger": False,
                         "depends on the exact day": False, "days before now": 0,
                         "verdict": checks[claim.id].verdict})
            continue
        resolved = _as_ledger(resolve(expression, now, anchor), now)
        span = [resolve(expression, d, anchor) for d in (first, last)]
        stable = all(_as_ledger(r, d) == resolved for r, d in zip(span, (first, last)))
        end = date_bounds(claim.period_end)[1] if claim.period_end else now
        rows.append({"source": claim.source, "now": source.now, "claim": claim.id, "expression": expression,
                     "ledger period": _period_text(*_ledger_period(claim, source.now), source.now),
                     "resolved period": _period_text(*resolved, source.now),
                     "as in the ledger": resolved == _ledger_period(claim, source.now),
                     "depends on the exact day": not stable,
                     "days before now": max(0, (now - end).days),
                     "verdict": checks[claim.id].verdict})
    return pd.DataFrame(rows)


def _day_span(days: list[dt.date]) -> str:
    if not days:
        return "on no day"
    return f"on {fmt.date(days[0])}" if days[0] == days[-1] else f"anywhere from {fmt.date(days[0])} to {fmt.date(days[-1])}"


def article_table(evidence: Evidence, checks: dict[str, Statistic]) -> pd.DataFrame:
    """One row per article: its date, its "now" and why, and what its relative dates allow."""
    table = relative_table(evidence, checks)
    rows = []
    for key, source in evidence.sources.items():
        mine = table[table["source"] == key]
        rows.append({"source": key, "outlet": source.label, "date": source.date,
                     "date uncertain": source.uncertain.get("date"), "now": source.now, "now basis": source.now_basis,
                     "relative dates": len(mine), "as in the ledger": int(mine["as in the ledger"].sum()),
                     "now could be": _day_span(possible_nows(evidence, key)),
                     "depend on the exact day": ", ".join(mine.loc[mine["depends on the exact day"], "expression"])})
    return pd.DataFrame(rows).set_index("source")


def _midpoint(iso: str) -> dt.date:
    first, last = date_bounds(iso)
    return first + (last - first) / 2


def period_years(claim: Claim) -> float | None:
    """Length of the claim's period in years, between the middles of its (partial) ends."""
    if not (claim.period_start and claim.period_end):
        return None
    return (_midpoint(claim.period_end) - _midpoint(claim.period_start)).days / 365.25


def durations_table(evidence: Evidence, checks: dict[str, Statistic], params: dict[str, Any]) -> pd.DataFrame:
    """Printed durations ("13 years", "14-year rule") against the periods the ledger reads them
    as, and against what their checks compared them with."""
    rows = []
    for claim in evidence.claims:
        if claim.unit != "years" or period_years(claim) is None:
            continue
        years, interval = period_years(claim), claim_interval(claim, params)
        rows.append({"claim": claim.id, "source": claim.source, "figure": claim.figure, "stands for": str(interval),
                     "ledger period": f"{fmt.date(claim.period_start)} to {fmt.date(claim.period_end)}",
                     "period years": round(years, 2), "fits the period": years in interval,
                     "check": checks[claim.id].display, "check verdict": checks[claim.id].verdict})
    return pd.DataFrame(rows)


def timing_statistics(evidence: Evidence, checks: dict[str, Statistic], params: dict[str, Any]) -> list[Statistic]:
    """now-<key> per article, the tally of relative dates, and period_years-<claim> per duration."""
    table = relative_table(evidence, checks)
    out = []
    for key, source in evidence.sources.items():
        nows = possible_nows(evidence, key)
        doubt = source.uncertain.get("date")
        n = int((table["source"] == key).sum())
        out.append(Statistic(
            id=f"now-{key}", value=source.now, display=fmt.date(source.now), unit="date",
            method=f"the article's \u201cnow\u201d, used to resolve its relative dates: {source.now_basis}"
            + (f" (its date: {doubt})" if doubt else "")
            + (f"; its {n} relative date{'s' if n != 1 else ''} resolve as the ledger has them with \u201cnow\u201d "
               f"{_day_span(nows)}" if n else "; it has no relative dates"),
            computed_from={"reference": [f"sources.yaml: {key}"]}))
    matching = table[table["as in the ledger"]]
    moving = table[table["depends on the exact day"]]
    out += [
        Statistic(id="relative_dates_total", value=len(table), display=str(len(table)), unit="claims",
                  method="claims whose date or period is relative to the article's \u201cnow\u201d (\u201clast year\u201d, "
                  "\u201ca decade ago\u201d, \u201clast Tuesday\u201d, \u201cwithin hours\u201d)",
                  computed_from={"counted": list(table["claim"])}),
        Statistic(id="relative_dates_as_ledger", value=len(matching), display=str(len(matching)), unit="claims",
                  method="relative dates that resolve, from the registry's \u201cnow\u201d, to the period the ledger records",
                  computed_from={"counted": list(matching["claim"])}),
        Statistic(id="relative_dates_day_dependent", value=len(moving), display=str(len(moving)), unit="claims",
                  method="relative dates whose resolution changes within the article's possible dates: "
                  + (", ".join(f"\u201c{e}\u201d ({s})" for e, s in zip(moving["expression"], moving["source"])) or "none"),
                  computed_from={"counted": list(moving["claim"])}),
    ]
    for row in durations_table(evidence, checks, params).to_dict("records"):
        claim = evidence.claim(row["claim"])
        years = period_years(claim)
        out.append(Statistic(
            id=f"period_years-{claim.id}", value=years, display=f"{years:.1f} years", unit="years",
            method=f"the ledger reads \u201c{claim.figure}\u201d as {row['ledger period']}: {years:.2f} years between the "
            f"middles of its ends, which \u201c{claim.figure}\u201d ({row['stands for']}) "
            f"{'fits' if row['fits the period'] else 'does not fit'}; the claim's check compared it with "
            f"{row['check']}: {row['check verdict']}", computed_from={"claims": [claim.id]}))
    return out
