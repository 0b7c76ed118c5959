"""The verdict workflow: draft -> submitted -> approved -> published, then corrections.

Every transition locks the verdict row and re-reads its status inside the transaction, so
two editors clicking at once cannot both win. The rules the database can state (one
published verdict per claim, approver is not the author) are also constraints.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from claims.models import Claim, Note, Notification, Rating, Speaker, Verdict
from claims.selectors import approval_drift, reader_facts
from claims.services.review import desk_editors, desk_publishers, note_add, notify
from claims.signals import verdict_event
from factcheck.admin_concurrency import check_unchanged
from factcheck.lib.permissions import Actor, acting_user, recorded_user, require_perm

SCALE_DOES_NOT_FIT = "This rating's scale does not fit the claim's kind."
CLAIM_DISMISSED = "A dismissed or merged claim cannot get a verdict."
OPEN_VERDICT_EXISTS = "This claim already has a verdict in progress."
ALREADY_PUBLISHED = "This claim already has a published verdict; publish a correction instead."
WRONG_STATUS = "This verdict is not in a state that allows this step."
SELF_APPROVAL = "The author of a verdict cannot approve it; a second reviewer must."
EDITOR_APPROVAL = (
    "You changed this verdict's rating, headline, summary or rationale, or what it stands "
    "on, so you cannot approve it; a reviewer who has not edited it must."
)
REASON_REQUIRED = "Say why the verdict goes back, so its author knows what to fix."
WITHDRAW_NOT_AUTHOR = "Only the verdict's author can withdraw it from review."
APPROVAL_STALE = (
    "What readers will see changed since this verdict was approved ({changes}). Send it back "
    "to review so that a second reviewer approves it as it stands now."
)
NO_EVIDENCE = "A verdict cannot be published before at least one evidence source is linked."
NOTE_REQUIRED = "A correction needs a public note saying what changed and why."
NOT_PUBLISHED = "Only a published verdict can be corrected or retracted."
BAD_CORRECTION_KIND = "Choose correction, clarification or update (retraction has its own step)."
VERDICT_NOT_DELETABLE = (
    "Readers may have seen this version, so it cannot be deleted; retract or correct it instead."
)

EDITABLE_FIELDS = ("rating", "headline", "summary", "rationale")
# Changing any of these makes someone an editor of the version (``Verdict.editors``), who
# may then not approve it.
SUBSTANTIVE_FIELDS = EDITABLE_FIELDS
# What a new version may change in a claim readers have seen (applied when it is published).
CLAIM_CORRECTABLE = ("claim_reviewed", "claimant")
CLAIM_CHANGES_NEED_PUBLIC_CLAIM = "This claim has no public fact-check yet: edit the claim itself."
EMPTY_CLAIM_WORDING = "The claim's wording cannot be empty."
CLAIMANT_GONE = (
    "The speaker this version attributes the claim to no longer exists; correct it again."
)


def _locked(verdict: Verdict) -> Verdict:
    return (
        Verdict.objects.select_for_update()
        .select_related("claim", "rating__scale")
        .get(pk=verdict.pk)
    )


def _expect(verdict: Verdict, *statuses: str) -> None:
    if verdict.status not in statuses:
        raise ValidationError(WRONG_STATUS, code="wrong_status")


def _check_rating_fits(claim: Claim, rating: Rating) -> None:
    if not rating.scale.fits(claim.kind):
        raise ValidationError({"rating": SCALE_DOES_NOT_FIT}, code="scale_mismatch")


def _check_open_to_verdicts(claim: Claim) -> None:
    if claim.status == Claim.Status.DISMISSED or claim.duplicate_of_id:
        raise ValidationError(CLAIM_DISMISSED, code="claim_dismissed")
    if claim.verdicts.filter(status__in=Verdict.OPEN_STATUSES).exists():
        raise ValidationError(OPEN_VERDICT_EXISTS, code="open_verdict_exists")


def _save_new(verdict: Verdict) -> Verdict:
    verdict.full_clean(exclude=["claim"])  # the claim row is locked, not re-validated
    verdict.save()
    return verdict


def _claim_changes(claim: Claim, changes: dict) -> dict:
    """The claim fields a new version will change, as stored in ``Verdict.claim_changes``."""
    out: dict = {}
    if "claim_reviewed" in changes:
        wording = (changes["claim_reviewed"] or "").strip()
        if not wording:
            raise ValidationError({"claim_reviewed": EMPTY_CLAIM_WORDING}, code="blank")
        max_length = Claim._meta.get_field("claim_reviewed").max_length
        if max_length and len(wording) > max_length:
            raise ValidationError({"claim_reviewed": f"At most {max_length} characters."})
        if wording != claim.claim_reviewed:
            out["claim_reviewed"] = wording
    if "claimant" in changes:
        speaker = changes["claimant"]
        speaker_id = speaker.pk if isinstance(speaker, Speaker) else speaker
        if speaker_id is not None and not Speaker.objects.filter(pk=speaker_id).exists():
            raise ValidationError({"claimant": "No such speaker."}, code="does_not_exist")
        if speaker_id != claim.claimant_id:
            out["claimant"] = speaker_id
    return out


def _check_claim_changes(changes: dict) -> None:
    """The speaker a correction names must still exist when it is published (locked, so it
    cannot be deleted before this transaction commits)."""
    speaker_id = changes.get("claimant")
    if speaker_id is not None and not (
        Speaker.objects.select_for_update().filter(pk=speaker_id).exists()
    ):
        raise ValidationError({"claimant": CLAIMANT_GONE}, code="claimant_gone")


def _apply_claim_changes(claim: Claim, changes: dict) -> None:
    """Put a published version's claim changes into the claim (its history records them)."""
    if not changes:
        return
    before = claim.claimant_id
    if "claim_reviewed" in changes:
        claim.claim_reviewed = changes["claim_reviewed"]
    if "claimant" in changes:
        claim.claimant_id = changes["claimant"]
    claim.save(update_fields=["claim_reviewed", "claimant", "updated_at"])
    if claim.claimant_id != before:
        speaker_recount_published(before)


