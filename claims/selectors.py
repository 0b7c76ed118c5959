"""Reads for the desk: the dashboard and claim pages. Querysets come with their joins."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Count, QuerySet

from claims.models import Appearance, Claim, Evidence, Notification, Speaker, Verdict
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
    context["unread_count"] = Notification.objects.filter(
        recipient=user.pk, read_at__isnull=True
    ).count()
    context["notifications"] = list(
        Notification.objects.filter(recipient=user.pk, read_at__isnull=True).select_related(
            "actor", "claim"
        )[:10]
    )
    if user.has_perm("claims.view_verdict"):
        context.update(verdict_queues_for(user))
    return context


def verdict_queues_for(user: Actor) -> dict[str, list[Verdict]]:
    """The review loop's queues: my drafts, drafts returned to me (sent back or withdrawn
    after a submission), what I submitted, and what waits for me as a reviewer (never a
    version I wrote or edited) or publisher."""
    pending = Verdict.objects.select_related("claim", "author", "rating").order_by(
        "submitted_at", "pk"
    )
    mine = pending.filter(author=user.pk)
    queues: dict[str, list[Verdict]] = {
        "my_drafts": list(mine.filter(status=Verdict.Status.DRAFT, submitted_at__isnull=True)[:20]),
        "returned_to_me": list(
            mine.filter(status=Verdict.Status.DRAFT, submitted_at__isnull=False)[:20]
        ),
        "submitted_by_me": list(mine.filter(status__in=Verdict.REVIEW_STATUSES)[:20]),
    }
    if user.has_perm("claims.approve_verdict"):
        queues["awaiting_review"] = list(
            pending.filter(status=Verdict.Status.SUBMITTED)
            .exclude(author=user.pk)
            .exclude(last_edited_by=user.pk)
            .exclude(editors=user.pk)[:20]
        )
    if user.has_perm("claims.publish_verdict"):
        queues["awaiting_publication"] = list(pending.filter(status=Verdict.Status.APPROVED)[:20])
    return queues


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


def evidence_is_cited(evidence: Evidence) -> bool:
    """Evidence in a public version's snapshot is what readers were shown; it is frozen."""
    return evidence.cited_by.filter(status__in=Verdict.PUBLIC_STATUSES).exists()
