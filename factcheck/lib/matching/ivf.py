"""An inverted-file (IVF) index for unit vectors: spherical k-means lists, probed per query.

Scoring a million 384-dimension vectors by brute force reads 1.5 GB per query (hundreds of
milliseconds on a shared two-core machine). IVF, as in FAISS's ``IndexIVFFlat``, splits the
vectors into ``lists`` clusters and scores only the ``probe`` clusters whose centroids are
closest to the query. Rows are expected to be stored grouped by list (``order`` gives the
permutation), so each probed list is one contiguous slice.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

Vectors = npt.NDArray[np.float32]


def _normalise(x: Vectors) -> Vectors:
    norms = np.linalg.norm(x, axis=1, keepdims=True)
    return (x / np.maximum(norms, 1e-12)).astype(np.float32)


def _assign(vectors: Vectors, centroids: Vectors, chunk: int = 65_536) -> npt.NDArray[np.int32]:
    out = np.empty(len(vectors), dtype=np.int32)
    for start in range(0, len(vectors), chunk):
        out[start : start + chunk] = np.argmax(vectors[start : start + chunk] @ centroids.T, 1)
    return out


class IVF:
    def __init__(
        self,
        vectors: Vectors,
        *,
        lists: int,
        probe: int,
        train_size: int = 50_000,
        iterations: int = 8,
        seed: int = 0,
    ):
        rng = np.random.default_rng(seed)
        n = len(vectors)
        lists = max(1, min(lists, n))
        sample = vectors[np.sort(rng.choice(n, min(n, max(train_size, lists)), replace=False))]
        centroids = sample[rng.choice(len(sample), lists, replace=False)].copy()
        for _ in range(iterations):
            assign = _assign(sample, centroids)
            sums = np.zeros_like(centroids)
            np.add.at(sums, assign, sample)
            filled = np.bincount(assign, minlength=lists) > 0
            centroids[filled] = _normalise(sums[filled])
        self.centroids = centroids
        self.probe = max(1, min(probe, lists))
        assign = _assign(vectors, centroids)
        self.order = np.argsort(assign, kind="stable")
        counts = np.bincount(assign, minlength=lists)
        self.offsets = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)

    def search(self, vectors: Vectors, query: Vectors) -> tuple[npt.NDArray[np.int64], Vectors]:
        """(positions, cosines) of the rows in the ``probe`` lists closest to ``query``;
        ``vectors`` are the rows grouped by list, each probed list scored as one slice."""
        nearest = np.sort(np.argpartition(-(self.centroids @ query), self.probe - 1)[: self.probe])
        ranges = [(int(self.offsets[c]), int(self.offsets[c + 1])) for c in nearest]
        positions = np.concatenate([np.arange(a, b) for a, b in ranges])
        scores = np.concatenate([vectors[a:b] @ query for a, b in ranges])
        return positions, scores.astype(np.float32)
