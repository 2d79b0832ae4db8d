"""The check vocabulary: how a claim in the ledger declares its check, and how each kind runs.

Every claim in `data/claims.yaml` carries `check:`, a mapping whose `kind` is one of `KINDS`:

    series       the ministry's arrivals series: one `year`, a window (`from`/`after` .. `to`;
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

`validate` checks a spec against the evidence base when the ledger is loaded (a named error per
file, record and field); `run` performs it and returns the `check-<claim id>` statistic.
"""

from __future__ import annotations

import ast
import datetime as dt
import math
import operator
from dataclasses import dataclass, field, replace
from typing import Any, Callable

import pandas as pd

from . import formatting as fmt
from .arrivals import TABLE_START, annual_series, arrivals_bounds, window_method, years_between
from .citations import rows
from .checks import _stat, check_against_interval, check_date, check_value, claim_interval, not_checkable
from .intervals import (APPROXIMATE, CONSISTENT, CONTRADICTED, NOT_CHECKABLE, ROUNDING, SINGLE_SOURCE,
                        Interval, bounds, divide, printed_interval, scale, subtract)
from .loading import ISO_PARTIAL, date_bounds
from .statistics import Statistic

DATE_PARAMS = ("era_boundary", "records_start", "as_of")
OPERATIONS = ("value", "difference", "ratio", "share")
FACT_FIELDS = ("date", "period_start", "period_end", "value")
PERSON_EVENTS = ("defected", "made_public")
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
# Best to worst, for choosing among readings.
SUPPORT = (CONSISTENT, ROUNDING, SINGLE_SOURCE, APPROXIMATE, CONTRADICTED, NOT_CHECKABLE)


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


@dataclass
class Context:
    """What a check runs against: the evidence base and the build's parameters."""
    evidence: Any
    params: dict[str, Any]
    _series: pd.Series | None = field(default=None, repr=False)

    @property
    def series(self) -> pd.Series:
        if self._series is None:
            self._series = annual_series(self.evidence.reference, self.params["arrivals_revision"])
        return self._series


# --- dates -------------------------------------------------------------------------------------

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


def _date_iso(value: Any, claim, ctx: Context) -> tuple[str, str]:
    """A date reference as a partial ISO date, and how to name it in a method text."""
    text = str(value)
    if text in DATE_PARAMS:
        return ctx.params[text].isoformat(), f"{fmt.date(ctx.params[text].isoformat())} (parameter {text})"
    if text in ("period_start", "period_end"):
        iso = getattr(claim, text)
        return iso, f"the article's date {fmt.date(iso)}" if text == "period_end" else fmt.date(iso)
    if text.startswith("fact:"):
        fact = ctx.evidence.reference.facts.loc[text[5:]]
        return fact["date"], f"{fmt.date(fact['date'])}, \u201c{fact['statement'].rstrip('.')}\u201d"
    if text.startswith("claim:"):
        other = ctx.evidence.claim(text[6:])
        return other.value, f"{fmt.date(other.value)} (\u201c{other.figure}\u201d, claim {other.id})"
    if text.startswith("person:"):
        person = ctx.evidence.people[text[7:]]
        return person.defected, f"{person.name}'s defection ({fmt.date(person.defected)})"
    return text, fmt.date(text)


def _bound(spec: dict, claim, ctx: Context, start: bool) -> tuple[dt.date, str]:
    """The first day of a window (`from`, or the day `after`) or its last day (`to`)."""
    if start and "after" in spec:
        iso, words = _date_iso(spec["after"], claim, ctx)
        day = date_bounds(iso)[1] + dt.timedelta(days=1)
        return day, fmt.date(day.isoformat())
    iso, words = _date_iso(spec["from" if start else "to"], claim, ctx)
    return date_bounds(iso)[0 if start else 1], words


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


# --- the kinds ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class Kind:
    name: str
    keys: tuple[str, ...]           # allowed keys besides kind and label
    validate: Callable[[dict, str, Catalog, Any], None]
    run: Callable[[Any, dict, Context], Statistic]
    doc: str


