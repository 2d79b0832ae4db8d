"""Read the number a printed figure states ("10,985", "5.3-fold", "one-sixth", "nearly tripled",
"July 1997"), so that the ledger's `value` can be checked against what the article printed.

Only what a figure states outright is read: digits, number words, multiplying verbs and simple
fractions. A figure that states no number ("most", "surpassing", "tens of thousands") reads as
nothing and is left to the ledger's note.
"""

from __future__ import annotations

import re
from fractions import Fraction

CARDINALS = {w: n for n, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen twenty".split())}
ORDINALS = {w: n for n, w in enumerate(
    "zeroth first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth".split())}
MULTIPLYING = {"double": 2, "doubled": 2, "doubling": 2, "triple": 3, "tripled": 3, "tripling": 3,
               "quadruple": 4, "quadrupled": 4, "quadrupling": 4, "half": Fraction(1, 2)}
MONTHS = {name: i for i, name in enumerate(
    "january february march april may june july august september october november december".split(), start=1)}
MONTHS.update({name[:3]: i for name, i in list(MONTHS.items())})
MONTHS["sept"] = 9

DIGITS = re.compile(r"(?<![\w.])(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(?![\w’']|,\d)")
YEAR_NAMED = re.compile(r"\b\d{4}[’']s\b")  # "2023’s total": a year naming a period, not the value
WORD = re.compile(r"[a-z]+(?:-[a-z]+)?")


def numbers(figure: str) -> list[Fraction]:
    """Every number the figure states, in order."""
    text = YEAR_NAMED.sub(" ", figure.replace("\u00a0", " "))
    found = [Fraction((whole.replace(",", "") + (frac or ""))) for whole, frac in DIGITS.findall(text)]
    for word in WORD.findall(text.lower()):
        head, _, tail = word.partition("-")
        if tail and head in CARDINALS and tail.rstrip("s") in ORDINALS:   # "one-sixth"
            found.append(Fraction(CARDINALS[head], ORDINALS[tail.rstrip("s")]))
            continue
        for part in (word,) if not tail else (head, tail):
            if part in CARDINALS:
                found.append(Fraction(CARDINALS[part]))
            elif part in ORDINALS and part != "second":  # "a second" is time, not second place
                found.append(Fraction(ORDINALS[part]))
            elif part in MULTIPLYING:
                found.append(Fraction(MULTIPLYING[part]))
    return found


def date_parts(figure: str) -> dict[str, set[int]]:
    """The years, months and days a date figure names ("14 July" -> day 14, month 7)."""
    text = figure.replace("\u00a0", " ").lower()
    parts: dict[str, set[int]] = {"year": set(), "month": set(), "day": set()}
    for token in re.findall(r"[a-z]+|\d+", text):
        if token.isdigit():
            parts["year" if len(token) == 4 else "day"].add(int(token))
        elif token in MONTHS:
            parts["month"].add(MONTHS[token])
    return parts


def disagreement(figure: str, value, unit: str) -> str | None:
    """Why `value` cannot be what `figure` prints, or None when they agree (or the figure states
    no number to compare)."""
    if unit == "date":
        iso = str(value)
        given = dict(zip(("year", "month", "day"), (int(p) for p in iso.split("-"))))
        named = date_parts(figure)
        for part, values in named.items():
            if values and part in given and given[part] not in values:
                return f"the figure names {part} {', '.join(str(v) for v in sorted(values))}, the value has {given[part]}"
        return None
    stated = numbers(figure)
    if len(set(stated)) != 1:
        return None  # no number, or several: nothing single to compare
    printed = stated[0]
    number = Fraction(str(value).replace(" ", "")) if isinstance(value, str) else Fraction(value).limit_denominator(10**9)
    if number != printed:
        return f"the figure reads as {_show(printed)}"
    return None


def _show(number: Fraction) -> str:
    if number.denominator == 1:
        return f"{number.numerator:,}"
    if Fraction(str(float(number))) == number:  # a decimal: 5.3, 0.23
        return f"{float(number):g}"
    return f"{number.numerator}/{number.denominator}"
