"""Okapi BM25 over pre-tokenised documents, in NumPy, scored exhaustively per query.

Postings are kept per term as (document ids, precomputed term weights), so a query costs one
vectorised add per query term; with stop words out, even a million documents answer in tens
of milliseconds. ``k1`` and ``b`` are the usual defaults (Robertson and Zaragoza, 2009).
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

    def scores(self, query: Sequence[str]) -> npt.NDArray[np.float32]:
        """The BM25 score of every document for ``query`` (repeated query terms count once)."""
        out = np.zeros(self.size, dtype=np.float32)
        for term in set(query):
            posting = self._postings.get(term)
            if posting is not None:
                out[posting[0]] += posting[1]
        return out