def _selection_keys(sel: Any, where: str, cat: Catalog) -> None:
    if not isinstance(sel, dict):
        raise CheckError(where, "must be a mapping: {year: Y}, {cumulative_to: D} or {from/after: D, to: D}")
    unknown = set(sel) - {"year", "cumulative_to", "from", "after", "to"}
    if unknown:
        raise CheckError(f"{where}.{sorted(unknown)[0]}", "unknown key")
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


def _select(sel: dict, claim, ctx: Context) -> tuple[Interval, str]:
    """Arrivals for one selection of the series, as the bounds the table allows, and how counted."""
    series = ctx.series
    if "year" in sel:
        return bounds(series[sel["year"]]), f"arrivals in {sel['year']}"
    if "cumulative_to" in sel:
        iso, words = _date_iso(sel["cumulative_to"], claim, ctx)
        end = date_bounds(iso)[1]
        return (arrivals_bounds(series, ctx.evidence.reference, TABLE_START, end),
                window_method("all arrivals", TABLE_START, end) + f" ({words})")
    start, start_words = _bound(sel, claim, ctx, True)
    end, end_words = _bound(sel, claim, ctx, False)
    return (arrivals_bounds(series, ctx.evidence.reference, start, end),
            window_method("arrivals", start, end) + f" ({start_words} to {end_words})")


def _rows_of(sel: dict, claim, ctx: Context) -> str:
    """The rows of the ministry's table a selection reads (see citations.py)."""
    if "year" in sel:
        first = last = sel["year"]
    elif "cumulative_to" in sel:
        first = int(ctx.series.index.min())
        last = date_bounds(_date_iso(sel["cumulative_to"], claim, ctx)[0])[1].year
    else:
        first, last = _bound(sel, claim, ctx, True)[0].year, _bound(sel, claim, ctx, False)[0].year
    return rows(first, last)


def _validate_series(spec, where, cat, claim) -> None:
    op = spec.get("operation", "value")
    if op not in OPERATIONS:
        raise CheckError(f"{where}.operation", f"{op!r} is not one of {', '.join(OPERATIONS)}")
    _selection_keys({k: v for k, v in spec.items() if k in ("year", "cumulative_to", "from", "after", "to")},
                    where, cat)
    if op == "value" and "against" in spec:
        raise CheckError(f"{where}.against", "only with an operation (difference, ratio, share)")
    if op != "value":
        if "against" not in spec:
            raise CheckError(f"{where}.against", f"missing: the selection the {op} is taken against")
        _selection_keys(spec["against"], f"{where}.against", cat)


def _run_series(claim, spec, ctx: Context) -> Statistic:
    value, words = _select(spec, claim, ctx)
    op = spec.get("operation", "value")
    how = f"{words} in the ministry's table"
    rows = [_rows_of(spec, claim, ctx)]
    if op != "value":
        rows.append(_rows_of(spec["against"], claim, ctx))
        other, other_words = _select(spec["against"], claim, ctx)
        value, how = {
            "difference": (subtract(value, other), f"{words} ({value}) − {other_words} ({other})"),
            "ratio": (divide(value, other), f"{words} ({value}) / {other_words} ({other})"),
            "share": (scale(divide(value, other), 100), f"100 × {words} ({value}) / {other_words} ({other})"),
        }[op]
    if value.low == value.high:
        stat = check_value(claim, value.low, how, ctx.params, computed_from={"reference": rows})
    else:   # a window the table cannot split: the claim against every value it allows
        stat = check_against_interval(claim, value, how, ctx.params, computed_from={"reference": rows})
        if claim.unit == "persons":
            stat = replace(stat, display=fmt.count_span(value))
    if "year" in spec and op == "value" and stat.verdict == CONTRADICTED and claim.unit == "persons":
        closest = int((ctx.series - claim.number).abs().idxmin())
        stat = _amend(stat, f" The year whose arrivals are closest to \u201c{claim.figure}\u201d is {closest}, "
                            f"with {ctx.series[closest]:,}.")
    return stat


