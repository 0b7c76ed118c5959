"""The review loop (claims/services/review.py and the verdict steps that use it): reasons,
notes, withdrawals, notifications, and what an approval covers."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from claims import services
from claims.models import Note, Notification, Rating, Verdict
from claims.selectors import dashboard_for
from claims.services import edits
from claims.services import verdicts as rules
from claims.services.sources import source_update
from factcheck.lib.permissions import SYSTEM
from ingestion.services import source_ingest
from tests.factories import (
    ARTICLE,
    ClaimFactory,
    EvidenceFactory,
    SourceFactory,
    SpeakerFactory,
    UserFactory,
    publish,
    publish_through_workflow,
    truth_rating,
)

pytestmark = pytest.mark.django_db


def _submitted(claim, author):
    EvidenceFactory(claim=claim)
    verdict = services.verdict_create(
        claim=claim,
        rating=truth_rating(),
        headline="Headline",
        summary="Summary",
        rationale="Rationale",
        author=author,
    )
    return services.verdict_submit(verdict=verdict, actor=author)


def _approved(claim, author, approver):
    return services.verdict_approve(verdict=_submitted(claim, author), actor=approver)


# --- reject, withdraw, notes -------------------------------------------------------------


def test_it_refuses_to_send_a_verdict_back_without_a_reason(claim, alice, bob):
    verdict = _submitted(claim, alice)
    with pytest.raises(ValidationError, match=rules.REASON_REQUIRED):
        services.verdict_reject(verdict=verdict, actor=bob, reason="  ")
    verdict.refresh_from_db()
    assert verdict.status == Verdict.Status.SUBMITTED


def test_the_reason_is_stored_on_the_draft_and_its_author_is_told(
    claim, alice, bob, django_capture_on_commit_callbacks
):
    verdict = _submitted(claim, alice)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.verdict_reject(verdict=verdict, actor=bob, reason="Cite the 2021 census.")
    verdict.refresh_from_db()
    assert verdict.status == Verdict.Status.DRAFT
    note = verdict.notes.get()
    assert (note.kind, note.body, note.author) == (
        Note.Kind.REJECTION,
        "Cite the 2021 census.",
        bob,
    )
    told = Notification.objects.get(recipient=alice, verb=Notification.Verb.REJECTED)
    assert told.verdict == verdict
    assert [m.to for m in mail.outbox] == [[alice.email]]
    assert "Cite the 2021 census." in mail.outbox[0].body


def test_only_the_author_withdraws_a_submitted_verdict(claim, alice, bob):
    verdict = _submitted(claim, alice)
    with pytest.raises(PermissionDenied):
        services.verdict_withdraw(verdict=verdict, actor=bob)
    services.verdict_withdraw(verdict=verdict, actor=alice)
    verdict.refresh_from_db()
    assert (verdict.status, verdict.submitted_at) == (Verdict.Status.DRAFT, None)
    with pytest.raises(ValidationError):
        services.verdict_withdraw(verdict=verdict, actor=alice)


def test_a_note_mentioning_a_colleague_notifies_them_by_e_mail(
    claim, alice, bob, mallory, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        note = services.note_add(
            claim=claim, body="@Bob can you check the source? cc @mallory @nobody", actor=alice
        )
    assert list(note.mentions.all()) == [bob]  # mallory is not on the desk
    assert Notification.objects.filter(recipient=bob, verb="mentioned").count() == 1
    assert [m.to for m in mail.outbox] == [[bob.email]]


def test_outsiders_cannot_write_notes_and_empty_notes_are_refused(claim, alice, mallory):
    with pytest.raises(PermissionDenied):
        services.note_add(claim=claim, body="hello", actor=mallory)
    with pytest.raises(ValidationError, match="needs some text"):
        services.note_add(claim=claim, body=" ", actor=alice)


def test_each_workflow_step_notifies_the_people_who_act_next(
    claim, alice, bob, carol, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.claim_assign(claim=claim, assignee=alice, actor=bob)
        verdict = _submitted(claim, alice)
        services.verdict_approve(verdict=verdict, actor=bob)
        services.verdict_publish(verdict=verdict, actor=carol)
    verbs = {
        (n.recipient.username, n.verb) for n in Notification.objects.select_related("recipient")
    }
    assert verbs >= {
        ("alice", "assigned"),
        ("bob", "submitted"),
        ("carol", "submitted"),
        ("alice", "approved"),
        ("carol", "approved"),
        ("alice", "published"),
        ("bob", "published"),
    }
    assert ("alice", "submitted") not in verbs  # never the actor
    assert len(mail.outbox) >= 6


def test_claims_are_assigned_to_anyone_on_the_desk_but_nobody_else(claim, bob, carol, mallory):
    services.claim_assign(claim=claim, assignee=carol, actor=bob)
    claim.refresh_from_db()
    assert claim.assignee == carol
    with pytest.raises(ValidationError, match="on the desk"):
        services.claim_assign(claim=claim, assignee=mallory, actor=bob)


def test_a_checked_claim_seen_in_a_new_article_notifies_its_authors(
    alice, bob, carol, django_capture_on_commit_callbacks
):
    claim = ClaimFactory(assignee=bob)
    publish(claim, alice, bob, carol)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        sent = services.notify_claim_reappeared(claim, SourceFactory(title="Evening Post"))
    assert {n.recipient for n in sent} == {alice, bob}
    assert "Evening Post" in mail.outbox[0].body
    assert services.notify_claim_reappeared(ClaimFactory(), SourceFactory()) == []


def test_the_dashboard_lists_returned_submitted_and_waiting_work_and_unread_count(
    claim, alice, bob, carol
):
    verdict = _submitted(claim, alice)
    assert dashboard_for(alice)["submitted_by_me"] == [verdict]
    assert dashboard_for(bob)["awaiting_review"] == [verdict]
    services.verdict_reject(verdict=verdict, actor=bob, reason="Needs a source.")
    alice_desk = dashboard_for(alice)
    assert alice_desk["returned_to_me"] == [verdict]
    assert alice_desk["my_drafts"] == []
    assert alice_desk["unread_count"] >= 1
    services.verdict_update(verdict=verdict, actor=bob, headline="Bob's headline")
    services.verdict_submit(verdict=verdict, actor=alice)
    assert dashboard_for(bob)["awaiting_review"] == []  # bob edited it: not his to approve
    assert dashboard_for(carol)["awaiting_review"] == [verdict]


# --- what an approval covers -------------------------------------------------------------


def _sent_back_because(verdict, *, author, approver, words: str) -> None:
    """``verdict`` went back to review by itself, saying why in its history, and its author
    and approver were told."""
    verdict.refresh_from_db()
    assert verdict.status == Verdict.Status.SUBMITTED
    assert verdict.approved_by is None and verdict.approval_snapshot == {}
    reason = verdict.history.order_by("-history_id").first().history_change_reason
    assert reason.startswith("Back to review:") and words in reason
    told = Notification.objects.filter(verdict=verdict, verb=Notification.Verb.APPROVAL_VOIDED)
    assert {author, approver} <= {n.recipient for n in told}
    assert any(words in m.body for m in mail.outbox)


def test_a_claimant_role_changed_after_approval_sends_the_verdict_back_with_a_reason(
    alice, bob, carol, django_capture_on_commit_callbacks
):
    speaker = SpeakerFactory(role="Mayor")
    claim = ClaimFactory(claimant=speaker)
    verdict = _approved(claim, alice, bob)
    with django_capture_on_commit_callbacks(execute=True):
        edits.speaker_update(speaker=speaker, actor=carol, role="Governor")
    _sent_back_because(verdict, author=alice, approver=bob, words="the claimant's role")
    # Whoever changed it counts as an editor; the first approver approves it as it stands.
    with pytest.raises(PermissionDenied):
        services.verdict_approve(verdict=verdict, actor=carol)
    services.verdict_approve(verdict=verdict, actor=bob)
    assert services.verdict_publish(verdict=verdict, actor=carol).status == "published"


def test_a_speaker_edit_that_readers_do_not_see_keeps_the_approval(claim, alice, bob, carol):
    speaker = SpeakerFactory(role="Mayor")
    claim = ClaimFactory(claimant=speaker)
    verdict = _approved(claim, alice, bob)
    edits.speaker_update(speaker=speaker, actor=carol, role="Mayor")
    verdict.refresh_from_db()
    assert verdict.status == Verdict.Status.APPROVED


def test_an_evidence_source_re_pointed_after_approval_sends_the_verdict_back(
    claim, alice, bob, carol, django_capture_on_commit_callbacks
):
    verdict = _approved(claim, alice, bob)
    source = claim.evidence.get().source
    with django_capture_on_commit_callbacks(execute=True):
        source_update(source=source, actor=carol, url="https://elsewhere.example/x", title="Other")
    _sent_back_because(verdict, author=alice, approver=bob, words="url, title")


def test_an_evidence_excerpt_changed_after_approval_sends_the_verdict_back_saying_so(
    claim, alice, bob, carol, django_capture_on_commit_callbacks
):
    verdict = _approved(claim, alice, bob)
    with django_capture_on_commit_callbacks(execute=True):
        edits.evidence_update(evidence=claim.evidence.get(), actor=carol, excerpt="Other words")
    _sent_back_because(verdict, author=alice, approver=bob, words="(excerpt)")


def test_a_new_appearance_after_approval_sends_the_verdict_back(
    alice, bob, carol, django_capture_on_commit_callbacks
):
    claim = ClaimFactory(text="Taxes doubled.")
    verdict = _approved(claim, alice, bob)
    source = SourceFactory(body="He said: Taxes doubled.", title="Late article")
    with django_capture_on_commit_callbacks(execute=True):
        services.appearance_create(
            actor=SYSTEM, claim=claim, source=source, quote_text="Taxes doubled.", start=9, end=23
        )
    _sent_back_because(verdict, author=alice, approver=bob, words="new appearance")


def test_a_rating_scale_changed_after_approval_stops_publication(claim, alice, bob, carol):
    """A change made around the services (the shell, a data migration) is still caught."""
    verdict = _approved(claim, alice, bob)
    Rating.objects.create(scale=verdict.rating.scale, label="Needs context")  # no value
    with pytest.raises(ValidationError, match="rating scale"):
        services.verdict_publish(verdict=verdict, actor=carol)


def test_a_rating_added_to_a_scale_in_the_admin_sends_its_approved_verdicts_back(
    claim, alice, bob, django_capture_on_commit_callbacks
):
    verdict = _approved(claim, alice, bob)
    admin = Client()
    admin.force_login(UserFactory(username="ada", role="Admin"))
    with django_capture_on_commit_callbacks(execute=True):
        response = admin.post(
            reverse("admin:claims_rating_add"),
            {
                "scale": verdict.rating.scale_id,
                "label": "Needs context",
                "order": 99,
                "colour": "#777777",
            },
        )
    assert response.status_code == 302, response.content[:2000]
    _sent_back_because(verdict, author=alice, approver=bob, words="the rating scale")


def test_an_editor_who_changed_the_rating_cannot_approve_after_someone_elses_trivial_edit(
    claim, alice, bob, carol
):
    verdict = _submitted(claim, alice)
    services.verdict_reject(verdict=verdict, actor=carol, reason="Rating too soft.")
    services.verdict_update(verdict=verdict, actor=bob, rating=truth_rating("False"))
    services.verdict_update(verdict=verdict, actor=alice, summary="Summary, typo fixed")
    services.verdict_submit(verdict=verdict, actor=alice)
    assert "approve" not in services.verdict_available_actions(verdict, bob)
    with pytest.raises(PermissionDenied, match="cannot approve"):
        services.verdict_approve(verdict=verdict, actor=bob)
    assert services.verdict_approve(verdict=verdict, actor=carol).approved_by == carol


def test_a_valued_rating_cannot_move_into_or_out_of_a_published_scale(published_verdict):
    published_scale = published_verdict.rating.scale
    other = Rating.objects.exclude(scale=published_scale).filter(value__isnull=False).first()
    other.scale = published_scale
    other.label = "Moved in"
    with pytest.raises(ValidationError):
        other.save()
    leaving = published_scale.ratings.exclude(pk=published_verdict.rating_id).exclude(
        value__isnull=True
    )[0]
    leaving.scale = other.__class__.objects.get(pk=other.pk).scale
    with pytest.raises(ValidationError):
        leaving.save()
    spare = Rating.objects.create(scale=published_scale, label="Spare")  # no value: allowed
    assert spare.pk


def test_a_published_claim_seen_in_a_newly_ingested_article_tells_its_author(
    alice, bob, carol, django_capture_on_commit_callbacks
):
    first = source_ingest(text=ARTICLE, title="Morning news", actor=SYSTEM)
    claim = first.source.appearances.get(quote_text__startswith="More than 13,000").claim
    EvidenceFactory(claim=claim)
    publish_through_workflow(claim, author=alice, approver=bob, publisher=carol)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        source_ingest(
            text="Late report.\n\nMore than 13,000 people have died in the conflict since 2014.\n",
            title="Evening Post",
            url="https://evening.example/post",
            actor=SYSTEM,
        )

    told = Notification.objects.filter(claim=claim, verb=Notification.Verb.REAPPEARED)
    assert [n.recipient for n in told] == [alice]
    assert [m.to for m in mail.outbox] == [[alice.email]]
    assert "Evening Post" in mail.outbox[0].body
