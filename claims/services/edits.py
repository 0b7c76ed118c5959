"""Edits of claims, speakers and evidence, for the desk API and the admin alike, with the
same rule everywhere: what readers have seen is not rewritten.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q

from claims.models import Claim, Evidence, Speaker, Verdict
from claims.selectors import claim_is_public, evidence_is_cited, speaker_is_public
from claims.services.claims import speaker_name_check
from claims.services.verdicts import verdict_approvals_recheck, verdict_claim_changed
from factcheck.admin_concurrency import check_unchanged
from factcheck.lib.permissions import Actor, require_perm

CLAIM_EDITABLE = (
    "claim_reviewed",
    "kind",
    "claim_date",
    "language",
    "claimant",
    "checkworthiness",
)
# What a published fact-check shows of the claim itself (triage fields are internal).
CLAIM_PUBLISHED_FIELDS = {"claim_reviewed", "kind", "claim_date", "language", "claimant"}
SPEAKER_EDITABLE = ("name", "slug", "kind", "role", "description", "same_as")
# A published speaker's name, role and the rest are frozen under the ClaimReviews that show
# them, but a ``sameAs`` link (their Wikidata page) identifies the same person better: adding
# or correcting it is an improvement readers should get, and no approval covered it
# (``selectors.reader_facts``).
SPEAKER_EDITABLE_WHEN_PUBLIC = ("same_as",)
# The internal note stays editable on cited evidence: readers never see it.
EVIDENCE_EDITABLE = ("stance", "excerpt", "note")
PUBLISHED_CLAIM_IS_FROZEN = (
    "Readers have seen this claim: change its wording or claimant in a correction of its "
    "fact-check (or in a new verdict after a retraction), so the change is published with a note."
)
PUBLIC_SPEAKER_IS_FROZEN = (
    "Published fact-checks name this speaker; their details cannot change under them. "
    "Only their sameAs link can be added or corrected."
)
PUBLISHED_EVIDENCE_IS_FROZEN = (
    "This evidence backs a published fact-check and cannot be changed or removed; link new "
    "evidence and publish a correction."
)


def _only(changes: dict[str, Any], allowed: tuple[str, ...]) -> None:
    unknown = set(changes) - set(allowed)
    if unknown:
        raise ValidationError(f"These fields cannot be edited: {', '.join(sorted(unknown))}.")


@transaction.atomic
def claim_update(
    *, claim: Claim, actor: Actor, expected: dict[str, Any] | None = None, **changes: Any
) -> Claim:
    """Edit a claim's statement and triage fields. ``expected`` holds the values the
    editor loaded (``factcheck.admin_concurrency``): a field a colleague changed meanwhile
    to something else is refused under the row lock, other fields are left as they are."""
    require_perm(actor, "claims.change_claim")
    _only(changes, CLAIM_EDITABLE)
    claim = Claim.objects.select_for_update().get(pk=claim.pk)
    check_unchanged(claim, expected or {}, changes)
    if claim_is_public(claim):
        raise ValidationError(PUBLISHED_CLAIM_IS_FROZEN, code="published_claim_frozen")
    changed = {f for f, v in changes.items() if getattr(claim, f) != v}
    for field, value in changes.items():
        setattr(claim, field, value)
    claim.full_clean()
    claim.save()
    if changed & CLAIM_PUBLISHED_FIELDS:
        verdict_claim_changed(claim_id=claim.pk, actor=actor)
    return claim


@transaction.atomic
def speaker_update(*, speaker: Speaker, actor: Actor, **changes: Any) -> Speaker:
    require_perm(actor, "claims.change_speaker")
    _only(changes, SPEAKER_EDITABLE)
    speaker = Speaker.objects.select_for_update().get(pk=speaker.pk)
    if "name" in changes:
        changes["name"] = changes["name"].strip()
    frozen = {f: v for f, v in changes.items() if f not in SPEAKER_EDITABLE_WHEN_PUBLIC}
    if speaker_is_public(speaker) and any(getattr(speaker, f) != v for f, v in frozen.items()):
        raise ValidationError(PUBLIC_SPEAKER_IS_FROZEN, code="public_speaker_frozen")
    if "name" in changes:
        speaker.name_key = speaker_name_check(name=changes["name"], speaker_id=speaker.pk)
    for field, value in changes.items():
        setattr(speaker, field, value)
    speaker.full_clean()
    speaker.save()
    # Readers see the claimant's name and role next to the verdict: approvals covered them.
    verdict_approvals_recheck(
        verdicts=Verdict.objects.filter(
            Q(claim__claimant=speaker) | Q(claim_changes__claimant=speaker.pk)
        ),
        actor=actor,
    )
    return speaker


@transaction.atomic
def evidence_remove(*, evidence: Evidence, actor: Actor) -> None:
    require_perm(actor, "claims.delete_evidence")
    if evidence_is_cited(evidence):
        raise ValidationError(PUBLISHED_EVIDENCE_IS_FROZEN, code="published_evidence_frozen")
    evidence.delete()
    verdict_claim_changed(claim_id=evidence.claim_id, actor=actor)


@transaction.atomic
def evidence_update(
    *,
    evidence: Evidence,
    actor: Actor,
    expected: dict[str, Any] | None = None,
    **changes: Any,
) -> Evidence:
    """Edit a link's stance, excerpt or note; ``expected`` as in ``claim_update``."""
    require_perm(actor, "claims.change_evidence")
    _only(changes, EVIDENCE_EDITABLE)
    evidence = Evidence.objects.select_for_update().get(pk=evidence.pk)
    check_unchanged(evidence, expected or {}, changes)
    if evidence_is_cited(evidence) and any(
        getattr(evidence, f) != v for f, v in changes.items() if f != "note"
    ):
        raise ValidationError(PUBLISHED_EVIDENCE_IS_FROZEN, code="published_evidence_frozen")
    public_change = any(getattr(evidence, f) != v for f, v in changes.items() if f != "note")
    for field, value in changes.items():
        setattr(evidence, field, value)
    evidence.full_clean()
    evidence.save()
    if public_change:  # the internal note is not part of what readers see
        verdict_claim_changed(claim_id=evidence.claim_id, actor=actor)
    return evidence
