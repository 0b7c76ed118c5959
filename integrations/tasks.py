"""Background delivery of webhooks through Django's tasks framework (``django.tasks``).

The default backend is django-tasks-db (``manage.py db_worker``). Task arguments are ids,
never model instances.
"""

from __future__ import annotations

import http.client
import logging
import socket
import ssl
import urllib.error
import urllib.request
from datetime import timedelta
from functools import partial

import orjson
from django.conf import settings
from django.db import transaction
from django.tasks import task
from django.utils import timezone

from factcheck.lib.urls import public_address
from integrations.models import WebhookDelivery
from integrations.webhooks import SIGNATURE_HEADER, backoff_seconds, sign

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
TIMEOUT_SECONDS = 5


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    # A subscriber must answer itself; following redirects would let a URL point anywhere.
    def redirect_request(self, *args, **kwargs):
        return None


_opener = urllib.request.build_opener(_NoRedirects)


PRIVATE_TARGET = "refused: the URL resolves to a private or loopback address"


class _PinnedHTTPConnection(http.client.HTTPConnection):
    """Connects to an address vetted beforehand instead of resolving the host again."""

    def __init__(self, *args, address: str, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._address = address

    def connect(self) -> None:
        self.sock = socket.create_connection(
            (self._address, self.port), self.timeout, self.source_address
        )


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    """As above; TLS still verifies the certificate against the URL's host name."""

    def __init__(self, *args, address: str, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._address = address

    def connect(self) -> None:
        sock = socket.create_connection(
            (self._address, self.port), self.timeout, self.source_address
        )
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


class _PinnedHTTPHandler(urllib.request.HTTPHandler):
    def __init__(self, address: str) -> None:
        super().__init__()
        self.address = address

    def http_open(self, req):
        return self.do_open(partial(_PinnedHTTPConnection, address=self.address), req)


class _PinnedHTTPSHandler(urllib.request.HTTPSHandler):
    def __init__(self, address: str) -> None:
        super().__init__(context=_tls_context())
        self.address = address

    def https_open(self, req):
        connection = partial(_PinnedHTTPSConnection, address=self.address)
        return self.do_open(connection, req, context=self._context)


def _tls_context() -> ssl.SSLContext:
    """The system's trust store with host name checks (a seam for tests with their own CA)."""
    return ssl.create_default_context()


def _opener_for(url: str) -> urllib.request.OpenerDirector:
    """Where only public targets are allowed, the host is resolved once, here, and the
    connection goes to that vetted address (no proxy, no second lookup)."""
    if settings.WEBHOOK_ALLOW_PRIVATE_TARGETS:
        return _opener
    address = public_address(url)
    if address is None:
        raise ValueError(PRIVATE_TARGET)
    return urllib.request.build_opener(
        urllib.request.ProxyHandler({}),
        _PinnedHTTPHandler(address),
        _PinnedHTTPSHandler(address),
        _NoRedirects,
    )


def _post(url: str, body: bytes, headers: dict[str, str]) -> int:
    opener = _opener_for(url)
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")  # noqa: S310
    try:
        with opener.open(request, timeout=TIMEOUT_SECONDS) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code


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
        if delivery is None or delivery.status in (
            WebhookDelivery.Status.DELIVERED,
            WebhookDelivery.Status.FAILED,
        ):
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
        SIGNATURE_HEADER: sign(sub.secret, body),
    }
    error, code = "", None
    try:
        code = _post(sub.url, body, headers)
        if not 200 <= code < 300:
            error = f"HTTP {code}"
    except (OSError, ValueError) as exc:
        error = f"{type(exc).__name__}: {exc}"[:1000]
    return _record(delivery, code, error)


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
