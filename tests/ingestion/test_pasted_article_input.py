"""Pasted or posted article text loses stray NUL characters instead of being refused, as
uploaded files and the command line already do."""

from __future__ import annotations

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from sources.models import Source

pytestmark = pytest.mark.django_db

WITH_NUL = "The minister, Jane Doe, said: \u201cUnemployment fell to 3.5\x00 percent in 2025.\u201d"


def test_the_admin_paste_drops_nul_characters(client, alice):
    client.force_login(alice)
    response = client.post(
        reverse("admin:sources_source_ingest"),
        {"text": WITH_NUL, "url": "https://paste.example/nul", "title": "NUL", "language": "en"},
    )
    assert response.status_code == 302
    assert "\x00" not in Source.objects.get().body
    assert "3.5 percent" in Source.objects.get().body


def test_the_api_drops_nul_characters(alice):
    client = APIClient()
    client.force_authenticate(alice)
    response = client.post("/api/v1/articles/", {"text": WITH_NUL, "format": "text"}, format="json")
    assert response.status_code == 201, response.json()
    assert "\x00" not in Source.objects.get().body