@transaction.atomic
def verdict_create(
    *,
    claim: Claim,
    rating: Rating,
    headline: str,
    summary: str,
    rationale: str,
    author: Actor,
    **claim_fields,
) -> Verdict:
    """Start a draft verdict; the claim moves to "in review".

    ``claim_reviewed`` / ``claimant`` are only for a claim readers have already seen (after a
    retraction): they change the claim when this verdict is published."""
    require_perm(author, "claims.add_verdict")
    claim = Claim.objects.select_for_update().get(pk=claim.pk)
    _check_open_to_verdicts(claim)
    if claim.verdicts.published().exists():
        raise ValidationError(ALREADY_PUBLISHED, code="already_published")
    _check_rating_fits(claim, rating)
    unknown = set(claim_fields) - set(CLAIM_CORRECTABLE)
    if unknown:
        raise ValidationError(f"These fields cannot be set: {', '.join(sorted(unknown))}.")
    claim_changes = _claim_changes(claim, claim_fields)
    if claim_changes and not claim.verdicts.filter(status__in=Verdict.PUBLIC_STATUSES).exists():
        raise ValidationError(CLAIM_CHANGES_NEED_PUBLIC_CLAIM, code="claim_not_public")
    version = (
        claim.verdicts.order_by("-version").values_list("version", flat=True).first() or 0
    ) + 1
    verdict = _save_new(
        Verdict(
            claim=claim,
            rating=rating,
            headline=headline,
            summary=summary,
            rationale=rationale,
            author=acting_user(author),
            version=version,
            claim_changes=claim_changes,
        )
    )
    claim.status = Claim.Status.IN_REVIEW
    claim.save(update_fields=["status", "updated_at"])
    return verdict


@transaction.atomic
def verdict_update(
    *, verdict: Verdict, actor: Actor, expected: dict[str, Any] | None = None, **changes
) -> Verdict:
    """Edit a draft. Anything past draft is frozen until it is sent back.

    ``expected`` holds the values the editor loaded (``factcheck.admin_concurrency``): a
    field a colleague changed meanwhile to something else is refused under the row lock."""
    require_perm(actor, "claims.change_verdict")
    verdict = _locked(verdict)
    _expect(verdict, Verdict.Status.DRAFT)
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationError(f"These fields cannot be edited: {', '.join(sorted(unknown))}.")
    check_unchanged(verdict, expected or {}, changes)
    changed = {f for f, v in changes.items() if getattr(verdict, f) != v}
    if not changed:
        return verdict
    for field, value in changes.items():
        setattr(verdict, field, value)
    editor = acting_user(actor)
    verdict.last_edited_by = editor
    _check_rating_fits(verdict.claim, verdict.rating)
    verdict.full_clean(exclude=["claim"])
    verdict.save()
    if changed & set(SUBSTANTIVE_FIELDS):
        verdict.editors.add(editor)
    return verdict


