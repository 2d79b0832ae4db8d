"""The check vocabulary: how a claim in the ledger declares its check, and how each kind runs.

Every claim in `data/claims.yaml` carries `check:`, a mapping whose `kind` is one of `KINDS`:

    series       the ministry's arrivals series (its `column`: total, male or female): one `year`, a window (`from`/`after` .. `to`;
                 a year the window cuts counts between none and all of it, so the figure is an
                 interval) or a total `cumulative_to` a date; an
                 `operation` (value, difference, ratio, share) against a second selection `against`
    fact         a dated fact in facts.yaml (`fact`, its `field`: date, period_start or the figure)
                 or a person's dated event in people.yaml (`person`, `event`: defected, made_public)
    arithmetic   an `expression` (`100 * a / b`, `a + b`) over `terms`: claims, facts, years of the
                 series; `rounded` optionally recomputes from the article's own rounded figures
    consistency  the claim's figure against another claim's (`claim`), both as intervals
    duration     years from one date to another (`from`/`after` .. `to`)
    rank         the position of `target` in an ordered list: the diplomats the articles name
                 (`among: diplomats`, optionally `after` a date) or dated facts (`among: [ids]`)
    trend        a change word over named years of the series (`from`, `to`), as the ratio of the
                 later year to the earlier; `word` gives its meaning when the claim prints no number
    none         not checkable; `reason` says why, and the briefing prints it

A date may be written as an ISO date, a parameter (`era_boundary`, `records_start`, `as_of`),
`period_start`/`period_end` (the claim's own), `fact:<id>`, `person:<id>` (defection date) or
`claim:<id>` (another dated claim).

A claim may add `readings:`, each `{label, check}`: other defensible readings of its words. The
verdict is that of the best-supported reading (the main check, which then needs a `label`,
counts as the first), and the method names it. A check whose only evidence is the article's own
figures confirms the article's arithmetic, not the figure: where it would be consistent, its
verdict is single-source. So is a relative date ("last Tuesday") whose article's date was inferred
from those same words (the registry's `now_inferred_from`): the check would be circular.

This module holds the vocabulary and validates a spec against the evidence base when the ledger
is loaded (a named error per file, record and field); `checks.kinds` runs it and returns the
`check-<claim id>` statistic.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Callable

import pandas as pd

from ..core.expressions import ExpressionError, names
from ..core.intervals import Interval
from ..core.loading import ISO_PARTIAL

DATE_PARAMS = ("era_boundary", "records_start", "as_of")


OPERATIONS = ("value", "difference", "ratio", "share")


FACT_FIELDS = ("date", "period_start", "period_end", "value")


PERSON_EVENTS = ("defected", "made_public")


# The columns of the ministry's table a series selection may read: `total` (the default), or the
# arrivals by sex, published for single years only (not for the grouped rows before 2002).
SERIES_COLUMNS = ("total", "male", "female")


# What a change word means as the ratio later / earlier, where the claim prints no number.
# Conventions stated here once and printed in every method that uses them.
TREND_WORDS = {
    "rising": Interval(1, math.inf, False, False), "rose": Interval(1, math.inf, False, False),
    "increased": Interval(1, math.inf, False, False),
    "upsurge": Interval(1.5, math.inf), "surged": Interval(1.5, math.inf), "soared": Interval(1.5, math.inf),
    "skyrocketed": Interval(2, math.inf),
    "fell": Interval(0, 1, True, False), "declined": Interval(0, 1, True, False),
    "plummeted": Interval(0, 0.5, True, True), "collapsed": Interval(0, 0.5, True, True),
}


TREND_MEANING = {"rising": "any rise", "rose": "any rise", "increased": "any rise",
                 "upsurge": "at least half as many again", "surged": "at least half as many again",
                 "soared": "at least half as many again", "skyrocketed": "at least a doubling",
                 "fell": "any fall", "declined": "any fall", "plummeted": "a fall by half or more",
                 "collapsed": "a fall by half or more"}


class CheckError(ValueError):
    """A check spec that does not fit the vocabulary or the evidence; `field` is its dotted path."""

    def __init__(self, field: str, problem: str):
        super().__init__(problem)
        self.field = field
        self.problem = problem


@dataclass(frozen=True)
class Catalog:
    """What a check may name: used to validate specs when the ledger loads."""
    claims: dict[str, Any]          # claim id -> Claim
    facts: pd.DataFrame             # facts.yaml, indexed by id
    people: dict[str, Any]          # person id -> Person
    years: tuple[int, ...]          # single years of the arrivals series
    by_sex: tuple[int, ...] = ()    # single years whose row gives male and female arrivals


def _validate_date(value: Any, where: str, cat: Catalog) -> None:
    text = str(value)
    if text in DATE_PARAMS or text in ("period_start", "period_end"):
        return
    if text.startswith("fact:"):
        if text[5:] not in cat.facts.index:
            raise CheckError(where, f"unknown fact {text[5:]!r} (see facts.yaml)")
        if not isinstance(cat.facts.loc[text[5:], "date"], str):
            raise CheckError(where, f"fact {text[5:]!r} has no date")
        return
    if text.startswith("claim:"):
        other = cat.claims.get(text[6:])
        if other is None or other.unit != "date":
            raise CheckError(where, f"{text[6:]!r} is not a dated claim in the ledger")
        return
    if text.startswith("person:"):
        person = cat.people.get(text[7:])
        if person is None:
            raise CheckError(where, f"unknown person {text[7:]!r} (see people.yaml)")
        if not person.defected:
            raise CheckError(where, f"person {text[7:]!r} has no defection date")
        return
    if not ISO_PARTIAL.match(text):
        raise CheckError(where, f"{value!r} is not a date: use YYYY[-MM[-DD]], {', '.join(DATE_PARAMS)}, "
                                f"period_start, period_end, fact:<id>, person:<id> or claim:<id>")


def _window_keys(spec: dict, where: str, cat: Catalog, required: bool = True) -> None:
    if "from" in spec and "after" in spec:
        raise CheckError(f"{where}.after", "give `from` (inclusive) or `after` (the day after), not both")
    if required and not ("from" in spec or "after" in spec):
        raise CheckError(f"{where}.from", "missing: the window's start (`from` or `after`)")
    if required and "to" not in spec:
        raise CheckError(f"{where}.to", "missing: the window's end")
    for key in ("from", "after", "to"):
        if key in spec:
            _validate_date(spec[key], f"{where}.{key}", cat)


def _selection_keys(sel: Any, where: str, cat: Catalog) -> None:
    if not isinstance(sel, dict):
        raise CheckError(where, "must be a mapping: {year: Y}, {cumulative_to: D} or {from/after: D, to: D}")
    unknown = set(sel) - {"year", "cumulative_to", "from", "after", "to", "column"}
    if unknown:
        raise CheckError(f"{where}.{sorted(unknown)[0]}", "unknown key")
    column = sel.get("column", "total")
    if column not in SERIES_COLUMNS:
        raise CheckError(f"{where}.column", f"{column!r} is not one of {', '.join(SERIES_COLUMNS)}")
    if column != "total" and "year" not in sel and "cumulative_to" not in sel:
        raise CheckError(f"{where}.column", "a column by sex is read for a `year` or `cumulative_to` a date only")
    if column != "total" and "year" in sel and sel["year"] not in cat.by_sex:
        raise CheckError(f"{where}.column", f"the table gives no {column} arrivals for {sel['year']} alone "
                                            f"(a grouped row)")
    if "year" in sel:
        _validate_year(sel["year"], f"{where}.year", cat)
    elif "cumulative_to" in sel:
        _validate_date(sel["cumulative_to"], f"{where}.cumulative_to", cat)
    else:
        _window_keys(sel, where, cat)


def _validate_year(year: Any, where: str, cat: Catalog) -> None:
    if isinstance(year, bool) or not isinstance(year, int):
        raise CheckError(where, f"{year!r} is not a year")
    if year not in cat.years:
        raise CheckError(where, f"{year} is outside the arrivals series ({min(cat.years)}–{max(cat.years)})")


def _validate_series(spec, where, cat, claim) -> None:
    op = spec.get("operation", "value")
    if op not in OPERATIONS:
        raise CheckError(f"{where}.operation", f"{op!r} is not one of {', '.join(OPERATIONS)}")
    _selection_keys({k: v for k, v in spec.items() if k in ("year", "cumulative_to", "from", "after", "to", "column")},
                    where, cat)
    if op == "value" and "against" in spec:
        raise CheckError(f"{where}.against", "only with an operation (difference, ratio, share)")
    if op != "value":
        if "against" not in spec:
            raise CheckError(f"{where}.against", f"missing: the selection the {op} is taken against")
        _selection_keys(spec["against"], f"{where}.against", cat)


def fact_field(spec: dict, claim) -> str:
    return spec.get("field", "date" if claim.unit == "date" else "value")


def _validate_fact(spec, where, cat, claim) -> None:
    if ("fact" in spec) == ("person" in spec):
        raise CheckError(f"{where}.fact", "give exactly one of `fact` (facts.yaml) or `person` (people.yaml)")
    if "fact" in spec:
        if spec["fact"] not in cat.facts.index:
            raise CheckError(f"{where}.fact", f"unknown fact {spec['fact']!r} (see facts.yaml)")
        fld = fact_field(spec, claim)
        if fld not in FACT_FIELDS:
            raise CheckError(f"{where}.field", f"{fld!r} is not one of {', '.join(FACT_FIELDS)}")
        value = cat.facts.loc[spec["fact"], fld]
        if value is None or (isinstance(value, float) and math.isnan(value)):
            raise CheckError(f"{where}.field", f"fact {spec['fact']!r} has no {fld}")
        if (fld == "value") == (claim.unit == "date"):
            raise CheckError(f"{where}.field", f"a {claim.unit} claim cannot be checked against a fact's {fld}")
    else:
        person = cat.people.get(spec["person"])
        if person is None:
            raise CheckError(f"{where}.person", f"unknown person {spec['person']!r} (see people.yaml)")
        event = spec.get("event", "defected")
        if event not in PERSON_EVENTS:
            raise CheckError(f"{where}.event", f"{event!r} is not one of {', '.join(PERSON_EVENTS)}")
        if not getattr(person, event):
            raise CheckError(f"{where}.event", f"person {spec['person']!r} has no {event} date")
        if claim.unit != "date":
            raise CheckError(f"{where}.person", "a person's event checks only a date claim")


def _validate_arithmetic(spec, where, cat, claim) -> None:
    terms = spec.get("terms")
    if not isinstance(terms, dict) or not terms:
        raise CheckError(f"{where}.terms", "missing: a mapping of term names to {claim: id}, {fact: id} or {year: Y}")
    for name, term in terms.items():
        at = f"{where}.terms.{name}"
        if not isinstance(term, dict) or len(set(term) & {"claim", "fact", "year"}) != 1:
            raise CheckError(at, "must be one of {claim: id}, {fact: id} or {year: Y}")
        unknown = set(term) - {"claim", "fact", "year", "from_zero"}
        if unknown:
            raise CheckError(f"{at}.{sorted(unknown)[0]}", "unknown key")
        if "claim" in term:
            other = cat.claims.get(term["claim"])
            if other is None:
                raise CheckError(f"{at}.claim", f"unknown claim {term['claim']!r}")
            if other.unit == "date":
                raise CheckError(f"{at}.claim", f"claim {term['claim']!r} is a date, not a number")
        elif "fact" in term:
            if term["fact"] not in cat.facts.index:
                raise CheckError(f"{at}.fact", f"unknown fact {term['fact']!r} (see facts.yaml)")
            if cat.facts.loc[term["fact"], "kind"] != "figure":
                raise CheckError(f"{at}.fact", f"fact {term['fact']!r} has no figure")
        else:
            _validate_year(term["year"], f"{at}.year", cat)
    if all(term.get("claim") == claim.id for term in terms.values()):
        raise CheckError(f"{where}.terms", "every term is the claim itself: a check cannot rest on its own claim")
    for key in ("expression", "rounded"):
        if key == "expression" and not isinstance(spec.get(key), str):
            raise CheckError(f"{where}.expression", "missing: e.g. '100 * a / b'")
        if key in spec:
            missing = _expression_names(spec[key], f"{where}.{key}") - set(terms)
            if missing:
                raise CheckError(f"{where}.{key}", f"names no term {sorted(missing)[0]!r}")
    if "rounded" in spec and any("claim" not in terms[n] for n in _expression_names(spec["rounded"], where)):
        raise CheckError(f"{where}.rounded", "recomputes from the article's printed figures: use claim terms only")


def _validate_consistency(spec, where, cat, claim) -> None:
    other = cat.claims.get(spec.get("claim"))
    if other is None:
        raise CheckError(f"{where}.claim", f"unknown claim {spec.get('claim')!r}")
    if other.id == claim.id:
        raise CheckError(f"{where}.claim", "a claim cannot be checked against itself")
    if (other.unit == "date") != (claim.unit == "date") or (claim.unit != "date" and other.unit != claim.unit):
        raise CheckError(f"{where}.claim", f"units differ: {claim.unit} against {other.unit}")


def _validate_duration(spec, where, cat, claim) -> None:
    _window_keys(spec, where, cat)
    if claim.unit != "years":
        raise CheckError(f"{where}.kind", f"a duration checks a claim in years, not {claim.unit}")


def _validate_rank(spec, where, cat, claim) -> None:
    among = spec.get("among")
    if among == "diplomats":
        person = cat.people.get(spec.get("target"))
        if person is None or person.kind != "diplomat" or not person.defected:
            raise CheckError(f"{where}.target", f"{spec.get('target')!r} is not a diplomat with a defection date "
                                                f"in people.yaml")
        if "after" in spec:
            _validate_date(spec["after"], f"{where}.after", cat)
    elif isinstance(among, list) and among:
        for i, fact in enumerate(among):
            if fact not in cat.facts.index:
                raise CheckError(f"{where}.among[{i}]", f"unknown fact {fact!r} (see facts.yaml)")
        if spec.get("target") not in among:
            raise CheckError(f"{where}.target", "must be one of the facts in `among`")
        if "after" in spec:
            raise CheckError(f"{where}.after", "only with `among: diplomats`")
    else:
        raise CheckError(f"{where}.among", "must be `diplomats` or a list of fact ids")
    preceded = spec.get("preceded_by", 0)
    if isinstance(preceded, bool) or not isinstance(preceded, int) or preceded < 0:
        raise CheckError(f"{where}.preceded_by", f"{preceded!r} is not a count")


def _validate_trend(spec, where, cat, claim) -> None:
    for key in ("from", "to"):
        if key not in spec:
            raise CheckError(f"{where}.{key}", "missing: a year of the series")
        _validate_year(spec[key], f"{where}.{key}", cat)
    if spec["from"] >= spec["to"]:
        raise CheckError(f"{where}.to", "must be after `from`")
    if "word" in spec and spec["word"] not in TREND_WORDS:
        raise CheckError(f"{where}.word", f"{spec['word']!r} is not one of {', '.join(TREND_WORDS)}")
    if "word" not in spec and claim.unit != "multiple":
        raise CheckError(f"{where}.word", "needed: the claim prints no multiple, so say what its word means")


def _validate_none(spec, where, cat, claim) -> None:
    if not isinstance(spec.get("reason"), str) or not spec["reason"].strip():
        raise CheckError(f"{where}.reason", "missing: say why nothing at hand can check this claim")


def validate_spec(spec: Any, where: str, cat: Catalog, claim, *, labelled: bool = False) -> None:
    if not isinstance(spec, dict):
        raise CheckError(where, "must be a mapping with a `kind`")
    kind = KINDS.get(spec["kind"]) if isinstance(spec.get("kind"), str) else None
    if kind is None:
        raise CheckError(f"{where}.kind", f"{spec.get('kind')!r} is not one of {', '.join(KINDS)}")
    unknown = set(spec) - {"kind", "label", "rule", *kind.keys}  # rule: the drafter's rule that proposed it
    if unknown:
        raise CheckError(f"{where}.{sorted(unknown)[0]}", f"not a key of kind {kind.name!r} "
                                                          f"(its keys: {', '.join(kind.keys)})")
    if labelled and not (isinstance(spec.get("label"), str) and spec["label"].strip()):
        raise CheckError(f"{where}.label", "missing: a claim with readings names each one")
    kind.validate(spec, where, cat, claim)
    for key, value in spec.items():  # a date given as the claim's own period needs that period
        if value in ("period_start", "period_end") and key in ("from", "after", "to", "cumulative_to") \
                and not getattr(claim, value):
            raise CheckError(f"{where}.{key}", f"the claim has no {value} to count from")


def validate_claim(claim, cat: Catalog) -> None:
    """The claim's check and readings against the vocabulary and the evidence base."""
    readings = claim.readings
    if readings is not None and (not isinstance(readings, (list, tuple)) or not readings):
        raise CheckError("readings", "must be a non-empty list of {label, check}")
    validate_spec(claim.check, "check", cat, claim, labelled=bool(readings))
    for i, reading in enumerate(readings or (), start=1):
        where = f"readings[{i}]"
        if not isinstance(reading, dict) or set(reading) - {"label", "check", "signal"}:
            raise CheckError(where, "must be a mapping with `label`, `check` and an optional `signal`")
        if not isinstance(reading.get("label"), str) or not reading["label"].strip():
            raise CheckError(f"{where}.label", "missing: say what this reading takes the words to mean")
        validate_spec(reading.get("check"), f"{where}.check", cat, claim)
        signal = reading.get("signal")
        if signal is not None and (not isinstance(signal, str) or signal not in claim.quote):
            raise CheckError(f"{where}.signal", "must be words of the claim's quote that point to this reading")


