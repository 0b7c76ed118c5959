from __future__ import annotations

import json
import re

import pytest
from django.test import Client

from claims import services
from claims.models import Claim, Verdict

pytestmark = pytest.mark.django_db

XSS = '</script><script>alert("x")</script><!--'


def _json_ld(html: str) -> dict:
    [block] = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return json.loads(block)


def test_it_shows_the_claim_speaker_rating_summary_rationale_sources_and_corrections(
    published_verdict,
):
    response = Client().get(published_verdict.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    claim = published_verdict.claim
    assert claim.text in html
    assert claim.claimant.name in html
    assert "True" in html and "The UN&#x27;s count supports it." in html
    assert "<strong>report</strong>" in html
    assert "Supports:" in html
    assert "No corrections." in html
    assert response["Cache-Control"].startswith("public")


def test_it_embeds_claimreview_json_ld_whose_url_is_the_page(published_verdict):
    response = Client().get(published_verdict.get_absolute_url())
    data = _json_ld(response.content.decode())
    assert data["@type"] == "ClaimReview"
    assert data["url"].endswith(published_verdict.get_absolute_url())
    assert data["reviewRating"]["alternateName"] == "True"
    assert data["author"]["publishingPrinciples"]


def test_it_escapes_hostile_text_in_the_json_ld_and_the_page(published_verdict, bob, carol):
    Claim.objects.filter(pk=published_verdict.claim_id).update(claim_reviewed=XSS, text=XSS)
    services.verdict_correct(
        verdict=published_verdict,
        actor=bob,
        kind="correction",
        note="n",
        rationale='<img src=x onerror="alert(1)"> [a](javascript:alert(2))',
    )
    response = Client().get(published_verdict.get_absolute_url())
    html = response.content.decode()
    assert "<script>alert" not in html
    assert html.count("</script>") == 1
    assert _json_ld(html)["claimReviewed"] == XSS


def test_it_sanitises_the_rationale(claim, alice, bob, carol):
    from tests.factories import publish

    verdict = publish(claim, alice, bob, carol, rationale="<script>alert(1)</script>**ok**")
    html = Client().get(verdict.get_absolute_url()).content.decode()
    assert "<script>alert(1)" not in html
    assert "<strong>ok</strong>" in html


def test_it_answers_404_for_a_draft(claim, alice):
    from tests.factories import truth_rating

    services.verdict_create(
        claim=claim, rating=truth_rating(), headline="h", summary="s", rationale="r", author=alice
    )
    assert Client().get(f"/fact-checks/{claim.slug}/").status_code == 404


def test_it_shows_the_corrections_log_and_a_retraction_without_claimreview(published_verdict, bob):
    services.verdict_retract(verdict=published_verdict, actor=bob, note="We quoted the wrong man.")
    html = Client().get(published_verdict.get_absolute_url()).content.decode()
    assert "Retracted." in html
    assert "We quoted the wrong man." in html
    assert "application/ld+json" not in html
    assert Verdict.objects.filter(status="retracted").exists()


def test_it_answers_304_when_not_modified(published_verdict):
    client = Client()
    first = client.get(published_verdict.get_absolute_url())
    again = client.get(
        published_verdict.get_absolute_url(), HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]
    )
    assert again.status_code == 304


def test_a_logged_in_editor_is_never_served_a_cached_public_page(client, bob):
    from claims.models import Verdict
    from tests.factories import ClaimFactory, UserFactory, publish

    verdict = publish(
        ClaimFactory(), UserFactory(role="Fact-checker"), bob, UserFactory(role="Editor")
    )
    assert verdict.status == Verdict.Status.PUBLISHED
    url = verdict.get_absolute_url()
    anonymous = client.get(url)
    assert anonymous.status_code == 200
    assert anonymous["Cache-Control"].startswith("public, max-age=60")
    client.force_login(bob)
    for path in (url, "/"):
        desk = client.get(path)
        assert desk.status_code == 200
        assert desk["Cache-Control"] == "private, no-cache"
