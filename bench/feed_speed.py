"""Print the time and peak memory of the ClaimReview DataFeed on a large archive.

Builds (once) a database ``factcheck_feedbench`` with ``make_bench_data`` (143,000 claims,
about 100,000 of them with a published fact-check, every appearance dated before its
publication; the generator also rebuilds the public index, as its COPY bypasses the
services; a database generated before it did is reindexed here), then, in-process with
DEBUG off, downloads one 10,000-item page and the whole feed, checks that the feed is valid
JSON with every fact-check in it (each with its appearance), and prints
time, size and the process's peak resident memory after each (``ru_maxrss``; the page comes
first, so flat memory means the whole feed, ten times larger, leaves the peak about where
the page put it). Also times a HEAD and a revalidation (304).

    .venv/bin/python bench/feed_speed.py [--claims 143000]
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

import benchdb

ROOT = Path(__file__).resolve().parents[1]
DB = "factcheck_feedbench"
DSN = f"postgres://postgres@127.0.0.1:5432/{DB}"
FEED = "/api/v1/fact-checks/feed/"


def psql(sql: str, db: str = DB) -> str:
    return benchdb.psql(sql, db)


def prepare(claims: int) -> None:
    benchdb.migrated(DB)
    if benchdb.claim_count(DB) < claims:
        print(f"Generating {claims} claims ...", flush=True)
        benchdb.add_claims(DB, claims)
    published = psql("SELECT count(*) FROM claims_verdict WHERE status = 'published'")
    indexed = psql("SELECT count(*) FROM publishing_publicfactcheck WHERE status = 'published'")
    if published != indexed:
        print("Rebuilding the public index ...", flush=True)
        benchdb.manage(DB, "publishing_reindex")
        psql("ANALYZE")


def download(client, url: str) -> tuple[float, int, Path]:
    """Stream ``url`` to a file; return seconds, bytes and the file."""
    out = Path(tempfile.mkstemp(suffix=".json")[1])
    started = time.perf_counter()
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    size = 0
    with out.open("wb") as sink:
        for part in response.streaming_content:
            sink.write(part)
            size += len(part)
    elapsed = time.perf_counter() - started
    response.close()
    return elapsed, size, out


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def check(path: Path, expected: int) -> int:
    import orjson

    feed = orjson.loads(path.read_bytes())
    elements = feed["dataFeedElement"]
    assert len(elements) == expected, (len(elements), expected)
    with_appearance = sum(1 for e in elements if e["item"][0]["itemReviewed"].get("appearance"))
    assert with_appearance == expected, f"{expected - with_appearance} without an appearance"
    return len(elements)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=143_000)
    args = parser.parse_args()
    prepare(args.claims)
    os.environ.update(DATABASE_URL=DSN, FACTCHECK_ENV="development", DEBUG="0")
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
    import django

    django.setup()
    from django.test import Client

    from claims.models import Verdict

    published = Verdict.objects.filter(status="published").count()
    client = Client()
    print(f"{published} published fact-checks; peak RSS before: {peak_mb():.0f} MB")
    seconds, size, path = download(client, FEED + "?page_size=10000")
    print(f"10,000-item page: {seconds:.2f} s, {size / 1e6:.1f} MB; peak RSS {peak_mb():.0f} MB")
    path.unlink()
    seconds, size, path = download(client, FEED)
    print(f"whole feed: {seconds:.2f} s, {size / 1e6:.1f} MB; peak RSS {peak_mb():.0f} MB")
    check(path, published)
    path.unlink()
    print("both valid JSON DataFeeds, every fact-check with its appearance")
    started = time.perf_counter()
    head = client.head(FEED)
    print(f"HEAD: {(time.perf_counter() - started) * 1000:.0f} ms, ETag {head['ETag']}")
    started = time.perf_counter()
    again = client.get(FEED, headers={"If-None-Match": head["ETag"]})
    took = (time.perf_counter() - started) * 1000
    print(f"revalidation: {again.status_code} in {took:.0f} ms")


if __name__ == "__main__":
    main()
