"""Reading the sentence around a figure, as an analyst would before writing its claim: the period a
count covers ("196 defections in 2023" is 2023), the unit from the words that follow ("three
months" is a duration, "three times" a multiple), the population from the noun it counts
("elites", "women"), the people the sentence names and the event it tells of them ("came to South
Korea", "confirmed"), and which figures only anchor another (the year in "196 in 2023").

Printed dates are read with `dateparser` (which also says whether a day, a month or a year was
printed) and spelled numbers with `number-parser`; `relative_dates.resolve` turns "last November"
into a month from the article's own date, as the cross-check does.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from functools import lru_cache

from dateparser.date import DateDataParser
from number_parser import parse_number

from ..crosscheck.relative_dates import resolvable, resolve
from .spotter import Figure

ABBREVIATIONS = ("Oct", "Rep", "Amb", "Mr", "Mrs", "Dr", "St", "Jan", "Feb", "Aug", "Sept", "Nov", "Dec", "No", "U.S")
YEAR = re.compile(r"^(?:19|20)\d\d$")
# The noun a count counts, read from the words that follow it (or, for "10 of the 196", the sentence).
POPULATION_WORDS = (
    (r"\belites?\b|\bhigh-ranking\b|\bsenior officials?\b", "elite_defectors"),
    (r"\bdiplomats?\b", "diplomats"),
    (r"\b(?:women|girls)\b", "women"),
    (r"\bmen\b", "men"),
    (r"\bworkers?\b|\blaborers?\b", "overseas_workers"),
)
DEFECTOR_WORDS = re.compile(r"\bdefect(?:ors?|ions?)\b|\bNorth Koreans\b|\barrivals?\b|\bnumbers?\b", re.IGNORECASE)
# The event a dated sentence tells of a person, by the verb nearest the date.
EVENTS = (
    (r"\b(?:came|come|arriv\w*|enter\w*)\b", "entered"),
    (r"\b(?:reports?|reported|confirm\w*|disclos\w*|announc\w*|said|revealed|made public)\b", "made_public"),
    (r"\b(?:passing|died|death)\b", "death"),
    (r"\b(?:defect\w*|fled|flee\w*|missing|disappear\w*|escap\w*|left)\b", "defected"),
)
# Change words with no number ("a sharp drop", "continued to dwindle"): the trend they name.
CHANGE_WORDS = re.compile(r"\b(?:sharp drop|plummet\w*|collaps\w*|dwindl\w*|declin\w*|dropp?\w*|fell|"
                          r"increasing|increased|rising|rose|surg\w*|soar\w*|below)\b", re.IGNORECASE)
CHANGE_MEANING = (("sharp drop", "plummeted"), ("plummet", "plummeted"), ("collaps", "collapsed"),
                  ("surg", "surged"), ("soar", "soared"), ("increas", "increased"), ("ris", "rising"),
                  ("rose", "rose"))
SEVERAL = re.compile(r"\bseveral\b", re.IGNORECASE)
PARSER = DateDataParser(languages=["en"], settings={"PREFER_DAY_OF_MONTH": "first"})


@dataclass
class Sentence:
    start: int
    end: int
    text: str

    def before(self, pos: int, words: int = 99) -> str:
        return " ".join(self.text[:pos - self.start].split()[-words:])

    def after(self, pos: int, words: int = 99) -> str:
        return " ".join(self.text[pos - self.start:].split()[:words])


@dataclass
class Reading:
    """What the sentence says about one figure; None where it does not say."""
    unit: str
    measure: str
    value: object
    qualifier: str
    population: str
    period_start: str | None = None
    period_end: str | None = None
    relative: str | None = None
    person: str | None = None           # a people.yaml id the sentence ties the figure to
    possessive: bool = False            # named only as "Jo's": the event is someone else's
    event: str | None = None            # entered, made_public, death, defected
    cues: set[str] = field(default_factory=set)   # words that pick a rule: previous_year, cumulative, ...
    years: list[int] = field(default_factory=list)  # years named in the sentence, in order
    context_year: int | None = None     # the latest year the article named before this sentence


@lru_cache(maxsize=4)
def _sentence_starts(text: str) -> tuple[int, ...]:
    """Where each sentence of a text starts, found once per text (the drafter asks per figure)."""
    return (0, *(m.end() for m in re.finditer(r"\n|[.!?][\"”’]?\s+(?=[A-Z“\"])", text)
                 if m.group() == "\n" or text[max(0, m.start() - 20):m.start()].split()[-1:]
                 not in [[a] for a in ABBREVIATIONS]))


def sentence_at(text: str, pos: int) -> Sentence:
    """The sentence holding `pos`: cut at a full stop before a capital (not after "Oct.") or a line."""
    starts = _sentence_starts(text)
    i = bisect_right(starts, pos) - 1
    start = starts[max(i, 0)]
    end = starts[i + 1] if i + 1 < len(starts) else len(text)
    return Sentence(start, end, text[start:end])


def years_in(text: str) -> list[int]:
    return [int(y) for y in re.findall(r"(?<![\d,.])((?:19|20)\d\d)(?!\d|s\b)", text)]


@lru_cache(maxsize=4)
def _year_marks(text: str, now: str) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """Each year the text names ("last year" resolved), with its position: found once per text."""
    marks = [(m.start(), int(m.group(1)) if m.group(1) else int(now[:4]) - 1)
             for m in re.finditer(r"(?<![\d,.])((?:19|20)\d\d)(?!\d|s\b)|\blast year\b", text)]
    return tuple(p for p, _ in marks), tuple(y for _, y in marks)


def article_years(text: str, before: int, now: str) -> int | None:
    """The latest year the article named before `before` ("last year" resolved), for "the 196"."""
    positions, years = _year_marks(text, now)
    i = bisect_left(positions, before) - 1
    if i < 0:
        return None
    # a mark that runs past `before` was not wholly before it (as a search of text[:before] found)
    while i >= 0 and positions[i] + 4 > before:
        i -= 1
    return years[i] if i >= 0 else None


def printed_date(figure: str, now: str) -> str | None:
    """A printed date as a partial ISO date at the resolution printed ("August 2019" -> 2019-08)."""
    cleaned = re.sub(r"^(?:early|late|mid-?|in)\s+", "", figure.strip(), flags=re.IGNORECASE)
    if YEAR.match(cleaned):
        return cleaned
    base = dt.datetime.fromisoformat(now if len(now) == 10 else (now + "-01")[:10])
    found = DateDataParser(languages=["en"], settings={"PREFER_DAY_OF_MONTH": "first", "RELATIVE_BASE": base,
                                                       "PREFER_DATES_FROM": "past"}).get_date_data(cleaned)
    if found.date_obj is None:
        return None
    iso = found.date_obj.date().isoformat()
    return {"year": iso[:4], "month": iso[:7]}.get(found.period, iso)


def resolve_relative(expression: str, now: str) -> tuple[str | None, str | None]:
    """A relative date as the period it stands for, from the article's now; (None, None) if unread."""
    today = dt.date.fromisoformat(now if len(now) == 10 else (now + "-01")[:10])
    if not resolvable(expression, today):
        return None, None
    start, end = resolve(expression, today)
    return start, end


