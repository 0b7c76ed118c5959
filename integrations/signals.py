"""Webhook triggers: a verdict published, corrected or retracted queues deliveries.

Delivery rows are written in the same transaction as the workflow step (so a rollback leaves
none behind), and the background task is enqueued only once that transaction commits. The
trigger is the services' ``verdict_event``, sent when the step is complete, so the payload
holds the evidence snapshot and everything else the step wrote.
"""

from __future__ import annotations

from django.db import transaction
from django.dispatch import receiver

from claims.models import Verdict
from claims.signals import verdict_event
from integrations.services import webhook_deliveries_create


@receiver(verdict_event, sender=Verdict, dispatch_uid="integrations_verdict_webhooks")
def queue_verdict_webhooks(sender, verdict: Verdict, event: str, **kwargs) -> None:
    delivery_ids = webhook_deliveries_create(verdict=verdict, event=event)
    if delivery_ids:
        transaction.on_commit(lambda: _enqueue(delivery_ids))


def _enqueue(delivery_ids: list[int]) -> None:
    from integrations.tasks import deliver_webhook

    for delivery_id in delivery_ids:
        deliver_webhook.enqueue(delivery_id)
