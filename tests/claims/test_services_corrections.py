"""A claim readers have seen is put right in the open: its wording or claimant changes only
with a newly published version of its fact-check, which carries the public note."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from claims import services
from claims.models import Claim, Speaker, Verdict
from claims.services import edits
from claims.services import verdicts as rules
from tests.factories import ClaimFactory, SpeakerFactory, truth_rating

pytestmark = pytest.mark.django_db


def _publish(verdict: Verdict, author, approver) -> Verdict:
    services.verdict_submit(verdict=verdict, actor=author)
    services.verdict_approve(verdict=verdict, actor=approver)
    return services.verdict_publish(verdict=verdict, actor=approver)


def _public_claim(slug: str) -> dict:
    return Client().get(f"/api/v1/fact-checks/{slug}/").json()["claim"]


def test_a_correction_rewords_and_reattributes_the_claim_when_it_is_published(
    published_verdict, bob, carol
):
    claim = published_verdict.claim
    wrong_speaker = claim.claimant
    right_speaker = SpeakerFactory(name="Ana Ruiz")
    correction = services.verdict_correct(
        verdict=published_verdict,
        actor=bob,
        kind="correction",
        note="We misattributed this quote; it was Ana Ruiz.",
        claim_reviewed="Prices rose 4.5 percent in 2025",
        claimant=right_speaker,
    )
    assert correction.claim_changes == {
        "claim_reviewed": "Prices rose 4.5 percent in 2025",
        "claimant": right_speaker.pk,
    }
    before = _public_claim(claim.slug)
    assert before["claimant"]["name"] == wrong_speaker.name  # nothing public moves yet
    assert before["claim_reviewed"] == claim.claim_reviewed
    _publish(correction, bob, carol)
    after = _public_claim(claim.slug)
    assert after["claimant"]["name"] == "Ana Ruiz"
    assert after["claim_reviewed"] == "Prices rose 4.5 percent in 2025"
    assert Speaker.objects.get(pk=wrong_speaker.pk).published_count == 0
    assert Speaker.objects.get(pk=right_speaker.pk).published_count == 1
    notes = Client().get(f"/api/v1/fact-checks/{claim.slug}/").json()["corrections"]
    assert notes[-1]["note"].startswith("We misattributed")


def test_after_a_retraction_a_new_verdict_can_fix_the_claimant(published_verdict, alice, bob):
    claim = published_verdict.claim
    services.verdict_retract(verdict=published_verdict, actor=bob, note="Misattributed.")
    with pytest.raises(ValidationError, match="correction"):
        edits.claim_update(claim=claim, actor=alice, claimant=None)
    verdict = services.verdict_create(
        claim=claim, rating=truth_rating(), headline="Republished", summary="s", rationale="r",
        author=alice, claimant=None,
    )  # fmt: skip
    _publish(verdict, alice, bob)
    assert Claim.objects.get(pk=claim.pk).claimant_id is None
    assert _public_claim(claim.slug)["claimant"] is None


def test_claim_changes_in_a_first_verdict_are_refused(claim, alice):
    with pytest.raises(ValidationError, match=rules.CLAIM_CHANGES_NEED_PUBLIC_CLAIM):
        services.verdict_create(
            claim=claim, rating=truth_rating(), headline="h", summary="s", rationale="r",
            author=alice, claim_reviewed="Another wording",
        )  # fmt: skip


def test_an_empty_wording_is_refused(published_verdict, bob):
    with pytest.raises(ValidationError, match=rules.EMPTY_CLAIM_WORDING):
        services.verdict_correct(
            verdict=published_verdict, actor=bob, kind="correction", note="n", claim_reviewed=" "
        )


def test_a_published_versions_claim_changes_are_frozen(published_verdict, bob, carol):
    correction = services.verdict_correct(
        verdict=published_verdict, actor=bob, kind="clarification", note="Wording.",
        claim_reviewed="Clearer wording",
    )  # fmt: skip
    published = _publish(correction, bob, carol)
    published.claim_changes = {"claim_reviewed": "Rewritten in place"}
    with pytest.raises(ValidationError):
        published.save()


def test_the_desk_api_corrects_a_claimant(published_verdict, bob, carol):
    from rest_framework.test import APIClient

    speaker = SpeakerFactory(name="Lee Marr")
    client = APIClient()
    client.force_authenticate(bob)
    response = client.post(
        f"/api/v1/desk/verdicts/{published_verdict.pk}/correct/",
        {"kind": "correction", "note": "Wrong speaker.", "claimant": speaker.pk},
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["claim_changes"] == {"claimant": speaker.pk}
    correction = Verdict.objects.get(pk=response.json()["id"])
    _publish(correction, bob, carol)
    assert _public_claim(published_verdict.claim.slug)["claimant"]["name"] == "Lee Marr"


def test_the_admin_correction_page_offers_the_claim_fields(client, published_verdict, bob):
    from django.urls import reverse

    client.force_login(bob)
    url = reverse("admin:claims_verdict_correct", args=[published_verdict.pk])
    page = client.get(url)
    assert page.status_code == 200
    form = page.context["form"]
    assert form.initial["claim_reviewed"] == published_verdict.claim.claim_reviewed
    response = client.post(
        url,
        {
            "kind": "correction",
            "note": "Reworded.",
            "rating": published_verdict.rating_id,
            "headline": published_verdict.headline,
            "summary": published_verdict.summary,
            "rationale": published_verdict.rationale,
            "claim_reviewed": "A reworded claim",
            "claimant": published_verdict.claim.claimant_id,
        },
    )
    assert response.status_code == 302
    new = Verdict.objects.get(supersedes=published_verdict)
    assert new.claim_changes == {"claim_reviewed": "A reworded claim"}
    assert ClaimFactory._meta.model.objects.get(pk=published_verdict.claim_id).claim_reviewed != (
        "A reworded claim"
    )


def test_the_database_refuses_rewriting_a_published_versions_claim_changes(
    published_verdict, bob, carol
):
    """QuerySet.update() skips save(); PostgreSQL's trigger still holds the line."""
    from django.db import DatabaseError, connection, transaction

    if connection.vendor != "postgresql":
        pytest.skip("the trigger is PostgreSQL's")
    correction = services.verdict_correct(
        verdict=published_verdict, actor=bob, kind="clarification", note="Wording.",
        claim_reviewed="Clearer wording",
    )  # fmt: skip
    _publish(correction, bob, carol)
    with pytest.raises(DatabaseError), transaction.atomic():
        Verdict.objects.filter(pk=correction.pk).update(claim_changes={"claim_reviewed": "x"})


