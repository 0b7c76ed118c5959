"""Embed a claim of ours in the background when its text is new or changed.

Only a changed text enqueues anything: the desk saves claims for many reasons (status,
assignee, check-worthiness) and those saves must cost nothing here. The text as loaded is
kept on the instance (``__dict__`` only, so a deferred field is never fetched for it). The
matching index notices published verdicts itself, through its database signature.
Claims that ingestion stores in bulk (``factcheck.bulk.insert``: no ``post_save``) are
embedded through ``bulk.rows_inserted``, a task per batch.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models.signals import post_init, post_save
from django.dispatch import receiver

from claims.models import Claim
from factcheck import bulk
from matching.index import cache
from matching.tasks import embed_claim, embed_claims

LOADED_TEXT = "_matching_loaded_text"
# Claims per embedding task for a bulk insert: one task per ingested batch in practice.
EMBED_BATCH = 500


@receiver(post_init, sender=Claim, dispatch_uid="matching_claim_loaded")
def _claim_loaded(sender: type[Claim], instance: Claim, **kwargs: Any) -> None:
    instance.__dict__[LOADED_TEXT] = instance.__dict__.get("text")


@receiver(post_save, sender=Claim, dispatch_uid="matching_embed_claim")
def _claim_saved(
    sender: type[Claim],
    instance: Claim,
    created: bool = False,
    raw: bool = False,
    update_fields: frozenset[str] | None = None,
    **kwargs: Any,
) -> None:
    if raw or (update_fields is not None and "text" not in update_fields):
        return  # fixtures are embedded by the backfill command
    text = instance.__dict__.get("text")
    if not created and text == instance.__dict__.get(LOADED_TEXT):
        return
    instance.__dict__[LOADED_TEXT] = text
    claim_id = instance.pk

    def enqueue() -> None:
        embed_claim.enqueue(claim_id)
        cache.invalidate()

    transaction.on_commit(enqueue)


@receiver(bulk.rows_inserted, sender=Claim, dispatch_uid="matching_embed_bulk_claims")
def _claims_inserted(sender: type[Claim], objs: list[Claim], **kwargs: Any) -> None:
    ids = [claim.pk for claim in objs]
    if not ids:
        return

    def enqueue() -> None:
        # The index itself notices the new rows at its next check (its TTL): rebuilding it
        # after every ingested batch would keep a large archive's rebuild running non-stop.
        for start in range(0, len(ids), EMBED_BATCH):
            embed_claims.enqueue(ids[start : start + EMBED_BATCH])

    transaction.on_commit(enqueue)
