"""Embeddings computed in the background through Django's tasks framework (``django.tasks``).

Saving a claim of ours or storing a batch of them (signals), or importing another desk's
(service), enqueues one of these after the transaction commits; ``manage.py db_worker``
runs them. Arguments are ids.
"""

from __future__ import annotations

from django.tasks import task

from matching.embeddings import embeddings_refresh


@task()
def embed_external_claims(external_claim_ids: list[int]) -> int:
    """Embed these external claims if their stored vector is missing or stale."""
    return embeddings_refresh(external_claim_ids=external_claim_ids, claim_ids=[])


@task()
def embed_claim(claim_id: int) -> int:
    """Embed one of our claims if its stored vector is missing or stale."""
    return embeddings_refresh(external_claim_ids=[], claim_ids=[claim_id])


@task()
def embed_claims(claim_ids: list[int]) -> int:
    """Embed a batch of our claims (those ingestion stored in bulk)."""
    return embeddings_refresh(external_claim_ids=[], claim_ids=claim_ids)