def test_the_admin_writes_the_next_verdict_after_a_retraction_with_a_new_claimant(
    client, published_verdict, alice, bob
):
    from django.urls import reverse

    claim = published_verdict.claim
    services.verdict_retract(verdict=published_verdict, actor=bob, note="Misattributed.")
    right = SpeakerFactory(name="Lee Marr")
    client.force_login(alice)
    form = {
        "claim": claim.pk,
        "rating": truth_rating().pk,
        "headline": "Republished",
        "summary": "s",
        "rationale": "r",
        "new_claimant": right.pk,
    }
    assert client.post(reverse("admin:claims_verdict_add"), form).status_code == 302
    verdict = Verdict.objects.get(claim=claim, status="draft")
    assert verdict.claim_changes == {"claimant": right.pk}
    _publish(verdict, alice, bob)
    assert _public_claim(claim.slug)["claimant"]["name"] == "Lee Marr"


def test_the_admin_refuses_claim_changes_on_a_claim_nobody_has_seen(client, claim, alice):
    from django.urls import reverse

    client.force_login(alice)
    response = client.post(
        reverse("admin:claims_verdict_add"),
        {
            "claim": claim.pk,
            "rating": truth_rating().pk,
            "headline": "h",
            "summary": "s",
            "rationale": "r",
            "new_claim_reviewed": "Another wording",
        },
    )
    assert response.status_code == 200
    assert rules.CLAIM_CHANGES_NEED_PUBLIC_CLAIM in response.content.decode().replace("&#x27;", "'")
    assert not Verdict.objects.exists()