def _fact_field(spec: dict, claim) -> str:
    return spec.get("field", "date" if claim.unit == "date" else "value")


def _validate_fact(spec, where, cat, claim) -> None:
    if ("fact" in spec) == ("person" in spec):
        raise CheckError(f"{where}.fact", "give exactly one of `fact` (facts.yaml) or `person` (people.yaml)")
    if "fact" in spec:
        if spec["fact"] not in cat.facts.index:
            raise CheckError(f"{where}.fact", f"unknown fact {spec['fact']!r} (see facts.yaml)")
        fld = _fact_field(spec, claim)
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


def fact_interval(fact: pd.Series, params: dict[str, Any]) -> Interval:
    """The values a dated figure allows ("in the single digits" is 1 to 9; an exact count is itself)."""
    if fact["qualifier"] == "up_to":
        return Interval(1, float(fact["value"]), True, True)
    if fact["qualifier"] == "exact":
        return Interval(float(fact["value"]), float(fact["value"]), True, True)
    return printed_interval(float(fact["value"]), 1, fact["qualifier"], params["nearly_margin"])


def _person_near(ctx: Context, person) -> dict[str, str]:
    """Dated events close to a person's defection that a loose claim might mean instead."""
    near = {}
    surname = person.name.split()[0] + " " + person.name.split()[1].split("-")[0]
    for fact in ctx.evidence.reference.facts.itertuples():
        if fact.kind == "event" and surname in fact.statement and fact.date != person.defected:
            near[fact.statement.rstrip(".")] = fact.date
    if person.made_public:
        near.setdefault("the day it was made public", person.made_public)
    return near


def _person_facts(ctx: Context, person) -> dict[str, list[str]]:
    """The person's dates (people.yaml) and the dated facts about the person they rest on."""
    surname = person.name.split()[0] + " " + person.name.split()[1].split("-")[0]
    return {"reference": ["people.yaml"] + [f"facts.yaml: {f.id}" for f in ctx.evidence.reference.facts.itertuples()
                                            if f.kind == "event" and surname in f.statement]}


def _run_fact(claim, spec, ctx: Context) -> Statistic:
    params = ctx.params
    if "person" in spec:
        person = ctx.evidence.people[spec["person"]]
        event = spec.get("event", "defected")
        inputs = _person_facts(ctx, person)
        if event == "made_public":
            return check_date(claim, person.made_public, f"News of {person.name}'s defection", params,
                              computed_from=inputs)
        return check_date(claim, person.defected, f"{person.name}'s defection", params,
                          near=_person_near(ctx, person), computed_from=inputs)
    fact = ctx.evidence.reference.facts.loc[spec["fact"]]
    fld = _fact_field(spec, claim)
    inputs = {"reference": [f"facts.yaml: {spec['fact']}"]}
    what = f"The dated fact \u201c{fact['statement'].rstrip('.')}\u201d ({fact['source']})"
    if fld != "value":
        return check_date(claim, fact[fld], what + ("" if fld == "date" else f", {fld.replace('_', ' ')}"),
                          params, computed_from=inputs)
    allowed = fact_interval(fact, params)
    if allowed.low == allowed.high:
        return check_value(claim, allowed.low, what, params, computed_from=inputs)
    return check_against_interval(claim, allowed, what, params, computed_from=inputs)


# Interval arithmetic over the four operations, for expressions whose terms may be ranges.
def _combine(op, a: Interval, b: Interval) -> Interval:
    if op is operator.truediv and b.low <= 0 <= b.high:
        raise ZeroDivisionError("division by a range that includes zero")
    corners = [op(x, y) for x in (a.low, a.high) for y in (b.low, b.high)]
    corners = [c for c in corners if not math.isnan(c)]
    return Interval(min(corners), max(corners), True, True)


OPS = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.Div: operator.truediv}


