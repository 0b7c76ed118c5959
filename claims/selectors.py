"""Reads for the desk: the dashboard and claim pages. Querysets come with their joins."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Q, QuerySet

from claims.models import Appearance, Claim, Evidence, Speaker, Verdict
from sources.models import Source

if TYPE_CHECKING:
    from factcheck.lib.permissions import Actor

    pass


def claim_admin_list() -> QuerySet[Claim]:
    return (
        Claim.objects.select_related("claimant", "assignee")
        .with_current_rating()
        .with_appearance_count()
    )


def dashboard_for(user: Actor) -> dict[str, Any]:
    """What a desk member sees on landing: their queue, review work, counts by status."""
    if not user.has_perm("claims.view_claim"):
        return {}
    counts = dict(Claim.objects.order_by().values_list("status").annotate(n=Count("id")))
    context: dict[str, Any] = {
        "status_counts": [
            (value, label, counts.get(value, 0)) for value, label in Claim.Status.choices
        ],
        "my_queue": list(
            Claim.objects.queue_for(user)
            .select_related("claimant")
            .order_by("-checkworthiness")[:20]
        ),
    }
    if user.has_perm("claims.view_verdict"):
        pending = Verdict.objects.select_related("claim", "author", "rating").order_by(
            "submitted_at"
        )
        context["my_drafts"] = list(
            pending.filter(author=user.pk, status=Verdict.Status.DRAFT)[:20]
        )
        if user.has_perm("claims.approve_verdict"):
            context["awaiting_review"] = list(
                pending.filter(status=Verdict.Status.SUBMITTED).exclude(author=user.pk)[:20]
            )
        if user.has_perm("claims.publish_verdict"):
            context["awaiting_publication"] = list(
                pending.filter(status=Verdict.Status.APPROVED)[:20]
            )
    return context


def claim_workbench(claim: Claim) -> dict[str, Any]:
    """Appearances (with their sources), evidence and every verdict version of a claim."""
    return {
        "appearances": list(
            Appearance.objects.filter(claim=claim)
            .select_related("source")
            .order_by("source__published_at", "created_at")
        ),
        "evidence": list(Evidence.objects.filter(claim=claim).select_related("source", "added_by")),
        "verdicts": list(
            Verdict.objects.filter(claim=claim).select_related(
                "rating", "author", "approved_by", "published_by"
            )
        ),
    }


def source_with_claims(source_id: int) -> QuerySet:
    return (
        Appearance.objects.filter(source_id=source_id)
        .select_related("claim__claimant")
        .order_by("start")
    )


def source_is_public(source: Source) -> bool:
    """Cited as evidence by a public version, or where a published claim appeared."""
    public = Verdict.PUBLIC_STATUSES
    return (
        source.evidence.filter(cited_by__status__in=public).exists()
        or source.appearances.filter(claim__verdicts__status__in=public).exists()
    )


def speaker_is_public(speaker: Speaker) -> bool:
    """A claimant of a published fact-check is shown to readers as they were then."""
    return Verdict.objects.filter(
        claim__claimant=speaker, status__in=Verdict.PUBLIC_STATUSES
    ).exists()


def claim_is_public(claim: Claim) -> bool:
    """Published, superseded and retracted versions all show the claim to readers."""
    return Verdict.objects.filter(claim_id=claim.pk, status__in=Verdict.PUBLIC_STATUSES).exists()


def public_url_of(obj: object) -> str | None:
    """The public page of a verdict readers can see (published, superseded or retracted:
    each leaves a page); nothing else on the desk has one, drafts least of all."""
    if isinstance(obj, Verdict) and obj.status in Verdict.PUBLIC_STATUSES:
        return obj.get_absolute_url()
    return None


def evidence_is_cited(evidence: Evidence) -> bool:
    """Evidence in a public version's snapshot is what readers were shown; it is frozen."""
    return evidence.cited_by.filter(status__in=Verdict.PUBLIC_STATUSES).exists()


def speaker_near_duplicates(speakers: Iterable[Speaker]) -> dict[int, list[Speaker]]:
    """Other speakers who may be the same person as each of ``speakers``: one name is the
    other's last word ("Obama" and "Barack Obama"). One query for a page of speakers."""
    keys = {s.pk: s.name_key for s in speakers if s.name_key}
    if not keys:
        return {}
    condition = Q()
    for key in set(keys.values()):
        words = key.split()
        condition |= Q(name_key__endswith=f" {key}") if len(words) == 1 else Q(name_key=words[-1])
    found: dict[int, list[Speaker]] = {pk: [] for pk in keys}
    candidates = Speaker.objects.filter(condition, merged_into__isnull=True).only(
        "name", "name_key"
    )
    for other in candidates.order_by("name"):
        for pk, key in keys.items():
            if other.pk != pk and _may_be_same(key, other.name_key):
                found[pk].append(other)
    return found


def _may_be_same(key: str, other: str) -> bool:
    return other.endswith(f" {key}") or key.endswith(f" {other}")
