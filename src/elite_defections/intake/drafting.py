"""Drafting claim stubs for an article's figures that no claim covers yet: one stub per figure the
spotter finds (`spotter.py`), with the verbatim clause, the figure, its parsed value, a guessed unit
and qualifier, and relative dates resolved from the article's "now"; each with `check: none`
"not yet reviewed" until an analyst gives it its check."""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_right
from itertools import accumulate
from typing import Any

import yaml

from ..core import paths
from ..core.errors import DataError
from ..evidence.claims import load_claims
from ..evidence.people import load_people
from ..evidence.sources import load_sources
from .spotter import (
    FRACTIONS,
    MONTHS,
    MULTIPLES,
    ORDINALS,
    WORD_NUMBERS,
    Figure,
    capture_stamp_end,
    spot,
)

UNREVIEWED = "not yet reviewed"
# Bounded work whatever the article: a sentence is looked for at most WINDOW characters either side
# of its figure (so drafting is linear in the article's size), a stub's quote is at most
# MAX_QUOTE_CHARS, and a draft of more than MAX_STUBS stubs is refused, not written.
WINDOW = 1000
MAX_QUOTE_CHARS = 300
MAX_STUBS = 1000


def _sentence(text: str, fig: Figure) -> str:
    """The verbatim clause around a figure: its sentence, cut to the clause if the sentence is long,
    and to MAX_QUOTE_CHARS around the figure if the clause is still longer."""
    low, high = max(0, fig.start - WINDOW), min(len(text), fig.end + WINDOW)
    stop, line = text.rfind(". ", low, fig.start), text.rfind("\n", low, fig.start)
    start = max(stop + 2 if stop >= 0 else low, line + 1)
    ends = [i for i in (text.find(". ", fig.end, high), text.find("\n", fig.end, high)) if i >= 0]
    end = min(ends) + 1 if ends else high
    if end - start > 220:
        left = max(text.rfind(c, start, fig.start) for c in ",;:")
        right = [i for i in (text.find(c, fig.end, end) for c in ",;:") if i >= 0]
        start = left + 1 if left >= start else start
        end = min(right) if right else end
    if end - start > MAX_QUOTE_CHARS:
        side = (MAX_QUOTE_CHARS - (fig.end - fig.start)) // 2
        start, end = max(start, fig.start - max(side, 0)), min(end, fig.end + max(side, 0))
    return text[start:end].strip().rstrip(",;:")


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "figure"


WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def relative_date(phrase: str, now: str) -> str:
    """A relative date as a partial ISO date, resolved from the article's now (as near as the
    phrase allows: "last spring" gives the year)."""
    p = phrase.lower()
    year = int(now[:4])
    month = int(now[5:7]) if len(now) >= 7 else None
    m = re.match(r"(?:since )?(last|this|next) (\w+)", p)
    if m:
        step = {"last": -1, "this": 0, "next": 1}[m.group(1)]
        word = m.group(2)
        if word in WEEKDAYS and len(now) == 10:
            today = dt.date.fromisoformat(now)
            back = (today.weekday() - WEEKDAYS.index(word)) % 7 or 7
            return (today + dt.timedelta(days=-back if step < 0 else (7 - back if step > 0 else 0))).isoformat()
        if word[:3] in MONTHS and word not in ("mon",):
            number = MONTHS[word[:4] if word[:4] == "sept" else word[:3]]
            if step < 0:
                return f"{year - 1 if month is None or number >= month else year}-{number:02d}"
            return f"{year + (1 if step > 0 and month and number <= month else 0)}-{number:02d}"
        if word == "month" and month:
            first = dt.date(year, month, 1) + dt.timedelta(days=31 * step)
            return f"{first.year}-{first.month:02d}"
        return str(year + step)
    m = re.match(r"(a|one|\w+|\d+) (decade|year|month|week|day)s? (ago|before|earlier|later)", p)
    n = 1 if m and m.group(1) in ("a", "one") else (WORD_NUMBERS.get(m.group(1)) if m else None)
    if m and n is None and m.group(1).isdigit():
        n = int(m.group(1))
    if m and n and m.group(2) in ("decade", "year"):
        return str(year + (1 if m.group(3) == "later" else -1) * n * (10 if m.group(2) == "decade" else 1))
    return now[:7] if len(now) >= 7 else now[:4]


def _date(figure: Figure, now: str) -> str | None:
    t = figure.text.replace(",", "").replace(".", "")
    parts = t.split()
    if len(parts) == 1 and re.fullmatch(r"\d{4}", t):
        return t
    month = next((MONTHS[p.lower()[:4] if p.lower()[:4] == "sept" else p.lower()[:3]] for p in parts
                  if p.lower()[:3] in MONTHS), None)
    numbers = [int(p) for p in parts if p.isdigit()]
    year = next((n for n in numbers if n > 31), int(now[:4]))
    day = next((n for n in numbers if n <= 31), None)
    if month is None:
        return None
    try:
        return dt.date(year, month, day).isoformat() if day else f"{year}-{month:02d}"
    except ValueError:
        return None


