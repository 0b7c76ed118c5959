from __future__ import annotations

import http.client
import json
import socket
import ssl
import threading
from http.server import HTTPServer

import pytest
from django.db import transaction
from django.test import override_settings

from claims import services
from factcheck.lib import netpolicy
from integrations.models import WebhookDelivery, WebhookSubscription
from integrations.tasks import MAX_ATTEMPTS, deliver_webhook
from integrations.webhooks import sign, verify
from tests.integrations.receiver import Receiver

pytestmark = pytest.mark.django_db


def _resolve_to(monkeypatch, address: str) -> list[str]:
    """Every name resolves to ``address``; returns the names looked up."""

    lookups: list[str] = []

    def getaddrinfo(host, port, *args, **kwargs):
        lookups.append(host)
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port))]

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return lookups


def _record_connections(monkeypatch) -> list[tuple]:
    """Sockets the code tries to open (none succeed)."""

    attempts: list[tuple] = []

    def create_connection(address, *args, **kwargs):
        attempts.append(address)
        raise ConnectionRefusedError("this test opens no sockets")

    monkeypatch.setattr(socket, "create_connection", create_connection)
    return attempts


@pytest.fixture
def subscription(receiver):
    server, _ = receiver
    return WebhookSubscription.objects.create(
        name="Bugle",
        url=f"http://127.0.0.1:{server.server_port}/hook",
        secret="top-secret",
        events=["verdict.published", "verdict.corrected", "verdict.retracted"],
    )


def test_a_signature_verifies_only_with_the_right_secret_and_a_fresh_timestamp():
    header = sign("s", b"{}", timestamp=1000)
    assert verify("s", b"{}", header, now=1100)
    assert not verify("other", b"{}", header, now=1100)
    assert not verify("s", b"{}", header, now=2000)
    assert not verify("s", b"{ }", header, now=1100)


def test_publishing_sends_a_signed_webhook_after_commit(
    subscription, receiver, published_verdict, django_capture_on_commit_callbacks
):
    # published_verdict ran inside the test transaction; its on_commit callback is pending.
    _, handler = receiver
    delivery = WebhookDelivery.objects.get()
    assert delivery.event == "verdict.published"
    deliver_webhook.call(delivery.pk)
    [(headers, body)] = handler.received
    assert headers["X-Factcheck-Event"] == "verdict.published"
    assert verify("top-secret", body, headers["X-Factcheck-Signature"])
    payload = json.loads(body)
    assert payload["fact_check"]["slug"] == published_verdict.claim.slug
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == ("delivered", 1, 200)


def test_the_task_is_enqueued_only_when_the_transaction_commits(
    subscription, receiver, claim, alice, bob, carol, django_capture_on_commit_callbacks
):
    from tests.factories import publish

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        verdict = publish(claim, alice, bob, carol)
    # One webhook task; the desk's notification e-mails are callbacks of their own.
    assert len([c for c in callbacks if "webhook" in c.__qualname__]) == 1
    _, handler = receiver
    assert len(handler.received) == 1
    assert WebhookDelivery.objects.get().status == "delivered"
    assert verdict.status == "published"


def test_a_rolled_back_publication_sends_nothing(
    subscription, receiver, claim, alice, bob, carol, django_capture_on_commit_callbacks
):
    from tests.factories import publish

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        publish(claim, alice, bob, carol)
        raise RuntimeError("the editor's request failed later")
    assert callbacks == []
    assert not WebhookDelivery.objects.exists()
    assert receiver[1].received == []


def _correct_then_retract(published_verdict, editor, other_editor) -> None:
    correction = services.verdict_correct(
        verdict=published_verdict, actor=editor, kind="update", note="New data."
    )
    services.verdict_submit(verdict=correction, actor=editor)
    services.verdict_approve(verdict=correction, actor=other_editor)
    services.verdict_publish(verdict=correction, actor=other_editor)
    services.verdict_retract(verdict=correction, actor=editor, note="Withdrawn.")


def test_corrections_and_retractions_have_their_own_events(
    subscription, published_verdict, bob, carol
):
    _correct_then_retract(published_verdict, bob, carol)
    events = list(WebhookDelivery.objects.order_by("id").values_list("event", flat=True))
    assert events == ["verdict.published", "verdict.corrected", "verdict.retracted"]