def spelled(word: str) -> int | None:
    return parse_number(word.lower().replace("-", " ")) if word else None


def people_in(sentence: Sentence, people: dict) -> list[tuple[int, str, bool]]:
    """(position, person id, possessive) for every person of people.yaml the sentence names: full
    name or alias (a one-letter slip allowed: "Tae Yong Ho"), or the surname where the article
    named the person in full before."""
    found = []
    caps = list(re.finditer(r"[A-Z][\w-]*", sentence.text))
    windows = [(caps[i].start(), caps[j].end()) for i in range(len(caps)) for j in range(i, min(i + 3, len(caps)))
               if not re.search(r"[^\w\s-]", sentence.text[caps[i].start():caps[j].end()])]
    for pid, person in people.items():
        names = [person.name, *person.aliases]
        for start, end in windows:
            phrase = sentence.text[start:end]
            if any(_same_name(phrase, n) for n in names):
                tail = sentence.text[end:end + 2]
                found.append((sentence.start + start, pid, tail in ("’s", "'s")))
        if person.kind == "diplomat" and person.post and re.search(
                rf"\bdiplomat\b[^.]*\b(?:in|to) {re.escape(person.post)}\b", sentence.text):
            found.append((sentence.start, pid, False))   # "a diplomat stationed in Cuba"
    return sorted(found)


def _same_name(phrase: str, name: str) -> bool:
    """The same name, hyphens as spaces, or with one letter dropped or added ("Tae" for "Thae")."""
    a, b = (re.sub(r"[-\s]+", " ", s).lower() for s in (phrase, name))
    if a == b:
        return True
    ops = difflib.SequenceMatcher(None, a, b).get_opcodes()
    changes = [op for op in ops if op[0] != "equal"]
    return len(changes) == 1 and changes[0][0] in ("insert", "delete") and \
        max(changes[0][2] - changes[0][1], changes[0][4] - changes[0][3]) == 1


