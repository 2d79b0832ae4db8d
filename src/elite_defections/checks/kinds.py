"""How each check kind runs: a claim's declared check (see `evidence.check_schema` for the
vocabulary and its validation) performed against the evidence base and the build's parameters,
returned as the `check-<claim id>` statistic."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from typing import Any, Callable

import pandas as pd

from ..analysis.arrivals import (
    TABLE_START,
    annual_series,
    arrivals_bounds,
    column_bounds,
    window_method,
    years_between,
)
from ..analysis.diplomats import defection_facts, timeline
from ..core import formatting as fmt
from ..core.expressions import evaluate, names
from ..core.intervals import (
    CONSISTENT,
    CONTRADICTED,
    SINGLE_SOURCE,
    Interval,
    bounds,
    divide,
    printed_interval,
    scale,
    subtract,
)
from ..core.loading import date_bounds
from ..core.statistic import Statistic
from ..evidence.check_schema import DATE_PARAMS, TREND_MEANING, TREND_WORDS, fact_field
from ..evidence.citations import rows
from .definitions import across_definitions
from .verdicts import (
    check_against_interval,
    check_date,
    check_statistic,
    check_value,
    claim_interval,
    not_checkable,
)


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


def _select(sel: dict, claim, ctx: Context) -> tuple[Interval, str]:
    """Arrivals for one selection of the series, as the bounds the table allows, and how counted."""
    series = ctx.series
    column = sel.get("column", "total")
    if column != "total" and "year" in sel:
        return column_bounds(ctx.evidence.reference, column, year=sel["year"]), f"{column} arrivals in {sel['year']}"
    if "year" in sel:
        return bounds(series[sel["year"]]), f"arrivals in {sel['year']}"
    if "cumulative_to" in sel:
        iso, words = _date_iso(sel["cumulative_to"], claim, ctx)
        end = date_bounds(iso)[1]
        if column != "total":
            return (column_bounds(ctx.evidence.reference, column, end=end),
                    f"{column} arrivals in every row of the table to {fmt.date(end.isoformat())} ({words})")
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
    if "year" in spec and op == "value" and stat.verdict == CONTRADICTED and claim.unit == "persons" \
            and spec.get("column", "total") == "total":
        closest = int((ctx.series - claim.number).abs().idxmin())
        stat = _amend(stat, f" The year whose arrivals are closest to \u201c{claim.figure}\u201d is {closest}, "
                            f"with {ctx.series[closest]:,}.")
    return stat


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
    fld = fact_field(spec, claim)
    inputs = {"reference": [f"facts.yaml: {spec['fact']}"]}
    what = f"The dated fact \u201c{fact['statement'].rstrip('.')}\u201d ({fact['source']})"
    if fld != "value":
        return check_date(claim, fact[fld], what + ("" if fld == "date" else f", {fld.replace('_', ' ')}"),
                          params, computed_from=inputs)
    allowed = fact_interval(fact, params)
    if allowed.low == allowed.high:
        return check_value(claim, allowed.low, what, params, computed_from=inputs)
    return check_against_interval(claim, allowed, what, params, computed_from=inputs)


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
                                                     if n in names(spec["expression"]))
    inputs = _term_inputs(terms)
    if result.low == result.high:
        rounded = None
        if "rounded" in spec:
            printed = {n: _term(t, ctx, printed=True)[0] for n, t in terms.items() if "claim" in t}
            rounded = evaluate(spec["rounded"], printed)
        return check_value(claim, result.low, how, ctx.params, computed_from=inputs, from_printed_inputs=rounded)
    return check_against_interval(claim, result, how, ctx.params, computed_from=inputs)


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


def _run_rank(claim, spec, ctx: Context) -> Statistic:
    preceded = spec.get("preceded_by", 0)
    if spec["among"] == "diplomats":
        table = timeline(ctx.evidence)
        after = ""
        if "after" in spec:
            start, since = _bound({"after": spec["after"]}, claim, ctx, True)
            table = table[table["defected_date"] >= start]
            after = f" defecting from {since}"
        names = list(table["id"])
        target = ctx.evidence.people[spec["target"]].name
        if spec["target"] not in names:  # the window (a parameter) starts after the person defected
            return check_statistic(claim, None, "outside the window", f"{target} is not among the diplomats the articles "
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
    return check_statistic(claim, ratio, f"{ratio:.3g}", method, the_verdict, inputs)


def _run_none(claim, spec, ctx: Context) -> Statistic:
    return not_checkable(claim, spec["reason"].rstrip("."))


RUNNERS: dict[str, Callable[[Any, dict, Context], Statistic]] = {
    "series": _run_series, "fact": _run_fact, "arithmetic": _run_arithmetic, "consistency": _run_consistency,
    "duration": _run_duration, "rank": _run_rank, "trend": _run_trend, "none": _run_none,
}


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


def _same_origin(stat: Statistic, claim, spec: dict, ctx: Context) -> list[str]:
    """The facts behind the check whose only origin is the claim's article's own source
    (facts.yaml `same_origin_as`). A person's check rests on the fact dated as the date it used."""
    facts = ctx.evidence.reference.facts
    ids = [ref[len("facts.yaml: "):] for ref in stat.computed_from.get("reference", []) if ref.startswith("facts.yaml: ")]
    if spec["kind"] == "fact" and "person" in spec:
        ids = [i for i in ids if facts.loc[i, "date"] == str(stat.value)]
    return [i for i in ids if claim.source in facts.loc[i, "same_origin_as"]]


def run_spec(claim, spec: dict, ctx: Context) -> Statistic:
    try:
        stat = RUNNERS[spec["kind"]](claim, spec, ctx)
    except ZeroDivisionError:  # a range that reaches zero under a parameter setting: no verdict, and why
        return not_checkable(claim, f"the {spec['kind']} check divides by a figure that can be zero")
    stat = across_definitions(stat, claim)
    own = _leans_on_own_article(stat, claim, ctx)
    if own:
        stat = _single_source(stat, f"the check rests on the same article's own {_figures(own, ctx)}, so it "
                                    f"confirms the article's arithmetic, not the figure")
    for fact_id in _same_origin(stat, claim, spec, ctx):
        fact = ctx.evidence.reference.facts.loc[fact_id]
        stat = _single_source(stat, f"the dated fact {fact_id} rests only on {', '.join(fact['cites'])}, the source "
                                    f"the article itself relies on ({fact['source']}), so agreeing with it confirms "
                                    f"the article's source, not the claim")
    source = ctx.evidence.sources[claim.source]
    if claim.relative and claim.id in source.now_inferred_from:
        stat = _single_source(stat, f"the article's date ({fmt.date(source.now)}) was inferred from these very "
                                    f"words, “{claim.relative}”, so finding the event where they point "
                                    f"from that date is circular")
    return stat
