"""Proposed checks for drafted claims: one rule per kind of figure the evidence can check, tried in
order; the first that fits proposes a check from the vocabulary (evidence/check_schema.py) and
names itself in it (`rule`). Where none fits, `check: none` with the reason. Every proposal is a
draft: the claim carries `reviewed: false` until an analyst has read it.

Rules (the name each writes into `rule`):
  year-arrivals       a count of defectors dated to one year: that year's arrivals
  year-by-sex         men or women in one year: the male or female column
  sex-share           a share of women (or men) in a year: female (male) / total
  cumulative          a cumulative total to a date, of all, men or women
  era-window          arrivals "during Kim Jong Un's ..." (after the era boundary) or his father's
  change-previous     "three times more than the previous year", "an increase of 20.4%"
  trend-word          "a sharp drop", "continued to dwindle", "below pre-COVID figures"
  elite-fact          a count of elites (or other groups) a dated figure in facts.yaml gives
  share-fact          a share a dated figure in facts.yaml gives ("more than half ... in their 20s")
  era-duration        "Kim Jong Un's first 13 years", "his father's 16-year rule"
  person-event        a person's dated event: defection, arrival, disclosure, death
  records-start       "since July 1997" where a fact's period starts then
"""

from __future__ import annotations

import math
from typing import Any

import pandas as pd

from .reading import CHANGE_MEANING, Reading

SERIES_POPULATIONS = {"all_defectors": "total", "women": "female", "men": "male"}


def _none(reason: str) -> dict[str, Any]:
    return {"kind": "none", "reason": reason}


def _fact_by_figure(facts: pd.DataFrame, population: str, start: str | None, end: str | None,
                    share: bool) -> str | None:
    """The dated figure in facts.yaml for the same population and period."""
    for fid, fact in facts.iterrows():
        if fact["kind"] != "figure" or fact["population"] != population:
            continue
        value = float(fact["value"])
        if share != (value <= 1):
            continue
        if start and str(fact["period_start"]) == str(start)[:len(str(fact["period_start"]))] \
                and (str(fact["period_end"]) == str(end) or len(str(start)) > 4):
            return fid
    return None


def _person_check(r: Reading, people: dict, facts: pd.DataFrame) -> dict[str, Any] | None:
    person = people[r.person]
    surname = person.name.split()[0]
    mine = facts[facts["statement"].str.contains(person.name, regex=False)]
    if mine.empty:
        mine = facts[facts["statement"].str.contains(f"{surname} ", regex=False) & (facts["kind"] == "event")]
    if r.event == "death":
        died = [f for f, row in mine.iterrows() if f"{person.name} died" in row["statement"]]
        return {"kind": "fact", "fact": died[0], "rule": "person-event"} if died else None
    if r.event == "entered":
        came = [f for f, row in mine.iterrows() if "entered" in row["statement"] or "arrived" in row["statement"]]
        if came:
            return {"kind": "fact", "fact": came[0], "rule": "person-event"}
        if person.defected and person.defected_marks == "arrived in South Korea":
            return {"kind": "fact", "person": r.person, "rule": "person-event"}
        return None
    if r.event == "made_public" and person.made_public:
        return {"kind": "fact", "person": r.person, "event": "made_public", "rule": "person-event"}
    if r.event == "defected" and person.defected:
        return {"kind": "fact", "person": r.person, "rule": "person-event"}
    return None


def _date_check(r: Reading, value: str, people: dict, facts: pd.DataFrame) -> dict[str, Any]:
    if "since" in r.cues:
        starts = facts[(facts["kind"] == "figure") & (facts["period_start"].astype(str) == value)]
        if len(starts):
            return {"kind": "fact", "fact": starts.index[0], "field": "period_start", "rule": "records-start"}
        return _none("the start of a state (a posting, a period), which no dated fact gives")
    if r.person is None:
        return _none("the sentence names no person or fact the reference data dates")
    if r.possessive and r.event != "death":
        return _none("the event is of someone the sentence names only through its subject's name")
    check = _person_check(r, people, facts)
    return check or _none(f"no dated fact for this event of {people[r.person].name}")


def _year(r: Reading, years: tuple[int, ...]) -> int | None:
    if r.period_start and r.period_start == r.period_end and len(r.period_start) == 4 and int(r.period_start) in years:
        return int(r.period_start)
    return None


