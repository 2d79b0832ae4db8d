"""Data contract of data/sentences.yaml: every sentence of every article looked at and classified.

Each article's sentences are verbatim, in order, and together cover all its non-whitespace text;
every factual sentence carries facts, and every fact is covered by a ledger claim, checked, or
gives its reason. The checks are pure functions returning problems, so that the negative tests can
show each one catching a broken record.
"""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
import yaml

from elite_defections.core import paths

KINDS = {"factual", "opinion", "quotation", "context", "boilerplate"}
FACT_TYPES = {"number", "date", "person", "place", "institution", "relation", "size_word"}
VERDICTS = {"consistent", "contradicted", "unverifiable", "partly"}
WAYS = ("claim", "check", "unchecked_reason")
PUBLISHED = ("outlet", "title", "date", "url")


def _load(path: Path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def sentences():
    return _load(paths.SENTENCES)


@pytest.fixture(scope="module")
def texts():
    return {s["key"]: (paths.ARTICLES_DIR / s["file"]).read_text(encoding="utf-8")
            for s in _load(paths.SOURCES_REGISTRY)}


@pytest.fixture(scope="module")
def claims():
    return _load(paths.CLAIMS)


@pytest.fixture(scope="module")
def fact_ids():
    return {f["id"] for f in _load(paths.FACTS)}


def spans(text: str, entries: list) -> tuple[list[tuple[int, int]], list[str]]:
    """Each sentence's (start, end) in the article, found left to right; problems where the
    sentences are not verbatim, out of order, or leave non-whitespace text uncovered."""
    found, problems, pos = [], [], 0
    for n, entry in enumerate(entries):
        sentence = entry.get("text") or ""
        at = text.find(sentence, pos) if sentence else -1
        if at < 0:
            where = "is not in the article" if sentence not in text else "is out of order"
            problems.append(f"sentence {n} {where}: {sentence[:60]!r}")
            continue
        if text[pos:at].strip():
            problems.append(f"text before sentence {n} is in no sentence: {text[pos:at].strip()[:60]!r}")
        found.append((at, at + len(sentence)))
        pos = at + len(sentence)
    if text[pos:].strip():
        problems.append(f"text after the last sentence is in no sentence: {text[pos:].strip()[:60]!r}")
    return found, problems


def coverage_problems(sentences: dict, texts: dict) -> list[str]:
    problems = [f"{key}: no sentences" for key in texts if key not in sentences]
    problems += [f"{key}: not an article in sources.yaml" for key in sentences if key not in texts]
    for key, text in texts.items():
        if key in sentences:
            problems += [f"{key}: {p}" for p in spans(text, sentences[key] or [])[1]]
    return problems


def _against_problem(against, fact_ids: set) -> str | None:
    if isinstance(against, dict):
        missing = [k for k in PUBLISHED if not against.get(k)]
        extra = set(against) - set(PUBLISHED)
        if missing or extra:
            return f"published source needs exactly {PUBLISHED} (missing {missing}, extra {sorted(extra)})"
        return None
    if not isinstance(against, str) or not against:
        return f"against {against!r} is neither a fact id, a file, nor a published source"
    if "/" in against:
        file = paths.ROOT / against.split("#", 1)[0]
        return None if against.startswith("data/") and file.is_file() else f"against {against!r}: no such file under data/"
    return None if against in fact_ids else f"against {against!r} is not a fact id in facts.yaml"


def record_problems(sentences: dict, claim_ids: set, fact_ids: set) -> list[str]:
    problems = []
    for key, entries in sentences.items():
        for n, entry in enumerate(entries or []):
            where = f"{key}[{n}] {str(entry.get('text'))[:40]!r}"
            if set(entry) - {"text", "kind", "facts", "note"}:
                problems.append(f"{where}: unknown fields {sorted(set(entry) - {'text', 'kind', 'facts', 'note'})}")
            kind = entry.get("kind")
            if kind not in KINDS:
                problems.append(f"{where}: kind {kind!r} is not one of {sorted(KINDS)}")
            facts = entry.get("facts")
            if kind == "factual" and not facts:
                problems.append(f"{where}: a factual sentence with no facts")
            if kind != "factual" and facts:
                problems.append(f"{where}: facts on a {kind} sentence")
            for m, fact in enumerate(facts or []):
                at = f"{where} fact {m}"
                if fact.get("type") not in FACT_TYPES:
                    problems.append(f"{at}: type {fact.get('type')!r} is not one of {sorted(FACT_TYPES)}")
                ways = [w for w in WAYS if fact.get(w) not in (None, "")]
                if len(ways) != 1:
                    problems.append(f"{at}: needs exactly one of {WAYS}, has {ways}")
                if set(fact) - {"type", *WAYS}:
                    problems.append(f"{at}: unknown fields {sorted(set(fact) - {'type', *WAYS})}")
                if "claim" in ways and fact["claim"] not in claim_ids:
                    problems.append(f"{at}: claim {fact['claim']!r} is not in claims.yaml")
                if "check" in ways:
                    check = fact["check"]
                    if not isinstance(check, dict):
                        problems.append(f"{at}: check is not a record")
                        continue
                    if check.get("verdict") not in VERDICTS:
                        problems.append(f"{at}: verdict {check.get('verdict')!r} is not one of {sorted(VERDICTS)}")
                    if not str(check.get("reason") or "").strip():
                        problems.append(f"{at}: check without a reason")
                    if (p := _against_problem(check.get("against"), fact_ids)):
                        problems.append(f"{at}: {p}")
    return problems


def ledger_problems(sentences: dict, texts: dict, claims: list) -> list[str]:
    """Every claim whose quote lies in its article is filed under a sentence that the quote overlaps."""
    problems = []
    for claim in claims:
        key, quote = claim["source"], claim["quote"]
        text = texts.get(key, "")
        if quote not in text:
            continue
        entries = sentences.get(key) or []
        found, _ = spans(text, entries)
        if len(found) != len(entries):
            continue  # coverage_problems reports it
        holders = [span for span, e in zip(found, entries)
                   if any(f.get("claim") == claim["id"] for f in e.get("facts") or [])]
        if not holders:
            problems.append(f"{key}: claim {claim['id']} is under no sentence")
            continue
        quotes, at = [], text.find(quote)
        while at >= 0:
            quotes.append((at, at + len(quote)))
            at = text.find(quote, at + 1)
        for a, b in holders:
            if not any(q0 < b and a < q1 for q0, q1 in quotes):
                problems.append(f"{key}: claim {claim['id']} is filed under a sentence its quote is not in")
    return problems


# ---- the contract on the real data

def test_every_article_has_its_sentences(sentences, texts):
    assert set(sentences) == set(texts)


def test_sentences_are_verbatim_in_order_and_cover_every_article(sentences, texts):
    assert coverage_problems(sentences, texts) == []


def test_every_record_is_well_formed(sentences, claims, fact_ids):
    assert record_problems(sentences, {c["id"] for c in claims}, fact_ids) == []


def test_every_claim_in_the_ledger_is_under_a_sentence(sentences, texts, claims):
    assert ledger_problems(sentences, texts, claims) == []


def test_the_pass_found_errors_of_fact(sentences):
    """The classification is a check, not a label: some facts are found wrong by it."""
    verdicts = [f["check"]["verdict"] for entries in sentences.values() for e in entries
                for f in e.get("facts") or [] if "check" in f]
    assert verdicts.count("contradicted") >= 1


# ---- each check catches a broken record

def _first_factual(sentences, key):
    return next(e for e in sentences[key] if e["kind"] == "factual")


@pytest.mark.parametrize("breakage, expected", [
    (lambda s, t: s.pop("guardian2024"), "guardian2024: no sentences"),
    (lambda s, t: s["guardian2024"].pop(3), "is in no sentence"),
    (lambda s, t: s["guardian2024"].__setitem__(0, {**s["guardian2024"][0], "text": "Defectors' Day"}),
     "is not in the article"),
    (lambda s, t: s["guardian2024"].insert(0, s["guardian2024"].pop(2)), "out of order"),
])
def test_coverage_catches(sentences, texts, breakage, expected):
    broken = copy.deepcopy(sentences)
    breakage(broken, texts)
    assert any(expected in p for p in coverage_problems(broken, texts))


@pytest.mark.parametrize("breakage, expected", [
    (lambda s: s["guardian2024"][0].__setitem__("kind", "fact"), "is not one of"),
    (lambda s: _first_factual(s, "guardian2024").__setitem__("facts", []), "factual sentence with no facts"),
    (lambda s: _first_factual(s, "guardian2024")["facts"][0].__setitem__("unchecked_reason", "x"), "exactly one of"),
    (lambda s: _first_factual(s, "guardian2024")["facts"][0].__setitem__("claim", "no-such-claim"), "not in claims.yaml"),
    (lambda s: _first_factual(s, "guardian2024")["facts"][0].__setitem__("type", "rumour"), "is not one of"),
    (lambda s: _first_factual(s, "dailystar2024")["facts"].append(
        {"type": "place", "check": {"verdict": "probably", "against": "ri-defected", "reason": "r"}}), "verdict"),
    (lambda s: _first_factual(s, "dailystar2024")["facts"].append(
        {"type": "place", "check": {"verdict": "consistent", "against": "no-such-fact", "reason": "r"}}),
     "not a fact id"),
    (lambda s: _first_factual(s, "dailystar2024")["facts"].append(
        {"type": "place", "check": {"verdict": "consistent", "against": {"outlet": "X"}, "reason": "r"}}),
     "published source"),
    (lambda s: s["guardian2024"][4].__setitem__("facts", [{"type": "date", "claim": "x"}]), "facts on a opinion"),
])
def test_records_catch(sentences, claims, fact_ids, breakage, expected):
    broken = copy.deepcopy(sentences)
    breakage(broken)
    assert any(expected in p for p in record_problems(broken, {c["id"] for c in claims}, fact_ids))


def test_ledger_check_catches_a_dropped_or_misfiled_claim(sentences, texts, claims):
    dropped = copy.deepcopy(sentences)
    for entry in dropped["guardian2024"]:
        entry["facts"] = [f for f in entry.get("facts") or [] if f.get("claim") != "guardian2024-total-34000"]
    assert "guardian2024: claim guardian2024-total-34000 is under no sentence" in ledger_problems(dropped, texts, claims)
    misfiled = copy.deepcopy(sentences)
    misfiled["guardian2024"][2]["facts"].append({"type": "number", "claim": "guardian2024-total-34000"})
    assert any("filed under a sentence its quote is not in" in p for p in ledger_problems(misfiled, texts, claims))
