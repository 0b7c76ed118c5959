"""The public fact-check page as a reader's browser sees it."""

from __future__ import annotations

import json

import pytest

from claims.models import Claim
from tests.factories import ClaimFactory, UserFactory, publish_through_workflow

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HOSTILE = '<img src=x onerror="window.__pwned = 1">Prices fell 40%'


def _published(text: str):
    claim = ClaimFactory(text=text, claim_reviewed=text)
    return publish_through_workflow(
        claim,
        author=UserFactory(role="Fact-checker"),
        approver=UserFactory(role="Editor"),
        label="False",
        headline="No, prices rose",
        summary="Official data show a 3% rise.",
        rationale="The **index** rose.",
        stance="refutes",
    )


def test_a_reader_sees_the_rating_and_the_page_carries_claimreview(live_server, page):
    verdict = _published("Prices fell 40% last year.")
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    missing: list[str] = []
    page.on("response", lambda r: missing.append(r.url) if r.status >= 400 else None)
    page.goto(live_server.url + verdict.get_absolute_url())
    assert page.inner_text("h1") == "No, prices rose"
    assert page.inner_text(".rating-label") == "False"
    assert page.inner_html(".rationale").count("<strong>index</strong>") == 1
    data = json.loads(page.text_content('script[type="application/ld+json"]'))
    assert data["@type"] == "ClaimReview"
    assert data["reviewRating"]["alternateName"] == "False"
    assert data["url"].endswith(verdict.get_absolute_url())  # canonical site URL + path
    assert not errors, (errors, missing)


def test_hostile_claim_text_is_shown_not_run(live_server, page):
    verdict = _published(HOSTILE)
    page.goto(live_server.url + verdict.get_absolute_url())
    assert HOSTILE in page.inner_text("blockquote")
    assert page.evaluate("window.__pwned") is None
    assert Claim.objects.get().text == HOSTILE


def test_a_reader_goes_from_the_front_page_to_a_fact_check_and_its_methodology(live_server, page):
    verdict = _published(HOSTILE)
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(live_server.url + "/")
    assert page.inner_text("h1") == "Latest fact-checks"
    assert HOSTILE in page.inner_text(".claim-line q")
    page.click(".fact-check-list .headline")
    page.wait_for_url("**" + verdict.get_absolute_url())
    assert page.inner_text("h1") == "No, prices rose"
    page.click("text=How we fact-check >> nth=0")
    page.wait_for_url("**/methodology/")
    assert page.is_visible("text=Truthfulness scale")
    assert page.evaluate("window.__pwned") is None
    assert not errors
