"""The "checked before?" panel in a real browser: an editor sees that a new claim was checked
before, by us and by another desk, with a different number, and merges it only once she has
confirmed that the numbers differ."""

from __future__ import annotations

import pytest

from claims.models import Claim
from factcheck.lib.matching.claimreview import Review
from matching.services import ExternalClaimData, external_claims_import
from tests.browser.conftest import login
from tests.factories import ClaimFactory, EvidenceFactory, UserFactory, publish

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CHECKED = "13,000 people died in the floods in the north last spring."
INCOMING = "14,000 people died in the floods in the north last spring."


def test_an_editor_sees_the_panel_and_merges_a_claim_into_the_one_checked_before(live_server, page):
    alice = UserFactory(username="alice", role="Fact-checker")
    bob = UserFactory(username="bob", role="Editor")
    carol = UserFactory(username="carol", role="Editor")
    checked = ClaimFactory(text=CHECKED, claim_reviewed="Flood toll")
    publish(checked, alice, bob, carol, label="False")
    review = Review(
        "https://other.example/floods", "https://other.example/floods", "Other Desk",
        "other.example", "Flood toll inflated", "Mostly false", None, "en",
    )  # fmt: skip
    external_claims_import(items=[ExternalClaimData("ext-floods", CHECKED, reviews=(review,))])
    incoming = ClaimFactory(text=INCOMING, claim_reviewed="Flood toll, again")
    evidence = EvidenceFactory(claim=incoming)

    login(page, live_server, "bob")
    page.goto(f"{live_server.url}/admin/claims/claim/{incoming.pk}/change/")
    panel = page.locator("#checked-before")
    panel.wait_for()
    matches = page.inner_text("#checked-before-matches")
    assert "Other Desk" in matches and "Mostly false" in matches
    assert "This desk" in matches and "False" in matches
    assert "checked claim says 13,000; this text says 14,000" in matches

    page.locator("#checked-before-matches tr.checked-before-claim a.merge-into").first.click()
    page.wait_for_selector("#merge-form")
    assert "checked claim says 13,000; this text says 14,000" in page.inner_text(
        "#merge-number-warning"
    )
    page.click("#merge-confirm")  # without confirming the numbers: refused
    page.wait_for_selector(".messagelist")
    assert "different numbers" in page.inner_text(".messagelist")
    incoming.refresh_from_db()
    assert incoming.duplicate_of_id is None

    page.check("#id_numbers_confirmed")
    with page.expect_navigation():
        page.click("#merge-confirm")
    assert page.url.endswith(f"/admin/claims/claim/{checked.pk}/change/")
    assert "Merged" in page.inner_text(".messagelist")
    incoming.refresh_from_db()
    evidence.refresh_from_db()
    assert incoming.duplicate_of_id == checked.pk
    assert incoming.status == Claim.Status.DISMISSED
    assert evidence.claim_id == checked.pk
