"""Every claim the topic notebooks do not check: dates against the dated facts, elite figures
against the ministry's later statements, and the claims nothing at hand can check (with why)."""

from __future__ import annotations

from typing import Any

from .checks import check_against_interval, check_date, check_value, not_checkable
from .evidence import Evidence
from .intervals import Interval, printed_interval
from .statistics import Statistic

NOT_CHECKABLE_REASONS = {
    "dailystar2024-six-elite-interviewed": "the interviews are the newspaper's own reporting",
    "dailystar2024-three-kim-regimes": "the interviewees' biographies are not public",
    "dailystar2024-six-left-from-2014": "the interviewees are not named",
    "dailystar2024-six-left-to-2020": "the interviewees are not named",
    "thediplomat2024-elite-mostly-diplomats-traders": "no breakdown of elite defectors by post is published",
    "thediplomat2024-elite-mostly-younger": ("no age breakdown of elite defectors is published (the ministry's "
                                             "\u201cmore than half in their 20s and 30s\u201d is about all 2023 arrivals)"),
    "thediplomat2024-hiding-in-china-tens-of-thousands": "no count of North Koreans hiding in China is in the reference data",
    "thediplomat2024-three-generations-saying": "a proverb, not a measurement",
    "bullandbear2024-title-elite-tripling-2023": ("no yearly series of elite defectors is published before 2023; "
                                                  "the article's body applies the tripling to all defectors"),
    "news1global2024-ryu-kbs-interview-february": "the interview's date is not in the reference data",
    "news1global2024-france-family-november-last-year": "an unconfirmed report; no official record",
    "news1global2024-borders-reopening-since-last-august": "the border's reopening date is not in the reference data",
    "news1global2024-directive-2015": "a memoir's account; no official record of the directive",
    "news1global2024-thae-children-uk-almost-nine-years": "the family's posting dates are not in the reference data",
    "guardian2024-ri-highest-level-since-2016": "no official ranking of defectors by seniority is published",
    "guardian2024-ri-yong-ho-two-years-ago": "his disappearance is not dated in the reference data",
    "guardian2024-hrw-report-this-spring": "the report's date is not in the reference data",
}


def fact_interval(evidence: Evidence, fact_id: str, params: dict[str, Any]) -> Interval:
    fact = evidence.reference.facts.loc[fact_id]
    if fact["qualifier"] == "up_to":  # "in the single digits"
        return Interval(1, float(fact["value"]), True, True)
    return printed_interval(float(fact["value"]), 1, fact["qualifier"], params["nearly_margin"])


def _fact(fact_id: str) -> dict[str, list[str]]:
    return {"reference": [f"facts.yaml: {fact_id}"]}


def remaining_checks(evidence: Evidence, params: dict[str, Any]) -> list[Statistic]:
    claim, facts = evidence.claim, evidence.reference.facts
    out = [not_checkable(claim(cid), reason) for cid, reason in NOT_CHECKABLE_REASONS.items()]

    # Dates against the dated facts.
    for cid, fact_id, what in (
        ("dailystar2024-data-obtained-aug21", "elite-total-1997-2024h1", "The ministry's statement of the elite total"),
        ("dailystar2024-kji-death-dec-2011", "kim-jong-il-death", "Kim Jong-il's death"),
        ("guardian2024-defectors-day-14-july", "defectors-day", "The first Defectors' Day"),
        ("guardian2024-robertson-last-tuesday", "robertson-quartet", "Robertson's \u201cdeadly quartet\u201d remark"),
    ):
        out.append(check_date(claim(cid), facts.loc[fact_id, "date"], what, params, inputs=_fact(fact_id)))
    out.append(check_date(claim("dailystar2024-records-began-july-1997"),
                          facts.loc["elite-total-1997-2024h1", "period_start"],
                          "The start of the NIS records of elite defectors", params,
                          inputs=_fact("elite-total-1997-2024h1")))

    # Counts and ranks against the facts.
    total = int(facts.loc["elite-total-1997-2024h1", "value"])
    kji, kju = claim("dailystar2024-elite-kji-era-54"), claim("dailystar2024-elite-kju-era-134")
    for own, other in ((kji, kju), (kju, kji)):
        out.append(check_value(own, total - other.number,
                               f"{total} (the ministry's total, KBS World) − {other.number:.0f} (the other era)",
                               params, inputs={**_fact("elite-total-1997-2024h1"), "claims": [other.id]}))
    out.append(check_value(claim("guardian2024-defectors-day-inaugural"), 1,
                           "the dated facts record the day on 14 July 2024 as the first", params,
                           inputs=_fact("defectors-day")))
    out.append(check_value(claim("thediplomat2024-kju-third-ruler"), 3,
                           "Kim Il-sung (to 1994), Kim Jong-il (1994–2011), Kim Jong-un (from 2011): "
                           "Kim Jong-un is the third", params,
                           inputs={"reference": ["facts.yaml: kim-il-sung-death", "facts.yaml: kim-jong-un-successor"]}))
    thae = evidence.people["thae-yong-ho"].defected
    out.append(check_value(claim("news1global2024-directive-a-year-before-defection"), int(thae[:4]) - 2015,
                           f"Thae Yong-ho's defection ({thae[:4]}) − the directive (2015, as the memoir dates it)",
                           params, inputs={"reference": ["people.yaml"]}))

    # Elite figures against the ministry's statements.
    elite_2023 = fact_interval(evidence, "elite-2023", params)
    elite_2024 = fact_interval(evidence, "elite-2024", params)
    out.append(check_against_interval(claim("news1global2024-elite-2023-around-10"), elite_2023,
                                      "the ministry's briefing of 18 Jan 2024: around 10 in 2023", params,
                                      inputs=_fact("elite-2023")))
    out.append(check_against_interval(claim("news1global2024-elite-2024-around-10"), elite_2024,
                                      "the ministry (Yonhap, 4 Feb 2025): single digits in the whole of 2024",
                                      params, inputs=_fact("elite-2024")))
    out.append(check_date(claim("news1global2024-elite-2023-highest-since-2017"), "2017",
                          "The year the ministry's briefing compares 2023 with (\u201cthe most since 2017\u201d)", params,
                          inputs=_fact("elite-2023")))
    since = Interval(elite_2023.low + elite_2024.low, elite_2023.high + elite_2024.high, True, True)
    out.append(check_against_interval(claim("thediplomat2024-elite-more-than-20-since-last-year"), since,
                                      "around 10 in 2023 plus single digits in all of 2024 (the ministry)",
                                      params, value=since.high,
                                      inputs={"reference": ["facts.yaml: elite-2023", "facts.yaml: elite-2024"]}))
    h1_ratio = Interval(0.0, elite_2024.high / elite_2023.low, True, True)
    out.append(check_against_interval(claim("thediplomat2024-elite-h1-2024-matches-2023"), h1_ratio,
                                      "first half of 2024 at most the whole year's single digits, against around 10 "
                                      "in 2023: the ratio can reach 1 only at the edges of both ranges",
                                      params, value=h1_ratio.high,
                                      inputs={"reference": ["facts.yaml: elite-2023", "facts.yaml: elite-2024"]}))
    share = Interval(elite_2023.low / 196, elite_2023.high / 196, True, True)
    out.append(check_against_interval(claim("thediplomat2024-elite-more-than-half-2023"), share,
                                      "around 10 elite defectors (the ministry) of 196 arrivals in 2023",
                                      params, value=10 / 196,
                                      inputs={"reference": ["facts.yaml: elite-2023", "mou_arrivals.csv"]}))
    return out
