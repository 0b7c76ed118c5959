"""Writes of the publishing app: keeping the public index (``PublicFactCheck``) in step.

``public_index_update`` runs on every ``verdict_event`` (published, corrected, retracted), in
the transaction of the workflow step, so the index never shows a state the verdicts do not.
``public_index_rebuild`` recomputes it from the verdicts (the 0002 migration, the
``publishing_reindex`` command after a bulk load that bypassed the services).
"""

from __future__ import annotations

from typing import Any

from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import connection, transaction
from django.db.models import DateTimeField, Exists, OuterRef, Subquery

from claims.models import Verdict
from publishing.models import PublicFactCheck

SEARCH_CONFIG = "english"
REBUILD_BATCH = 5000
_PUBLIC = ("published", "superseded", "retracted")
_CURRENT = ("published", "retracted")


def search_document() -> Any:
    """The weighted document: claim wording A, headline and claimant B, rationale C."""
    return (
        SearchVector("claim__claim_reviewed", "claim__text", weight="A", config=SEARCH_CONFIG)
        + SearchVector("headline", "claim__claimant__name", weight="B", config=SEARCH_CONFIG)
        + SearchVector("rationale", weight="C", config=SEARCH_CONFIG)
    )


def _first_published(verdicts: Any) -> Subquery:
    first = (
        verdicts.filter(claim_id=OuterRef("claim_id"), status__in=_PUBLIC)
        .order_by("version")
        .values("published_at")[:1]
    )
    return Subquery(first, output_field=DateTimeField())


def _current_versions(verdicts: Any) -> Any:
    """The latest public version of every claim that has one, unless it was superseded."""
    newer = verdicts.filter(
        claim_id=OuterRef("claim_id"), version__gt=OuterRef("version"), status__in=_PUBLIC
    )
    return verdicts.filter(status__in=_CURRENT).filter(~Exists(newer))


def _refresh_documents(entries: Any, verdicts: Any) -> None:
    if connection.vendor != "postgresql":
        return  # SQLite searches with icontains (publishing.selectors)
    document = verdicts.filter(pk=OuterRef("verdict_id")).annotate(doc=search_document())
    entries.update(document=Subquery(document.values("doc")[:1], output_field=SearchVectorField()))


@transaction.atomic
def public_index_update(*, claim_id: int) -> None:
    """Bring the index row of one claim in line with its verdicts."""
    row = (
        _current_versions(Verdict.objects.filter(claim_id=claim_id))
        .annotate(first=_first_published(Verdict.objects.all()))
        .values("id", "status", "first", "published_at")
        .first()
    )
    if row is None:
        PublicFactCheck.objects.filter(claim_id=claim_id).delete()
        return
    PublicFactCheck.objects.update_or_create(
        claim_id=claim_id,
        defaults={
            "verdict_id": row["id"],
            "status": row["status"],
            "first_published_at": row["first"],
            "published_at": row["published_at"],
        },
    )
    _refresh_documents(PublicFactCheck.objects.filter(claim_id=claim_id), Verdict.objects.all())


def _analyze(model: Any) -> None:
    """Fresh planner statistics for ``model``'s table before the rebuild reads it.

    A rebuild follows a bulk load (``make_bench_data`` COPYs 100,000 verdicts): without
    statistics PostgreSQL plans the per-claim subqueries as a scan of every public verdict
    per row (hours at that size instead of seconds). Raw SQL: the ORM has no ANALYZE.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")


def public_index_rebuild(
    *, entry_model: Any = PublicFactCheck, verdict_model: Any = Verdict
) -> int:
    """Recompute the whole index from the verdicts; returns its size.

    The models are parameters so that a data migration can pass its historical ones.
    """
    verdicts = verdict_model.objects.all()
    _analyze(verdict_model)
    with transaction.atomic():
        entry_model.objects.all().delete()
        rows = (
            _current_versions(verdicts)
            .annotate(first=_first_published(verdicts))
            .order_by()
            .values_list("claim_id", "id", "status", "first", "published_at")
        )
        batch: list[Any] = []
        total = 0
        for claim_id, verdict_id, status, first, published_at in rows.iterator(REBUILD_BATCH):
            batch.append(
                entry_model(
                    claim_id=claim_id,
                    verdict_id=verdict_id,
                    status=status,
                    first_published_at=first,
                    published_at=published_at,
                )
            )
            if len(batch) == REBUILD_BATCH:
                entry_model.objects.bulk_create(batch)
                total += len(batch)
                batch = []
        entry_model.objects.bulk_create(batch)
        total += len(batch)
        _refresh_documents(entry_model.objects.all(), verdicts)
    return total
