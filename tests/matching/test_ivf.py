from __future__ import annotations

import numpy as np

from factcheck.lib.matching.ivf import IVF
from matching.index import IndexRow, MatchIndex


def _clustered(n: int, dim: int = 32, centres: int = 40, seed: int = 1) -> np.ndarray:
    rng = np.random.default_rng(seed)
    base = rng.standard_normal((centres, dim))
    x = base[rng.integers(0, centres, n)] + 0.3 * rng.standard_normal((n, dim))
    return (x / np.linalg.norm(x, axis=1, keepdims=True)).astype(np.float32)


def test_it_finds_the_exact_nearest_neighbour_in_the_probed_lists():
    vectors = _clustered(5000)
    ivf = IVF(vectors, lists=64, probe=8)
    grouped = vectors[ivf.order]
    hits = 0
    for q in vectors[:50]:
        positions, scores = ivf.search(grouped, q)
        best = int(positions[int(np.argmax(scores))])
        hits += bool(np.allclose(grouped[best], q))
    assert hits >= 48  # each query is a stored vector: its own list is nearly always probed


def test_a_large_index_ranks_like_the_exact_one():
    vectors = _clustered(3000)
    rows = [
        IndexRow(1, i, f"k{i}", f"c {i}", f"c {i}", True, vectors[i].astype("<f4").tobytes())
        for i in range(len(vectors))
    ]
    exact = MatchIndex(rows, dim=32, ivf_min=10**9)
    approximate = MatchIndex(rows, dim=32, ivf_min=100)
    assert exact.ivf is None and approximate.ivf is not None
    agree = 0
    for q in vectors[:30]:
        a = exact.search([], q, mask=None, limit=1, lexical_weight=0.3)
        b = approximate.search([], q, mask=None, limit=1, lexical_weight=0.3)
        agree += exact.keys[a[0].position] == approximate.keys[b[0].position]
    assert agree >= 28