@transaction.atomic
def verdict_submit(*, verdict: Verdict, actor: Actor) -> Verdict:
    require_perm(actor, "claims.change_verdict")
    verdict = _locked(verdict)
    _expect(verdict, Verdict.Status.DRAFT)
    verdict.status = Verdict.Status.SUBMITTED
    verdict.submitted_at = timezone.now()
    verdict.save(update_fields=["status", "submitted_at", "updated_at"])
    reviewers = [u for u in desk_editors() if not _has_edited(verdict, u)]
    notify(
        recipients=reviewers,
        verb=Notification.Verb.SUBMITTED,
        claim=verdict.claim,
        verdict=verdict,
        actor=actor,
        detail=verdict.headline,
    )
    return verdict


@transaction.atomic
def verdict_reject(*, verdict: Verdict, actor: Actor, reason: str) -> Verdict:
    """Send a submitted or approved verdict back to its author as a draft, saying why.

    The reason is a note of kind "rejection" on the verdict (shown on the draft and in the
    thread); the author is notified. ``submitted_at`` stays: the draft was returned, which
    is what the author's "returned to me" queue lists."""
    require_perm(actor, "claims.approve_verdict")
    if not (reason or "").strip():
        raise ValidationError({"reason": REASON_REQUIRED}, code="reason_required")
    verdict = _locked(verdict)
    _expect(verdict, *Verdict.REVIEW_STATUSES)
    verdict.status = Verdict.Status.DRAFT
    verdict.approved_by = None
    verdict.approved_at = None
    verdict.approval_snapshot = {}
    verdict.save(
        update_fields=["status", "approved_by", "approved_at", "approval_snapshot", "updated_at"]
    )
    note_add(
        claim=verdict.claim, verdict=verdict, body=reason, actor=actor, kind=Note.Kind.REJECTION
    )
    notify(
        recipients=[verdict.author],
        verb=Notification.Verb.REJECTED,
        claim=verdict.claim,
        verdict=verdict,
        actor=actor,
        detail=reason.strip(),
    )
    return verdict


@transaction.atomic
def verdict_withdraw(*, verdict: Verdict, actor: Actor) -> Verdict:
    """The author takes a submitted verdict back to draft before anyone approves it."""
    require_perm(actor, "claims.change_verdict")
    verdict = _locked(verdict)
    _expect(verdict, Verdict.Status.SUBMITTED)
    if verdict.author_id != actor.pk:
        raise PermissionDenied(WITHDRAW_NOT_AUTHOR)
    verdict.status = Verdict.Status.DRAFT
    verdict.submitted_at = None
    verdict.save(update_fields=["status", "submitted_at", "updated_at"])
    return verdict


def _has_edited(verdict: Verdict, user: Any) -> bool:
    """Did ``user`` write or change this version (so they may not approve it)?"""
    if user.pk in (verdict.author_id, verdict.last_edited_by_id):
        return True
    return verdict.editors.filter(pk=user.pk).exists()


@transaction.atomic
def verdict_delete(*, verdict: Verdict, actor: Actor) -> None:
    """Delete a version that never went public (draft, submitted or approved).

    Its claim goes back to where it stood before the verdict was started: a claim "in
    review" is check-worthy again (and can then be dismissed); a published claim whose
    correction draft is deleted keeps its published fact-check. Published, superseded and
    retracted versions are never deleted: what readers saw stays readable."""
    require_perm(actor, "claims.delete_verdict")
    verdict = _locked(verdict)
    if verdict.status not in Verdict.OPEN_STATUSES:
        raise ValidationError(VERDICT_NOT_DELETABLE, code="verdict_not_deletable")
    claim = Claim.objects.select_for_update().get(pk=verdict.claim_id)
    verdict.delete()
    if claim.status == Claim.Status.IN_REVIEW:
        claim.status = Claim.Status.CHECKWORTHY
        claim.save(update_fields=["status", "updated_at"])


