"""Generate a deterministic data set for the API throughput benchmark (PostgreSQL only).

``manage.py make_bench_data --claims 100000 --seed 1`` writes speakers, sources, claims (70%
with a published verdict), one appearance per claim and two evidence links per published
claim with COPY, then ANALYZEs. It refuses to run on a database that already has claims
unless ``--force`` is given; run it on a dedicated benchmark database.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random

from django.contrib.auth.models import Group, User
from django.core.exceptions import FieldDoesNotExist
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from claims.models import Claim, Rating, Verdict
from publishing.services import public_index_rebuild

WORDS = [
    "budget",
    "unemployment",
    "inflation",
    "hospital",
    "school",
    "crime",
    "border",
    "tax",
    "energy",
    "housing",
    "wages",
    "pension",
    "deficit",
    "police",
    "vaccine",
    "climate",
    "emissions",
    "rail",
    "bridge",
    "farm",
    "export",
    "import",
    "growth",
    "poverty",
    "debt",
    "water",
    "election",
    "migrants",
    "students",
    "nurses",
    "teachers",
    "doctors",
    "prices",
    "rent",
    "fuel",
    "power",
    "jobs",
    "council",
    "minister",
    "mayor",
    "senator",
    "president",
    "report",
    "figures",
    "record",
]
KINDS = ["quote", "statistic", "statistic", "quote", "prediction", "other"]
PUBLISHERS = [
    ("Daily Bugle", "bugle.example"),
    ("Planet", "planet.example"),
    ("Wire", "wire.example"),
]


def _sentence(rng: random.Random, n: int) -> str:
    words = [rng.choice(WORDS) for _ in range(n)]
    return (" ".join(words)).capitalize() + f" by {rng.randint(2, 97)} percent."


class Command(BaseCommand):
    help = "Generate benchmark data (claims, verdicts, sources) with COPY."

    def add_arguments(self, parser):
        parser.add_argument("--claims", type=int, default=100_000)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--force", action="store_true")
        parser.add_argument(
            "--refresh-snapshot",
            action="store_true",
            help="Only fill the verdicts' evidence snapshot if a newer schema added it.",
        )

    def handle(self, *args, claims: int, seed: int, force: bool, **options):
        if connection.vendor != "postgresql":
            raise CommandError("The benchmark data generator needs PostgreSQL.")
        if options["refresh_snapshot"]:
            with transaction.atomic(), connection.cursor() as cursor:
                self._cite_evidence(cursor.cursor, 0, only_if_empty=True)
            return
        if Claim.objects.exists() and not force:
            raise CommandError("This database already has claims; use a fresh one or --force.")
        rng = random.Random(seed)
        with transaction.atomic():
            self._generate(rng, claims)
        # The verdicts were COPYed past the services, which keep the public index.
        public_index_rebuild()
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        self.stdout.write(self.style.SUCCESS(f"Generated {claims} claims."))

    def _users(self) -> list[int]:
        ids = []
        for name, role in (
            ("bench-writer", "Fact-checker"),
            ("bench-ed1", "Editor"),
            ("bench-ed2", "Editor"),
        ):
            user, _ = User.objects.get_or_create(username=name)
            user.groups.add(Group.objects.get(name=role))
            ids.append(user.pk)
        return ids

    def _generate(self, rng: random.Random, n_claims: int) -> None:
        writer, approver, publisher = self._users()
        ratings = list(
            Rating.objects.filter(scale__slug="truthfulness", value__isnull=False).values_list(
                "id", flat=True
            )
        )
        now = dt.datetime(2026, 11, 1, tzinfo=dt.UTC)
        cur = connection.cursor().cursor  # the psycopg cursor, for COPY
        base = {
            t: self._next_id(cur, t)
            for t in (
                "claims_speaker",
                "sources_source",
                "claims_claim",
                "claims_appearance",
                "claims_evidence",
                "claims_verdict",
            )
        }
        n_speakers, n_sources = max(n_claims // 50, 10), max(n_claims // 20, 10)
        with cur.copy(
            "COPY claims_speaker (id, name, name_key, slug, kind, role, description, same_as,"
            " created_at) FROM STDIN"
        ) as copy:
            for i in range(n_speakers):
                sid = base["claims_speaker"] + i
                copy.write_row(
                    (
                        sid,
                        f"Speaker {sid}",
                        f"bench speaker {sid}",
                        f"bench-speaker-{sid}",
                        "person",
                        "Minister",
                        "",
                        "",
                        now,
                    )
                )
        with cur.copy(
            "COPY sources_source (id, kind, url, title, publisher_name, publisher_site, authors,"
            " published_at, language, body, content_hash, archive_url, archive_sha256,"
            " created_at, updated_at, input_hash) FROM STDIN"
        ) as copy:
            for i in range(n_sources):
                sid = base["sources_source"] + i
                name, site = PUBLISHERS[i % len(PUBLISHERS)]
                copy.write_row(
                    (
                        sid,
                        "news_article",
                        f"https://{site}/bench/{sid}",
                        f"Article {sid}",
                        name,
                        site,
                        "[]",
                        now - dt.timedelta(days=i % 900),
                        "en",
                        "",
                        None,
                        "",
                        "",
                        now,
                        now,
                        hashlib.sha256(f"bench{sid}".encode()).hexdigest(),
                    )
                )
        published_claims = []
        with cur.copy(
            "COPY claims_claim (id, claim_reviewed, text, fingerprint, slug, kind, claim_date,"
            " language, checkworthiness, status, created_at, updated_at, claimant_id)"
            " FROM STDIN"
        ) as copy:
            for i in range(n_claims):
                cid = base["claims_claim"] + i
                text = _sentence(rng, rng.randint(12, 22))
                published = rng.random() < 0.7
                if published:
                    published_claims.append(cid)
                copy.write_row(
                    (
                        cid,
                        text[:200],
                        text,
                        hashlib.sha256(f"bench-{cid}".encode()).hexdigest(),
                        f"bench-claim-{cid}",
                        rng.choice(KINDS),
                        (now - dt.timedelta(days=i % 1500)).date(),
                        "en",
                        round(rng.random(), 3),
                        "published" if published else "new",
                        now,
                        now,
                        base["claims_speaker"] + rng.randrange(n_speakers),
                    )
                )
        # The public read model shows an appearance only if it was linked before the version
        # shown was published, so every appearance predates the oldest publication below.
        linked = now - dt.timedelta(minutes=7 * n_claims, days=1)
        with cur.copy(
            'COPY claims_appearance (id, quote_text, start, "end", speaker_mention,'
            " is_direct_quote, created_at, source_id, claim_id) FROM STDIN"
        ) as copy:
            for i in range(n_claims):
                copy.write_row(
                    (
                        base["claims_appearance"] + i,
                        "quoted words",
                        0,
                        12,
                        "",
                        True,
                        linked,
                        base["sources_source"] + rng.randrange(n_sources),
                        base["claims_claim"] + i,
                    )
                )
        with cur.copy(
            "COPY claims_evidence (id, stance, excerpt, note, created_at, added_by_id, claim_id,"
            " source_id) FROM STDIN"
        ) as copy:
            eid = base["claims_evidence"]
            for cid in published_claims:
                first = rng.randrange(n_sources)
                for k, stance in enumerate(("refutes", "context")):
                    copy.write_row(
                        (
                            eid,
                            stance,
                            "An excerpt from the report.",
                            "internal",
                            now,
                            writer,
                            cid,
                            base["sources_source"] + (first + k) % n_sources,
                        )
                    )
                    eid += 1
        with cur.copy(
            "COPY claims_verdict (id, version, headline, summary, rationale, status,"
            " correction_kind, correction_note, created_at, updated_at, submitted_at,"
            " approved_at, published_at, approved_by_id, author_id, claim_id, published_by_id,"
            " rating_id, claim_changes) FROM STDIN"
        ) as copy:
            for i, cid in enumerate(published_claims):
                when = now - dt.timedelta(minutes=7 * i)
                copy.write_row(
                    (
                        base["claims_verdict"] + i,
                        1,
                        f"Checked claim {cid}",
                        "What we found, in one or two sentences for readers.",
                        f"The **figures** for claim {cid} come from the [report](https://stats.example/r).",
                        "published",
                        "",
                        "",
                        when,
                        when,
                        when,
                        when,
                        when,
                        approver,
                        writer,
                        cid,
                        publisher,
                        rng.choice(ratings),
                        "{}",
                    )
                )
        self._cite_evidence(cur, base["claims_verdict"])
        cur.execute(
            "UPDATE claims_speaker s SET published_count = n FROM (SELECT c.claimant_id,"
            " count(*) AS n FROM claims_verdict v JOIN claims_claim c ON c.id = v.claim_id"
            " WHERE v.status = 'published' GROUP BY 1) p WHERE p.claimant_id = s.id"
        )
        for table in base:
            sql = f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM {table}))"  # noqa: E501, S608
            cur.execute(sql)

    @staticmethod
    def _cite_evidence(cur, first_verdict: int, only_if_empty: bool = False) -> None:
        """Fill the verdicts' evidence snapshot, when the schema has one."""
        try:
            field = Verdict._meta.get_field("cited_evidence")
        except FieldDoesNotExist:
            return
        through = Verdict.cited_evidence.through._meta.db_table
        if only_if_empty:
            cur.execute(f"SELECT EXISTS (SELECT 1 FROM {through})")  # noqa: S608
            if cur.fetchone()[0]:
                return
        cur.execute(
            f"INSERT INTO {through} ({field.m2m_column_name()}, {field.m2m_reverse_name()}) "  # noqa: S608
            "SELECT v.id, e.id FROM claims_verdict v "
            "JOIN claims_evidence e ON e.claim_id = v.claim_id WHERE v.id >= %s",
            [first_verdict],
        )

    @staticmethod
    def _next_id(cur, table: str) -> int:
        cur.execute(f"SELECT COALESCE(MAX(id), 0) + 1 FROM {table}")  # noqa: S608
        return cur.fetchone()[0]
