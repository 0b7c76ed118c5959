"""The in-memory search index every matching read goes through, rebuilt from the database.

Matching ranks every published fact-check for every query (BM25 plus embedding cosine, see
:mod:`matching.selectors`), which PostgreSQL without pgvector cannot do fast: the index keeps
the BM25 postings and one float32 matrix of the stored embeddings in process memory (about
1.6 kB a claim) and is rebuilt when the database says something changed. It is a cache of
rows, never the record: the database is.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from factcheck.lib.matching.bm25 import BM25Index
from factcheck.lib.matching.tokens import tokenize

CLAIM = 0
EXTERNAL = 1
# How many documents each of BM25 and the cosine nominate for fusion.
CANDIDATES = 100


@dataclass(frozen=True, slots=True)
class IndexRow:
    """One matchable claim as the index reads it (built by ``selectors._index_rows``)."""

    kind: int  # CLAIM (ours) or EXTERNAL (another desk's)
    pk: int
    key: str
    text: str  # what is shown and compared for numbers
    lexical_text: str  # what BM25 reads: the claim and its fact-checks' titles
    published: bool  # ours: has a published verdict; external: always
    vector: bytes | None


@dataclass(frozen=True, slots=True)
class Hit:
    position: int
    score: float
    lexical: float
    semantic: float | None


class MatchIndex:
    def __init__(self, rows: Iterable[IndexRow], *, dim: int | None):
        rows = list(rows)
        self.size = len(rows)
        self.kinds = np.fromiter((r.kind for r in rows), dtype=np.int8, count=self.size)
        self.pks = np.fromiter((r.pk for r in rows), dtype=np.int64, count=self.size)
        self.published = np.fromiter((r.published for r in rows), dtype=bool, count=self.size)
        self.keys = [r.key for r in rows]
        self.texts = [r.text for r in rows]
        self.bm25 = BM25Index(tokenize(r.lexical_text) for r in rows)
        self.vectors: npt.NDArray[np.float32] | None = None
        if dim is not None:
            # A claim not embedded yet gets a zero vector: it still matches lexically.
            self.vectors = np.zeros((self.size, dim), dtype=np.float32)
            for i, row in enumerate(rows):
                if row.vector is not None and len(row.vector) == 4 * dim:
                    self.vectors[i] = np.frombuffer(row.vector, dtype="<f4")

    @classmethod
    def from_arrays(
        cls,
        *,
        kinds: npt.NDArray[np.int8],
        pks: npt.NDArray[np.int64],
        published: npt.NDArray[np.bool_],
        keys: list[str],
        texts: list[str],
        terms: Iterable[list[str]],
        vectors: npt.NDArray[np.float32] | None,
    ) -> MatchIndex:
        """An index from ready-made columns (the benchmark builds millions this way)."""
        index = cls.__new__(cls)
        index.size = len(keys)
        index.kinds, index.pks, index.published = kinds, pks, published
        index.keys, index.texts = keys, texts
        index.bm25 = BM25Index(terms)
        index.vectors = vectors
        return index

    def search(
        self,
        terms: list[str],
        query_vector: npt.NDArray[np.float32] | None,
        *,
        mask: npt.NDArray[np.bool_] | None,
        limit: int,
        lexical_weight: float,
        candidates: int = CANDIDATES,
    ) -> list[Hit]:
        """The ``limit`` best documents among ``mask``, best first.

        With vectors: the ``candidates`` best by BM25 and the ``candidates`` best by cosine are
        pooled, both scores are standardised (z-scores) over the pool, and the fused score is
        ``lexical_weight * z_bm25 + (1 - lexical_weight) * z_cosine``. Without: BM25 alone.
        """
        if self.size == 0:
            return []
        lexical = self.bm25.scores(terms)
        allowed = np.ones(self.size, dtype=bool) if mask is None else mask
        if query_vector is None or self.vectors is None:
            score = np.where(allowed & (lexical > 0), lexical, -np.inf).astype(np.float32)
            return [
                Hit(int(i), float(score[i]), float(score[i]), None)
                for i in _top(score, limit)
                if np.isfinite(score[i])
            ]
        semantic = self.vectors @ query_vector
        lex = np.where(allowed & (lexical > 0), lexical, -np.inf)
        sem = np.where(allowed, semantic, -np.inf)
        pool = np.union1d(_top(lex, candidates), _top(sem, candidates))
        pool = pool[np.isfinite(sem[pool])]
        if pool.size == 0:
            return []
        fused = lexical_weight * _z(lexical[pool]) + (1 - lexical_weight) * _z(semantic[pool])
        order = np.argsort(-fused, kind="stable")[:limit]
        return [
            Hit(int(pool[j]), float(fused[j]), float(lexical[pool[j]]), float(semantic[pool[j]]))
            for j in order
        ]


def _z(values: npt.NDArray[np.float32]) -> npt.NDArray[np.float32]:
    std = float(values.std())
    return ((values - values.mean()) / std if std > 0 else np.zeros_like(values)).astype(np.float32)


def _top(score: npt.NDArray[np.floating], limit: int) -> npt.NDArray[np.intp]:
    if limit >= score.size:
        return np.argsort(-score, kind="stable")
    part = np.argpartition(-score, limit)[:limit]
    return part[np.argsort(-score[part], kind="stable")]


class IndexCache:
    """One index per process, rebuilt when its database signature changes.

    The signature (counts and latest change times) is asked for at most every ``ttl`` seconds;
    ``invalidate()`` (called by this app's services and signal handlers) makes the next read
    ask. The first build is inline; later ones run, with ``background``, in a thread while
    readers keep the index they have (a rebuild at a million claims takes minutes of CPU, and
    no request should wait for it), or inline without it (tests, one-off commands).
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._index: MatchIndex | None = None
        self._signature: object = None
        self._checked_at = 0.0
        self._refreshing = False

    def invalidate(self) -> None:
        self._checked_at = 0.0

    def clear(self) -> None:
        with self._lock:
            self._index, self._signature, self._checked_at = None, None, 0.0

    def prime(self, index: MatchIndex, signature: object) -> None:
        """Install a ready index (a benchmark's, or a warm-up's)."""
        with self._lock:
            self._index, self._signature, self._checked_at = index, signature, time.monotonic()

    def get(
        self,
        *,
        signature: Callable[[], object],
        build: Callable[[], MatchIndex],
        ttl: float,
        background: bool,
    ) -> MatchIndex:
        with self._lock:
            now = time.monotonic()
            if self._index is not None and now - self._checked_at < ttl:
                return self._index
            self._checked_at = now
            if self._index is None or not background:
                self._refresh(signature, build)
                assert self._index is not None
                return self._index
            if not self._refreshing:
                self._refreshing = True
                threading.Thread(
                    target=self._refresh_in_thread, args=(signature, build), daemon=True
                ).start()
            return self._index

    def _refresh(self, signature: Callable[[], object], build: Callable[[], MatchIndex]) -> None:
        # The signature is read before the rows: a change made during the build shows at the
        # next check and is not lost.
        current = signature()
        if self._index is None or current != self._signature:
            self._index, self._signature = build(), current

    def _refresh_in_thread(
        self, signature: Callable[[], object], build: Callable[[], MatchIndex]
    ) -> None:
        from django.db import connection

        try:
            current = signature()
            if current != self._signature:
                index = build()
                with self._lock:
                    self._index, self._signature = index, current
        finally:
            self._refreshing = False
            connection.close()  # this thread's own connection


cache = IndexCache()
