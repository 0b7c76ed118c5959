"""Okapi BM25 over pre-tokenised documents, in NumPy.

Postings are kept per term as (document ids in ascending order, precomputed term weights), so
:meth:`BM25Index.scores` costs one vectorised add per query term over an array of every
document; with stop words out, even a million documents answer in tens of milliseconds.
:meth:`BM25Index.candidates` and :meth:`BM25Index.scores_at` are the cheaper pair for a
question whose answers must share the query's rare words (a near-duplicate): the documents
holding one of its rarest terms, scored exactly, at a cost bounded by a postings budget
instead of by the size of the index. ``k1`` and ``b`` are the usual defaults (Robertson and
Zaragoza, 2009).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence

import numpy as np
import numpy.typing as npt

K1 = 1.5
B = 0.75


class BM25Index:
    """An immutable BM25 index; documents are addressed by their position (0..n-1)."""

    def __init__(self, documents: Iterable[Sequence[str]], *, k1: float = K1, b: float = B):
        ids: dict[str, list[int]] = {}
        tfs: dict[str, list[int]] = {}
        lengths: list[int] = []
        for position, terms in enumerate(documents):
            lengths.append(len(terms))
            for term, count in Counter(terms).items():
                ids.setdefault(term, []).append(position)
                tfs.setdefault(term, []).append(count)
        self.size = len(lengths)
        dl = np.asarray(lengths, dtype=np.float32)
        avgdl = float(dl.mean()) if self.size else 1.0
        norm = k1 * (1 - b + b * dl / max(avgdl, 1e-9))
        self._postings: dict[str, tuple[npt.NDArray[np.int32], npt.NDArray[np.float32]]] = {}
        for term, positions in ids.items():
            doc_ids = np.asarray(positions, dtype=np.int32)
            tf = np.asarray(tfs[term], dtype=np.float32)
            df = len(positions)
            idf = np.log(1 + (self.size - df + 0.5) / (df + 0.5))
            weights = (idf * tf * (k1 + 1) / (tf + norm[doc_ids])).astype(np.float32)
            self._postings[term] = (doc_ids, weights)

    def document_frequency(self, term: str) -> int:
        posting = self._postings.get(term)
        return 0 if posting is None else len(posting[0])

    def scores(self, query: Sequence[str]) -> npt.NDArray[np.float32]:
        """The BM25 score of every document for ``query`` (repeated query terms count once)."""
        out = np.zeros(self.size, dtype=np.float32)
        for term in set(query):
            posting = self._postings.get(term)
            if posting is not None:
                out[posting[0]] += posting[1]
        return out

    def candidates(
        self, query: Sequence[str], *, budget: int, min_terms: int = 1
    ) -> npt.NDArray[np.int32]:
        """The documents (ascending) that hold one of the query's rarest terms: terms are
        taken rarest first (highest IDF) while their postings add up to at most ``budget``,
        and the ``min_terms`` rarest always, so the cost depends on the query's rare words
        and not on the size of the index. A document sharing none of them can still score, on
        the common terms alone: this is a filter for questions whose answers share most of
        the query's rare words. When every term fits the budget, these are exactly the
        documents :meth:`scores` gives a positive score (for the same ``query``)."""
        postings = sorted(
            (p for p in (self._postings.get(t) for t in set(query)) if p is not None),
            key=lambda p: len(p[0]),
        )
        chosen: list[npt.NDArray[np.int32]] = []
        total = 0
        for ids, _ in postings:
            if len(chosen) >= min_terms and total + len(ids) > budget:
                break
            chosen.append(ids)
            total += len(ids)
        if not chosen:
            return np.zeros(0, dtype=np.int32)
        return chosen[0] if len(chosen) == 1 else np.unique(np.concatenate(chosen))

    def scores_at(
        self, query: Sequence[str], documents: npt.NDArray[np.integer]
    ) -> npt.NDArray[np.float32]:
        """The BM25 scores of ``documents`` (ascending positions) alone, equal to those
        :meth:`scores` gives them: a binary search in each query term's posting, summed in
        the same order."""
        out = np.zeros(len(documents), dtype=np.float32)
        if not len(documents):
            return out
        for term in set(query):
            posting = self._postings.get(term)
            if posting is None:
                continue
            ids, weights = posting
            at = np.searchsorted(ids, documents)
            np.minimum(at, len(ids) - 1, out=at)
            found = ids[at] == documents
            out[found] += weights[at[found]]
        return out