def _number(figure: Figure) -> tuple[Any, str, float | None]:
    """value, unit, precision for a figure that is not a date."""
    t = figure.text.lower()
    if figure.kind == "fraction":
        return FRACTIONS[t], "fraction", None
    if figure.kind == "multiple":
        value = MULTIPLES.get(t) or float(re.match(r"[\d.]+", t).group())
        return value, "multiple", (None if t in MULTIPLES else _precision(re.match(r"[\d.]+", t).group()))
    if figure.kind == "percent":
        digits = re.match(r"[\d.]+", t).group()
        return float(digits), "percent", _precision(digits)
    if figure.kind in ("ordinal", "word"):
        value = ORDINALS.get(t) or sum(WORD_NUMBERS.get(w, 0) for w in re.split(r"[- ]", t)) or None
        return value, "persons", 1
    if figure.kind == "duration":
        n = WORD_NUMBERS.get(t.split()[0], 1) if " " in t else 1
        return 10 * n, "years", 10
    digits = t.replace(",", "")
    value = float(digits) if "." in digits else int(digits)
    return value, "persons", _precision(t.replace(",", ""))


def _precision(digits: str) -> float:
    if "." in digits:
        return 10 ** -len(digits.split(".")[1])
    zeros = len(digits) - len(digits.rstrip("0"))
    return float(10 ** zeros) if zeros and int(digits) >= 1000 else 1


def draft(figure: Figure, source, taken: set[str], suffixes: dict[str, int] | None = None) -> dict[str, Any] | None:
    """A claim stub for one figure, or None where the figure cannot be given a value."""
    now = source.now
    quote = _sentence(source.text, figure)
    relative = None
    if figure.kind == "relative":
        value, relative = relative_date(figure.text, now), figure.text
        unit = "date"
    elif figure.kind == "date" or (figure.kind == "number" and re.fullmatch(r"(?:19|20)\d\d", figure.text)):
        value, unit = _date(figure, now), "date"
        relative = figure.text if figure.kind == "date" and not re.search(r"\d{4}", figure.text) else None
    else:
        value, unit, precision = _number(figure)
    if value is None:
        return None
    if unit == "fraction" and figure.qualifier == "exact":
        precision = None
    ident = base = f"{source.key}-{_slug(figure.text)}"[:120].rstrip("-")
    n = suffixes.get(base, 2) if suffixes is not None else 2  # where the last search for this base stopped
    while ident in taken:
        ident, n = f"{base}-{n}", n + 1
    taken.add(ident)
    if suffixes is not None:
        suffixes[base] = n
    is_date = unit == "date"
    measure = {"date": "date", "percent": "share", "fraction": "share", "multiple": "change",
               "years": "duration"}.get(unit, "rank" if figure.kind == "ordinal" else "count")
    return {
        "id": ident, "source": source.key, "quote": quote, "figure": figure.text,
        "value": value, "unit": unit, "qualifier": figure.qualifier if not is_date else "exact",
        "precision": None if is_date else precision, "measure": measure,
        "population": "person" if is_date else "all_defectors",
        "period_start": value if is_date else None, "period_end": value if is_date else None,
        "relative": relative, "reference_date": now if relative else None, "entities": [],
        "note": "Drafted by draft-claims: every field is a guess until reviewed.",
        "check": {"kind": "none", "reason": UNREVIEWED},
    }


def draft_claims(key: str) -> list[dict[str, Any]]:
    """Stubs for every figure in the article `key` that no claim in the ledger covers yet."""
    sources = load_sources()
    if key not in sources:
        raise DataError(paths.SOURCES_REGISTRY, key, "key", f"no source {key!r}; known: {', '.join(sources)}")
    source = sources[key]
    claims = load_claims(sources, load_people())
    covered = sorted((c.start, c.end) for c in claims if c.source == key)
    starts = [s for s, _ in covered]
    reach = list(accumulate((e for _, e in covered), max))  # the furthest end of any quote starting by here
    taken = {c.id for c in claims}
    suffixes: dict[str, int] = {}
    stubs = []
    for figure in spot(source.text, capture_stamp_end(source.text)):
        i = bisect_right(starts, figure.start) - 1
        if i >= 0 and reach[i] >= figure.end:
            continue
        stub = draft(figure, source, taken, suffixes)
        if stub is not None:
            stubs.append(stub)
        if len(stubs) > MAX_STUBS:
            raise DataError(paths.SOURCES_REGISTRY, key, "file", f"more than {MAX_STUBS} uncovered figures in "
                            f"{source.file}: too many to review as stubs (TOO_MANY_FIGURES); is it an article?")
    return stubs


def stubs_yaml(stubs: list[dict[str, Any]]) -> str:
    return yaml.safe_dump(stubs, allow_unicode=True, sort_keys=False, width=10**6) if stubs else ""  # quotes unwrapped: verbatim
