"""On every verdict event: the public index follows, and webhook deliveries are queued.

The public index (``publishing.models.PublicFactCheck``) is updated first, in the workflow
step's transaction, so the list, the feeds and the search never disagree with the verdicts.
A verdict published, corrected or retracted also queues webhook deliveries.

Delivery rows are written in the same transaction as the workflow step (so a rollback leaves
none behind), and the background task is enqueued only once that transaction commits. The
trigger is the services' ``verdict_event``, sent when the step is complete, so the payload
holds the evidence snapshot and everything else the step wrote. The payload is the public
fact-check as readers see it, which is why this receiver lives in ``publishing``.
"""

from __future__ import annotations

from typing import Any

import orjson
from django.db import transaction
from django.dispatch import receiver
from django.utils import timezone

from claims.models import Verdict
from claims.signals import verdict_event
from integrations.services import webhook_deliveries_create
from integrations.tasks import deliver_webhook
from publishing.selectors import fact_check_detail
from publishing.services import public_index_update


@receiver(verdict_event, sender=Verdict, dispatch_uid="publishing_public_index")
def update_public_index(sender: type[Verdict], verdict: Verdict, **kwargs: Any) -> None:
    public_index_update(claim_id=verdict.claim_id)


@receiver(verdict_event, sender=Verdict, dispatch_uid="publishing_verdict_webhooks")
def queue_verdict_webhooks(
    sender: type[Verdict], verdict: Verdict, event: str, **kwargs: Any
) -> None:
    delivery_ids = webhook_deliveries_create(event=event, payload=webhook_payload(verdict, event))
    if delivery_ids:
        transaction.on_commit(lambda: _enqueue(delivery_ids))


def webhook_payload(verdict: Verdict, event: str) -> dict[str, Any]:
    """The JSON body of a delivery (dates and decimals already in their JSON form)."""
    payload = {
        "event": event,
        "occurred_at": timezone.now(),
        "verdict_version": verdict.version,
        "fact_check": fact_check_detail(verdict.claim.slug),
    }
    return orjson.loads(orjson.dumps(payload))


def _enqueue(delivery_ids: list[int]) -> None:
    for delivery_id in delivery_ids:
        deliver_webhook.enqueue(delivery_id)