def _names(expression: str, where: str) -> set[str]:
    try:
        tree = ast.parse(expression, mode="eval")
    except SyntaxError as exc:
        raise CheckError(where, f"{expression!r} is not an expression: {exc.msg}") from exc
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            names.add(node.id)
        elif not isinstance(node, (ast.Expression, ast.BinOp, ast.Load, ast.Constant, ast.USub, ast.UnaryOp,
                                   *OPS)) or (isinstance(node, ast.Constant)
                                             and not isinstance(node.value, (int, float))):
            raise CheckError(where, f"{expression!r}: only numbers, term names and + − × / are allowed")
    return names


def evaluate(expression: str, values: dict[str, Interval]) -> Interval:
    """An arithmetic expression over named intervals (a point is an interval of width 0)."""
    def walk(node) -> Interval:
        if isinstance(node, ast.Expression):
            return walk(node.body)
        if isinstance(node, ast.Constant):
            return Interval(float(node.value), float(node.value), True, True)
        if isinstance(node, ast.Name):
            return values[node.id]
        if isinstance(node, ast.UnaryOp):
            inner = walk(node.operand)
            return Interval(-inner.high, -inner.low, True, True)
        return _combine(OPS[type(node.op)], walk(node.left), walk(node.right))
    return walk(ast.parse(expression, mode="eval"))


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
    for key in ("expression", "rounded"):
        if key == "expression" and not isinstance(spec.get(key), str):
            raise CheckError(f"{where}.expression", "missing: e.g. '100 * a / b'")
        if key in spec:
            missing = _names(spec[key], f"{where}.{key}") - set(terms)
            if missing:
                raise CheckError(f"{where}.{key}", f"names no term {sorted(missing)[0]!r}")
    if "rounded" in spec and any("claim" not in terms[n] for n in _names(spec["rounded"], where)):
        raise CheckError(f"{where}.rounded", "recomputes from the article's printed figures: use claim terms only")


def _term(term: dict, ctx: Context, printed: bool) -> tuple[Interval, str]:
    params = ctx.params
    if "claim" in term:
        other = ctx.evidence.claim(term["claim"])
        if printed:
            return claim_interval(other, params), f"\u201c{other.figure}\u201d"
        return Interval(other.number, other.number, True, True), f"{other.number:,.6g}"
    if "fact" in term:
        fact = ctx.evidence.reference.facts.loc[term["fact"]]
        iv = fact_interval(fact, params)
        if term.get("from_zero"):
            iv = Interval(0, iv.high, True, True)
        return iv, str(iv) if iv.low != iv.high else f"{iv.low:,.6g}"
    v = float(ctx.series[term["year"]])
    return Interval(v, v, True, True), f"{v:,.0f}"


def _term_inputs(terms: dict) -> dict[str, list[str]]:
    inputs: dict[str, list[str]] = {}
    for term in terms.values():
        if "claim" in term:
            inputs.setdefault("claims", []).append(term["claim"])
        elif "fact" in term:
            inputs.setdefault("reference", []).append(f"facts.yaml: {term['fact']}")
        else:
            inputs.setdefault("reference", []).append(rows(term["year"]))
    return {k: list(dict.fromkeys(v)) for k, v in inputs.items()}


def _run_arithmetic(claim, spec, ctx: Context) -> Statistic:
    terms = spec["terms"]
    values, shown = {}, {}
    for name, term in terms.items():
        values[name], shown[name] = _term(term, ctx, printed=False)
    result = evaluate(spec["expression"], values)
    how = spec["expression"] + " with " + ", ".join(f"{n} = {shown[n]}" for n in terms
                                                     if n in _names(spec["expression"], ""))
    inputs = _term_inputs(terms)
    if result.low == result.high:
        rounded = None
        if "rounded" in spec:
            printed = {n: _term(t, ctx, printed=True)[0] for n, t in terms.items() if "claim" in t}
            rounded = evaluate(spec["rounded"], printed)
        return check_value(claim, result.low, how, ctx.params, computed_from=inputs, from_printed_inputs=rounded)
    return check_against_interval(claim, result, how, ctx.params, computed_from=inputs)