def verdict_claim_changed(*, claim_id: int, actor: Actor) -> None:
    """Called by every service that changes what a verdict will publish besides its own
    fields: the claim's statement and claimant, and its evidence.

    The second reviewer approves the verdict *with* the claim and evidence it stands on, so a
    change to them voids an approval (the verdict goes back to "submitted") and whoever made
    it counts as an editor of the verdict: they cannot approve it themselves. A draft is not
    touched; nobody has reviewed it yet."""
    verdict = (
        Verdict.objects.select_for_update()
        .filter(claim_id=claim_id, status__in=Verdict.REVIEW_STATUSES)
        .first()
    )
    if verdict is None:
        return
    if verdict.status == Verdict.Status.APPROVED:
        # The approval covers the claim and its evidence as a whole: a change the snapshot
        # does not hold (the full statement, a stance) voids it all the same.
        _void_approval(verdict, actor, approval_drift(verdict) or ["the claim or its evidence"])
        return
    _count_as_editor(verdict, actor)
    verdict.save(update_fields=["last_edited_by", "updated_at"])


APPROVAL_VOIDED = "Back to review: {changes} changed after approval."


@transaction.atomic
def verdict_approvals_recheck(*, verdicts: QuerySet[Verdict], actor: Actor) -> list[Verdict]:
    """Send back to review every approved verdict among ``verdicts`` whose approval no
    longer covers what readers will see (``approval_drift``: the claimant's name or role,
    an evidence source's URL, title or excerpt, the appearances, the rating scale).

    Called after a change to something many verdicts may stand on (a speaker, a source, a
    rating scale, new appearances): the verdicts go back at once, with a notification and a
    history entry saying what changed, instead of waiting to be refused at publication."""
    returned = []
    rows = verdicts.filter(status=Verdict.Status.APPROVED).order_by("pk").values_list("pk")
    for verdict in Verdict.objects.select_for_update().filter(pk__in=rows).order_by("pk"):
        drift = approval_drift(verdict)
        if drift:
            _void_approval(verdict, actor, drift)
            returned.append(verdict)
    return returned


def _count_as_editor(verdict: Verdict, actor: Actor) -> None:
    verdict.last_edited_by = recorded_user(actor)
    if verdict.last_edited_by is not None:
        verdict.editors.add(verdict.last_edited_by)


def _void_approval(verdict: Verdict, actor: Actor, changes: list[str]) -> None:
    """Approved → submitted because what the approval covered changed; whoever changed it
    counts as an editor (so cannot approve it), and the author and approver are told why."""
    approver = verdict.approved_by
    reason = APPROVAL_VOIDED.format(changes="; ".join(changes))
    _count_as_editor(verdict, actor)
    verdict.status = Verdict.Status.SUBMITTED
    verdict.approved_by = None
    verdict.approved_at = None
    verdict.approval_snapshot = {}
    # django-simple-history's change reason: the verdict's history says why it went back.
    verdict._change_reason = reason[:100]  # type: ignore[attr-defined]
    verdict.save(
        update_fields=[
            "status",
            "approved_by",
            "approved_at",
            "approval_snapshot",
            "last_edited_by",
            "updated_at",
        ]
    )
    notify(
        recipients=[verdict.author, *([approver] if approver else []), *desk_editors()],
        verb=Notification.Verb.APPROVAL_VOIDED,
        claim=verdict.claim,
        verdict=verdict,
        actor=actor,
        detail=reason,
    )


@transaction.atomic
def verdict_approve(*, verdict: Verdict, actor: Actor) -> Verdict:
    require_perm(actor, "claims.approve_verdict")
    verdict = _locked(verdict)
    _expect(verdict, Verdict.Status.SUBMITTED)
    if verdict.author_id == actor.pk:
        raise PermissionDenied(SELF_APPROVAL)
    if _has_edited(verdict, actor):
        raise PermissionDenied(EDITOR_APPROVAL)
    verdict.status = Verdict.Status.APPROVED
    verdict.approved_by = acting_user(actor)
    verdict.approved_at = timezone.now()
    # The approval covers what readers will see besides the verdict's own fields; publish
    # compares this snapshot with the present.
    verdict.approval_snapshot = reader_facts(verdict)
    verdict.save(
        update_fields=["status", "approved_by", "approved_at", "approval_snapshot", "updated_at"]
    )
    notify(
        recipients=[verdict.author, *desk_publishers()],
        verb=Notification.Verb.APPROVED,
        claim=verdict.claim,
        verdict=verdict,
        actor=actor,
        detail=verdict.headline,
    )
    return verdict


