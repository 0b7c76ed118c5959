"""Reads of the webhook delivery log, with its object-level rule applied."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from factcheck.lib.permissions import Actor
from integrations.models import WebhookDelivery

VIEW_DELIVERIES = "integrations.view_webhookdelivery"


def webhook_deliveries_visible_to(actor: Actor) -> QuerySet[WebhookDelivery]:
    """Deliveries ``actor`` may read: those of subscriptions they created, or every one with
    the ``view_webhookdelivery`` permission (``may_manage_deliveries`` says the same for one
    subscription)."""
    deliveries = WebhookDelivery.objects.select_related("subscription")
    if not actor.is_active:
        return deliveries.none()
    if actor.has_perm(VIEW_DELIVERIES):
        return deliveries
    if actor.pk is None:
        return deliveries.none()
    return deliveries.filter(Q(subscription__created_by=actor.pk))
