"""Background delivery of webhooks through Django's tasks framework (``django.tasks``).

The default backend is django-tasks-db (``manage.py db_worker``). Task arguments are ids,
never model instances.
"""

from __future__ import annotations

import http.client
import logging
import ssl
from datetime import timedelta

import orjson
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.tasks import task
from django.utils import timezone

from factcheck.lib.netpolicy import pinned_connection, vet_url
from integrations.models import WebhookDelivery
from integrations.webhooks import SIGNATURE_HEADER, backoff_seconds, sign

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
TIMEOUT_SECONDS = 5
SUBSCRIPTION_INACTIVE = "Not sent: the subscription was deactivated."
FINISHED = (WebhookDelivery.Status.DELIVERED, WebhookDelivery.Status.FAILED)


def _tls_context() -> ssl.SSLContext:
    """The system's trust store with host name checks (a seam for tests with their own CA)."""
    return ssl.create_default_context()


def _post(url: str, body: bytes, headers: dict[str, str]) -> int:
    """POST ``body`` to the address ``url`` was vetted for (one lookup, no proxy, no redirect)
    and return the status code. Development (``WEBHOOK_ALLOW_PRIVATE_TARGETS``) lifts only the
    address and port rules; the connection is pinned all the same."""
    target = vet_url(url, allow_non_public=settings.WEBHOOK_ALLOW_PRIVATE_TARGETS)
    connection = pinned_connection(target, timeout=TIMEOUT_SECONDS, tls_context=_tls_context())
    try:
        connection.request("POST", target.request_target, body=body, headers=headers)
        return connection.getresponse().status
    finally:
        connection.close()


def _attempt(url: str, body: bytes, headers: dict[str, str]) -> tuple[int | None, str]:
    """One delivery attempt as (status code, error); every failure becomes an error string, so
    a delivery always ends delivered, retrying or failed, never stuck in ``pending``."""
    try:
        code = _post(url, body, headers)
    except ValidationError as exc:  # the outbound policy refused the target
        return None, "; ".join(exc.messages)
    except (OSError, http.client.HTTPException) as exc:  # network, TLS, or not HTTP at all
        return None, f"{type(exc).__name__}: {exc}"
    except Exception as exc:  # a bug must not leave the delivery pending either
        logger.exception("Webhook delivery to %s failed unexpectedly", url)
        return None, f"{type(exc).__name__}: {exc}"
    return code, "" if 200 <= code < 300 else f"HTTP {code}"


@task()
def deliver_webhook(delivery_id: int) -> str:
    """Send one delivery; on failure schedule a retry with exponential backoff."""
    with transaction.atomic():
        delivery = (
            WebhookDelivery.objects.select_for_update()
            .select_related("subscription")
            .filter(pk=delivery_id)
            .first()
        )
        if delivery is None or delivery.status in FINISHED:
            return "skipped"
        if not delivery.subscription.is_active:
            # Retries queued before the subscription was paused end here, recorded.
            delivery.status = WebhookDelivery.Status.FAILED
            delivery.last_error = SUBSCRIPTION_INACTIVE
            delivery.save(update_fields=["status", "last_error"])
            return "skipped"
        delivery.attempts += 1
        delivery.save(update_fields=["attempts"])
    sub = delivery.subscription
    body = orjson.dumps(delivery.payload)
    headers = {
        "Content-Type": "application/json",
        "User-Agent": "Factcheck-Workbench-Webhooks/1",
        "X-Factcheck-Event": delivery.event,
        "X-Factcheck-Delivery": str(delivery.pk),
        # During a secret's overlap period both the new and the old secret sign it.
        SIGNATURE_HEADER: sign(sub.signing_secrets(), body),
    }
    code, error = _attempt(sub.url, body, headers)
    return _record(delivery, code, error[:1000])


def _record(delivery: WebhookDelivery, code: int | None, error: str) -> str:
    delivery.last_status_code = code
    delivery.last_error = error
    if not error:
        delivery.status = WebhookDelivery.Status.DELIVERED
        delivery.delivered_at = timezone.now()
    elif delivery.attempts >= MAX_ATTEMPTS:
        delivery.status = WebhookDelivery.Status.FAILED
    else:
        delivery.status = WebhookDelivery.Status.RETRYING
    delivery.save(update_fields=["status", "last_status_code", "last_error", "delivered_at"])
    if delivery.status == WebhookDelivery.Status.RETRYING:
        _schedule_retry(delivery)
    return delivery.status


def _schedule_retry(delivery: WebhookDelivery) -> None:
    backend = deliver_webhook.get_backend()
    if not backend.supports_defer:
        # The immediate backend (tests, development) cannot wait; the admin's "retry"
        # action or the next db_worker run picks the delivery up instead.
        logger.info("Webhook delivery %s left for retry (backend cannot defer)", delivery.pk)
        return
    run_after = timezone.now() + timedelta(seconds=backoff_seconds(delivery.attempts))
    deliver_webhook.using(run_after=run_after).enqueue(delivery.pk)
