"""Edits the desk API needs that the admin makes through its forms: claim, speaker and
evidence changes, with the same rule everywhere — what readers have seen is not rewritten.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction

from claims.models import Claim, Evidence, Speaker
from claims.services.common import require_perm

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

CLAIM_EDITABLE = ("claim_reviewed", "kind", "claim_date", "language", "claimant")
SPEAKER_EDITABLE = ("kind", "role", "description", "same_as")
PUBLISHED_CLAIM_IS_FROZEN = (
    "This claim has a published fact-check; change it through a correction instead."
)
PUBLISHED_EVIDENCE_IS_FROZEN = (
    "This evidence backs a published fact-check and cannot be removed; publish a correction."
)


def _only(changes: dict[str, Any], allowed: tuple[str, ...]) -> None:
    unknown = set(changes) - set(allowed)
    if unknown:
        raise ValidationError(f"These fields cannot be edited: {', '.join(sorted(unknown))}.")


def _has_public_verdict(claim_id: int) -> bool:
    from claims.models import Verdict

    return Verdict.objects.filter(claim_id=claim_id, status="published").exists()


@transaction.atomic
def claim_update(*, claim: Claim, actor: AbstractBaseUser, **changes: Any) -> Claim:
    require_perm(actor, "claims.change_claim")
    _only(changes, CLAIM_EDITABLE)
    claim = Claim.objects.select_for_update().get(pk=claim.pk)
    if _has_public_verdict(claim.pk):
        raise ValidationError(PUBLISHED_CLAIM_IS_FROZEN, code="published_claim_frozen")
    for field, value in changes.items():
        setattr(claim, field, value)
    claim.full_clean()
    claim.save()
    return claim


@transaction.atomic
def speaker_update(*, speaker: Speaker, actor: AbstractBaseUser, **changes: Any) -> Speaker:
    require_perm(actor, "claims.change_speaker")
    _only(changes, SPEAKER_EDITABLE)
    speaker = Speaker.objects.select_for_update().get(pk=speaker.pk)
    for field, value in changes.items():
        setattr(speaker, field, value)
    speaker.full_clean()
    speaker.save()
    return speaker


@transaction.atomic
def evidence_remove(*, evidence: Evidence, actor: AbstractBaseUser) -> None:
    require_perm(actor, "claims.delete_evidence")
    if _has_public_verdict(evidence.claim_id):
        raise ValidationError(PUBLISHED_EVIDENCE_IS_FROZEN, code="published_evidence_frozen")
    evidence.delete()
