"""Data contract on the real evidence base: what every analysis downstream relies on."""

from __future__ import annotations

import re
from collections import Counter

import pytest
import yaml

from elite_defections.core import paths
from elite_defections.core.errors import DataError
from elite_defections.core.loading import date_bounds
from elite_defections.evidence.people import find_mentions, load_people
from elite_defections.intake.spotter import capture_stamp_end, spot


def test_every_quote_is_verbatim_at_its_offsets(evidence):
    for claim in evidence.claims:
        text = evidence.sources[claim.source].text
        assert text[claim.start:claim.end] == claim.quote, claim.id
        assert claim.figure in claim.quote, claim.id


def test_ids_unique_and_every_source_has_claims(evidence):
    ids = Counter(c.id for c in evidence.claims)
    assert not [i for i, n in ids.items() if n > 1]
    assert {c.source for c in evidence.claims} == set(evidence.sources)


def test_every_figure_in_every_article_is_in_the_ledger(evidence):
    """Pick any figure in any article (the spotter `draft-claims` uses): some claim's quote covers it."""
    for key, source in evidence.sources.items():
        text = source.text
        covered = [(c.start, c.end) for c in evidence.claims if c.source == key]
        figures = spot(text, capture_stamp_end(text))  # the capture's date stamp is page furniture
        assert len(figures) >= 4, key  # the spotter sees the figures at all
        for figure in figures:
            assert any(s <= figure.start and figure.end <= e for s, e in covered), (
                f"{key}: figure {figure.text!r} at {figure.start} is in no claim: "
                f"...{text[max(0, figure.start - 60):figure.end + 20]}...")


def test_values_parse_and_periods_are_ordered(evidence):
    for claim in evidence.claims:
        if claim.unit == "date":
            date_bounds(claim.value)
        else:
            assert claim.number is not None and claim.number >= 0, claim.id
        if claim.period_start and claim.period_end:
            assert date_bounds(claim.period_start)[0] <= date_bounds(claim.period_end)[1], claim.id


def test_relative_dates_resolved_against_the_article_now(evidence):
    for claim in evidence.claims:
        if not claim.relative:
            continue
        now = evidence.sources[claim.source].now
        assert claim.reference_date == now, f"{claim.id}: resolved against {claim.reference_date}, article now {now}"
        if re.search(r"\blast year\b", claim.relative):
            year = int(now[:4]) - 1
            assert claim.period_start is None or claim.period_start.startswith(str(year)) or \
                claim.relative.startswith("since"), claim.id


def test_one_person_one_entity(evidence):
    """Ri Il-gyu, Ri Il-kyu and Ri Il Gyu are one person, whatever the article's spelling."""
    ri = [pid for pid, p in evidence.people.items() if "Ri Il Gyu" in p.spellings]
    assert len(ri) == 1
    assert {"Ri Il-gyu", "Ri Il-kyu", "Ri Il Gyu"} <= set(evidence.people[ri[0]].spellings)
    mentioned = set()
    for source in evidence.sources.values():
        mentioned |= set(find_mentions(source.text, evidence.people))
    assert ri[0] in mentioned
    for person in evidence.people.values():
        for alias in person.aliases:
            assert any(alias in s.text for s in evidence.sources.values()), f"alias {alias!r} appears nowhere"


def test_claims_name_only_known_people(evidence):
    for claim in evidence.claims:
        for entity in claim.entities:
            assert entity in evidence.people


def test_every_defection_date_names_the_event_it_is(tmp_path):
    # The facts date some diplomats by leaving their post, others by arriving in South Korea: the
    # briefing says which from people.yaml, so a date without its event is refused.
    people = load_people()
    assert people["ryu-hyun-woo"].defected_marks == "arrived in South Korea"
    assert people["jo-song-gil"].defected_marks == "left the post"
    records = yaml.safe_load(paths.PEOPLE.read_text())
    next(r for r in records if r["id"] == "ryu-hyun-woo")["defected_marks"] = None
    bad = tmp_path / "people.yaml"
    bad.write_text(yaml.safe_dump(records, allow_unicode=True))
    with pytest.raises(DataError, match="defected_marks"):
        load_people(bad)