def _expression_names(expression: str, where: str) -> set[str]:
    try:
        return names(expression)
    except ExpressionError as exc:
        raise CheckError(where, str(exc)) from None


@dataclass(frozen=True)
class KindSchema:
    name: str
    keys: tuple[str, ...]           # allowed keys besides kind and label
    validate: Callable[[dict, str, Catalog, Any], None]
    doc: str


KINDS: dict[str, KindSchema] = {k.name: k for k in (
    KindSchema("series", ("year", "cumulative_to", "from", "after", "to", "column", "operation", "against"),
               _validate_series, "the arrivals series: a year, a window or a cumulative total"),
    KindSchema("fact", ("fact", "field", "person", "event"), _validate_fact,
               "a dated fact (facts.yaml) or a person's dated event (people.yaml)"),
    KindSchema("arithmetic", ("expression", "terms", "rounded"), _validate_arithmetic,
               "an expression over claims, facts and years of the series"),
    KindSchema("consistency", ("claim",), _validate_consistency, "another claim's figure"),
    KindSchema("duration", ("from", "after", "to"), _validate_duration, "years between two dates"),
    KindSchema("rank", ("among", "target", "after", "preceded_by"), _validate_rank,
               "a position in an ordered list of people or dated facts"),
    KindSchema("trend", ("from", "to", "word"), _validate_trend, "a change word over two years of the series"),
    KindSchema("none", ("reason",), _validate_none, "not checkable, with the reason"),
)}