def _validate_consistency(spec, where, cat, claim) -> None:
    other = cat.claims.get(spec.get("claim"))
    if other is None:
        raise CheckError(f"{where}.claim", f"unknown claim {spec.get('claim')!r}")
    if other.id == claim.id:
        raise CheckError(f"{where}.claim", "a claim cannot be checked against itself")
    if (other.unit == "date") != (claim.unit == "date") or (claim.unit != "date" and other.unit != claim.unit):
        raise CheckError(f"{where}.claim", f"units differ: {claim.unit} against {other.unit}")


def _run_consistency(claim, spec, ctx: Context) -> Statistic:
    other = ctx.evidence.claim(spec["claim"])
    label = ctx.evidence.sources[other.source].label
    inputs = {"claims": [other.id]}
    if claim.unit == "date":
        return check_date(claim, other.value, f"{label}'s \u201c{other.figure}\u201d", ctx.params,
                          computed_from=inputs)
    return check_against_interval(claim, claim_interval(other, ctx.params),
                                  f"{label}'s \u201c{other.figure}\u201d ({other.id})", ctx.params,
                                  value=other.number, computed_from=inputs)


def _validate_duration(spec, where, cat, claim) -> None:
    _window_keys(spec, where, cat)
    if claim.unit != "years":
        raise CheckError(f"{where}.kind", f"a duration checks a claim in years, not {claim.unit}")


def _run_duration(claim, spec, ctx: Context) -> Statistic:
    start_iso, start_words = (_date_iso(spec["from"], claim, ctx) if "from" in spec
                              else _date_iso(spec["after"], claim, ctx))
    end_iso, end_words = _date_iso(spec["to"], claim, ctx)
    refs = [str(spec[k]) for k in ("from", "after", "to") if k in spec]
    inputs = {"reference": sorted({f"facts.yaml: {d[5:]}" for d in refs if d.startswith("fact:")}
                                  | {"people.yaml" for d in refs if d.startswith("person:")}),
              "claims": [d[6:] for d in refs if d.startswith("claim:")]}
    if len(start_iso) == 4 or len(end_iso) == 4:  # a year alone: count whole years
        years = int(end_iso[:4]) - int(start_iso[:4])
        how = f"{end_words} − {start_words}, in whole years (a date given by its year only)"
    else:
        start, start_words = _bound(spec, claim, ctx, True)
        end = date_bounds(end_iso)[1]
        years = years_between(start, end)
        how = f"{start_words} to {end_words}, in years of 365.25 days"
    return check_value(claim, years, how, ctx.params, computed_from={k: v for k, v in inputs.items() if v})


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


def _run_rank(claim, spec, ctx: Context) -> Statistic:
    preceded = spec.get("preceded_by", 0)
    if spec["among"] == "diplomats":
        from .diplomats import defection_facts, timeline  # the topic module owns the list of diplomats

        table = timeline(ctx.evidence)
        after = ""
        if "after" in spec:
            start, since = _bound({"after": spec["after"]}, claim, ctx, True)
            table = table[table["defected_date"] >= start]
            after = f" defecting from {since}"
        names = list(table["id"])
        target = ctx.evidence.people[spec["target"]].name
        if spec["target"] not in names:  # the window (a parameter) starts after the person defected
            return _stat(claim, None, "outside the window", f"{target} is not among the diplomats the articles "
                         f"name{after} ({', '.join(table['name']) or 'none'}): {CONTRADICTED}.",
                         CONTRADICTED, defection_facts(ctx.evidence, *table["id"]))
        position = preceded + names.index(spec["target"]) + 1
        order = ", ".join(table["name"])
        stat = check_value(claim, position, f"diplomats the articles name{after}, in order of defection: {order}; "
                                            f"{target} is number {position}", ctx.params,
                           computed_from=defection_facts(ctx.evidence, *table["id"]))
        return _single_source(stat, "the list holds only the diplomats the articles themselves name; no "
                                    "official list of confirmed defections is in the reference data")
    facts = ctx.evidence.reference.facts.loc[spec["among"]]
    ordered = facts.assign(start=[date_bounds(d)[0] for d in facts["date"]]).sort_values("start")
    position = preceded + list(ordered.index).index(spec["target"]) + 1
    order = "; ".join(f"{fmt.date(r.date)}: {r.statement.rstrip('.')}" for r in ordered.itertuples())
    before = f"{preceded} before the first listed, then " if preceded else ""
    return check_value(claim, position, f"in order ({before}{order}): number {position}", ctx.params,
                       computed_from={"reference": [f"facts.yaml: {f}" for f in spec["among"]]})


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


