"""Webhook triggers: a verdict published, corrected or retracted queues deliveries.

Delivery rows are written in the same transaction as the workflow step (so a rollback leaves
none behind), and the background task is enqueued only once that transaction commits.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from claims.models import Verdict
from integrations.services import webhook_deliveries_create


def _event_for(verdict: Verdict, created: bool, update_fields) -> str | None:
    if verdict.status == Verdict.Status.RETRACTED and created:
        return "verdict.retracted"
    # Publication is a status-only save (verdict_publish); a full save of a published row
    # is not a new publication.
    if verdict.status == Verdict.Status.PUBLISHED and update_fields and "status" in update_fields:
        return "verdict.corrected" if verdict.supersedes_id else "verdict.published"
    return None


@receiver(post_save, sender=Verdict, dispatch_uid="integrations_verdict_webhooks")
def queue_verdict_webhooks(sender, instance: Verdict, created: bool, update_fields, **kwargs):
    event = _event_for(instance, created, update_fields)
    if event is None:
        return
    delivery_ids = webhook_deliveries_create(verdict=instance, event=event)
    if delivery_ids:
        transaction.on_commit(lambda: _enqueue(delivery_ids))


def _enqueue(delivery_ids: list[int]) -> None:
    from integrations.tasks import deliver_webhook

    for delivery_id in delivery_ids:
        deliver_webhook.enqueue(delivery_id)
