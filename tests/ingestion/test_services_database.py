"""Ingestion's database side: what the fast path writes, how many queries it takes, and the
constraints and indexes it relies on."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from claims.models import Appearance, Claim, Speaker
from factcheck.lib.permissions import SYSTEM
from ingestion import services as rules
from ingestion.services import ArticleIn, source_ingest, source_ingest_many
from sources.models import Source
from tests.factories import ARTICLE

STATEMENT = "More than 13,000 people have died in the conflict since 2014."


def _article(n: int) -> str:
    return (
        f"Dispatch {n}.\n\n"
        f'"Prices will rise by {n} percent next year," Finance Minister Ana Lopez said.\n\n'
        f"Unemployment fell to {n}.5 percent in {2000 + n}, the agency said.\n"
    )


postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL query plans and COPY"
)


def test_creation_history_rows_hold_the_stored_values_the_actor_and_one_date(alice):
    result = source_ingest(text=ARTICLE, authors=["A. Writer"], actor=alice)
    rows = [result.source, *result.claims, *result.appearances]
    assert len(result.claims) >= 2
    dates = set()
    for row in rows:
        stored = type(row).objects.get(pk=row.pk)
        (record,) = row.history.all()
        assert record.history_type == "+"
        assert record.history_user == alice
        for field in record.instance_type.history.model.tracked_fields:
            assert getattr(record, field.attname) == getattr(stored, field.attname), field
        dates.add(record.history_date)
    assert len(dates) == 1
    if connection.vendor == "postgresql":
        assert dates == {result.source.created_at}


def test_returned_rows_equal_the_stored_rows(db):
    result = source_ingest(
        text=ARTICLE, published_at=datetime(2022, 1, 10, tzinfo=UTC), actor=SYSTEM
    )
    for row in [*result.claims, *result.appearances]:
        stored = type(row).objects.get(pk=row.pk)
        for field in type(row)._meta.concrete_fields:
            assert getattr(row, field.attname) == getattr(stored, field.attname), field
        assert not row._state.adding
    quote = next(c for c in result.claims if c.kind == Claim.Kind.QUOTE)
    assert quote.claimant.name == "Jane Doe"
    assert quote.claim_date.isoformat() == "2022-01-10"


def test_an_ingested_claim_has_a_history_page_with_its_creation(client, bob):
    claim = source_ingest(text=ARTICLE, actor=SYSTEM).claims[0]
    client.force_login(bob)
    response = client.get(reverse("admin:claims_claim_history", args=[claim.pk]))
    assert response.status_code == 200
    assert b"Created" in response.content


def test_a_replay_is_one_query_and_runs_no_extraction(db, monkeypatch):
    first = source_ingest(
        text=ARTICLE, url="https://replay.example/a", authors=["A. Writer"], actor=SYSTEM
    )

    def refuse(*args, **kwargs):
        raise AssertionError("a replay must not run the extractor")

    monkeypatch.setattr(rules.extraction, "extract", refuse)
    for url in ["https://replay.example/a", None]:
        with CaptureQueriesContext(connection) as queries:
            again = source_ingest(text=ARTICLE, url=url, actor=SYSTEM)
        assert len(queries) == 1
        assert not again.created
        stored = Source.objects.get()
        for field in Source._meta.concrete_fields:
            assert getattr(again.source, field.attname) == getattr(stored, field.attname), field
        assert again.source.authors == ["A. Writer"]
    assert again.source.pk == first.source.pk


def test_a_batch_takes_the_same_number_of_queries_whatever_its_size(db):
    source_ingest(
        text=_article(0), actor=SYSTEM
    )  # the speaker exists: no per-speaker creation below
    counts = []
    for size, offset in [(1, 1), (8, 10)]:
        articles = [ArticleIn(text=_article(offset + n)) for n in range(size)]
        with CaptureQueriesContext(connection) as queries:
            outcomes = source_ingest_many(articles, actor=SYSTEM)
        assert all(o.created and o.new_claims >= 2 for o in outcomes)
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_a_claim_created_by_a_racing_ingestion_gets_the_new_appearance(db, monkeypatch):
    first = source_ingest(text=ARTICLE, actor=SYSTEM)
    claim = Claim.objects.get(text=STATEMENT)
    # As if the other process committed the claim after this batch looked its text up.
    monkeypatch.setattr(rules, "_claims_by_fingerprint", lambda fingerprints: [])
    second = source_ingest(text=f"Another intro.\n\n{STATEMENT}\n", actor=SYSTEM)
    assert second.created
    assert second.new_claims == 0
    assert Claim.objects.filter(text=STATEMENT).count() == 1
    assert {a.source_id for a in claim.appearances.all()} == {
        first.source.pk,
        second.source.pk,
    }
    assert claim.history.count() == 1
    assert second.appearances[0].history.count() == 1


def test_the_same_statement_twice_is_refused_by_the_database(db):
    claim = source_ingest(text=ARTICLE, actor=SYSTEM).claims[0]
    twin = Claim(
        text=claim.text, claim_reviewed=claim.claim_reviewed, fingerprint=claim.fingerprint
    )
    twin.slug = "another-slug"
    with pytest.raises(IntegrityError), transaction.atomic():
        twin.save()
    twin.fingerprint, twin.slug = "0" * 64, claim.slug
    with pytest.raises(IntegrityError), transaction.atomic():
        twin.save()


@postgresql_only
@pytest.mark.parametrize(
    ("sql", "index"),
    [
        (
            "SELECT id FROM claims_claim WHERE assignee_id = 1 AND status IN ('new', 'in_review')",
            "claim_assignee_status_idx",
        ),
        ("SELECT id FROM claims_claim WHERE claimant_id IN (1, 2)", "claim_claimant_idx"),
        ("SELECT id FROM claims_claim WHERE duplicate_of_id = 1", "claim_duplicate_of_idx"),
        ("SELECT id FROM claims_appearance WHERE claim_id = 1", "appearance_unique_span"),
        ("SELECT id FROM claims_claim WHERE fingerprint = 'x'", "claim_unique_fingerprint"),
        ("SELECT id FROM claims_claim WHERE slug = 'x'", "claim_unique_slug"),
        ("SELECT history_id FROM claims_historicalclaim WHERE id = 1", "historicalclaim_id"),
        (
            "SELECT history_id FROM claims_historicalappearance WHERE id = 1",
            "historicalappearance_id",
        ),
    ],
)
def test_lookups_by_a_given_value_still_use_an_index(db, sql, index):
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN " + sql)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert index in plan, plan


def test_ingested_rows_are_unique_by_span(db):
    result = source_ingest(text=ARTICLE, actor=SYSTEM)
    appearance = result.appearances[0]
    with pytest.raises(IntegrityError), transaction.atomic():
        Appearance.objects.create(
            claim=appearance.claim,
            source=appearance.source,
            quote_text=appearance.quote_text,
            start=appearance.start,
            end=appearance.end,
        )


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_a_backfill_may_skip_the_commit_flush_for_its_own_transaction_only(monkeypatch):
    seen = []
    store = rules._store

    def spy(firsts, actor):
        with connection.cursor() as cursor:
            cursor.execute("SHOW synchronous_commit")
            seen.append(cursor.fetchone()[0])
        return store(firsts, actor)

    monkeypatch.setattr(rules, "_store", spy)
    source_ingest_many([ArticleIn(text=_article(1))], synchronous_commit=False, actor=SYSTEM)
    source_ingest_many([ArticleIn(text=_article(2))], actor=SYSTEM)
    source_ingest(text=_article(3), actor=SYSTEM)
    with transaction.atomic():  # the caller's commit decides
        source_ingest_many([ArticleIn(text=_article(4))], synchronous_commit=False, actor=SYSTEM)
        with connection.cursor() as cursor:
            cursor.execute("SHOW synchronous_commit")
            seen.append(cursor.fetchone()[0])
    assert seen == ["off", "on", "on", "on", "on"]
    assert Source.objects.count() == 4


def test_a_speaker_created_by_a_racing_ingestion_is_reused(db, monkeypatch):
    from claims.services import claims as claim_services

    source_ingest(text=ARTICLE, actor=SYSTEM)
    # As if the other process committed Jane Doe after both lookups of this ingestion.
    monkeypatch.setattr(rules, "_known_speakers", lambda keys: {})
    real_lookup, missed = claim_services._speaker_by_key, []

    def late_lookup(key):
        if not missed:
            missed.append(key)
            return None
        return real_lookup(key)

    monkeypatch.setattr(claim_services, "_speaker_by_key", late_lookup)
    result = source_ingest(
        text='"Prices will fall," Energy Minister Jane Doe said on Tuesday.', actor=SYSTEM
    )
    assert missed == ["jane doe"]
    assert result.created and result.new_speakers == 0
    assert Speaker.objects.filter(name="Jane Doe").count() == 1
    assert result.claims[0].claimant.name == "Jane Doe"
