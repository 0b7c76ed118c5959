"""The source admin and its ingest and review pages (ingestion/admin.py), rendered with the
test client as each member of the cast."""

from __future__ import annotations

from django.urls import reverse

from tests.factories import SourceFactory


def test_an_outsider_cannot_read_the_ingest_review_page(client, mallory):
    source = SourceFactory(body="x")
    client.force_login(mallory)
    assert client.get(reverse("admin:sources_source_review", args=[source.pk])).status_code == 403


def test_the_admin_adds_a_source(client, alice):
    client.force_login(alice)
    response = client.post(
        reverse("admin:sources_source_add"),
        {
            "kind": "dataset",
            "title": "Casualty data",
            "url": "https://data.example/x",
            "language": "en",
            "authors": "[]",
            "evidence-TOTAL_FORMS": "0",
            "evidence-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302
