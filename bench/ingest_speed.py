"""Print ingestion throughput into PostgreSQL: new articles/s and replayed articles/s.

Builds ~800-word articles (the extraction benchmark's sentences, with fresh numbers in each
article so most statements are new claims while speakers and some quotes recur, as on a
wire), ingests them through ``source_ingest`` from one process into a scratch database
``factcheck_bench``, then replays the same articles and checks that no row was added.

    .venv/bin/python bench/ingest_speed.py [--articles 1000] [--with-url] [--pre-extract]

``--pre-extract`` runs the extractor on every article before the clock starts and hands its
results to the ingestion, so the rates printed are those of the database side alone.

DATABASE_URL defaults to postgres://postgres@127.0.0.1:5432/factcheck_bench (recreated).
"""

from __future__ import annotations

import argparse
import os
import random
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/factcheck_bench")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
# A local tool: the development profile (no SECRET_KEY needed), but without DEBUG's query log.
os.environ.setdefault("FACTCHECK_ENV", "development")
os.environ.setdefault("DEBUG", "0")

import django  # noqa: E402
import psycopg  # noqa: E402


def recreate_database(url: str) -> None:
    name = url.rsplit("/", 1)[1]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')


def articles(n: int) -> list[str]:
    from extraction_speed import article

    rng = random.Random(7)
    out = []
    for i in range(n):
        text = re.sub(r"\d+", lambda m: str(rng.randint(2, 99_999)), article(rng))
        out.append(f"Dispatch number {i}\n\n{text}")
    return out


def counts() -> tuple[int, ...]:
    from claims.models import Appearance, Claim, Speaker
    from sources.models import Source

    return tuple(m.objects.count() for m in (Source, Claim, Appearance, Speaker))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--with-url", action="store_true", help="give every article a URL")
    parser.add_argument("--batch", type=int, default=50, help="articles per transaction")
    parser.add_argument(
        "--no-synchronous-commit",
        action="store_true",
        help="batches as a bulk backfill would run them: source_ingest_many(..., "
        "synchronous_commit=False)",
    )
    parser.add_argument(
        "--pre-extract",
        action="store_true",
        help="extract every article before timing: the rates are the database side alone",
    )
    args = parser.parse_args()

    recreate_database(os.environ["DATABASE_URL"])
    django.setup()
    from django.core.management import call_command

    from factcheck.lib.permissions import SYSTEM
    from ingestion.services import source_ingest

    call_command("migrate", verbosity=0)
    texts = articles(args.articles)
    urls = [f"https://wire.example/{i}" if args.with_url else None for i in range(len(texts))]
    words = sum(len(t.split()) for t in texts) / len(texts)

    from factcheck.lib.extraction import extract
    from ingestion.services import ArticleIn, source_ingest_many

    half = len(texts) // 2
    start = time.perf_counter()
    for text in texts:
        extract(text)
    extract_ms = 1000 * (time.perf_counter() - start) / len(texts)
    if args.pre_extract:
        _serve_extractions_from_memory(texts)
        extract_ms = 0.0

    start = time.perf_counter()
    for text, url in zip(texts[:half], urls[:half], strict=True):
        source_ingest(text=text, url=url, actor=SYSTEM)
    single = half / (time.perf_counter() - start)

    start = time.perf_counter()
    rest = [ArticleIn(text=t, url=u) for t, u in zip(texts[half:], urls[half:], strict=True)]
    for offset in range(0, len(rest), args.batch):
        source_ingest_many(
            rest[offset : offset + args.batch],
            actor=SYSTEM,
            synchronous_commit=not args.no_synchronous_commit,
        )
    batched = (len(texts) - half) / (time.perf_counter() - start)
    before = counts()

    start = time.perf_counter()
    replayed = sum(
        not source_ingest(text=t, url=u, actor=SYSTEM).created
        for t, u in zip(texts, urls, strict=True)
    )
    replay = len(texts) / (time.perf_counter() - start)
    after = counts()

    def db_side(rate: float) -> float:
        if args.pre_extract:
            return rate
        return 1000 / max(1000 / rate - extract_ms, 1e-6)

    print(f"articles: {len(texts)} (~{words:.0f} words), urls: {args.with_url}")
    print(f"rows after first pass (sources, claims, appearances, speakers): {before}")
    if args.pre_extract:
        print("extraction:                     done before timing (--pre-extract)")
    else:
        print(f"extraction alone:               {extract_ms:6.2f} ms/article")
    print(
        f"new articles/s, one by one:     {single:8.1f}  (database side alone "
        f"{db_side(single):7.1f}/s)"
    )
    print(
        f"new articles/s, batches of {args.batch:<3}: {batched:8.1f}  (database side alone "
        f"{db_side(batched):7.1f}/s)"
        + ("  synchronous_commit off" if args.no_synchronous_commit else "")
    )
    print(
        f"replayed articles/s:            {replay:8.1f}  (unchanged: {replayed}/{len(texts)}, "
        f"rows added: {sum(after) - sum(before)})"
    )


def _serve_extractions_from_memory(texts: list[str]) -> None:
    """Extract each article now; ingestion then gets the stored result instead of a rerun."""
    from factcheck.lib import extraction

    real = extraction.extract
    done = {(text, "auto"): real(text) for text in texts}

    def extract(text: str, fmt: str = "auto", **kwargs):
        found = done.get((text, fmt)) if not kwargs else None
        return found if found is not None else real(text, fmt=fmt, **kwargs)

    extraction.extract = extract  # this process only


if __name__ == "__main__":
    main()
