from __future__ import annotations

import json

import pytest

from claims import services
from factcheck.lib.permissions import SYSTEM
from tests.factories import SourceFactory, publish_through_workflow

pytestmark = pytest.mark.django_db


def test_it_serves_claimreview_json_ld_with_every_field_google_reads(
    anon, claim, alice, bob, carol
):
    claim.claimant.role = "Minister"
    claim.claimant.same_as = "https://www.wikidata.org/wiki/Q42"
    claim.claimant.save()
    article = SourceFactory(url="https://news.example/a", body="She said: hello there.")
    services.appearance_create(
        claim=claim, source=article, quote_text="hello there", start=10, end=21, actor=SYSTEM
    )
    publish_through_workflow(claim, author=alice, approver=bob, publisher=carol)
    response = anon.get(f"/api/v1/fact-checks/{claim.slug}/claimreview/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/ld+json")
    data = json.loads(response.content)
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "ClaimReview"
    assert data["claimReviewed"] == claim.claim_reviewed
    assert data["reviewRating"] == {
        "@type": "Rating",
        "alternateName": "True",
        "ratingValue": 5,
        "bestRating": 5,
        "worstRating": 1,
    }
    assert data["url"].endswith(f"/fact-checks/{claim.slug}/")
    assert data["author"]["@type"] == "Organization"
    assert data["author"]["publishingPrinciples"]
    assert data["datePublished"].endswith("Z") and data["dateModified"]
    item = data["itemReviewed"]
    assert item["author"] == {
        "@type": "Person",
        "name": claim.claimant.name,
        "jobTitle": "Minister",
        "sameAs": "https://www.wikidata.org/wiki/Q42",
    }
    assert item["firstAppearance"]["url"] == "https://news.example/a"
    assert item["appearance"] == [{"@type": "CreativeWork", "url": "https://news.example/a"}]


def test_it_answers_404_for_the_claimreview_of_an_unpublished_claim(anon, claim):
    assert anon.get(f"/api/v1/fact-checks/{claim.slug}/claimreview/").status_code == 404


def test_it_exports_every_published_fact_check_as_a_data_commons_feed(anon, make_published):
    verdicts = [make_published() for _ in range(3)]
    response = anon.get("/api/v1/fact-checks/feed/")
    assert response.status_code == 200
    feed = json.loads(b"".join(response.streaming_content))
    assert feed["@type"] == "DataFeed"
    urls = [e["item"][0]["url"] for e in feed["dataFeedElement"]]
    assert len(urls) == 3
    assert {u.rsplit("/", 2)[-2] for u in urls} == {v.claim.slug for v in verdicts}
    assert feed["dataFeedElement"][0]["item"][0]["@type"] == "ClaimReview"
    again = anon.get("/api/v1/fact-checks/feed/", HTTP_IF_MODIFIED_SINCE=response["Last-Modified"])
    assert again.status_code == 304


def test_it_exports_an_empty_feed_when_nothing_is_published(anon, db):
    response = anon.get("/api/v1/fact-checks/feed/")
    feed = json.loads(b"".join(response.streaming_content))
    assert feed["dataFeedElement"] == []


def test_the_claimreview_varies_on_accept_because_it_has_two_renderings(anon, published_verdict):
    url = f"/api/v1/fact-checks/{published_verdict.claim.slug}/claimreview/"
    ld = anon.get(url)
    plain = anon.get(url, HTTP_ACCEPT="application/json")
    assert ld["Content-Type"].startswith("application/ld+json")
    assert plain["Content-Type"].startswith("application/json")
    assert "Accept" in ld["Vary"]