@transaction.atomic
def verdict_publish(*, verdict: Verdict, actor: Actor) -> Verdict:
    """Publish an approved verdict; a correction version replaces the one it supersedes."""
    require_perm(actor, "claims.publish_verdict")
    verdict = _locked(verdict)
    _expect(verdict, Verdict.Status.APPROVED)
    claim = Claim.objects.select_for_update().get(pk=verdict.claim_id)
    if not claim.evidence.exists():
        raise ValidationError(NO_EVIDENCE, code="no_evidence")
    _check_rating_fits(claim, verdict.rating)
    _check_claim_changes(verdict.claim_changes)
    drift = approval_drift(verdict)
    if drift:
        raise ValidationError(
            APPROVAL_STALE.format(changes="; ".join(drift)), code="approval_stale"
        )
    if verdict.supersedes_id:
        # The old version leaves "published" first so the one-published constraint holds.
        _supersede(Verdict.objects.select_for_update().get(pk=verdict.supersedes_id))
    verdict.status = Verdict.Status.PUBLISHED
    verdict.published_by = acting_user(actor)
    verdict.published_at = timezone.now()
    verdict.save(update_fields=["status", "published_by", "published_at", "updated_at"])
    verdict.cited_evidence.set(claim.evidence.all())
    claim.status = Claim.Status.PUBLISHED
    claim.save(update_fields=["status", "updated_at"])
    _apply_claim_changes(claim, verdict.claim_changes)
    speaker_recount_published(claim.claimant_id)
    event = "verdict.corrected" if verdict.supersedes_id else "verdict.published"
    verdict_event.send(sender=Verdict, verdict=verdict, event=event)
    notify(
        recipients=[verdict.author, *([verdict.approved_by] if verdict.approved_by else [])],
        verb=Notification.Verb.PUBLISHED,
        claim=claim,
        verdict=verdict,
        actor=actor,
        detail=verdict.headline,
    )
    return verdict


def speaker_recount_published(speaker_id: int | None) -> None:
    """Set a speaker's ``published_count`` to the number of their published fact-checks.

    Called inside the publishing transaction. The speaker row is locked first, so the count
    below is read after any other publication for the same speaker has committed (a count
    taken inside the UPDATE would use a snapshot from before the wait and lose one). An
    UPDATE rather than ``save()``: the count is derived data and stays out of the history."""
    if speaker_id is None:
        return
    Speaker.objects.select_for_update().filter(pk=speaker_id).values_list("pk").first()
    Speaker.objects.filter(pk=speaker_id).update(published_count=_published_count(speaker_id))


def _published_count(speaker_id: int) -> int:
    return Verdict.objects.published().filter(claim__claimant_id=speaker_id).count()


def _supersede(verdict: Verdict) -> None:
    """Move a published version aside with ``save()``, so its history records the step."""
    if verdict.status == Verdict.Status.PUBLISHED:
        verdict.status = Verdict.Status.SUPERSEDED
        verdict.save(update_fields=["status", "updated_at"])


