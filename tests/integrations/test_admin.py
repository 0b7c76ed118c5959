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
