"""Figures a reader can see in an article: the one spotter behind `draft-claims` and the data
contract ("every figure printed in every article is covered by a claim").

It finds numbers in digits ("196", "34,000", "0.23%", "5.3-fold"), spelled-out numbers and
fractions ("three months", "one-sixth", "half"), multiples ("doubled", "tripled"), ordinals
("fourth"), dates ("Aug 21", "14 July", "December 2011", years) and relative dates ("last
November", "two years ago", "a decade ago"), with the qualifier printed before them ("around",
"more than", "nearly"). Digits inside names (COVID-19, R2P) are not figures.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MONTHS = {m: i for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
     "november", "december"], start=1)}
MONTHS.update({m[:3]: i for m, i in list(MONTHS.items())})
MONTHS["sept"] = 9
WORD_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
                "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "twenty": 20, "thirty": 30, "forty": 40,
                "fifty": 50, "hundred": 100, "dozen": 12}
FRACTIONS = {"half": "1/2", "one-half": "1/2", "a third": "1/3", "one-third": "1/3", "two-thirds": "2/3",
             "a quarter": "1/4", "one-quarter": "1/4", "three-quarters": "3/4", "one-fifth": "1/5",
             "one-sixth": "1/6", "one-tenth": "1/10"}
MULTIPLES = {"doubled": 2, "tripled": 3, "tripling": 3, "quadrupled": 4, "twofold": 2, "threefold": 3}
ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
            "eighth": 8, "ninth": 9, "tenth": 10}
QUALIFIERS = (("more than", "more_than"), ("over", "more_than"), ("above", "more_than"),
              ("at least", "at_least"), ("nearly", "nearly"), ("almost", "nearly"), ("around", "around"),
              ("about", "around"), ("some", "around"), ("roughly", "around"), ("fewer than", "fewer_than"),
              ("less than", "fewer_than"), ("under", "fewer_than"), ("up to", "up_to"))

_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)[a-z]*\.?"
_WORD = "|".join(sorted(WORD_NUMBERS, key=len, reverse=True))
PATTERNS = [
    # relative dates first, so "two years ago" is one figure, not "two" and a year
    ("relative", rf"\b(?:last|this|next|since last) (?:year|month|week|spring|summer|autumn|fall|winter|"
                 rf"Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|{_MONTH})\b"),
    ("relative", rf"\b(?:a|one|{_WORD}|\d+) (?:decade|year|month|week|day)s? (?:ago|before|earlier|later)\b"),
    ("date", rf"\b\d{{1,2}} {_MONTH}(?: \d{{4}})?\b"),
    ("date", rf"\b{_MONTH} \d{{1,2}}(?:, \d{{4}})?\b(?!,\d)"),
    ("date", rf"\b{_MONTH} \d{{4}}\b"),
    ("fraction", r"\b(?:" + "|".join(re.escape(f) for f in sorted(FRACTIONS, key=len, reverse=True)) + r")\b"),
    ("multiple", r"\b(?:" + "|".join(MULTIPLES) + r")\b"),
    ("multiple", r"(?<![\w-])\d+(?:\.\d+)?-fold\b"),
    ("percent", r"(?<![\w-])\d+(?:\.\d+)?\s?(?:%|per ?cent\b)"),
    ("number", r"(?<![\w-])\d(?:[\d,.]*\d)?(?![\w-]*\d)"),
    ("duration", r"\b(?:(?:a|one|two|three) )?decades?\b"),
    ("ordinal", r"\b(?:" + "|".join(ORDINALS) + r")\b"),
    ("word", rf"\b(?:{_WORD})(?:[- ](?:{_WORD}))?\b"),
]
SPOT = re.compile("|".join(f"(?P<{kind}{i}>{p})" for i, (kind, p) in enumerate(PATTERNS)), re.IGNORECASE)
# Words that spell a number only in some uses: "one of", "some", "first" as an adverb are common
# prose; they are figures only beside a unit or a noun a reader would count.
COUNTABLE_AFTER = re.compile(r"^[\s-]*(?:[a-z]+[\s-]+){0,2}?(?:years?|months?|weeks?|days?|hours?|times|"
                             r"people|defectors?|diplomats?|officials?|elites?|generations?|regimes?|"
                             r"children|members|cases?|percent)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Figure:
    start: int
    end: int
    text: str
    kind: str          # relative, date, fraction, multiple, percent, number, duration, ordinal, word
    qualifier: str     # read from the words just before it; "exact" when none


def _qualifier(text: str, start: int) -> str:
    before = text[max(0, start - 16):start].lower()
    for words, qualifier in QUALIFIERS:
        if re.search(rf"\b{words}\s+$", before):
            return qualifier
    return "exact"


def spot(text: str, skip_until: int = 0) -> list[Figure]:
    """Every figure in `text` from `skip_until` on, in order."""
    out = []
    for m in SPOT.finditer(text):
        if m.start() < skip_until:
            continue
        kind = re.sub(r"\d+$", "", m.lastgroup)
        after = text[m.end():m.end() + 40]
        if kind in ("word", "ordinal") and not COUNTABLE_AFTER.match(after):
            continue
        if m.group().lower() == "one" and not re.match(r"\s+(?:years?|months?|weeks?|days?)\b", after):
            continue  # "one defector explained": an article, not a count
        out.append(Figure(m.start(), m.end(), m.group(), kind, _qualifier(text, m.start())))
    return out


def capture_stamp_end(text: str) -> int:
    """Where the capture's own date stamp ends (page furniture, not a figure of the article)."""
    stamp = re.match(r"\s*date \d{4}-\d{2}-\d{2}", text)
    return stamp.end() if stamp else 0
