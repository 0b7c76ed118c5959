"""Embed a claim of ours in the background when its text is new or changed.

Only a changed text enqueues anything: the desk saves claims for many reasons (status,
assignee, check-worthiness) and those saves must cost nothing here. The text as loaded is
kept on the instance (``__dict__`` only, so a deferred field is never fetched for it). The
matching index notices published verdicts itself, through its database signature.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models.signals import post_init, post_save
from django.dispatch import receiver

from claims.models import Claim
from matching.index import cache
from matching.tasks import embed_claim

LOADED_TEXT = "_matching_loaded_text"


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