def _trend(r: Reading, figure: str, years: tuple[int, ...], previous_years: list[int]) -> dict[str, Any]:
    word = next((w for key, w in CHANGE_MEANING if key in figure.lower()), None)
    falling = word is None
    word = word or ("fell" if figure.lower() in ("below", "fell") or figure.lower().startswith("drop") else "declined")
    later = max(r.years) if r.years else None
    if "pre_covid" in r.cues and later:
        first = 2019
    elif "continues" in r.cues and previous_years:
        first = max(previous_years)
    else:
        first = max((y for y in r.years if later and y < later), default=None)
    if first is None or later is None or first >= later or first not in years or later not in years:
        return _none("the change names no two years of the series")
    del falling
    return {"kind": "trend", "from": first, "to": later, "word": word, "rule": "trend-word"}


def propose(stub: dict[str, Any], r: Reading, *, people: dict, facts: pd.DataFrame, years: tuple[int, ...],
            previous_years: list[int]) -> dict[str, Any]:
    """The proposed check for one drafted claim (see the module's note for the rules)."""
    unit, population = stub["unit"], stub["population"]
    if unit == "date":
        return _date_check(r, str(stub["value"]), people, facts)
    if unit == "months":
        return _none("a duration in months: the duration kind measures years, and one end is not dated here")
    if "age_or_decade" in r.cues:
        return _none("an age band or a decade, not a count")
    if "yearly_rate" in r.cues:
        return _none("a yearly rate with no year: no single year of the series is meant")
    if r.measure == "comparison":
        return _none("a comparison with a figure the article does not give")
    year = _year(r, years)
    column = SERIES_POPULATIONS.get(population)
    if unit == "years":
        if "kju_era" in r.cues:
            return {"kind": "duration", "after": "era_boundary", "to": "period_end", "rule": "era-duration"}
        if "kji_era" in r.cues:
            return {"kind": "duration", "from": "fact:kim-il-sung-death", "to": "fact:kim-jong-il-death",
                    "rule": "era-duration"}
        return _none("a duration whose ends the sentence does not date")
    if unit == "multiple" and stub["value"] == 1 and r.measure == "change":
        return _trend(r, stub["figure"], years, previous_years)
    if unit in ("multiple", "percent") and r.measure == "change":
        if year and year - 1 in years and ("previous_year" in r.cues or unit == "percent"):
            if unit == "percent":
                return {"kind": "arithmetic", "expression": "100 * (a - b) / b",
                        "terms": {"a": {"year": year}, "b": {"year": year - 1}}, "rule": "change-previous"}
            return {"kind": "series", "year": year, "operation": "ratio", "against": {"year": year - 1},
                    "rule": "change-previous"}
        return _none("a change between years the sentence does not name")
    if unit in ("fraction", "percent"):
        if column and column != "total" and year:
            op = "ratio" if unit == "fraction" else "share"
            return {"kind": "series", "year": year, "column": column, "operation": op, "against": {"year": year},
                    "rule": "sex-share"}
        fact = _fact_by_figure(facts, population, r.period_start, r.period_end, share=True) if year else None
        if fact and unit == "fraction":
            return {"kind": "fact", "fact": fact, "rule": "share-fact"}
        return _none("a share of a group the reference data does not break down")
    # counts
    if population in SERIES_POPULATIONS and "cumulative" in r.cues:
        end = r.period_end or stub.get("reference_date") or r.period_end
        check = {"kind": "series", "cumulative_to": str(end) if end else "period_end", "rule": "cumulative"}
        if column != "total":
            check["column"] = column
        return check if end else _none("a cumulative total to no date")
    if population == "all_defectors" and "kju_era" in r.cues and not year:
        return {"kind": "series", "after": "era_boundary", "to": "period_end", "rule": "era-window"}
    if population == "all_defectors" and "kji_era" in r.cues and not year:
        return {"kind": "series", "cumulative_to": "era_boundary", "rule": "era-window"}
    if population in SERIES_POPULATIONS and year and ("defectors" in r.cues or column != "total"):
        if column != "total":
            return {"kind": "series", "year": year, "column": column, "rule": "year-by-sex"}
        return {"kind": "series", "year": year, "rule": "year-arrivals"}
    if population not in SERIES_POPULATIONS and r.period_start:
        fact = _fact_by_figure(facts, population, r.period_start, r.period_end, share=False)
        if fact:
            return {"kind": "fact", "fact": fact, "rule": "elite-fact"}
    if population in SERIES_POPULATIONS and not year:
        return _none("a count the sentence dates to no single year")
    return _none(f"no reference figure counts {population.replace('_', ' ')} for this period")


def is_finite(value: Any) -> bool:
    return not (isinstance(value, float) and math.isnan(value))
