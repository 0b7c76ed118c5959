from __future__ import annotations

import threading

import numpy as np

from factcheck.lib.matching.tokens import tokenize
from matching.index import IndexCache, IndexRow, MatchIndex


def _index(*texts: str) -> MatchIndex:
    return MatchIndex(
        [IndexRow(1, i, f"k{i}", t, t, True, None) for i, t in enumerate(texts)], dim=None
    )


def test_it_keeps_serving_the_old_index_while_a_new_one_is_built():
    cache = IndexCache()
    version = {"n": 1}
    release = threading.Event()
    built: list[MatchIndex] = []

    def build() -> MatchIndex:
        if built:
            release.wait(5)
        built.append(_index(f"version {version['n']}"))
        return built[-1]

    first = cache.get(signature=lambda: version["n"], build=build, ttl=0, background=True)
    version["n"] = 2
    # The rebuild is under way in a thread: the reader gets the index it had, at once.
    assert cache.get(signature=lambda: version["n"], build=build, ttl=0, background=True) is first
    release.set()
    for _ in range(100):
        current = cache.get(signature=lambda: version["n"], build=build, ttl=0, background=True)
        if current is not first:
            break
        threading.Event().wait(0.05)
    assert current.texts == ["version 2"]


def test_it_rebuilds_inline_only_when_the_signature_changed():
    cache = IndexCache()
    calls: list[int] = []

    def build() -> MatchIndex:
        calls.append(1)
        return _index("text")

    for _ in range(3):
        cache.get(signature=lambda: "same", build=build, ttl=0, background=False)
    assert len(calls) == 1


def test_intake_does_not_wait_for_the_first_build_of_the_index():
    cache = IndexCache()
    release = threading.Event()

    def build() -> MatchIndex:
        release.wait(5)
        return _index("built")

    kwargs = {"signature": lambda: 1, "build": build, "ttl": 60, "background": True}
    assert cache.get_if_ready(**kwargs) is None  # building in a thread, nobody waits
    release.set()
    for _ in range(100):
        ready = cache.get_if_ready(**kwargs)
        if ready is not None:
            break
        threading.Event().wait(0.05)
    assert ready is not None and ready.texts == ["built"]


def _common_archive(n: int) -> list[str]:
    """``n`` claims made of common words ("people", "said", ...) and one rare word each."""
    common = ["people", "said", "government", "million", "health", "report", "year", "country"]
    return [
        " ".join([common[i % 8], common[(i + 3) % 8], common[(i + 5) % 8], f"rare{i}"])
        for i in range(n)
    ]


def test_the_budgeted_candidates_score_as_the_exhaustive_bm25_when_every_term_fits():
    index = _index(*_common_archive(200), "hospital waiting lists grew government report")
    terms = tokenize("government report says hospital waiting lists grew")
    candidates = index.bm25.candidates(terms, budget=10_000)
    dense = index.bm25.scores(terms)
    assert list(candidates) == list(np.flatnonzero(dense > 0))
    assert index.bm25.scores_at(terms, candidates).tolist() == dense[candidates].tolist()
    exhaustive = index.search(terms, None, mask=None, limit=5, lexical_weight=0.3)
    budgeted = index.search(
        terms, None, mask=None, limit=5, lexical_weight=0.3, postings_budget=10_000
    )
    assert budgeted == exhaustive


def test_the_near_duplicate_candidates_skip_the_postings_of_common_terms():
    texts = [*_common_archive(3000), "hospital waiting lists grew government report"]
    index = _index(*texts)
    terms = tokenize("Government report: hospital waiting lists grew")
    candidates = index.bm25.candidates(terms, budget=100)
    # The rare terms' postings only (the last claim), not the ~1,100 holding "government".
    assert candidates.tolist() == [len(texts) - 1]
    hits = index.search(terms, None, mask=None, limit=5, lexical_weight=0.3, postings_budget=100)
    assert [h.position for h in hits] == [len(texts) - 1]
    exhaustive = index.search(terms, None, mask=None, limit=1, lexical_weight=0.3)
    assert hits[0] == exhaustive[0]  # the same document with the same exact score


def test_the_rarest_term_is_read_even_when_it_alone_exceeds_the_budget():
    index = _index(*_common_archive(400))
    terms = tokenize("people said")
    candidates = index.bm25.candidates(terms, budget=10)
    # Each word is in 150 claims, none in both: one posting is read, not the other.
    assert index.bm25.document_frequency("people") == index.bm25.document_frequency("said") == 150
    assert len(candidates) == 150
    assert set(candidates) < set(np.flatnonzero(index.bm25.scores(terms) > 0))


def test_the_same_wording_around_other_numbers_is_a_candidate_when_the_numbers_are_rarest():
    # Both numbers are in one other claim only, rarer than any word of the statement: the
    # candidates are read from the words, so the 13,000 claim is still found, to be flagged.
    texts = [
        *_common_archive(3000),
        "13,000 people said the government report",
        "14,000 tickets and 2,000 seats",
    ]
    index = _index(*texts)
    terms = tokenize("14,000 people said the government report, 2,000 of them")
    hits = index.search(terms, None, mask=None, limit=5, lexical_weight=0.3, postings_budget=1)
    assert len(texts) - 2 in [h.position for h in hits]