def test_every_event_payload_carries_the_evidence_readers_see(
    subscription, published_verdict, bob, carol
):
    """The payload is built once the step is complete, evidence snapshot included."""
    _correct_then_retract(published_verdict, bob, carol)
    source = published_verdict.claim.evidence.get().source
    for delivery in WebhookDelivery.objects.order_by("id"):
        evidence = delivery.payload["fact_check"]["evidence"]
        assert [e["url"] for e in evidence] == [source.url], delivery.event


def test_a_failing_receiver_is_retried_then_marked_failed(
    subscription, receiver, published_verdict
):
    _, handler = receiver
    handler.status = 500
    delivery = WebhookDelivery.objects.get()
    for _ in range(MAX_ATTEMPTS):
        deliver_webhook.call(delivery.pk)
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.last_error) == (
        "failed",
        MAX_ATTEMPTS,
        "HTTP 500",
    )
    assert deliver_webhook.call(delivery.pk) == "skipped"


@override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}})
def test_a_failed_attempt_is_rescheduled_with_backoff_on_the_database_backend(
    subscription, receiver, published_verdict
):
    from django_tasks_db.models import DBTaskResult

    _, handler = receiver
    handler.status = 503
    delivery = WebhookDelivery.objects.get()
    assert deliver_webhook.call(delivery.pk) == "retrying"
    queued = DBTaskResult.objects.get()
    assert queued.run_after is not None
    assert queued.args_kwargs["args"] == [delivery.pk]


def test_an_unreachable_receiver_is_logged(published_verdict, db):
    sub = WebhookSubscription.objects.create(
        name="Dead", url="http://127.0.0.1:9/hook", secret="s", events=["verdict.published"]
    )
    from integrations.services import webhook_deliveries_create
    from publishing.signals import webhook_payload

    [delivery_id] = webhook_deliveries_create(
        event="verdict.published", payload=webhook_payload(published_verdict, "verdict.published")
    )
    deliver_webhook.call(delivery_id)
    delivery = WebhookDelivery.objects.get(pk=delivery_id)
    assert delivery.subscription == sub
    assert delivery.status == "retrying"
    assert "Error" in delivery.last_error


def test_webhooks_are_managed_over_the_api_by_admins(db):
    from rest_framework.test import APIClient

    from tests.factories import make_admin

    client = APIClient()
    client.force_authenticate(make_admin("ada"))
    created = client.post(
        "/api/v1/desk/webhooks/",
        {"name": "CMS", "url": "https://cms.example/hook", "events": ["verdict.published"]},
        format="json",
    )
    assert created.status_code == 201
    assert len(created.json()["secret"]) >= 32  # shown once, at creation
    bad = client.post(
        "/api/v1/desk/webhooks/",
        {"name": "CMS", "url": "https://cms.example/hook", "events": ["verdict.deleted"]},
        format="json",
    )
    assert bad.status_code == 400


@override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}})
def test_the_database_worker_delivers_a_committed_publication(
    receiver, alice, bob, carol, monkeypatch, django_capture_on_commit_callbacks
):
    from django.core.management import call_command

    from tests.factories import ClaimFactory, publish

    # The worker closes "obsolete" connections between tasks; inside the test's transaction
    # that would be this test's own connection.
    monkeypatch.setattr(
        "django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None
    )
    server, handler = receiver
    WebhookSubscription.objects.create(
        name="Bugle",
        url=f"http://127.0.0.1:{server.server_port}/hook",
        secret="top-secret",
        events=["verdict.published"],
    )
    with django_capture_on_commit_callbacks(execute=True):
        publish(ClaimFactory(), alice, bob, carol)
    assert handler.received == []  # queued in the database, not sent inline
    call_command(
        "db_worker", "--batch", "--interval", "0", "--no-startup-delay", "--no-reload", "-v", "0"
    )
    [(headers, body)] = handler.received
    assert verify("top-secret", body, headers["X-Factcheck-Signature"])
    assert WebhookDelivery.objects.get().status == "delivered"


def test_in_production_a_webhook_never_reaches_a_private_address(
    subscription, receiver, published_verdict, settings, monkeypatch
):
    settings.WEBHOOK_ALLOW_PRIVATE_TARGETS = False
    _, handler = receiver
    _resolve_to(monkeypatch, "127.0.0.1")
    connections = _record_connections(monkeypatch)
    sub = WebhookSubscription.objects.get()
    WebhookSubscription.objects.filter(pk=sub.pk).update(url="https://hooks.example.org/hook")
    delivery = WebhookDelivery.objects.get()
    assert deliver_webhook.call(delivery.pk) == "retrying"
    assert (handler.received, connections) == ([], [])
    delivery.refresh_from_db()
    assert delivery.last_error == netpolicy.NON_PUBLIC_ADDRESS


