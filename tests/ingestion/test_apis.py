"""The article API (ingestion/apis.py): the desk posts an article and gets back its claims."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from ingestion import services
from sources.models import Source
from tests.factories import WITH_NUL, client_for

pytestmark = pytest.mark.django_db


def test_the_api_drops_nul_characters(alice):
    client = APIClient()
    client.force_authenticate(alice)
    response = client.post("/api/v1/articles/", {"text": WITH_NUL, "format": "text"}, format="json")
    assert response.status_code == 201, response.json()
    assert "\x00" not in Source.objects.get().body


def test_it_ingests_an_article_idempotently(alice):
    client = client_for(alice)
    body = {
        "text": "The minister, Jane Doe, said: “Unemployment fell to 3.5 percent in 2025.”",
        "format": "text",
        "url": "https://news.example/jobs",
        "title": "Jobs",
        "publisher_name": "News Example",
    }
    first = client.post("/api/v1/articles/", body, format="json")
    assert first.status_code == 201, first.json()
    assert first.json()["created"] is True
    again = client.post("/api/v1/articles/", body, format="json")
    assert again.status_code == 200
    assert again.json()["source"]["id"] == first.json()["source"]["id"]
    assert again.json()["claims"] == first.json()["claims"]
    for item in first.json()["claims"]:
        assert item["spans"][0]["end"] > item["spans"][0]["start"]


def test_an_article_over_the_ingestion_limit_gets_a_json_error_on_its_field(alice):
    """Django's own request limit sits above the article limit, so the service decides."""
    from django.conf import settings

    text = "a" * (settings.FACTCHECK_MAX_BODY_BYTES + 1)
    response = client_for(alice).post("/api/v1/articles/", {"text": text}, format="json")
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")
    assert list(response.json()["errors"]) == ["text"]


def test_a_body_over_the_request_limit_is_a_json_413(alice, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = client_for(alice).post("/api/v1/articles/", {"text": "a" * 2000}, format="json")
    assert response.status_code == 413
    assert response.json()["code"] == "too_large"


def test_the_article_limit_follows_the_body_setting_not_a_fixed_length(settings):
    """An article under FACTCHECK_MAX_BODY_BYTES passes the API's own check whatever its
    length (it was 5,000,000 characters whatever the setting said)."""
    from ingestion.serializers import DeskArticleInputSerializer

    settings.FACTCHECK_MAX_BODY_BYTES = 6_000_000
    assert DeskArticleInputSerializer(data={"text": "a" * 5_000_001}).is_valid()
    settings.FACTCHECK_MAX_BODY_BYTES = 1_000
    small = DeskArticleInputSerializer(data={"text": "a" * 1_001})
    assert not small.is_valid()
    assert "1000 bytes" in str(small.errors["text"][0])


def test_the_article_limit_counts_bytes_not_characters(alice, settings):
    settings.FACTCHECK_MAX_BODY_BYTES = 1_000
    response = client_for(alice).post("/api/v1/articles/", {"text": "é" * 600}, format="json")
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["text"]


@pytest.mark.parametrize(
    "pasted",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00" * 20,
        b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00" * 20,
    ],
    ids=["png", "zip"],
)
def test_binary_bytes_posted_as_text_are_refused_with_a_clear_error(alice, pasted):
    from ingestion.services import BINARY_TEXT

    for text in (pasted.decode("latin-1"), pasted.decode("utf-8", "replace")):
        response = client_for(alice).post("/api/v1/articles/", {"text": text}, format="json")
        assert response.status_code == 400
        assert response.json()["errors"]["text"] == [BINARY_TEXT]
    assert not Source.objects.exists()


def test_the_api_reads_header_lines_like_the_command_and_the_admin(alice):
    text = (
        "Title: Jobs report\r\nURL: https://news.example/jobs-report\r\nOutlet: News Example\r\n"
        "\r\nThe minister, Jane Doe, said: “Unemployment fell to 3.5 percent in 2025.”\r\n"
    )
    response = client_for(alice).post("/api/v1/articles/", {"text": text}, format="json")
    assert response.status_code == 201, response.json()
    source = Source.objects.get()
    assert (source.title, source.url, source.publisher_name) == (
        "Jobs report",
        "https://news.example/jobs-report",
        "News Example",
    )
    assert "Title:" not in source.body and "\r" not in source.body
    assert not any("Title" in c["claim"]["text"] for c in response.json()["claims"])


def test_the_api_fields_win_over_the_articles_header_lines(alice):
    text = "Title: From the header\n\nThe minister said prices fell 3 percent in 2025."
    body = {"text": text, "title": "From the request"}
    assert client_for(alice).post("/api/v1/articles/", body, format="json").status_code == 201
    assert Source.objects.get().title == "From the request"


def test_an_html_page_gets_its_metadata_and_a_replay_does_not_read_it(alice, monkeypatch):
    page = (
        '<html><head><link rel="canonical" href="https://wire.example/jobs">'
        '<script type="application/ld+json">{"@context": "https://schema.org", '
        '"@type": "NewsArticle", "headline": "Jobs figures", '
        '"datePublished": "2025-03-04T09:15:00Z"}</script></head><body><article>'
        "<p>The minister, Jane Doe, said: “Unemployment fell to 3.5 percent in 2025.”</p>"
        "<p>Economists said the figure matched the statistics office's own estimate.</p>"
        "</article></body></html>"
    )
    client = client_for(alice)
    first = client.post("/api/v1/articles/", {"text": page, "format": "html"}, format="json")
    assert first.status_code == 201, first.json()
    source = Source.objects.get()
    assert source.title == "Jobs figures" and source.url == "https://wire.example/jobs"
    assert source.published_at is not None and source.published_at.minute == 15
    monkeypatch.setattr(services, "html_meta", lambda html: pytest.fail("metadata read"))
    again = client.post("/api/v1/articles/", {"text": page, "format": "html"}, format="json")
    assert again.status_code == 200, again.json()