def surnames_in(sentence: Sentence, known: dict[str, str]) -> list[tuple[int, str, bool]]:
    """People named by surname alone ("Ri defected"), once the article named them in full."""
    out = []
    for surname, pid in known.items():
        for m in re.finditer(rf"\b{re.escape(surname)}\b(’s|'s)?", sentence.text):
            out.append((sentence.start + m.start(), pid, bool(m.group(1))))
    return out


def event_near(sentence: Sentence, pos: int) -> str | None:
    """The event the verb nearest before the figure names (else the nearest after)."""
    before, after = sentence.text[:pos - sentence.start], sentence.text[pos - sentence.start:]
    best = None
    for pattern, event in EVENTS:
        for m in re.finditer(pattern, before, re.IGNORECASE):
            if best is None or m.start() > best[0]:
                best = (m.start(), event)
    if best:
        return best[1]
    nearest = [(m.start(), event) for pattern, event in EVENTS
               for m in [re.search(pattern, after, re.IGNORECASE)] if m]
    return min(nearest)[1] if nearest else None


def population_of(sentence: Sentence, fig_start: int, fig_end: int) -> str:
    """The population a figure counts: the noun after it, or for "10 of the 196 ..." the group the
    sentence names; all defectors where nothing narrower is named."""
    after = re.split(r"[,;(]|\d", sentence.after(fig_end, 4))[0]   # up to the next figure or clause
    hits = [(m.start(), population) for pattern, population in POPULATION_WORDS
            for m in [re.search(pattern, after, re.IGNORECASE)] if m]
    if hits:
        return min(hits)[1]
    if re.match(r"\s*of the\b", sentence.text[fig_end - sentence.start:]):
        for pattern, population in POPULATION_WORDS:
            if re.search(pattern, sentence.text, re.IGNORECASE):
                return population
    before = sentence.before(fig_start, 4)
    for pattern, population in POPULATION_WORDS:
        if re.search(pattern, before, re.IGNORECASE):
            return population
    return "all_defectors"


def anchored_year(sentence: Sentence, fig: Figure) -> int | None:
    """The year a count is attached to: "196 in 2023", "196 defections in 2023", "2022's 67",
    "In 2020, the number ... was 229"."""
    after = sentence.text[fig.end - sentence.start:]
    m = re.match(r"[^\d;,]{0,60}?\bin\s+((?:19|20)\d\d)\b", after)
    if m:
        return int(m.group(1))
    before = sentence.text[:fig.start - sentence.start]
    m = re.search(r"((?:19|20)\d\d)[’']s\s+$", before)
    if m:
        return int(m.group(1))
    m = re.match(r"\s*In ((?:19|20)\d\d)\b", sentence.text)
    if m:
        return int(m.group(1))
    return None


def is_anchor(sentence: Sentence, fig: Figure, figures: list[Figure]) -> bool:
    """A year that only dates a count beside it, or a relative date that only dates a count."""
    starts = [f.start for f in figures]   # figures come sorted by position
    for other in figures[bisect_left(starts, sentence.start):bisect_left(starts, sentence.end)]:
        if other is fig or other.kind not in ("number", "word"):
            continue
        if YEAR.match(other.text):
            continue
        if fig.kind == "number" and YEAR.match(fig.text) and anchored_year(sentence, other) == int(fig.text):
            return True
        if fig.kind == "relative" and fig.text.lower() == "last year" and DEFECTOR_WORDS.search(sentence.text) \
                and other.start > fig.start:
            return True
    return False


def _cues(sentence: Sentence, fig: Figure) -> set[str]:
    s, after = sentence.text, sentence.after(fig.end, 8).lower()
    cues = set()
    if re.search(r"\b(?:previous|preceding) years?\b|\bthe year before\b|\blast year[’']s\b", s, re.IGNORECASE):
        cues.add("previous_year")
    if re.search(r"\bcumulative\b", s, re.IGNORECASE) \
            or re.match(r"\W*(?:\w+\W+)?in (?:all|total)\b", sentence.after(fig.end, 4)):
        cues.add("cumulative")
    if re.search(r"\bevery year\b|\ba year\b|\bper year\b|\bannually\b", s, re.IGNORECASE):
        cues.add("yearly_rate")
    eras = [(abs(m.start() - (fig.end - sentence.start)), "kju_era") for m in re.finditer(r"\bKim Jong[ -]Un\b", s)]
    eras += [(abs(m.start() - (fig.end - sentence.start)), "kji_era")
             for m in re.finditer(r"\bhis father\b|\bKim Jong[ -]Il[’']s (?:rule|era)\b", s)]
    if eras:
        cues.add(min(eras)[1])   # the era named nearest the figure
    if re.search(r"\b(?:higher|lower|more|fewer) than\b", after) and "times" not in after:
        cues.add("comparison")
    if re.match(r"\s*(?:s\b|-?year-olds?)", s[fig.end - sentence.start:]):
        cues.add("age_or_decade")
    if re.search(r"\bsince\s+$", sentence.before(fig.start, 3) + " ", re.IGNORECASE):
        cues.add("since")
    if re.search(r"\b(?:the )?following years\b|\bsince then\b|\bcontinued\b", s, re.IGNORECASE):
        cues.add("continues")
    if re.search(r"\bpre-(?:COVID|pandemic)\b", s, re.IGNORECASE):
        cues.add("pre_covid")
    if DEFECTOR_WORDS.search(s):
        cues.add("defectors")
    return cues


