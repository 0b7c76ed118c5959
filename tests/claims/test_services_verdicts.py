"""The verdict workflow rules, as the services enforce them."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from claims import services
from claims.models import PUBLISHED_VERDICT_IS_IMMUTABLE, Claim, Speaker, Verdict
from claims.services import edits
from claims.services import verdicts as rules
from tests.factories import (
    ClaimFactory,
    EvidenceFactory,
    SourceFactory,
    SpeakerFactory,
    VerdictFactory,
    promise_rating,
    truth_rating,
)


def _draft(claim, author, rating=None):
    return services.verdict_create(
        claim=claim,
        rating=rating or truth_rating(),
        headline="Headline",
        summary="Summary",
        rationale="Rationale",
        author=author,
    )


def _approved(claim, author, editor):
    verdict = _draft(claim, author)
    services.verdict_submit(verdict=verdict, actor=author)
    return services.verdict_approve(verdict=verdict, actor=editor)


def test_it_takes_a_verdict_from_draft_to_published(claim, alice, bob, carol):
    EvidenceFactory(claim=claim)
    verdict = _draft(claim, alice)
    claim.refresh_from_db()
    assert claim.status == Claim.Status.IN_REVIEW

    services.verdict_submit(verdict=verdict, actor=alice)
    services.verdict_approve(verdict=verdict, actor=bob)
    services.verdict_publish(verdict=verdict, actor=carol)

    verdict.refresh_from_db()
    claim.refresh_from_db()
    assert verdict.status == Verdict.Status.PUBLISHED
    assert verdict.approved_by == bob
    assert verdict.published_by == carol
    assert verdict.published_at is not None
    assert claim.status == Claim.Status.PUBLISHED


def test_it_refuses_to_let_the_author_approve_their_own_verdict(claim, bob):
    verdict = _draft(claim, bob)
    services.verdict_submit(verdict=verdict, actor=bob)
    with pytest.raises(PermissionDenied, match=rules.SELF_APPROVAL):
        services.verdict_approve(verdict=verdict, actor=bob)
    verdict.refresh_from_db()
    assert verdict.status == Verdict.Status.SUBMITTED


def test_the_database_rejects_an_approver_who_is_the_author(claim, bob):
    verdict = VerdictFactory(claim=claim, author=bob)
    with pytest.raises(IntegrityError), transaction.atomic():
        Verdict.objects.filter(pk=verdict.pk).update(approved_by=bob)


def test_a_fact_checker_cannot_approve_or_publish(claim, alice, bob):
    verdict = _draft(claim, bob)
    services.verdict_submit(verdict=verdict, actor=bob)
    with pytest.raises(PermissionDenied):
        services.verdict_approve(verdict=verdict, actor=alice)
    with pytest.raises(PermissionDenied):
        services.verdict_publish(verdict=verdict, actor=alice)


def test_an_outsider_cannot_start_a_verdict(claim, mallory):
    with pytest.raises(PermissionDenied):
        _draft(claim, mallory)
    assert not Verdict.objects.exists()


def test_it_rejects_publishing_a_verdict_without_sources(claim, alice, bob):
    verdict = _approved(claim, alice, bob)
    with pytest.raises(ValidationError, match=rules.NO_EVIDENCE):
        services.verdict_publish(verdict=verdict, actor=bob)
    verdict.refresh_from_db()
    assert verdict.status == Verdict.Status.APPROVED


def test_it_rejects_a_truthfulness_rating_on_a_promise(alice):
    promise = ClaimFactory(kind=Claim.Kind.PROMISE)
    with pytest.raises(ValidationError, match=rules.SCALE_DOES_NOT_FIT):
        _draft(promise, alice, rating=truth_rating("False"))
    verdict = _draft(promise, alice, rating=promise_rating("Broken"))
    assert verdict.rating.scale.slug == "promise"


def test_it_rejects_a_promise_rating_on_a_statistic(claim, alice):
    with pytest.raises(ValidationError, match=rules.SCALE_DOES_NOT_FIT):
        _draft(claim, alice, rating=promise_rating())


def test_it_skips_no_step_of_the_workflow(claim, alice, bob):
    EvidenceFactory(claim=claim)
    verdict = _draft(claim, alice)
    with pytest.raises(ValidationError, match=rules.WRONG_STATUS):
        services.verdict_approve(verdict=verdict, actor=bob)
    with pytest.raises(ValidationError, match=rules.WRONG_STATUS):
        services.verdict_publish(verdict=verdict, actor=bob)


def test_only_one_verdict_per_claim_can_be_in_progress(claim, alice, bob):
    _draft(claim, alice)
    with pytest.raises(ValidationError, match=rules.OPEN_VERDICT_EXISTS):
        _draft(claim, bob)


def test_the_database_allows_one_published_verdict_per_claim(published_verdict, bob):
    second = VerdictFactory(
        claim=published_verdict.claim, version=2, status=Verdict.Status.SUBMITTED
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Verdict.objects.filter(pk=second.pk).update(status=Verdict.Status.PUBLISHED)


def test_a_published_verdict_cannot_be_edited_in_place(published_verdict):
    published_verdict.headline = "Quietly changed"
    with pytest.raises(ValidationError, match=PUBLISHED_VERDICT_IS_IMMUTABLE):
        published_verdict.save()
    published_verdict.refresh_from_db()
    assert published_verdict.headline == "Toll is right"


def test_a_draft_can_be_edited_but_not_once_submitted(claim, alice):
    verdict = _draft(claim, alice)
    services.verdict_update(verdict=verdict, actor=alice, headline="Better headline")
    verdict.refresh_from_db()
    assert verdict.headline == "Better headline"
    services.verdict_submit(verdict=verdict, actor=alice)
    with pytest.raises(ValidationError, match=rules.WRONG_STATUS):
        services.verdict_update(verdict=verdict, actor=alice, headline="Sneaky")


def test_a_correction_needs_a_public_note(published_verdict, bob):
    with pytest.raises(ValidationError, match=rules.NOTE_REQUIRED):
        services.verdict_correct(verdict=published_verdict, actor=bob, kind="correction", note=" ")


def test_a_correction_goes_through_review_and_keeps_the_old_version(
    published_verdict, alice, bob, carol
):
    correction = services.verdict_correct(
        verdict=published_verdict,
        actor=bob,
        kind="correction",
        note="The toll was updated by the UN in 2022.",
        rating=truth_rating("Mostly true"),
    )
    assert correction.version == 2
    assert correction.status == Verdict.Status.DRAFT
    published_verdict.refresh_from_db()
    assert published_verdict.status == Verdict.Status.PUBLISHED  # still public meanwhile

    services.verdict_submit(verdict=correction, actor=bob)
    with pytest.raises(PermissionDenied):
        services.verdict_approve(verdict=correction, actor=bob)
    services.verdict_approve(verdict=correction, actor=carol)
    services.verdict_publish(verdict=correction, actor=carol)

    published_verdict.refresh_from_db()
    correction.refresh_from_db()
    assert published_verdict.status == Verdict.Status.SUPERSEDED
    assert published_verdict.headline == "Toll is right"
    assert correction.status == Verdict.Status.PUBLISHED
    assert correction.supersedes == published_verdict
    assert list(Verdict.objects.public().filter(claim=correction.claim)) == [
        correction,
        published_verdict,
    ]


def test_a_fact_checker_cannot_correct_a_published_verdict(published_verdict, alice):
    with pytest.raises(PermissionDenied):
        services.verdict_correct(
            verdict=published_verdict, actor=alice, kind="correction", note="x"
        )


def test_a_retraction_withdraws_the_verdict_and_stays_public(published_verdict, bob):
    retraction = services.verdict_retract(
        verdict=published_verdict, actor=bob, note="The source was fabricated."
    )
    published_verdict.refresh_from_db()
    assert retraction.status == Verdict.Status.RETRACTED
    assert published_verdict.status == Verdict.Status.SUPERSEDED
    assert not Verdict.objects.published().exists()
    assert set(Verdict.objects.public()) == {published_verdict, retraction}
    claim = Claim.objects.get(pk=published_verdict.claim_id)
    assert claim.status == Claim.Status.CHECKWORTHY


def test_a_rejected_verdict_goes_back_to_draft(claim, alice, bob):
    verdict = _draft(claim, alice)
    services.verdict_submit(verdict=verdict, actor=alice)
    services.verdict_reject(verdict=verdict, actor=bob, reason="Cite the census.")
    verdict.refresh_from_db()
    assert verdict.status == Verdict.Status.DRAFT


def test_every_workflow_step_is_recorded_in_history(published_verdict):
    statuses = [h.status for h in published_verdict.history.order_by("history_date")]
    assert statuses == ["draft", "submitted", "approved", "published"]


def test_drafts_are_invisible_to_outsiders_and_the_public(claim, alice, mallory):
    from django.contrib.auth.models import AnonymousUser

    _draft(claim, alice)
    assert Verdict.objects.visible_to(alice).count() == 1
    assert Verdict.objects.visible_to(mallory).count() == 0
    assert Verdict.objects.visible_to(AnonymousUser()).count() == 0


def test_a_dismissed_claim_gets_no_verdict(claim, alice):
    services.claim_dismiss(claim=claim, actor=alice)
    with pytest.raises(ValidationError, match=rules.CLAIM_DISMISSED):
        _draft(claim, alice)


def test_evidence_links_a_source_only_once(claim, alice):
    source = SourceFactory()
    services.evidence_add(claim=claim, source=source, stance="refutes", actor=alice)
    with pytest.raises(ValidationError):
        services.evidence_add(claim=claim, source=source, stance="supports", actor=alice)


def test_the_database_refuses_a_bulk_update_of_a_published_verdict(published_verdict):
    with pytest.raises(IntegrityError), transaction.atomic():
        Verdict.objects.filter(pk=published_verdict.pk).update(headline="Rewritten by SQL")
    published_verdict.refresh_from_db()
    assert published_verdict.headline == "Toll is right"


def test_the_database_still_lets_a_published_verdict_be_superseded(published_verdict):
    Verdict.objects.filter(pk=published_verdict.pk).update(status=Verdict.Status.SUPERSEDED)
    published_verdict.refresh_from_db()
    assert published_verdict.status == Verdict.Status.SUPERSEDED


# --- verdict_delete ------------------------------------------------------------------------


def test_an_admin_who_deletes_a_draft_verdict_puts_its_claim_back_so_it_can_be_dismissed(
    claim, alice
):
    from tests.factories import make_admin

    ada = make_admin()
    verdict = _draft(claim, alice)
    services.verdict_delete(verdict=verdict, actor=ada)
    claim.refresh_from_db()
    assert not Verdict.objects.filter(pk=verdict.pk).exists()
    assert claim.status == Claim.Status.CHECKWORTHY
    services.claim_dismiss(claim=claim, actor=ada)
    claim.refresh_from_db()
    assert claim.status == Claim.Status.DISMISSED


def test_it_deletes_a_submitted_or_approved_verdict_too(claim, alice, bob):
    from tests.factories import make_admin

    verdict = _approved(claim, alice, bob)
    services.verdict_delete(verdict=verdict, actor=make_admin())
    claim.refresh_from_db()
    assert claim.status == Claim.Status.CHECKWORTHY
    assert not claim.verdicts.exists()


def test_deleting_a_correction_draft_leaves_the_published_fact_check_as_it_was(
    published_verdict, bob
):
    from tests.factories import make_admin

    correction = services.verdict_correct(
        verdict=published_verdict, actor=bob, kind="correction", note="Typo.", headline="Fixed"
    )
    services.verdict_delete(verdict=correction, actor=make_admin())
    published_verdict.refresh_from_db()
    assert published_verdict.status == Verdict.Status.PUBLISHED
    assert published_verdict.claim.status == Claim.Status.PUBLISHED


def test_it_never_deletes_a_published_superseded_or_retracted_version(published_verdict, bob):
    from tests.factories import make_admin

    ada = make_admin()
    with pytest.raises(ValidationError, match=rules.VERDICT_NOT_DELETABLE):
        services.verdict_delete(verdict=published_verdict, actor=ada)
    retraction = services.verdict_retract(verdict=published_verdict, actor=bob, note="Wrong.")
    published_verdict.refresh_from_db()
    for version in (published_verdict, retraction):
        with pytest.raises(ValidationError, match=rules.VERDICT_NOT_DELETABLE):
            services.verdict_delete(verdict=version, actor=ada)
    assert Verdict.objects.filter(pk__in=[published_verdict.pk, retraction.pk]).count() == 2


def test_only_a_role_allowed_to_delete_verdicts_deletes_one(claim, alice, bob, mallory):
    verdict = _draft(claim, alice)
    for who in (alice, bob, mallory):
        with pytest.raises(PermissionDenied):
            services.verdict_delete(verdict=verdict, actor=who)
    assert Verdict.objects.filter(pk=verdict.pk).exists()


# --- what a public version keeps ------------------------------------------------------------


def _content_changes(verdict: Verdict) -> dict[str, object]:
    """A different value for every field of ``CONTENT_FIELDS`` (and a few outside it)."""
    from datetime import timedelta

    from tests.factories import UserFactory

    later = verdict.published_at + timedelta(days=1)
    return {
        "rating_id": truth_rating("False").pk,
        "headline": "Rewritten",
        "summary": "Rewritten summary.",
        "rationale": "Rewritten rationale.",
        "claim_id": ClaimFactory().pk,
        "author_id": UserFactory().pk,
        "correction_note": "A note nobody published.",
        "published_at": later,
        "claim_changes": {"claim_reviewed": "Reworded"},
        # Bookkeeping a public version may still change:
        "correction_kind": Verdict.CorrectionKind.UPDATE,
        "submitted_at": later,
        "approved_at": later,
        "updated_at": later,
        "last_edited_by_id": UserFactory().pk,
    }


def test_saving_a_change_to_any_protected_field_of_a_published_verdict_is_refused_clearly(
    published_verdict,
):
    changes = _content_changes(published_verdict)
    for field in Verdict.CONTENT_FIELDS:
        verdict = Verdict.objects.get(pk=published_verdict.pk)
        setattr(verdict, field, changes[field])
        with pytest.raises(ValidationError, match=PUBLISHED_VERDICT_IS_IMMUTABLE):
            verdict.save()
    published_verdict.refresh_from_db()
    assert published_verdict.headline == "Toll is right"


def test_the_content_fields_are_exactly_what_the_database_trigger_protects(published_verdict):
    from django.db import DatabaseError, connection

    if connection.vendor != "postgresql":
        pytest.skip("the trigger exists on PostgreSQL only")
    protected = set()
    for field, value in _content_changes(published_verdict).items():
        try:
            with transaction.atomic():
                Verdict.objects.filter(pk=published_verdict.pk).update(**{field: value})
                transaction.set_rollback(True)
        except DatabaseError:
            protected.add(field)
    assert protected == set(Verdict.CONTENT_FIELDS)


def test_the_database_constraints_name_the_models_status_sets():
    from django.db.models import Q

    constraints = {c.name: c for c in Verdict._meta.constraints}
    published = constraints["verdict_one_published_per_claim"].condition
    open_ = constraints["verdict_one_open_per_claim"].condition
    assert published == Q(status=Verdict.Status.PUBLISHED)
    assert open_ == Q(status__in=list(Verdict.OPEN_STATUSES))


# An approval covers the claim and the evidence a verdict stands on, not only its text:
# changing the statement, its claimant or the evidence after approval sends the verdict back
# for review, and whoever changed them may not approve it themselves (the two-person rule).
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


def test_a_correction_naming_a_deleted_speaker_is_refused_at_publication(
    published_verdict, bob, carol
):
    speaker = SpeakerFactory(name="Soon Gone")
    correction = services.verdict_correct(
        verdict=published_verdict, actor=bob, kind="correction", note="Wrong speaker.",
        claimant=speaker,
    )  # fmt: skip
    services.verdict_submit(verdict=correction, actor=bob)
    services.verdict_approve(verdict=correction, actor=carol)
    Speaker.objects.filter(pk=speaker.pk).delete()
    with pytest.raises(ValidationError, match="no longer exists"):
        services.verdict_publish(verdict=correction, actor=carol)
    assert Verdict.objects.get(pk=correction.pk).status == "approved"
    assert rules.CLAIMANT_GONE


def test_evidence_added_after_publication_is_not_cited_until_a_correction(
    published_verdict, alice, bob, carol
):
    cited = set(published_verdict.cited_evidence.all())
    late = services.evidence_add(
        claim=published_verdict.claim, source=SourceFactory(), stance="context", actor=alice
    )
    assert set(published_verdict.cited_evidence.all()) == cited
    edits.evidence_update(evidence=late, actor=alice, excerpt="Still internal")  # allowed

    correction = services.verdict_correct(
        verdict=published_verdict, actor=bob, kind="update", note="New UN report."
    )
    services.verdict_submit(verdict=correction, actor=bob)
    services.verdict_approve(verdict=correction, actor=carol)
    services.verdict_publish(verdict=correction, actor=carol)
    assert late in correction.cited_evidence.all()
    assert late not in published_verdict.cited_evidence.all()


def test_an_editor_who_rewrote_a_draft_cannot_approve_it(claim, alice, bob, carol):
    verdict = services.verdict_create(
        claim=claim, rating=truth_rating(), headline="h", summary="s", rationale="r", author=alice
    )
    services.verdict_update(verdict=verdict, actor=bob, headline="Bob's headline")
    services.verdict_submit(verdict=verdict, actor=alice)
    with pytest.raises(PermissionDenied, match=rules.EDITOR_APPROVAL):
        services.verdict_approve(verdict=verdict, actor=bob)
    assert "approve" not in services.verdict_available_actions(verdict, bob)
    services.verdict_approve(verdict=verdict, actor=carol)


def test_a_retraction_wins_over_a_correction_in_progress(published_verdict, bob):
    services.verdict_correct(
        verdict=published_verdict, actor=bob, kind="correction", note="Fixing a figure."
    )
    retraction = services.verdict_retract(
        verdict=published_verdict, actor=bob, note="Source was fabricated."
    )
    assert retraction.status == Verdict.Status.RETRACTED
    assert retraction.version == 2
    assert not Verdict.objects.filter(status__in=("draft", "submitted", "approved")).exists()
    assert set(retraction.cited_evidence.all()) == set(published_verdict.cited_evidence.all())


def test_superseding_and_retraction_are_recorded_in_history(published_verdict, bob):
    services.verdict_retract(verdict=published_verdict, actor=bob, note="Withdrawn.")
    statuses = [h.status for h in published_verdict.history.order_by("history_date")]
    assert statuses[-1] == "superseded"
    claim_statuses = [h.status for h in published_verdict.claim.history.order_by("history_date")]
    assert claim_statuses[-1] == "checkworthy"
