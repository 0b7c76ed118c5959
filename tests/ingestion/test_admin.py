"""The source admin and its ingest and review pages (ingestion/admin.py), rendered with the
test client as each member of the cast."""

from __future__ import annotations

from django.urls import reverse

from claims.models import Claim
from factcheck.lib.permissions import SYSTEM
from sources.models import Source
from tests.factories import ARTICLE, WITH_NUL, ClaimFactory, SourceFactory


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


def test_the_source_page_marks_claims_in_the_body(client, alice):
    from claims import services

    source = SourceFactory(body='The minister said "prices fell 3%" today.')
    claim = ClaimFactory(text="prices fell 3%")
    services.appearance_create(
        claim=claim, source=source, quote_text="prices fell 3%", start=19, end=33, actor=SYSTEM
    )
    client.force_login(alice)
    response = client.get(reverse("admin:sources_source_change", args=[source.pk]))
    assert response.status_code == 200
    assert b">prices fell 3%</mark>" in response.content


def test_the_source_form_rejects_a_duplicate_url(client, alice):
    SourceFactory(url="https://example.org/a")
    client.force_login(alice)
    response = client.post(
        reverse("admin:sources_source_add"),
        {
            "kind": "news_article",
            "url": "https://EXAMPLE.org/a/?utm_source=x",
            "title": "t",
            "language": "en",
            "authors": "[]",
        },
    )
    assert response.status_code == 200
    assert "A source with this URL already exists" in str(response.context["adminform"].form.errors)


def test_an_editor_edits_a_source_and_the_url_is_normalised(client, alice):
    source = SourceFactory(url="https://example.org/old", title="Old")
    url = reverse("admin:sources_source_change", args=[source.pk])
    client.force_login(alice)
    loaded = client.get(url).context["adminform"].form.initial["loaded_version"]
    response = client.post(
        url,
        {
            "kind": "official_report",
            "title": "New title",
            "url": "HTTPS://Example.org/new/",
            "language": "en",
            "authors": "[]",
            "loaded_version": loaded,
            "evidence-TOTAL_FORMS": "0",
            "evidence-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302
    source.refresh_from_db()
    assert source.title == "New title"
    assert source.url == "https://example.org/new"


def test_the_admin_ingest_page_stores_and_lets_the_checker_triage(client, alice):
    client.force_login(alice)
    response = client.post(
        reverse("admin:sources_source_ingest"),
        {"text": ARTICLE, "url": "https://paste.example/x", "title": "Pasted", "language": "en"},
    )
    assert response.status_code == 302
    source = Source.objects.get()
    review = client.get(response["Location"])
    assert review.status_code == 200
    assert b"Jane Doe" in review.content
    claims = list(Claim.objects.order_by("id"))
    client.post(
        response["Location"], {f"claim_{claims[0].pk}": "keep", f"claim_{claims[1].pk}": "dismiss"}
    )
    statuses = dict(Claim.objects.values_list("pk", "status"))
    assert statuses[claims[0].pk] == "checkworthy"
    assert statuses[claims[1].pk] == "dismissed"
    assert source.created_by == alice


def test_the_admin_ingest_page_shows_a_clear_error_for_an_empty_paste(client, alice):
    client.force_login(alice)
    response = client.post(reverse("admin:sources_source_ingest"), {"text": "  ", "language": "en"})
    assert response.status_code == 200
    assert b"Paste the article or upload a file." in response.content


def test_an_outsider_cannot_reach_the_ingest_page(client, mallory):
    client.force_login(mallory)
    assert client.get(reverse("admin:sources_source_ingest")).status_code == 403


def test_the_admin_paste_drops_nul_characters(client, alice):
    client.force_login(alice)
    response = client.post(
        reverse("admin:sources_source_ingest"),
        {"text": WITH_NUL, "url": "https://paste.example/nul", "title": "NUL", "language": "en"},
    )
    assert response.status_code == 302
    assert "\x00" not in Source.objects.get().body
    assert "3.5 percent" in Source.objects.get().body