def read(fig: Figure, text: str, now: str, people: dict, known_surnames: dict[str, str]) -> Reading:
    """The reading of one figure in its sentence (see the module's note)."""
    sentence = sentence_at(text, fig.start)
    after = sentence.after(fig.end, 2).lower()
    word = fig.text.lower()
    cues = _cues(sentence, fig)
    qualifier = fig.qualifier
    if qualifier == "exact" and re.search(r"\b(?:about|around) the\s+$", text[max(0, fig.start - 12):fig.start]):
        qualifier = "around"
    span = re.fullmatch(r"(\w+) (month|year)s? (?:before|after|earlier|later)", word)
    if fig.kind == "relative" and span:   # "two months before Ryu arrived": a duration, not a date
        unit = "months" if span.group(2) == "month" else "years"
        unit, measure, value = unit, "duration", 1 if span.group(1) in ("a", "one") else spelled(span.group(1))
    elif fig.kind in ("relative", "date") or (fig.kind == "number" and YEAR.match(fig.text)):
        unit, measure, value = "date", "date", None
    elif fig.kind == "fraction" or fig.kind == "one_in":
        unit, measure, value = "fraction", "share", None
    elif fig.kind == "percent":
        unit, value = "percent", None
        measure = "change" if re.search(r"\b(?:increase|rise|drop|fall|decrease|up|down)\b of\s+$|\b(?:increase|rise)",
                                        sentence.before(fig.start, 3)) else "share"
    elif fig.kind in ("multiple", "change") or after.startswith("times"):
        unit, measure, value = "multiple", "change", spelled(word) if after.startswith("times") else None
    elif re.match(r"(?:-year|\s+years?\b)", text[fig.end:fig.end + 7]):
        unit, measure, value = "years", "duration", None
    elif re.match(r"\s+months?\b", text[fig.end:fig.end + 8]):
        unit, measure, value = "months", "duration", spelled(word) if not word.isdigit() else int(word)
    elif fig.kind == "ordinal":
        unit, measure, value = "persons", "rank", None
    else:
        unit, value = "persons", None
        measure = "total" if "cumulative" in cues else ("comparison" if "comparison" in cues else "count")
    reading = Reading(unit=unit, measure=measure, value=value, qualifier=qualifier,
                      population="person" if unit in ("date", "years", "months") else
                      population_of(sentence, fig.start, fig.end), cues=cues, years=years_in(sentence.text),
                      context_year=article_years(text, sentence.start, now))
    named = people_in(sentence, people) + surnames_in(sentence, known_surnames)
    if named:
        before = [n for n in named if n[0] < fig.start]
        pos, pid, possessive = max(before) if before else min(named)
        reading.person, reading.possessive = pid, possessive
    reading.event = event_near(sentence, fig.start)
    if unit != "date":
        year = anchored_year(sentence, fig)
        relative = re.search(r"\blast year\b", sentence.text)
        if year is None and relative:
            year, reading.relative = int(now[:4]) - 1, "last year"
        earlier = years_in(sentence.text[:fig.start - sentence.start])
        if year is None and "previous_year" in cues and unit in ("multiple", "percent") and earlier:
            year = earlier[-1]
        if year is None and len(set(reading.years)) == 1:
            year = reading.years[0]
        if year is None and not reading.years and reading.context_year and not ({"kju_era", "kji_era"} & cues):
            year = reading.context_year
        if year is not None:
            reading.period_start = reading.period_end = str(year)
        since = re.search(r"\bsince ((?:\w+ )?(?:19|20)\d\d)\b", sentence.text)
        if since and unit == "persons":
            reading.period_start, reading.period_end = printed_date(since.group(1), now), now
        if "kju_era" in cues and year is None:
            reading.period_start, reading.period_end = "2011-12", now
        if "kji_era" in cues and year is None:
            reading.period_start, reading.period_end = "1994-07", "2011-12"
    return reading
