"""Print the time of a page of the public speaker list on a large archive.

Most speakers found by ingestion never get a published fact-check; the list must not grow
with them. This builds (once) a database ``factcheck_spkbench`` with ``make_bench_data``
(claims with published verdicts, 2,000 speakers) plus speakers that have no published
fact-check, then times the first and the next page of ``/api/v1/speakers/`` in-process.

    .venv/bin/python bench/speaker_list.py [--claims 100000] [--idle-speakers 100000]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

import benchdb

ROOT = Path(__file__).resolve().parents[1]
DB = "factcheck_spkbench"
DSN = f"postgres://postgres@127.0.0.1:5432/{DB}"


def psql(sql: str, db: str = DB) -> str:
    return benchdb.psql(sql, db)


def prepare(claims: int, idle: int) -> None:
    benchdb.migrated(DB)
    if benchdb.claim_count(DB) < claims:
        print(f"Generating {claims} claims ...", flush=True)
        benchdb.add_claims(DB, claims)
    have = int(psql("SELECT count(*) FROM claims_speaker WHERE published_count = 0") or 0)
    if have < idle:
        psql(
            "INSERT INTO claims_speaker (name, name_key, slug, kind, role, description, same_as,"
            " created_at) SELECT 'Idle person ' || g, 'idle person ' || g, 'idle-person-' || g,"
            f" 'person', '', '', '', now() FROM generate_series({have + 1}, {idle}) g;"
            " ANALYZE claims_speaker"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--idle-speakers", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=15)
    args = parser.parse_args()
    prepare(args.claims, args.idle_speakers)

    os.environ.update(
        DATABASE_URL=DSN,
        DJANGO_SETTINGS_MODULE="factcheck.settings",
        FACTCHECK_ENV="development",
        DEBUG="0",
        THROTTLE_ANON="100000000/min",
        LOG_LEVEL="WARNING",
    )
    sys.path.insert(0, str(ROOT))
    import warnings

    import django

    warnings.filterwarnings("ignore", message="No directory at")  # whitenoise, no collectstatic
    django.setup()
    from django.test import Client

    client = Client()
    first = client.get("/api/v1/speakers/")
    assert first.status_code == 200, first.status_code
    pages = {"first page": "/api/v1/speakers/", "next page": first.json()["next"]}
    print(
        f"speakers: {psql('SELECT count(*) FROM claims_speaker')}, of them public: "
        f"{psql('SELECT count(*) FROM claims_speaker WHERE published_count > 0')}"
    )
    for label, url in pages.items():
        times = []
        for _ in range(args.rounds):
            start = time.perf_counter()
            assert client.get(url).status_code == 200
            times.append(1000 * (time.perf_counter() - start))
        print(f"{label}: median {statistics.median(times):.1f} ms per request")


if __name__ == "__main__":
    main()
