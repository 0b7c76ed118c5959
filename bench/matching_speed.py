"""Print claim-matching latency at scale: match p95 (query embedding included), intake
near-duplicate p95 (embedded like the desk's call, and lexical per statement and per article
as ingestion calls it), index build time and memory.

Builds ``--claims`` synthetic claims (default 1,000,000): 10-20 words drawn with a Zipf law
from a 60,000-word vocabulary (stop-word ranks left out) plus one or two numbers, so the BM25
postings have the skew of real text.
Their vectors are random unit vectors (embedding a million texts with the NumPy
encoder takes hours on two cores; the cost of scoring a vector does not depend on its
values); every query, though, is embedded by the real default encoder inside the timed call.
Half the claims are ours (one in five published), half external. The index is built in memory
with the same class the selectors use and primed into their cache, then ``match_claims`` and
``near_duplicates`` are called as the API and intake call them, so the times printed are those
of the selectors minus the database rebuild (``--db-claims N`` also times a rebuild from
PostgreSQL at N claims, in a scratch database ``factcheck_bench_matching_speed``).

    .venv/bin/python bench/matching_speed.py [--claims 1000000] [--queries 200] [--db-claims 0]
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT)]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
os.environ.setdefault("FACTCHECK_ENV", "development")
os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("DATABASE_URL", "sqlite:///:memory:")

import django  # noqa: E402
import numpy as np  # noqa: E402

DIM = 384
# New statements per ingested article (bench/ingest_speed.py's articles: ~40 claims each).
ARTICLE_STATEMENTS = 40
STOP_RANKS = 20
SCRATCH_URL = "postgres://postgres@127.0.0.1:5432/factcheck_bench_matching_speed"
SYLLABLES = [c + v for c in "bcdfghklmnprstvz" for v in ("a", "e", "i", "o", "u", "ai", "ou")]


def vocabulary(rng: np.random.Generator, size: int) -> list[str]:
    words: set[str] = set()
    while len(words) < size:
        n = int(rng.integers(2, 4))
        words.add("".join(SYLLABLES[int(i)] for i in rng.integers(0, len(SYLLABLES), n)))
    return sorted(words)


def claims(rng: np.random.Generator, n: int, vocab: list[str]) -> list[str]:
    # The 20 most frequent ranks are left out, as stop words are from real text, and so is the
    # tail past the vocabulary: then the most common term is in about 16% of the claims, like
    # "show" in 15% of the CLEF-2020 fact-checked claims.
    draws = rng.zipf(1.2, size=n * 60)
    ranks = draws[(draws > STOP_RANKS) & (draws <= len(vocab))] - 1
    lengths = rng.integers(10, 21, size=n)
    numbers = rng.integers(2, 500_000, size=(n, 2))
    out, pos = [], 0
    for i in range(n):
        words = [vocab[int(r)] for r in ranks[pos : pos + lengths[i]]]
        pos += int(lengths[i])
        words.insert(3, f"{numbers[i, 0]:,}")
        if i % 3 == 0:
            words.append(f"{numbers[i, 1]} thousand")
        out.append(" ".join(words) + ".")
    return out


def unit_vectors(rng: np.random.Generator, n: int) -> np.ndarray:
    out = np.empty((n, DIM), dtype=np.float32)
    for start in range(0, n, 100_000):
        block = rng.standard_normal((min(100_000, n - start), DIM), dtype=np.float32)
        block /= np.linalg.norm(block, axis=1, keepdims=True)
        out[start : start + len(block)] = block
    return out


def query_from(rng: np.random.Generator, text: str, vocab: list[str]) -> str:
    words = text.rstrip(".").split()
    kept = [w for w in words if rng.random() < 0.75]
    kept += [vocab[int(i)] for i in rng.integers(0, len(vocab), 3)]
    return "Is it true that " + " ".join(kept) + "?"


def percentile(values: list[float], p: float) -> float:
    return float(np.percentile(np.asarray(values) * 1000, p))


def rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--claims", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--db-claims", type=int, default=0)
    args = parser.parse_args()
    if args.db_claims:
        recreate_database(SCRATCH_URL)
        os.environ["DATABASE_URL"] = SCRATCH_URL
    django.setup()
    from django.conf import settings

    from ingestion.services import INTAKE_MATCHES
    from matching.encoders import get_encoder
    from matching.index import CLAIM, EXTERNAL, MatchIndex, cache
    from matching.selectors import match_claims, near_duplicates, near_duplicates_many

    settings.MATCHING_INDEX_TTL = 1e9  # the primed index is trusted: no database signature
    encoder = get_encoder()
    print(f"encoder: {None if encoder is None else encoder.name}")
    rng = np.random.default_rng(7)
    t0 = time.perf_counter()
    vocab = vocabulary(rng, 60_000)
    texts = claims(rng, args.claims, vocab)
    vectors = unit_vectors(rng, args.claims) if encoder is not None else None
    t1 = time.perf_counter()
    n = args.claims
    kinds = np.where(np.arange(n) % 2 == 0, CLAIM, EXTERNAL).astype(np.int8)
    published = (kinds == EXTERNAL) | (np.arange(n) % 10 == 0)
    index = MatchIndex.from_arrays(
        kinds=kinds,
        pks=np.arange(1, n + 1, dtype=np.int64),
        published=published,
        keys=[f"c{i}" for i in range(n)],
        texts=texts,
        vectors=vectors,
    )
    t2 = time.perf_counter()
    postings = sum(ids.nbytes + w.nbytes for ids, w in index.bm25._postings.values())
    print(
        f"claims={n:,} generated in {t1 - t0:.0f} s; index built in {t2 - t1:.0f} s "
        f"(tokenising, BM25 postings{', IVF lists' if index.ivf is not None else ''})"
    )
    print(
        f"memory: vectors {0 if vectors is None else vectors.nbytes / 2**20:.0f} MiB, "
        f"BM25 postings {postings / 2**20:.0f} MiB, process peak RSS {rss_mib():.0f} MiB"
    )
    cache.prime(index, "bench")
    sample = rng.integers(0, n, size=args.queries)
    queries = [query_from(rng, texts[int(i)], vocab) for i in sample]
    match_claims(queries[0], limit=10)  # warm-up: first BLAS call, encoder caches
    timings: dict[str, list[float]] = {
        "match": [],
        "near_duplicates": [],
        "intake_statement": [],
        "embed": [],
    }
    found = 0
    for i, q in zip(sample, queries, strict=True):
        start = time.perf_counter()
        if encoder is not None:
            encoder.encode([q])
        timings["embed"].append(time.perf_counter() - start)
        start = time.perf_counter()
        matches = match_claims(q, limit=10)
        timings["match"].append(time.perf_counter() - start)
        found += any(m.key == f"c{int(i)}" for m in matches)
        start = time.perf_counter()
        near_duplicates(q)
        timings["near_duplicates"].append(time.perf_counter() - start)
        # What ingestion calls for each statement (MATCHING_INTAKE_EMBED off: no encoder).
        start = time.perf_counter()
        near_duplicates_many([q], embed=False, limit=INTAKE_MATCHES)
        timings["intake_statement"].append(time.perf_counter() - start)
    # And per article: ingestion makes one batched call for all its new statements.
    articles = [
        queries[i : i + ARTICLE_STATEMENTS] for i in range(0, len(queries), ARTICLE_STATEMENTS)
    ]
    timings["intake_article"] = []
    for batch in articles:
        start = time.perf_counter()
        near_duplicates_many(batch, embed=False, limit=INTAKE_MATCHES)
        timings["intake_article"].append(time.perf_counter() - start)
    for name, values in timings.items():
        print(
            f"{name}: p50 {percentile(values, 50):.0f} ms, p95 {percentile(values, 95):.0f} ms, "
            f"max {percentile(values, 100):.0f} ms ({len(values)} queries)"
        )
    print(f"source claim in the top 10 (published ones only can be): {found}/{len(queries)}")
    # The intake check reads only the postings of each statement's rarest terms: how often
    # does it find what scoring every claim finds?
    from matching import selectors

    def outcomes() -> list[list[tuple[int | None, bool]]]:
        return [
            [(d.match.claim_id, d.same_claim) for d in found]
            for found in near_duplicates_many(queries, embed=False, limit=INTAKE_MATCHES)
        ]

    budgeted = outcomes()
    budget, selectors.NEAR_DUPLICATE_POSTINGS = selectors.NEAR_DUPLICATE_POSTINGS, None
    exhaustive = outcomes()
    selectors.NEAR_DUPLICATE_POSTINGS = budget
    print(
        f"intake check with a budget of {budget:,} postings: the same duplicates as scoring "
        f"every claim for {sum(a == b for a, b in zip(budgeted, exhaustive, strict=True))}"
        f"/{len(queries)} statements ({sum(map(bool, exhaustive))} have any)"
    )
    print(f"process peak RSS {rss_mib():.0f} MiB")
    print("load average (1, 5, 15 min): {:.1f} {:.1f} {:.1f} on {} cores".format(
        *os.getloadavg(), os.cpu_count()
    ))  # fmt: skip
    if args.db_claims:
        rebuild_from_database(rng, args.db_claims, vocab)


def recreate_database(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')


def rebuild_from_database(rng: np.random.Generator, n: int, vocab: list[str]) -> None:
    """Write ``n`` external claims with vectors to the scratch PostgreSQL database and time
    the selectors' rebuild of the index from it."""
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from matching.encoders import get_encoder, to_bytes
    from matching.models import Embedding, ExternalClaim
    from matching.selectors import _build

    encoder = get_encoder()
    texts = claims(rng, n, vocab)
    vectors = unit_vectors(rng, n)
    start = time.perf_counter()
    rows = ExternalClaim.objects.bulk_create(
        [ExternalClaim(key=f"x{i}", text=t) for i, t in enumerate(texts)], batch_size=5000
    )
    Embedding.objects.bulk_create(
        [
            Embedding(
                external_claim=c,
                model=getattr(encoder, "name", ""),
                text_hash="",
                vector=to_bytes(v),
            )
            for c, v in zip(rows, vectors, strict=True)
        ],
        batch_size=5000,
    )
    written = time.perf_counter() - start
    start = time.perf_counter()
    index = _build()
    print(
        f"database: {n:,} claims written in {written:.0f} s; index rebuilt from PostgreSQL in "
        f"{time.perf_counter() - start:.1f} s ({index.size:,} documents)"
    )


if __name__ == "__main__":
    main()