def _run_trend(claim, spec, ctx: Context) -> Statistic:
    s = ctx.series
    first, last = spec["from"], spec["to"]
    ratio = s[last] / s[first]
    how = f"{s[last]:,} arrivals in {last} / {s[first]:,} in {first}"
    inputs = {"reference": [rows(first), rows(last)]}
    if "word" not in spec:
        return check_value(claim, ratio, how, ctx.params, computed_from=inputs)
    word = spec["word"]
    meaning = TREND_WORDS[word]
    the_verdict = CONSISTENT if ratio in meaning else CONTRADICTED
    method = (f"{how} = {ratio:.3g}. \u201c{word}\u201d is read as {TREND_MEANING[word]} (a ratio in {meaning}): "
              f"{the_verdict}.")
    return _stat(claim, ratio, f"{ratio:.3g}", method, the_verdict, inputs)


def _validate_none(spec, where, cat, claim) -> None:
    if not isinstance(spec.get("reason"), str) or not spec["reason"].strip():
        raise CheckError(f"{where}.reason", "missing: say why nothing at hand can check this claim")


def _run_none(claim, spec, ctx: Context) -> Statistic:
    return not_checkable(claim, spec["reason"].rstrip("."))


KINDS: dict[str, Kind] = {k.name: k for k in (
    Kind("series", ("year", "cumulative_to", "from", "after", "to", "operation", "against"),
         _validate_series, _run_series, "the arrivals series: a year, a window or a cumulative total"),
    Kind("fact", ("fact", "field", "person", "event"), _validate_fact, _run_fact,
         "a dated fact (facts.yaml) or a person's dated event (people.yaml)"),
    Kind("arithmetic", ("expression", "terms", "rounded"), _validate_arithmetic, _run_arithmetic,
         "an expression over claims, facts and years of the series"),
    Kind("consistency", ("claim",), _validate_consistency, _run_consistency, "another claim's figure"),
    Kind("duration", ("from", "after", "to"), _validate_duration, _run_duration, "years between two dates"),
    Kind("rank", ("among", "target", "after", "preceded_by"), _validate_rank, _run_rank,
         "a position in an ordered list of people or dated facts"),
    Kind("trend", ("from", "to", "word"), _validate_trend, _run_trend, "a change word over two years of the series"),
    Kind("none", ("reason",), _validate_none, _run_none, "not checkable, with the reason"),
)}


# --- validation and running --------------------------------------------------------------------

def validate_spec(spec: Any, where: str, cat: Catalog, claim, *, labelled: bool = False) -> None:
    if not isinstance(spec, dict):
        raise CheckError(where, "must be a mapping with a `kind`")
    kind = KINDS.get(spec.get("kind"))
    if kind is None:
        raise CheckError(f"{where}.kind", f"{spec.get('kind')!r} is not one of {', '.join(KINDS)}")
    unknown = set(spec) - {"kind", "label", *kind.keys}
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
        if not isinstance(reading, dict) or set(reading) - {"label", "check"}:
            raise CheckError(where, "must be a mapping with `label` and `check` only")
        if not isinstance(reading.get("label"), str) or not reading["label"].strip():
            raise CheckError(f"{where}.label", "missing: say what this reading takes the words to mean")
        validate_spec(reading.get("check"), f"{where}.check", cat, claim)


def _amend(stat: Statistic, more: str, **changes) -> Statistic:
    """The statistic with `more` added to its method (and any other field changed)."""
    return replace(stat, method=stat.method + more, **changes)