def test_a_delivery_connects_to_the_address_it_vetted_not_a_second_lookup(
    subscription, receiver, published_verdict, settings, monkeypatch
):
    """DNS rebinding: the name answers a public address first and loopback afterwards."""

    settings.WEBHOOK_ALLOW_PRIVATE_TARGETS = False
    lookups, connections = [], []

    def rebinding(host, port, *args, **kwargs):
        lookups.append(host)
        address = "8.8.8.8" if len(lookups) == 1 else "127.0.0.1"
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port))]

    def refuse(address, *args, **kwargs):
        connections.append(address)
        raise ConnectionRefusedError("no route in this test")

    monkeypatch.setattr(socket, "getaddrinfo", rebinding)
    monkeypatch.setattr(socket, "create_connection", refuse)
    WebhookSubscription.objects.update(url="https://hooks.example.org/hook")
    delivery = WebhookDelivery.objects.get()
    deliver_webhook.call(delivery.pk)
    _, handler = receiver
    assert handler.received == []
    assert (lookups, connections) == (["hooks.example.org"], [("8.8.8.8", 443)])  # one lookup
    delivery.refresh_from_db()
    assert "no route in this test" in delivery.last_error


def test_a_pinned_delivery_keeps_the_host_name_in_its_request(receiver, monkeypatch):
    from integrations import tasks

    server, handler = receiver
    lookups = _resolve_to(monkeypatch, "127.0.0.1")
    url = f"http://hooks.example.org:{server.server_port}/hook?x=1"
    assert tasks._post(url, b"{}", {"Content-Type": "application/json"}) == 200
    [(headers, _)] = handler.received
    assert headers["Host"] == f"hooks.example.org:{server.server_port}"
    # socket.create_connection passes the vetted literal through getaddrinfo (no DNS query).
    assert lookups == ["hooks.example.org", "127.0.0.1"]


def test_a_private_webhook_url_is_refused_when_subscribing_in_production(db, settings):
    from tests.factories import client_for, make_admin

    settings.WEBHOOK_ALLOW_PRIVATE_TARGETS = False
    response = client_for(make_admin("ada")).post(
        "/api/v1/desk/webhooks/",
        {"name": "meta", "url": "http://169.254.169.254/latest/", "events": ["verdict.published"]},
        format="json",
    )
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["url"]


def test_a_new_subscription_shows_its_generated_secret_once(db):
    from tests.factories import client_for, make_admin

    client = client_for(make_admin("ada"))
    body = {"name": "cms", "url": "https://hooks.example.org/fc", "events": ["verdict.published"]}
    created = client.post("/api/v1/desk/webhooks/", body, format="json")
    assert created.status_code == 201
    secret = created.json()["secret"]
    assert len(secret) >= 32
    assert WebhookSubscription.objects.get().secret == secret
    assert "secret" not in client.get(f"/api/v1/desk/webhooks/{created.json()['id']}/").json()
    short = client.post("/api/v1/desk/webhooks/", {**body, "secret": "a"}, format="json")
    assert short.status_code == 400 and list(short.json()["errors"]) == ["secret"]


@pytest.fixture
def tls_receiver(monkeypatch):
    """An HTTPS receiver on loopback with a certificate for hooks.example.org from a test CA
    that only the webhook sender trusts (trustme)."""
    import ssl

    import trustme

    from integrations import tasks

    ca = trustme.CA()
    server_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("hooks.example.org").configure_cert(server_context)
    client_context = ssl.create_default_context()
    ca.configure_trust(client_context)
    monkeypatch.setattr(tasks, "_tls_context", lambda: client_context)
    Receiver.received = []
    Receiver.status = 200
    server = HTTPServer(("127.0.0.1", 0), Receiver)
    server.socket = server_context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server, Receiver
    server.shutdown()
    server.server_close()


