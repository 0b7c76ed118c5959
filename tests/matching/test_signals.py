"""Claims stored in bulk (ingestion's COPY path, or ``bulk_create`` for a small batch) skip
``post_save``: they are embedded all the same, through ``factcheck.bulk.rows_inserted``."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from claims.models import Claim
from claims.services.claims import claim_build, claims_create_many
from factcheck import bulk
from factcheck.lib.permissions import SYSTEM
from matching import signals
from matching.embeddings import text_hash
from matching.models import Embedding

pytestmark = pytest.mark.django_db


def _store(count: int) -> list[Claim]:
    claims = [
        claim_build(text=f"The council built {n + 100} new homes in the east.")
        for n in range(count)
    ]
    return claims_create_many(claims=claims, actor=SYSTEM)


@pytest.mark.parametrize("count", [3, bulk.COPY_ABOVE + 5], ids=["bulk_create", "copy"])
def test_it_embeds_claims_stored_in_bulk(count, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        stored = _store(count)
    embedded = dict(Embedding.objects.filter(claim__in=stored).values_list("claim_id", "text_hash"))
    assert embedded == {c.pk: text_hash(c.text) for c in stored}


def test_it_enqueues_nothing_until_the_batch_commits(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        _store(2)
    assert not Embedding.objects.exists()


def test_it_enqueues_one_task_per_batch_not_one_a_claim(
    monkeypatch, django_capture_on_commit_callbacks
):
    enqueued: list[list[int]] = []
    monkeypatch.setattr(signals, "embed_claims", SimpleNamespace(enqueue=enqueued.append))
    with django_capture_on_commit_callbacks(execute=True):
        stored = _store(bulk.COPY_ABOVE + 5)
    assert enqueued == [[c.pk for c in stored]]