def _single_source(stat: Statistic, why: str) -> Statistic:
    if stat.verdict != CONSISTENT:
        return stat
    return _amend(stat, f" Single-source: {why}.", verdict=SINGLE_SOURCE)


def _leans_on_own_article(stat: Statistic, claim, ctx: Context) -> list[str]:
    """The other figures of the claim's own article that the check used: if any was wrong, the
    check would fail with it, so agreement confirms the article's arithmetic, not the figure."""
    return [c for c in stat.computed_from.get("claims", [])
            if c != claim.id and ctx.evidence.claim(c).source == claim.source]


def _figures(ids: list[str], ctx: Context) -> str:
    quoted = [f"\u201c{ctx.evidence.claim(c).figure}\u201d" for c in ids]
    return ("figure " if len(quoted) == 1 else "figures ") + ", ".join(quoted)


def run_spec(claim, spec: dict, ctx: Context) -> Statistic:
    try:
        stat = KINDS[spec["kind"]].run(claim, spec, ctx)
    except ZeroDivisionError:  # a range that reaches zero under a parameter setting: no verdict, and why
        return not_checkable(claim, f"the {spec['kind']} check divides by a figure that can be zero")
    own = _leans_on_own_article(stat, claim, ctx)
    if own:
        stat = _single_source(stat, f"the check rests on the same article's own {_figures(own, ctx)}, so it "
                                    f"confirms the article's arithmetic, not the figure")
    source = ctx.evidence.sources[claim.source]
    if claim.relative and claim.id in source.now_inferred_from:
        stat = _single_source(stat, f"the article's date ({fmt.date(source.now)}) was inferred from these very "
                                    f"words, “{claim.relative}”, so finding the event where they point "
                                    f"from that date is circular")
    return stat


def _support(stat: Statistic, claim) -> tuple[int, float]:
    distance = math.inf
    if isinstance(stat.value, (int, float)) and claim.number:
        distance = abs(stat.value - claim.number) / abs(claim.number)
    return SUPPORT.index(stat.verdict), distance


def run(claim, ctx: Context) -> Statistic:
    """The claim's check, or the best-supported of its readings, as the `check-<id>` statistic."""
    if not claim.readings:
        return run_spec(claim, claim.check, ctx)
    tried = [(claim.check["label"], run_spec(claim, claim.check, ctx))]
    tried += [(r["label"], run_spec(claim, r["check"], ctx)) for r in claim.readings]
    best = min(range(len(tried)), key=lambda i: (*_support(tried[i][1], claim), i))
    label, stat = tried[best]
    others = "; ".join(f"\u201c{lab}\u201d: {s.method}" for i, (lab, s) in enumerate(tried) if i != best)
    inputs = {}
    for _, s in tried:
        for key, ids in s.computed_from.items():
            inputs[key] = list(dict.fromkeys(inputs.get(key, []) + ids))
    worse = [(lab, s) for i, (lab, s) in enumerate(tried)
             if i != best and s.verdict not in (stat.verdict, NOT_CHECKABLE)]
    caveat = "".join(f" Taking the best-supported reading favours the article: read as \u201c{lab}\u201d, "
                     f"the claim is {s.verdict} ({s.display})." for lab, s in worse)
    return replace(stat, computed_from=inputs, method=(
        f"Read as \u201c{label}\u201d (the best-supported of {len(tried)} readings): {stat.method} "
        f"Other readings: {others}{caveat}"))


def readings(claim, ctx: Context) -> list[Statistic]:
    """Each reading of a claim with readings as its own statistic (`reading-<claim id>-<n>`), so the
    briefing can quote the figure of a reading that did not decide the verdict."""
    if not claim.readings:
        return []
    specs = [(claim.check["label"], claim.check)] + [(r["label"], r["check"]) for r in claim.readings]
    out = []
    for n, (label, spec) in enumerate(specs, start=1):
        s = run_spec(claim, spec, ctx)
        out.append(Statistic(f"reading-{claim.id}-{n}", s.value, s.display, s.unit,
                             f"Reading \u201c{label}\u201d: {s.method}", s.computed_from))
    return out