def test_a_pinned_https_delivery_verifies_the_certificate_for_the_urls_host(
    tls_receiver, monkeypatch
):
    from integrations import tasks

    server, handler = tls_receiver
    _resolve_to(monkeypatch, "127.0.0.1")
    url = f"https://hooks.example.org:{server.server_port}/hook"
    assert tasks._post(url, b"{}", {"Content-Type": "application/json"}) == 200
    [(headers, _)] = handler.received
    assert headers["Host"] == f"hooks.example.org:{server.server_port}"
    other = f"https://other.example.org:{server.server_port}/hook"  # not the certificate's name
    with pytest.raises(OSError, match="certificate"):
        tasks._post(other, b"{}", {"Content-Type": "application/json"})
    assert len(handler.received) == 1


# Delivery defects from issue 11: a receiver that is not HTTP, a paused subscription.


def _admin():
    """An Admin-role user holding the integration permissions (self-contained on purpose: the
    shared test helpers are moving while the apps are restructured)."""
    from django.contrib.auth.models import Group, Permission

    from tests.factories import UserFactory

    user = UserFactory(username="ada", role="Admin")
    integrations = Permission.objects.filter(content_type__app_label="integrations")
    Group.objects.get(name="Admin").permissions.add(*integrations)
    return user


@pytest.fixture
def not_http_receiver():
    """A TCP server on loopback that answers like an SSH daemon, not an HTTP server."""
    import socketserver

    class Banner(socketserver.BaseRequestHandler):
        def handle(self):
            self.request.recv(65536)
            self.request.sendall(b"SSH-2.0-OpenSSH_9.6\r\n")

    server = socketserver.TCPServer(("127.0.0.1", 0), Banner)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def test_it_ends_an_attempt_on_a_receiver_that_does_not_speak_http_as_a_recorded_retry(
    subscription, not_http_receiver, published_verdict
):
    WebhookSubscription.objects.update(
        url=f"http://127.0.0.1:{not_http_receiver.server_address[1]}/hook"
    )
    delivery = WebhookDelivery.objects.get()
    assert deliver_webhook.call(delivery.pk) == "retrying"
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == ("retrying", 1)
    assert delivery.last_error.startswith("BadStatusLine: ")
    for _ in range(MAX_ATTEMPTS - 1):
        deliver_webhook.call(delivery.pk)
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == ("failed", MAX_ATTEMPTS)


@pytest.mark.parametrize(
    "failure",
    [
        http.client.BadStatusLine("SSH-2.0"),
        http.client.RemoteDisconnected("Remote end closed connection without response"),
        http.client.IncompleteRead(b"{", 10),
        http.client.LineTooLong("header line"),
        http.client.HTTPException("got more than 100 headers"),
        ssl.SSLError("wrong version number"),
        TimeoutError("timed out"),
        ConnectionResetError("reset by peer"),
        socket.gaierror(socket.EAI_AGAIN, "Temporary failure in name resolution"),
        UnicodeEncodeError("ascii", "é", 0, 1, "bad header"),
        RuntimeError("a bug in the sender"),
    ],
    ids=lambda exc: type(exc).__name__,
)
def test_it_records_every_failure_and_never_leaves_a_delivery_pending(
    subscription, published_verdict, monkeypatch, failure
):
    from integrations import tasks

    def fail(*args):
        raise failure

    monkeypatch.setattr(tasks, "_post", fail)
    delivery = WebhookDelivery.objects.get()
    assert deliver_webhook.call(delivery.pk) == "retrying"
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == ("retrying", 1)
    assert delivery.last_error.startswith(f"{type(failure).__name__}: ")


def test_a_deactivated_subscription_receives_no_queued_retry(
    subscription, receiver, published_verdict
):
    from integrations.services import webhook_subscription_update
    from integrations.tasks import SUBSCRIPTION_INACTIVE

    _, handler = receiver
    handler.status = 500
    delivery = WebhookDelivery.objects.get()
    assert deliver_webhook.call(delivery.pk) == "retrying"
    webhook_subscription_update(subscription=subscription, actor=_admin(), is_active=False)
    handler.status = 200
    assert deliver_webhook.call(delivery.pk) == "skipped"
    assert len(handler.received) == 1
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.last_error) == (
        "failed",
        1,
        SUBSCRIPTION_INACTIVE,
    )


