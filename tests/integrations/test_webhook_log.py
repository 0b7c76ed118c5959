"""The webhook test ping, the delivery log and its replay over the API and in the admin, and
the overlap period of a rotated secret."""

from __future__ import annotations

import json
import socket
from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission, User
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from factcheck.lib.permissions import SYSTEM
from integrations.models import WebhookDelivery, WebhookSubscription
from integrations.services import webhook_subscription_create, webhook_subscription_update
from integrations.tasks import deliver_webhook
from integrations.webhooks import sign, verify
from tests.factories import UserFactory, make_admin

pytestmark = pytest.mark.django_db

OLD = "o" * 40
NEW = "n" * 40


@pytest.fixture
def ada(db):
    return make_admin("ada")


@pytest.fixture
def hook(ada, receiver):
    server, _ = receiver
    url = f"http://127.0.0.1:{server.server_port}/hook"
    return webhook_subscription_create(
        name="Bugle", url=url, events=["verdict.published"], secret=OLD, actor=ada
    )


def _client(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def _subscription_viewer(username: str) -> User:
    """A desk member who may see webhook subscriptions but holds no delivery permission."""
    user = UserFactory(username=username, role="Editor")
    user.user_permissions.add(Permission.objects.get(codename="view_webhooksubscription"))
    return User.objects.get(pk=user.pk)  # a fresh permission cache


def test_a_header_with_two_signatures_verifies_with_either_secret():
    header = sign([NEW, OLD], b"{}", timestamp=1000)
    assert header.count("v1=") == 2 and header.startswith("t=1000,v1=")
    assert verify(NEW, b"{}", header, now=1000)
    assert verify(OLD, b"{}", header, now=1000)
    assert not verify("x" * 40, b"{}", header, now=1000)
    assert not verify(NEW, b"{}", "t=1000", now=1000)


def test_a_ping_over_the_api_reaches_the_receiver_signed_and_is_logged(
    hook, ada, receiver, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = _client(ada).post(f"/api/v1/desk/webhooks/{hook.pk}/ping/")
    assert response.status_code == 201
    assert response.json()["event"] == "ping"
    # The test's transaction sends it on leaving the block; a real request, before answering.
    logged = WebhookDelivery.objects.get(pk=response.json()["id"])
    assert (logged.status, logged.last_status_code) == ("delivered", 200)
    [(headers, sent)] = receiver[1].received
    assert headers["X-Factcheck-Event"] == "ping"
    assert verify(OLD, sent, headers["X-Factcheck-Signature"])
    assert json.loads(sent)["subscription"] == {"id": hook.pk, "name": "Bugle"}


def test_a_paused_subscription_is_not_pinged(hook, ada):
    webhook_subscription_update(subscription=hook, actor=ada, is_active=False)
    response = _client(ada).post(f"/api/v1/desk/webhooks/{hook.pk}/ping/")
    assert response.status_code == 400
    assert not WebhookDelivery.objects.exists()


def test_the_admin_action_sends_a_test_ping(hook, receiver, django_capture_on_commit_callbacks):
    client = Client()
    client.force_login(User.objects.create_superuser("root", "root@example.org", "pw"))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/admin/integrations/webhooksubscription/",
            {"action": "send_test_ping", "_selected_action": [hook.pk]},
            follow=True,
        )
    assert response.status_code == 200
    assert WebhookDelivery.objects.get().status == "delivered"
    assert len(receiver[1].received) == 1


def _log_entry(hook) -> WebhookDelivery:
    payload = {"event": "verdict.published", "fact_check": {"slug": "a-claim"}}
    return WebhookDelivery.objects.create(
        subscription=hook, event="verdict.published", payload=payload, status="failed"
    )


def test_the_owner_reads_the_delivery_log_newest_first(hook, ada):
    first, second = _log_entry(hook), _log_entry(hook)
    response = _client(ada).get(f"/api/v1/desk/webhooks/{hook.pk}/deliveries/")
    assert response.status_code == 200
    assert [d["id"] for d in response.json()["results"]] == [second.pk, first.pk]
    one = _client(ada).get(f"/api/v1/desk/webhook-deliveries/{first.pk}/")
    assert one.status_code == 200
    assert one.json()["payload"]["fact_check"] == {"slug": "a-claim"}


def test_a_desk_member_who_does_not_own_the_subscription_reads_and_replays_nothing(hook):
    entry = _log_entry(hook)
    client = _client(_subscription_viewer("otto"))
    assert client.get(f"/api/v1/desk/webhooks/{hook.pk}/deliveries/").status_code == 403
    assert client.get(f"/api/v1/desk/webhook-deliveries/{entry.pk}/").status_code == 404
    assert client.post(f"/api/v1/desk/webhook-deliveries/{entry.pk}/replay/").status_code == 404
    assert client.post(f"/api/v1/desk/webhooks/{hook.pk}/ping/").status_code == 403
    assert WebhookDelivery.objects.count() == 1


def test_staff_with_the_delivery_permissions_read_and_replay_any_log(hook, receiver):
    entry = _log_entry(hook)
    staff = _subscription_viewer("stan")
    staff.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_webhookdelivery", "change_webhookdelivery"])
    )
    client = _client(User.objects.get(pk=staff.pk))
    assert client.get(f"/api/v1/desk/webhooks/{hook.pk}/deliveries/").status_code == 200
    assert client.post(f"/api/v1/desk/webhook-deliveries/{entry.pk}/replay/").status_code == 201


