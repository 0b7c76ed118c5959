"""Keep matching in step with the desk: embed a saved claim, refresh the index on changes."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from claims.models import Claim, Verdict
from matching.index import cache
from matching.tasks import embed_claim


@receiver(post_save, sender=Claim, dispatch_uid="matching_embed_claim")
def _claim_saved(sender: type[Claim], instance: Claim, raw: bool = False, **kwargs: Any) -> None:
    if raw:
        return  # fixtures: the backfill command embeds them
    claim_id = instance.pk
    transaction.on_commit(lambda: embed_claim.enqueue(claim_id))
    transaction.on_commit(cache.invalidate)


@receiver(post_save, sender=Verdict, dispatch_uid="matching_verdict_saved")
def _verdict_saved(sender: type[Verdict], instance: Verdict, **kwargs: Any) -> None:
    transaction.on_commit(cache.invalidate)