@override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}})
def test_the_database_worker_drops_a_retry_queued_before_the_subscription_was_paused(
    subscription, receiver, published_verdict, monkeypatch
):
    from datetime import timedelta

    from django.core.management import call_command
    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    monkeypatch.setattr(
        "django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None
    )
    _, handler = receiver
    handler.status = 503
    delivery = WebhookDelivery.objects.get()
    assert deliver_webhook.call(delivery.pk) == "retrying"
    DBTaskResult.objects.update(run_after=timezone.now() - timedelta(seconds=1))  # due now
    WebhookSubscription.objects.update(is_active=False)
    handler.status = 200
    call_command(
        "db_worker", "--batch", "--interval", "0", "--no-startup-delay", "--no-reload", "-v", "0"
    )
    assert len(handler.received) == 1  # only the first attempt
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == ("failed", 1)


def test_it_records_a_redirect_without_following_it(subscription, receiver, published_verdict):
    _, handler = receiver
    handler.status = 302
    delivery = WebhookDelivery.objects.get()
    deliver_webhook.call(delivery.pk)
    delivery.refresh_from_db()
    assert (delivery.status, delivery.last_status_code, delivery.last_error) == (
        "retrying",
        302,
        "HTTP 302",
    )
    assert len(handler.received) == 1


@pytest.mark.parametrize("production", [False, True], ids=["development", "production"])
@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("ftp://hooks.example.org/hook", netpolicy.UNSUPPORTED_SCHEME),
        ("ftps://hooks.example.org/hook", netpolicy.UNSUPPORTED_SCHEME),
        ("https://user:pw@hooks.example.org/hook", netpolicy.CREDENTIALS_IN_URL),
    ],
)
def test_it_refuses_a_stored_non_http_or_credentialed_url_without_a_lookup_or_socket(
    subscription, published_verdict, settings, monkeypatch, production, url, message
):
    """Such URLs could be stored before the policy existed (URLField allows ftp)."""
    settings.WEBHOOK_ALLOW_PRIVATE_TARGETS = not production
    lookups = _resolve_to(monkeypatch, "127.0.0.1")
    connections = _record_connections(monkeypatch)
    WebhookSubscription.objects.update(url=url)
    delivery = WebhookDelivery.objects.get()
    deliver_webhook.call(delivery.pk)
    delivery.refresh_from_db()
    assert (delivery.status, delivery.last_error) == ("retrying", message)
    assert (lookups, connections) == ([], [])


def test_in_production_a_delivery_says_when_the_host_does_not_resolve(
    subscription, published_verdict, settings, monkeypatch
):
    def no_such_host(*args, **kwargs):
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    settings.WEBHOOK_ALLOW_PRIVATE_TARGETS = False
    monkeypatch.setattr(socket, "getaddrinfo", no_such_host)
    WebhookSubscription.objects.update(url="https://gone.example.org/hook")
    delivery = WebhookDelivery.objects.get()
    deliver_webhook.call(delivery.pk)
    delivery.refresh_from_db()
    assert delivery.last_error == netpolicy.HOST_DOES_NOT_RESOLVE


def _subscribe(url: str):
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_authenticate(_admin())
    return client.post(
        "/api/v1/desk/webhooks/",
        {"name": "cms", "url": url, "events": ["verdict.published"]},
        format="json",
    )


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("ftp://hooks.example.org/hook", netpolicy.UNSUPPORTED_SCHEME),
        ("https://user:pw@hooks.example.org/hook", netpolicy.CREDENTIALS_IN_URL),
    ],
)
def test_subscribing_refuses_ftp_and_credentials_even_in_development(db, url, message):
    response = _subscribe(url)
    assert response.status_code == 400
    assert message in json.dumps(response.json()["errors"]["url"])
    assert not WebhookSubscription.objects.exists()


@pytest.mark.parametrize(
    ("answer", "message"),
    [
        (None, netpolicy.HOST_DOES_NOT_RESOLVE),
        ("64:ff9b::a9fe:a9fe", netpolicy.NON_PUBLIC_ADDRESS),
        ("93.184.216.34", None),
    ],
    ids=["unresolvable", "nat64-metadata", "public"],
)
def test_subscribing_in_production_says_why_a_host_is_refused(
    db, settings, monkeypatch, answer, message
):
    def getaddrinfo(host, port, *args, **kwargs):
        if answer is None:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        family = socket.AF_INET6 if ":" in answer else socket.AF_INET
        return [(family, socket.SOCK_STREAM, 6, "", (answer, port))]

    settings.WEBHOOK_ALLOW_PRIVATE_TARGETS = False
    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    response = _subscribe("https://hooks.example.org/hook")
    if message is None:
        assert response.status_code == 201
        return
    assert response.status_code == 400
    assert message in json.dumps(response.json()["errors"]["url"])
