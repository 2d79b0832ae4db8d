"""Populations with definitions (data/populations.yaml): a check across two definitions says so and
never gives a plain "consistent"."""

from __future__ import annotations

from elite_defections.core.intervals import ACROSS, CONSISTENT
from elite_defections.evidence.populations import load_populations, population_of


def test_the_vocabulary_names_known_claims_and_facts_with_sourced_definitions(evidence):
    populations = load_populations(evidence)
    assert {p.id for p in populations} >= {"nis-protected", "ministry-elite", "officials", "high-ranking"}
    for p in populations:
        assert p.definition and p.label
        assert p.source is None or p.source in evidence.reference.facts.index
    assert population_of("officials-2015", populations).id == "officials"
    assert evidence.reference.facts.loc["officials-2015", "population"] == "officials"


def test_a_check_across_two_definitions_is_never_plainly_consistent(checks):
    across = checks["thediplomat2024-elite-h1-2024-matches-2023"]
    assert across.verdict == ACROSS and "two definitions" in across.method
    assert "counts \u201chigh-ranking\u201d defectors" in across.method or "high-ranking" in across.method
    # the contradicted one keeps its verdict, and says which groups it compares
    half = checks["thediplomat2024-elite-more-than-half-2023"]
    assert half.verdict == "contradicted"
    # the same definition on both sides: a plain verdict, no note
    same = checks["news1global2024-elite-2023-around-10"]
    assert same.verdict == CONSISTENT and "two definitions" not in same.method
