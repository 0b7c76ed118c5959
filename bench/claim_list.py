"""Print the times of the admin claim list on a large archive (default 1,000,000 claims).

Builds (once) a database ``factcheck_listbench`` with ``make_bench_data`` (COPY; the trigram
search indexes are dropped while it loads and built afterwards, as a backfill would), then
times, through the admin view with Django's test client logged in as an editor: the first
page, a deep page (keyset, half-way down), a search, each filter and the claimant
filter's autocomplete. Prints the median and
p95 of each, and the SQL queries one request makes.

The publisher filter, by ``EXPLAIN (ANALYZE, BUFFERS)`` at 1,000,000 claims, for a
publisher behind 1% of the claims: with the join to ``sources_source`` inside the
semi-join, the capped count was a Merge Semi Join that walked 101,451 claims and probed
212,301 appearances and 88,302 sources (~286,000 buffers, 280-320 ms), the page walked
12,090 claims (80-300 ms, cold or warm); with the publisher's source ids as a constant list
(``claims.admin.changelist.PublisherFilter``) the probe is an index-only lookup in
``appearance_unique_span``: 27 ms and 60 ms.

    .venv/bin/python bench/claim_list.py [--claims 1000000] [--rounds 20]
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
DB = os.environ.get("BENCH_DB", "factcheck_listbench")
DSN = f"postgres://postgres@127.0.0.1:5432/{DB}"
TRIGRAM = {"claim_reviewed_trgm_idx": "claim_reviewed", "claim_text_trgm_idx": "text"}
# make_bench_data spreads its sources over three publishers (a third of the claims each);
# one source in a hundred is given to a smaller one, whose filter is the slow case of a
# semi-join (a claim in a hundred matches: the walk down the list probes ~100 claims a row).
REGIONAL = "Regional Herald"
AUTOCOMPLETE = "/admin/autocomplete/?app_label=claims&model_name=claim&field_name=claimant"
VACUUMED = ("claims_claim", "claims_appearance", "sources_source", "claims_verdict")


def psql(sql: str, db: str = DB) -> str:
    return benchdb.psql(sql, db)


def prepare(claims: int) -> None:
    benchdb.migrated(DB)
    have = benchdb.claim_count(DB)
    if have < claims:
        started = time.perf_counter()
        print(f"Generating {claims - have} claims ...", flush=True)
        for name in TRIGRAM:
            psql(f"DROP INDEX IF EXISTS {name}")
        benchdb.add_claims(DB, claims - have)
        print(f"  loaded in {time.perf_counter() - started:.0f} s", flush=True)
    for name, column in TRIGRAM.items():
        psql(
            f"CREATE INDEX IF NOT EXISTS {name} ON claims_claim"
            f" USING gin ((UPPER({column}::text)) gin_trgm_ops)"
        )
    psql(
        f"UPDATE sources_source SET publisher_name = '{REGIONAL}'"
        f" WHERE id % 100 = 7 AND publisher_name <> '{REGIONAL}'"
    )
    # What autovacuum does to a table some time after a bulk load: statistics, and the
    # visibility map that lets the list's index-only scans skip the heap.
    for table in VACUUMED:
        psql(f"VACUUM (ANALYZE) {table}")


def timed(client, url: str, rounds: int) -> tuple[float, float, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(2):  # warm the caches and the plan
        assert client.get(url).status_code == 200, url
    samples = []
    for _ in range(rounds):
        start = time.perf_counter()
        response = client.get(url)
        samples.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, url
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    samples.sort()
    p95 = samples[min(len(samples) - 1, round(0.95 * (len(samples) - 1)))]
    return statistics.median(samples), p95, len(queries.captured_queries)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=1_000_000)
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    prepare(args.claims)

    os.environ.update(
        DATABASE_URL=DSN,
        DJANGO_SETTINGS_MODULE="factcheck.settings",
        FACTCHECK_ENV="development",
        DEBUG="0",
        LOG_LEVEL="WARNING",
    )
    sys.path.insert(0, str(ROOT))
    import warnings

    import django

    warnings.filterwarnings("ignore", message="No directory at")  # whitenoise, no collectstatic
    django.setup()
    from django.contrib.auth.models import Group, User
    from django.test import Client

    from claims.admin.changelist import after_key
    from claims.models import Claim, Rating, Speaker

    editor, _ = User.objects.get_or_create(username="bench-list-editor")
    editor.is_staff = True
    editor.save()
    editor.groups.add(Group.objects.get(name="Editor"))
    Claim.objects.filter(pk__in=Claim.objects.order_by("pk").values("pk")[:5000]).update(
        assignee=editor
    )
    client = Client()
    client.force_login(editor)

    total = Claim.objects.count()
    halfway = Claim.objects.order_by("-checkworthiness", "-id")[total // 2]
    speaker = Speaker.objects.order_by("pk")[Speaker.objects.count() // 2]
    rating = Rating.objects.filter(scale__slug="truthfulness", value=1).first()
    publisher = psql("SELECT publisher_name FROM sources_source ORDER BY id DESC LIMIT 1")
    regional_share = psql(
        "SELECT round(100.0 * count(*) FILTER (WHERE s.publisher_name = "
        f"'{REGIONAL}') / count(*), 1) FROM claims_appearance a"
        " JOIN sources_source s ON s.id = a.source_id"
    )
    rare = Claim.objects.order_by("pk")[total // 3].text.split()[-1]
    cases = {
        "first page": "",
        "page 2 (numbered)": "?p=2",
        f"deep page (keyset, row {total // 2:,})": f"?after={after_key(halfway)}",
        "search: one common word": "?q=inflation",
        f"search: two words ({rare!r} + 'budget')": f"?q={rare}+budget",
        "search: a claimant's name": f"?q={speaker.name.replace(' ', '+')}",
        "filter: status = new": "?status__exact=new",
        "filter: kind = promise": "?kind__exact=promise",
        "filter: rating = False": f"?rating={rating.pk if rating else 0}",
        "filter: assigned to me": "?assigned=me",
        f"filter: publisher = {publisher}": f"?publisher={publisher.replace(' ', '+')}",
        f"filter: publisher = {REGIONAL} ({regional_share}%)": (
            f"?publisher={REGIONAL.replace(' ', '+')}"
        ),
        "filter: claimant (autocomplete choice)": f"?claimant={speaker.pk}",
        **{
            f"claimant autocomplete: {term!r}": f"{AUTOCOMPLETE}&term={term}"
            for term in (speaker.name.split()[0], speaker.name.split()[-1])
        },
        "filter: claim date, past 7 days": "?claim_date__gte=2026-10-25&claim_date__lt=2026-11-02",
        "filter: created this year": "?created_at__gte=2026-01-01&created_at__lt=2027-01-01",
        "filter: status = new, deep (keyset)": f"?status__exact=new&after={after_key(halfway)}",
    }
    print(f"Admin claim list, {total:,} claims, {args.rounds} rounds each (ms):")
    print(f"  {'request':<52} {'median':>8} {'p95':>8} {'queries':>8}")
    for label, query in cases.items():
        url = query if query.startswith("/") else "/admin/claims/claim/" + query
        median, p95, queries = timed(client, url, args.rounds)
        flag = "" if p95 <= 300 else "  > 300 ms"
        print(f"  {label:<52} {median:8.1f} {p95:8.1f} {queries:8d}{flag}", flush=True)


if __name__ == "__main__":
    main()
