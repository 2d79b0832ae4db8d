"""Drafting claim stubs for an article's figures that no claim covers yet: one stub per figure the
spotter finds (`spotter.py`, and a few forms only the drafter reads), with the verbatim clause, the
figure and what its sentence says of it (`reading.py`: period, unit, population, qualifier, the
person and event; relative dates resolved from the article's "now"). A year or date that only
anchors another figure ("196 in 2023") is not a claim of its own. Each stub carries the check
`proposals.py` proposes, naming its rule (or `none` and why), and `reviewed: false`."""

from __future__ import annotations

import datetime as dt
import re
import tempfile
from bisect import bisect_right
from itertools import accumulate
from pathlib import Path
from typing import Any

import yaml

from ..core import paths
from ..core.errors import DataError
from ..evidence.claims import load_claims
from ..evidence.people import load_people
from ..evidence.reference import load_reference
from ..evidence.sources import load_sources
from .proposals import propose
from .reading import (
    Reading,
    is_anchor,
    people_in,
    printed_date,
    read,
    resolve_relative,
    sentence_at,
    spelled,
    years_in,
)
from .spotter import (
    FRACTIONS,
    MONTHS,
    MULTIPLES,
    ORDINALS,
    QUALIFIERS,
    WORD_NUMBERS,
    Figure,
    capture_stamp_end,
    spot,
)


def _qualifier(text: str, start: int) -> str:
    before = text[max(0, start - 16):start].lower()
    return next((q for words, q in QUALIFIERS if re.search(rf"\b{words}\s+$", before)), "exact")



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


WEEKDAY_RE = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
MONTH_RE = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
EXTRA = [  # figures the data contract's spotter leaves to the drafter: read only here
    ("relative", rf"\b{MONTH_RE} last year\b"),
    ("relative", rf"\b(?:early|late|mid-|in) {MONTH_RE}\b(?!,? \d| last year)"),
    ("relative", rf"(?<!last )(?<!this )\b{WEEKDAY_RE}\b"),
    ("date", r"\b(?:early|late|mid-)\s?(?:19|20)\d\d\b(?!s)"),
    ("one_in", r"\bone in (?:two|three|four|five|six|seven|eight|nine|ten)\b"),
    ("several", r"\bseveral\b"),
    ("multiple", r"\btriple\b"),
    ("change", r"\b(?:sharp drop|dwindle|increasing|below)\b"),
]


def _extra(text: str, skip: int) -> list[Figure]:
    out = []
    for kind, pattern in EXTRA:
        for m in re.finditer(pattern, text):
            if m.start() >= skip:
                out.append(Figure(m.start(), m.end(), m.group(), kind, _qualifier(text, m.start())))
    return out


def figures_of(text: str) -> list[Figure]:
    """The spotter's figures and the drafter's own, a figure inside a longer one dropped."""
    found = spot(text, capture_stamp_end(text)) + _extra(text, capture_stamp_end(text))
    longest = sorted(found, key=lambda f: (f.start, -(f.end - f.start)))
    kept: list[Figure] = []
    reach = -1   # the furthest end of a kept figure: sorted by start, a figure inside one ends by it
    for f in longest:
        if f.end > reach:
            kept.append(f)
            reach = f.end
    return kept


def _value(figure: Figure, r: Reading, now: str) -> tuple[Any, float | None, str | None, tuple]:
    """value, precision, relative expression and period for a figure as read."""
    t = figure.text.lower()
    if r.unit == "date":
        if figure.kind == "relative":
            start, end = resolve_relative(figure.text, now)
            if start is None:
                start = end = relative_date(figure.text, now)
            return start, None, figure.text, (start, end)
        value = printed_date(figure.text, now) or _date(figure, now)
        return value, None, None, (value, value)
    if figure.kind == "one_in":
        return f"1/{spelled(t.split()[-1])}", None, None, ()
    if figure.kind == "several":
        return 3, None, None, ()
    if figure.kind == "change":
        return 1, None, None, ()
    if figure.kind == "multiple" and t == "triple":
        return 3, 1, None, ()
    if r.value is not None:
        return r.value, 1, None, ()
    value, _, precision = _number(figure)
    return value, precision, None, ()


