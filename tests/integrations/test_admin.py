from __future__ import annotations

from unittest import mock

import pytest
from django.contrib.auth.models import User
from django.test import Client

from integrations.models import ApiKey, WebhookDelivery

pytestmark = pytest.mark.django_db


@pytest.fixture
def root_client(db):
    client = Client()
    client.force_login(User.objects.create_superuser("root", "root@example.org", "pw"))
    return client


def test_the_integration_admin_pages_load(root_client, published_verdict):
    for url in (
        "/admin/integrations/apikey/",
        "/admin/integrations/apikey/add/",
        "/admin/integrations/webhooksubscription/",
        "/admin/integrations/webhookdelivery/",
    ):
        assert root_client.get(url).status_code == 200, url


def test_issuing_a_key_in_the_admin_shows_it_once_and_stores_only_its_hash(root_client):
    response = root_client.post(
        "/admin/integrations/apikey/add/",
        {"name": "Bugle", "scope": "read", "user": "", "expires_at_0": "", "expires_at_1": ""},
        follow=True,
    )
    assert response.status_code == 200
    [message] = [str(m) for m in response.context["messages"] if "Copy this key" in str(m)]
    raw = message.rsplit(" ", 1)[1]
    key = ApiKey.objects.get()
    assert raw.startswith("fck_" + key.prefix)
    assert raw.split(".")[1] not in key.key_hash
    assert WebhookDelivery.objects.count() == 0


def test_the_admin_never_shows_a_webhook_secret_and_generates_one_shown_once(root_client):
    data = {"name": "CMS", "url": "https://hooks.example.org/fc", "events": '["verdict.published"]',
            "is_active": "on", "secret": ""}  # fmt: skip
    response = root_client.post("/admin/integrations/webhooksubscription/add/", data, follow=True)
    assert response.status_code == 200
    [message] = [str(m) for m in response.context["messages"] if "signing secret" in str(m)]
    from integrations.models import WebhookSubscription

    hook = WebhookSubscription.objects.get()
    assert message.endswith(hook.secret) and len(hook.secret) >= 32
    page = root_client.get(f"/admin/integrations/webhooksubscription/{hook.pk}/change/")
    assert hook.secret not in page.content.decode()
    kept = root_client.post(
        f"/admin/integrations/webhooksubscription/{hook.pk}/change/", {**data, "name": "CMS 2"}
    )
    assert kept.status_code == 302
    hook.refresh_from_db()
    assert hook.name == "CMS 2" and message.endswith(hook.secret)  # empty keeps the secret


def test_a_webhook_whose_host_stopped_resolving_can_still_be_paused(db, settings):
    from integrations.models import WebhookSubscription
    from integrations.services import webhook_subscription_update
    from tests.factories import make_admin

    hook = WebhookSubscription.objects.create(
        name="Gone", url="https://gone.invalid/hook", secret="s" * 32, events=["verdict.published"]
    )
    settings.WEBHOOK_ALLOW_PRIVATE_TARGETS = False
    paused = webhook_subscription_update(subscription=hook, actor=make_admin(), is_active=False)
    assert paused.is_active is False


def _issue(root_client, **fields):
    data = {"name": "Bugle", "scope": "read", "user": "", "expires_at_0": "", "expires_at_1": ""}
    response = root_client.post("/admin/integrations/apikey/add/", {**data, **fields})
    assert response.status_code == 302
    return ApiKey.objects.get(name=fields.get("name", "Bugle")), data


def test_the_admin_issues_a_key_in_the_name_of_whoever_issued_it(root_client):
    key, _ = _issue(root_client)
    assert key.created_by.username == "root"


def test_renaming_a_key_in_the_admin_keeps_its_secret(root_client):
    key, data = _issue(root_client)
    response = root_client.post(
        f"/admin/integrations/apikey/{key.pk}/change/", {**data, "name": "Daily Bugle"}
    )
    assert response.status_code == 302
    renamed = ApiKey.objects.get(pk=key.pk)
    assert (renamed.name, renamed.prefix, renamed.key_hash) == (
        "Daily Bugle",
        key.prefix,
        key.key_hash,
    )


def test_a_desk_key_without_a_user_is_refused_on_the_form_when_issued_or_edited(root_client):
    page = root_client.post(
        "/admin/integrations/apikey/add/",
        {"name": "Bot", "scope": "desk", "user": "", "expires_at_0": "", "expires_at_1": ""},
    )
    assert page.status_code == 200 and not ApiKey.objects.exists()
    key, data = _issue(root_client)
    page = root_client.post(
        f"/admin/integrations/apikey/{key.pk}/change/", {**data, "scope": "desk"}
    )
    assert page.status_code == 200
    assert ApiKey.objects.get(pk=key.pk).scope == "read"


def test_the_admin_deletes_keys_and_webhooks_through_their_services(root_client, monkeypatch):
    from integrations import admin as integrations_admin
    from integrations.models import WebhookSubscription

    spies = {}
    for name in ("api_key_delete", "webhook_subscription_delete"):
        spies[name] = mock.Mock(wraps=getattr(integrations_admin, name))
        monkeypatch.setattr(integrations_admin, name, spies[name])
    key, _ = _issue(root_client)
    hook = WebhookSubscription.objects.create(
        name="CMS",
        url="https://hooks.example.org/fc",
        secret="s" * 32,
        events=["verdict.published"],
    )
    assert (
        root_client.post(
            f"/admin/integrations/apikey/{key.pk}/delete/", {"post": "yes"}
        ).status_code
        == 302
    )
    assert (
        root_client.post(
            "/admin/integrations/webhooksubscription/",
            {"action": "delete_selected", "_selected_action": [hook.pk], "post": "yes"},
        ).status_code
        == 302
    )
    assert [spy.call_count for spy in spies.values()] == [1, 1]
    assert not ApiKey.objects.exists() and not WebhookSubscription.objects.exists()


def test_the_admin_refuses_a_webhook_for_an_unknown_event_on_the_form(root_client):
    from integrations.models import WebhookSubscription
    from integrations.services import UNKNOWN_EVENT

    data = {"name": "CMS", "url": "https://hooks.example.org/fc", "events": '["verdict.deleted"]',
            "is_active": "on", "secret": ""}  # fmt: skip
    response = root_client.post("/admin/integrations/webhooksubscription/add/", data)
    assert response.status_code == 200
    assert UNKNOWN_EVENT in response.content.decode()
    assert not WebhookSubscription.objects.exists()


def test_a_webhook_added_paused_in_the_admin_stays_paused_and_records_its_creator(root_client):
    from integrations.models import WebhookSubscription

    data = {"name": "CMS", "url": "https://hooks.example.org/fc", "events": '["verdict.published"]',
            "secret": ""}  # fmt: skip
    response = root_client.post("/admin/integrations/webhooksubscription/add/", data)
    assert response.status_code == 302
    hook = WebhookSubscription.objects.get()
    assert hook.is_active is False
    assert hook.created_by.username == "root"
