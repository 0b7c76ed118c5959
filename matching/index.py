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
from factcheck.lib.matching.ivf import IVF
from factcheck.lib.matching.tokens import tokenize

CLAIM = 0
EXTERNAL = 1
# How many documents each of BM25 and the cosine nominate for fusion.
CANDIDATES = 100
# From this many vectors on, the cosine side searches an IVF index (IVF_PROBE of IVF_LISTS
# clusters, about 5% of the vectors) instead of scoring them all; below it, it is exact.
IVF_MIN = 200_000
IVF_LISTS = 1024
IVF_PROBE = 48
# The near-duplicate check's BM25 side reads the postings of the statement's rarest words
# (numbers aside), rarest first, while they add up to this many, and of its
# NEAR_DUPLICATE_MIN_TERMS rarest always (one word the stored claim lacks, a typo or an added
# adjective, must not hide it); see BM25Index.candidates. A near-duplicate shares most of its
# rare words, and the cost stays that of a few thousand postings whatever the size of the
# archive, not of every claim sharing a common word. Below the budget (every word of a
# statement, in an archive of a few thousand claims) the check is exhaustive.
NEAR_DUPLICATE_POSTINGS: int | None = 2_000  # None: every claim sharing a term
NEAR_DUPLICATE_MIN_TERMS = 2


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
    def __init__(self, rows: Iterable[IndexRow], *, dim: int | None, ivf_min: int = IVF_MIN):
        rows = list(rows)
        vectors = None
        if dim is not None:
            # A claim not embedded yet gets a zero vector: it still matches lexically.
            vectors = np.zeros((len(rows), dim), dtype=np.float32)
            for i, row in enumerate(rows):
                if row.vector is not None and len(row.vector) == 4 * dim:
                    vectors[i] = np.frombuffer(row.vector, dtype="<f4")
        ivf = _ivf(vectors, ivf_min)
        if ivf is not None and vectors is not None:
            rows = [rows[int(i)] for i in ivf.order]
            vectors = vectors[ivf.order]
        self._fill(
            kinds=np.fromiter((r.kind for r in rows), dtype=np.int8, count=len(rows)),
            pks=np.fromiter((r.pk for r in rows), dtype=np.int64, count=len(rows)),
            published=np.fromiter((r.published for r in rows), dtype=bool, count=len(rows)),
            keys=[r.key for r in rows],
            texts=[r.text for r in rows],
            lexical_texts=[r.lexical_text for r in rows],
            vectors=vectors,
            ivf=ivf,
        )

    def _fill(
        self,
        *,
        kinds: npt.NDArray[np.int8],
        pks: npt.NDArray[np.int64],
        published: npt.NDArray[np.bool_],
        keys: list[str],
        texts: list[str],
        lexical_texts: list[str],
        vectors: npt.NDArray[np.float32] | None,
        ivf: IVF | None,
    ) -> None:
        self.size = len(keys)
        self.kinds, self.pks, self.published = kinds, pks, published
        self.keys, self.texts = keys, texts
        self.bm25 = BM25Index(tokenize(t) for t in lexical_texts)
        self.vectors = vectors
        self.ivf = ivf

    @classmethod
    def from_arrays(
        cls,
        *,
        kinds: npt.NDArray[np.int8],
        pks: npt.NDArray[np.int64],
        published: npt.NDArray[np.bool_],
        keys: list[str],
        texts: list[str],
        vectors: npt.NDArray[np.float32] | None,
        ivf_min: int = IVF_MIN,
    ) -> MatchIndex:
        """An index from ready-made columns (the benchmark builds millions this way)."""
        index = cls.__new__(cls)
        ivf = _ivf(vectors, ivf_min)
        if ivf is not None and vectors is not None:
            order = ivf.order
            kinds, pks, published, vectors = (
                kinds[order],
                pks[order],
                published[order],
                vectors[order],
            )
            keys = [keys[int(i)] for i in order]
            texts = [texts[int(i)] for i in order]
        index._fill(
            kinds=kinds, pks=pks, published=published, keys=keys, texts=texts,
            lexical_texts=texts, vectors=vectors, ivf=ivf,
        )  # fmt: skip
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
        postings_budget: int | None = None,
    ) -> list[Hit]:
        """The ``limit`` best documents among ``mask``, best first.

        With vectors: the ``candidates`` best by BM25 and the ``candidates`` best by cosine
        (over every vector, or over the probed IVF lists of a large index) are pooled, both
        scores are standardised (z-scores) over the pool, and the fused score is
        ``lexical_weight * z_bm25 + (1 - lexical_weight) * z_cosine``. Without: BM25 alone.

        ``postings_budget`` (the near-duplicate check): BM25 ranks only the documents holding
        one of the query's rarest words, up to that many postings
        (:meth:`BM25Index.candidates`), scored exactly on every term; without it (the public
        match), every document sharing a term. Both give the same hits when every word fits
        the budget, but for documents sharing no word at all (only a number) with the query.
        """
        if self.size == 0:
            return []
        allowed = np.ones(self.size, dtype=bool) if mask is None else mask
        if postings_budget is None:
            dense = self.bm25.scores(terms)
            # Only documents sharing a term can rank lexically: select among those alone.
            matching: npt.NDArray[np.integer] = np.flatnonzero((dense > 0) & allowed)
            scores = dense[matching]
        else:
            # Candidates by their words: a number is often the rarest term of a statement,
            # and the same wording around another number must still be found (and flagged).
            words = [t for t in terms if not t.startswith("#")] or terms
            matching = self.bm25.candidates(
                words, budget=postings_budget, min_terms=NEAR_DUPLICATE_MIN_TERMS
            )
            matching = matching[allowed[matching]]
            scores = self.bm25.scores_at(terms, matching)
        top = _top(scores, limit if query_vector is None else candidates)
        lexical_top = matching[top]
        if query_vector is None or self.vectors is None:
            return [
                Hit(int(i), float(s), float(s), None)
                for i, s in zip(lexical_top, scores[top], strict=True)
            ]
        pool = np.union1d(lexical_top, self._semantic_top(query_vector, allowed, candidates))
        if pool.size == 0:
            return []
        lexical = dense[pool] if postings_budget is None else self.bm25.scores_at(terms, pool)
        semantic = self.vectors[pool] @ query_vector
        fused = lexical_weight * _z(lexical) + (1 - lexical_weight) * _z(semantic)
        order = np.argsort(-fused, kind="stable")[:limit]
        return [
            Hit(int(pool[j]), float(fused[j]), float(lexical[j]), float(semantic[j])) for j in order
        ]

    def _semantic_top(
        self, query: npt.NDArray[np.float32], allowed: npt.NDArray[np.bool_], n: int
    ) -> npt.NDArray[np.intp]:
        assert self.vectors is not None
        if self.ivf is None:
            positions = np.arange(self.size)
            scores = self.vectors @ query
        else:
            positions, scores = self.ivf.search(self.vectors, query)
        scores = np.where(allowed[positions], scores, -np.inf)
        top = _top(scores, n)
        return positions[top[np.isfinite(scores[top])]]


def _ivf(vectors: npt.NDArray[np.float32] | None, minimum: int) -> IVF | None:
    """An IVF over ``vectors`` when there are at least ``minimum`` of them, else None (exact)."""
    if vectors is None or len(vectors) < minimum:
        return None
    return IVF(vectors, lists=IVF_LISTS, probe=IVF_PROBE)


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

    def get_if_ready(
        self,
        *,
        signature: Callable[[], object],
        build: Callable[[], MatchIndex],
        ttl: float,
        background: bool,
    ) -> MatchIndex | None:
        """As :meth:`get`, but a process with no index yet does not wait for its first build
        (minutes at a million claims): with ``background`` the build starts in a thread and
        None is returned until it is done. Intake calls this, inside its transaction."""
        with self._lock:
            ready = self._index is not None
            if not ready and background:
                if not self._refreshing:
                    self._refreshing = True
                    threading.Thread(
                        target=self._refresh_in_thread, args=(signature, build), daemon=True
                    ).start()
                return None
        return self.get(signature=signature, build=build, ttl=ttl, background=background)

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