def draft(figure: Figure, source, taken: set[str], reading: Reading) -> dict[str, Any] | None:
    """A claim stub for one figure as its sentence reads, or None where it cannot be given a value."""
    now = source.now
    value, precision, relative, period = _value(figure, reading, now)
    if value is None:
        return None
    unit = reading.unit
    if unit == "fraction" and isinstance(value, str) and value.endswith("/None"):
        return None
    if unit == "fraction" and figure.qualifier == "exact":
        precision = None
    if unit == "persons" and isinstance(value, float) and not value.is_integer():
        unit, reading.measure = "multiple", "change"
    qualifier = {"several": "at_least", "change": "fewer_than" if figure.text.lower() in ("below", "dwindle", "sharp drop")
                 else "more_than"}.get(figure.kind, reading.qualifier)
    if unit == "date":
        qualifier = "exact"
    ident = base = f"{source.key}-{_slug(figure.text)}"[:120].rstrip("-")
    n = 2
    while ident in taken:
        ident, n = f"{base}-{n}", n + 1
    taken.add(ident)
    start, end = period if unit == "date" else (reading.period_start, reading.period_end)
    relative = relative or (reading.relative if unit != "date" else None)
    if unit == "multiple" and precision is None and figure.kind != "change":
        precision = 1
    return {
        "id": ident, "source": source.key, "quote": _sentence(source.text, figure), "figure": figure.text,
        "value": value, "unit": unit, "qualifier": qualifier,
        "precision": None if unit in ("date", "fraction") or figure.kind in ("change", "several") else precision,
        "measure": reading.measure, "population": reading.population,
        "period_start": start, "period_end": end,
        "relative": relative, "reference_date": now if relative else None,
        "entities": [reading.person] if reading.person and not reading.possessive else [],
        "note": "Drafted by draft-claims: every field is read from the sentence, and a guess until reviewed.",
    }


def draft_claims(key: str) -> list[dict[str, Any]]:
    """Stubs for every figure in the article `key` that no claim in the ledger covers yet, each
    with a proposed check (or `none` and why) and `reviewed: false`."""
    sources = load_sources()
    if key not in sources:
        raise DataError(paths.SOURCES_REGISTRY, key, "key", f"no source {key!r}; known: {', '.join(sources)}")
    source = sources[key]
    people = load_people()
    claims = load_claims(sources, people)
    reference = load_reference()
    years = tuple(int(y) for y in reference.annual().index)
    covered = sorted((c.start, c.end) for c in claims if c.source == key)
    starts = [s for s, _ in covered]
    reach = list(accumulate((e for _, e in covered), max))  # the furthest end of any quote starting by here
    taken = {c.id for c in claims}
    figures = figures_of(source.text)
    text = source.text
    known = {}
    stubs = []
    uncovered = [f for f in figures
                 if (i := bisect_right(starts, f.start) - 1) < 0 or reach[i] < f.end]
    if len(uncovered) > MAX_STUBS:
        raise DataError(paths.SOURCES_REGISTRY, key, "file", f"more than {MAX_STUBS} uncovered figures in "
                        f"{source.file}: too many to review as stubs (TOO_MANY_FIGURES); is it an article?")
    for figure in uncovered:
        sentence = sentence_at(text, figure.start)
        for _, pid, _ in people_in(sentence, people):
            surname = people[pid].name.split()[0]
            if known.get(surname, pid) != pid:  # two people of one surname named in full: neither by it alone
                known[surname] = None
            else:
                known.setdefault(surname, pid)
        if is_anchor(sentence, figure, figures):
            continue
        reading = read(figure, text, source.now, people, {s: p for s, p in known.items() if p})
        stub = draft(figure, source, taken, reading)
        if stub is None or (stub["unit"] == "fraction" and "/" not in str(stub["value"])):
            continue
        previous = years_in(text[max(0, sentence.start - 400):sentence.start])
        check = propose(stub, reading, people=people, facts=reference.facts, years=years, previous_years=previous)
        if check.get("to") == "period_end" and stub["period_end"] is None:
            stub["period_end"] = source.now
        stubs.append({**stub, "check": check, "reviewed": False})
    return loadable(stubs, sources, people, reference)


def loadable(stubs: list[dict[str, Any]], sources, people, reference) -> list[dict[str, Any]]:
    """The stubs as the ledger would load them: a proposed check the loader refuses becomes
    `none` with the loader's reason; a stub whose value or fields it refuses is left out (the
    figure stays uncovered, so the data contract still names it)."""
    stubs = list(stubs)
    with tempfile.TemporaryDirectory() as tmp:
        trial = Path(tmp) / "claims.yaml"
        for _ in range(len(stubs) + 1):
            trial.write_text(paths.CLAIMS.read_text(encoding="utf-8").rstrip("\n") + "\n" + stubs_yaml(stubs),
                             encoding="utf-8")
            try:
                load_claims(sources, people, trial, reference=reference)
                return stubs
            except DataError as exc:
                bad = next((i for i, s in enumerate(stubs) if f"({s['id']})" in str(exc.record)
                            or exc.record == s["id"]), None)
                if bad is None:
                    raise
                if str(exc.field).startswith("check") and stubs[bad]["check"]["kind"] != "none":
                    stubs[bad] = {**stubs[bad], "check": {"kind": "none", "reason": f"the proposed check was refused: "
                                                                             f"{exc.field}: {exc.problem}"}}
                else:
                    del stubs[bad]
    return stubs


def stubs_yaml(stubs: list[dict[str, Any]]) -> str:
    return yaml.safe_dump(stubs, allow_unicode=True, sort_keys=False, width=10**6) if stubs else ""  # quotes unwrapped: verbatim
