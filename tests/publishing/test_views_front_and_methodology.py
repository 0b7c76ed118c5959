"""The readers' front page and the methodology page that ClaimReview points to."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client

from claims import services
from publishing import views as public_views
from tests.factories import ClaimFactory, publish_through_workflow, truth_rating

pytestmark = pytest.mark.django_db

XSS = '</script><script>alert("x")</script>'


def test_the_front_page_lists_published_fact_checks_newest_first_and_no_drafts(
    published_verdict, alice, bob, carol
):
    newer = publish_through_workflow(
        ClaimFactory(), author=alice, approver=bob, publisher=carol, headline="Newer one"
    )
    services.verdict_create(
        claim=ClaimFactory(), rating=truth_rating(), headline="DRAFT-SENTINEL",
        summary="s", rationale="r", author=alice,
    )  # fmt: skip
    response = Client().get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "DRAFT-SENTINEL" not in html
    assert html.index("Newer one") < html.index(published_verdict.headline)
    assert f'href="/fact-checks/{newer.claim.slug}/"' in html


def test_the_front_page_escapes_what_it_shows(alice, bob, carol):
    publish_through_workflow(
        ClaimFactory(claim_reviewed=XSS), author=alice, approver=bob, publisher=carol,
        headline=XSS,
    )  # fmt: skip
    html = Client().get("/").content.decode()
    assert XSS not in html
    assert "&lt;/script&gt;&lt;script&gt;" in html


def test_the_front_page_pages_without_counting_and_in_bounded_queries(
    alice, bob, carol, monkeypatch, django_assert_max_num_queries
):
    monkeypatch.setattr(public_views, "PAGE_SIZE", 2)
    for i in range(3):
        publish_through_workflow(
            ClaimFactory(), author=alice, approver=bob, publisher=carol, headline=f"Check {i}"
        )
    with django_assert_max_num_queries(1):
        first = Client().get("/").content.decode()
    assert 'href="?page=2"' in first and "Newer" not in first
    second = Client().get("/?page=2").content.decode()
    assert "Check 0" in second and 'href="?page=1"' in second and "Older" not in second
    assert Client().get("/?page=x").status_code == 200  # a bad page number is page 1


def test_the_methodology_page_explains_review_corrections_and_every_rating(db):
    response = Client().get("/methodology/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "second editor" in html and "Corrections" in html
    for label in ("True", "Mostly true", "False", "Kept", "Broken"):
        assert f">{label}</strong>" in html


def test_the_publishing_principles_url_is_a_page_that_exists():
    path = settings.FACTCHECK_ORGANIZATION["publishing_principles"].split("8000", 1)[1]
    assert path == "/methodology/"
