"""An approval covers the claim and the evidence a verdict stands on, not only its text.

Changing the statement, its claimant or the evidence after approval sends the verdict back
for review, and whoever changed them may not approve it themselves (the two-person rule)."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from claims import services
from claims.models import Verdict
from claims.services import edits
from claims.services import verdicts as rules
from tests.factories import ClaimFactory, SourceFactory, truth_rating

pytestmark = pytest.mark.django_db


@pytest.fixture
def approved(claim, alice, bob):
    services.evidence_add(claim=claim, source=SourceFactory(), stance="supports", actor=alice)
    verdict = services.verdict_create(
        claim=claim, rating=truth_rating(), headline="h", summary="s", rationale="r", author=alice
    )
    services.verdict_submit(verdict=verdict, actor=alice)
    return services.verdict_approve(verdict=verdict, actor=bob)


def _reload(verdict: Verdict) -> Verdict:
    return Verdict.objects.get(pk=verdict.pk)


def test_rewording_the_claim_after_approval_voids_the_approval(approved, alice, carol):
    edits.claim_update(claim=approved.claim, actor=alice, claim_reviewed="Changed after approval")
    verdict = _reload(approved)
    assert (verdict.status, verdict.approved_by_id, verdict.approved_at) == (
        "submitted",
        None,
        None,
    )
    with pytest.raises(ValidationError, match=rules.WRONG_STATUS):
        services.verdict_publish(verdict=verdict, actor=carol)


def test_removing_the_claimant_after_approval_voids_the_approval(approved, alice):
    edits.claim_update(claim=approved.claim, actor=alice, claimant=None)
    assert _reload(approved).status == "submitted"


def test_triage_fields_do_not_void_an_approval(approved, alice):
    edits.claim_update(claim=approved.claim, actor=alice, checkworthiness=0.9)
    assert _reload(approved).status == "approved"


def test_adding_evidence_after_approval_voids_it_and_the_adder_cannot_approve(approved, bob, carol):
    services.evidence_add(claim=approved.claim, source=SourceFactory(), stance="refutes", actor=bob)
    verdict = _reload(approved)
    assert verdict.status == "submitted" and verdict.last_edited_by_id == bob.pk
    with pytest.raises(PermissionDenied, match=rules.EDITOR_APPROVAL):
        services.verdict_approve(verdict=verdict, actor=bob)
    assert services.verdict_approve(verdict=verdict, actor=carol).status == "approved"


def test_changing_or_removing_evidence_after_approval_voids_it(approved, alice, bob):
    evidence = approved.claim.evidence.get()
    edits.evidence_update(evidence=evidence, actor=alice, excerpt="A different excerpt")
    assert _reload(approved).status == "submitted"
    services.verdict_approve(verdict=_reload(approved), actor=bob)
    edits.evidence_remove(evidence=evidence, actor=alice)
    assert _reload(approved).status == "submitted"


def test_an_internal_note_on_evidence_keeps_the_approval(approved, alice):
    evidence = approved.claim.evidence.get()
    edits.evidence_update(evidence=evidence, actor=alice, note="Called the press office.")
    assert _reload(approved).status == "approved"


def test_merging_a_duplicates_evidence_in_voids_the_approval(approved, alice, bob):
    duplicate = ClaimFactory()
    services.evidence_add(claim=duplicate, source=SourceFactory(), stance="context", actor=alice)
    services.claim_merge(duplicate=duplicate, into=approved.claim, actor=bob)
    assert _reload(approved).status == "submitted"


def test_a_draft_is_left_alone_by_claim_changes(claim, alice):
    verdict = services.verdict_create(
        claim=claim, rating=truth_rating(), headline="h", summary="s", rationale="r", author=alice
    )
    edits.claim_update(claim=claim, actor=alice, claim_reviewed="Reworded while drafting")
    verdict = _reload(verdict)
    assert verdict.status == "draft" and verdict.last_edited_by_id in (None, alice.pk)