@transaction.atomic
def verdict_correct(
    *,
    verdict: Verdict,
    actor: Actor,
    kind: str,
    note: str,
    **changes,
) -> Verdict:
    """Start a new version of a published verdict with a public note.

    The new version goes through review like any draft (two-person rule); the published one
    stays public until the correction is published over it.
    """
    require_perm(actor, "claims.correct_verdict")
    if kind not in (
        Verdict.CorrectionKind.CORRECTION,
        Verdict.CorrectionKind.CLARIFICATION,
        Verdict.CorrectionKind.UPDATE,
    ):
        raise ValidationError(BAD_CORRECTION_KIND, code="bad_correction_kind")
    if not (note or "").strip():
        raise ValidationError(NOTE_REQUIRED, code="note_required")
    verdict = _locked(verdict)
    _expect_published(verdict)
    if verdict.claim.verdicts.filter(status__in=Verdict.OPEN_STATUSES).exists():
        raise ValidationError(OPEN_VERDICT_EXISTS, code="open_verdict_exists")
    unknown = set(changes) - set(EDITABLE_FIELDS) - set(CLAIM_CORRECTABLE)
    if unknown:
        raise ValidationError(f"These fields cannot be edited: {', '.join(sorted(unknown))}.")
    claim_changes = _claim_changes(
        verdict.claim, {f: changes.pop(f) for f in CLAIM_CORRECTABLE if f in changes}
    )
    fields = {f: changes.get(f, getattr(verdict, f)) for f in EDITABLE_FIELDS}
    _check_rating_fits(verdict.claim, fields["rating"])
    return _save_new(
        Verdict(
            claim=verdict.claim,
            version=verdict.version + 1,
            supersedes=verdict,
            author=acting_user(actor),
            correction_kind=kind,
            correction_note=note.strip(),
            claim_changes=claim_changes,
            **fields,
        )
    )


@transaction.atomic
def verdict_retract(*, verdict: Verdict, actor: Actor, note: str) -> Verdict:
    """Withdraw a published verdict at once; the retraction notice stays public."""
    require_perm(actor, "claims.correct_verdict")
    if not (note or "").strip():
        raise ValidationError(NOTE_REQUIRED, code="note_required")
    verdict = _locked(verdict)
    _expect_published(verdict)
    # A correction in progress would also supersede this version; the retraction wins and
    # the draft is discarded (its history keeps what it said).
    verdict.claim.verdicts.filter(status__in=Verdict.OPEN_STATUSES).delete()
    _supersede(verdict)
    now = timezone.now()
    latest = verdict.claim.verdicts.order_by("-version").values_list("version", flat=True)[0]
    retraction = _save_new(
        Verdict(
            claim=verdict.claim,
            version=latest + 1,
            supersedes=verdict,
            author=acting_user(actor),
            rating=verdict.rating,
            headline=verdict.headline,
            summary=verdict.summary,
            rationale=verdict.rationale,
            correction_kind=Verdict.CorrectionKind.RETRACTION,
            correction_note=note.strip(),
            status=Verdict.Status.RETRACTED,
            published_by=acting_user(actor),
            published_at=now,
        )
    )
    retraction.cited_evidence.set(verdict.cited_evidence.all())
    claim = Claim.objects.select_for_update().get(pk=verdict.claim_id)
    claim.status = Claim.Status.CHECKWORTHY
    claim.save(update_fields=["status", "updated_at"])
    speaker_recount_published(claim.claimant_id)
    verdict_event.send(sender=Verdict, verdict=retraction, event="verdict.retracted")
    return retraction


def _expect_published(verdict: Verdict) -> None:
    if verdict.status != Verdict.Status.PUBLISHED:
        raise ValidationError(NOT_PUBLISHED, code="not_published")


def verdict_available_actions(verdict: Verdict, user: Actor) -> list[str]:
    """The workflow steps ``user`` may take on ``verdict`` now (drives the admin buttons).

    The services check everything again when a step is taken; this only spares people
    buttons that would fail.
    """
    status, can = verdict.status, user.has_perm
    actions: list[str] = []
    if status == Verdict.Status.DRAFT and can("claims.change_verdict"):
        actions.append("submit")
    if status == Verdict.Status.SUBMITTED and user.pk == verdict.author_id:
        actions.append("withdraw")
    if status == Verdict.Status.SUBMITTED and can("claims.approve_verdict"):
        if not _has_edited(verdict, user):
            actions.append("approve")
        actions.append("reject")
    if status == Verdict.Status.APPROVED and can("claims.publish_verdict"):
        actions.append("publish")
    if status == Verdict.Status.APPROVED and can("claims.approve_verdict"):
        actions.append("reject")
    if status == Verdict.Status.PUBLISHED and can("claims.correct_verdict"):
        actions += ["correct", "retract"]
    return actions


def verdict_check_draft(*, claim: Claim, rating: Rating, existing: Verdict | None) -> None:
    """The checks a new or edited draft must pass, for forms to show before saving."""
    if existing is None:
        _check_open_to_verdicts(claim)
        if claim.verdicts.published().exists():
            raise ValidationError(ALREADY_PUBLISHED, code="already_published")
    _check_rating_fits(claim, rating)