def test_outsiders_and_read_keys_reach_no_delivery_log(hook, mallory, newsroom, anon):
    entry = _log_entry(hook)
    for client in (_client(mallory), newsroom, anon):
        for url in (
            f"/api/v1/desk/webhooks/{hook.pk}/deliveries/",
            f"/api/v1/desk/webhook-deliveries/{entry.pk}/",
        ):
            assert client.get(url).status_code in (401, 403), url
        assert client.post(f"/api/v1/desk/webhook-deliveries/{entry.pk}/replay/").status_code in (
            401,
            403,
        )


def test_a_replay_is_a_new_delivery_of_the_payload_signed_with_the_current_secret(
    hook, ada, receiver, django_capture_on_commit_callbacks
):
    entry = _log_entry(hook)
    webhook_subscription_update(subscription=hook, actor=ada, secret=NEW)
    WebhookSubscription.objects.filter(pk=hook.pk).update(
        previous_secret_expires_at=timezone.now() - timedelta(seconds=1)
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = _client(ada).post(f"/api/v1/desk/webhook-deliveries/{entry.pk}/replay/")
    assert response.status_code == 201
    replay = response.json()
    assert replay["id"] != entry.pk and replay["replay_of"] == entry.pk
    assert WebhookDelivery.objects.get(pk=replay["id"]).status == "delivered"
    [(headers, body)] = receiver[1].received
    assert json.loads(body) == entry.payload
    assert headers["X-Factcheck-Delivery"] == str(replay["id"])
    # The overlap is over: only the new secret signs.
    assert verify(NEW, body, headers["X-Factcheck-Signature"])
    assert not verify(OLD, body, headers["X-Factcheck-Signature"])
    entry.refresh_from_db()
    assert entry.status == "failed"  # the original stays as it was logged


def test_a_ping_is_not_replayed(hook, ada, django_capture_on_commit_callbacks):
    ping = _client(ada).post(f"/api/v1/desk/webhooks/{hook.pk}/ping/").json()
    response = _client(ada).post(f"/api/v1/desk/webhook-deliveries/{ping['id']}/replay/")
    assert response.status_code == 400


def test_during_a_secret_rotation_both_secrets_sign_every_delivery(hook, ada, receiver, settings):
    settings.WEBHOOK_SECRET_OVERLAP_HOURS = 24
    response = _client(ada).get(f"/api/v1/desk/webhooks/{hook.pk}/")
    patched = _client(ada).patch(
        f"/api/v1/desk/webhooks/{hook.pk}/",
        {"secret": NEW},
        format="json",
        headers={"If-Match": response["ETag"]},
    )
    assert patched.status_code == 200
    ends = patched.json()["previous_secret_expires_at"]
    assert ends is not None
    hook.refresh_from_db()
    assert (hook.secret, hook.previous_secret) == (NEW, OLD)
    delivery = _log_entry(hook)
    WebhookDelivery.objects.filter(pk=delivery.pk).update(status="pending")
    deliver_webhook.call(delivery.pk)
    [(headers, body)] = receiver[1].received
    signature = headers["X-Factcheck-Signature"]
    assert signature.count("v1=") == 2
    # A receiver holding either secret accepts it, so it can switch over at any moment.
    assert verify(NEW, body, signature) and verify(OLD, body, signature)


def test_a_second_rotation_keeps_only_the_secret_it_replaces(hook, ada):
    webhook_subscription_update(subscription=hook, actor=ada, secret=NEW)
    third = "t" * 40
    webhook_subscription_update(subscription=hook, actor=ada, secret=third)
    hook.refresh_from_db()
    assert hook.signing_secrets() == [third, NEW]


def test_an_unchanged_secret_starts_no_overlap(hook, ada):
    webhook_subscription_update(subscription=hook, actor=ada, secret=OLD, name="Renamed")
    hook.refresh_from_db()
    assert hook.previous_secret == "" and hook.signing_secrets() == [OLD]


def test_in_production_a_ping_to_a_private_address_is_refused_by_the_outbound_policy(
    ada, settings, monkeypatch, django_capture_on_commit_callbacks
):
    hook = webhook_subscription_create(
        name="Local", url="http://127.0.0.1:6379/", events=["verdict.published"], actor=SYSTEM
    )
    WebhookSubscription.objects.filter(pk=hook.pk).update(created_by=ada)
    settings.WEBHOOK_ALLOW_PRIVATE_TARGETS = False
    opened: list = []
    monkeypatch.setattr(socket, "create_connection", lambda *a, **k: opened.append(a))
    with django_capture_on_commit_callbacks(execute=True):
        response = _client(ada).post(f"/api/v1/desk/webhooks/{hook.pk}/ping/")
    assert response.status_code == 201
    logged = WebhookDelivery.objects.get(pk=response.json()["id"])
    assert logged.status == "retrying"
    assert "public" in logged.last_error
    assert opened == []


def test_the_admin_replays_a_logged_delivery_as_a_new_one(
    hook, receiver, django_capture_on_commit_callbacks
):
    entry = _log_entry(hook)
    client = Client()
    client.force_login(User.objects.create_superuser("root", "root@example.org", "pw"))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/admin/integrations/webhookdelivery/",
            {"action": "replay", "_selected_action": [entry.pk]},
            follow=True,
        )
    assert response.status_code == 200
    replay = WebhookDelivery.objects.get(replay_of=entry)
    assert replay.status == "delivered"
    [(_, body)] = receiver[1].received
    assert json.loads(body) == entry.payload
