from __future__ import annotations

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
