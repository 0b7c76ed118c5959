"""Reads for the desk: the dashboard and claim pages. Querysets come with their joins."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.contrib.auth import get_user_model
from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from claims.models import Appearance, Claim, Evidence, Note, Notification, Speaker, Verdict
from factcheck.lib.textdiff import diff_html
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


def desk_members() -> QuerySet:
    """Everyone a claim can be assigned to: active users who may work on claims."""
    return get_user_model().objects.with_perm("claims.change_claim").order_by("username")


def claim_notes(claim: Claim) -> QuerySet[Note]:
    """The claim's thread, its verdict versions' notes included, oldest first."""
    return Note.objects.filter(claim=claim).select_related("author", "verdict")


def version_diffs(verdicts: list[Verdict]) -> list[dict[str, Any]]:
    """For each version that replaces another: what it changed, field by field."""
    by_pk = {v.pk: v for v in verdicts}
    out = []
    for verdict in verdicts:
        before = by_pk.get(verdict.supersedes_id) if verdict.supersedes_id else None
        if before is None:
            continue
        fields = [
            (label, diff_html(str(getattr(before, f)), str(getattr(verdict, f))))
            for f, label in (
                ("rating", "Rating"),
                ("headline", "Headline"),
                ("summary", "Summary"),
                ("rationale", "Rationale"),
            )
            if getattr(before, f) != getattr(verdict, f)
        ]
        out.append({"old": before, "new": verdict, "fields": fields})
    return out


def verdict_next_step(verdict: Verdict) -> str:
    """Who acts next on an open or public version, and why, in one sentence."""
    status = verdict.status
    if status == Verdict.Status.DRAFT:
        if verdict.submitted_at:
            return f"Waiting for {verdict.author} to address the reviewer's note and resubmit."
        return f"Waiting for {verdict.author} to finish the draft and submit it for review."
    if status == Verdict.Status.SUBMITTED:
        names = sorted(
            {str(verdict.author), *(str(u) for u in verdict.editors.all())}
            | ({str(verdict.last_edited_by)} if verdict.last_edited_by else set())
        )
        return (
            "Waiting for an editor who has not edited this verdict to approve it or send it "
            f"back (not {', '.join(names)})."
        )
    if status == Verdict.Status.APPROVED:
        drift = approval_drift(verdict)
        if drift:
            return (
                "Approved, but what readers will see changed since ("
                + "; ".join(drift)
                + "): an editor must send it back to review."
            )
        return f"Approved by {verdict.approved_by}: waiting for an editor to publish it."
    if status == Verdict.Status.PUBLISHED:
        return "Published. A correction goes through review again, with a public note."
    return f"{verdict.get_status_display()}."


def claim_next_step(claim: Claim, verdicts: list[Verdict]) -> str:
    """The banner of the claim workspace: who acts next and why."""
    open_version = next((v for v in verdicts if v.status in Verdict.OPEN_STATUSES), None)
    if open_version is not None:
        return verdict_next_step(open_version)
    if claim.duplicate_of_id:
        return "Merged into another claim: work on that one."
    if claim.status == Claim.Status.NEW:
        return "Waiting for triage: mark it check-worthy or dismiss it, and assign it."
    if claim.status == Claim.Status.CHECKWORTHY:
        who = claim.assignee or "someone on the desk (assign it)"
        return f"Check-worthy: waiting for {who} to gather evidence and write a verdict."
    if claim.status == Claim.Status.DISMISSED:
        return "Dismissed: nothing to do unless it is marked check-worthy again."
    public = next((v for v in verdicts if v.status == Verdict.Status.PUBLISHED), None)
    return verdict_next_step(public) if public else f"{claim.get_status_display()}."


def claim_workbench_appearances(claim: Claim) -> QuerySet[Appearance]:
    return (
        Appearance.objects.filter(claim=claim)
        .select_related("source")
        .order_by("source__published_at", "created_at")
    )


def claim_workbench(claim: Claim) -> dict[str, Any]:
    """Appearances (with their sources), evidence and every verdict version of a claim."""
    return {
        "appearances": list(claim_workbench_appearances(claim)),
        "evidence": list(Evidence.objects.filter(claim=claim).select_related("source", "added_by")),
        "verdicts": list(
            Verdict.objects.filter(claim=claim).select_related(
                "rating", "author", "approved_by", "published_by", "last_edited_by"
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


# A verdict in one of these states stands on its claim's appearances: readers see them, or an
# editor has approved (or is asked to approve) a version that quotes them.
QUOTING_STATUSES = (*Verdict.PUBLIC_STATUSES, *Verdict.REVIEW_STATUSES)


def source_quoting_claims(source: Source) -> QuerySet[Claim]:
    """The claims quoted from ``source`` whose fact-check is published (or superseded or
    retracted: the page stays), approved or submitted: deleting the source would take their
    appearances, the quote in context, from under it."""
    quoting = Verdict.objects.filter(claim=OuterRef("pk"), status__in=QUOTING_STATUSES)
    return (
        Claim.objects.filter(Exists(quoting), appearances__source=source).distinct().order_by("pk")
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


def speakers_to_pick(queryset: QuerySet[Speaker] | None = None) -> QuerySet[Speaker]:
    """The speakers a desk may pick as a claimant: not the ones merged away. A merged
    speaker's row stays only so its slug and history lead on to the one it was merged into;
    picking it would split that person's claims again."""
    if queryset is None:
        queryset = Speaker.objects.all()
    return queryset.filter(merged_into__isnull=True)


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


# --- What an approval covers -------------------------------------------------------------


def reader_facts(verdict: Verdict) -> dict[str, Any]:
    """What readers of ``verdict`` will see besides its own fields: the claim's wording and
    claimant (name and role), each evidence source's URL, title and excerpt, the
    appearances, and the rating scale's labels and values. JSON, for ``approval_snapshot``."""
    claim = verdict.claim
    changes = verdict.claim_changes or {}
    speaker_id = changes.get("claimant", claim.claimant_id)
    speaker = Speaker.objects.filter(pk=speaker_id).first() if speaker_id else None
    evidence = claim.evidence.select_related("source").order_by("pk")
    appearances = claim.appearances.select_related("source").order_by("pk")
    return {
        "claim": changes.get("claim_reviewed", claim.claim_reviewed),
        "claimant": {"name": speaker.name, "role": speaker.role} if speaker else None,
        "evidence": [
            {
                "id": e.pk,
                "url": e.source.url,
                "title": e.source.title,
                "excerpt": e.excerpt,
                "stance": e.stance,
            }
            for e in evidence
        ],
        "appearances": [
            {"id": a.pk, "url": a.source.url, "title": a.source.title, "quote": a.quote_text}
            for a in appearances
        ],
        "scale": [[r.label, r.value] for r in verdict.rating.scale.ratings.order_by("pk")],
    }


def approval_drift(verdict: Verdict) -> list[str]:
    """What changed since ``verdict`` was approved, in words; empty when nothing did (or
    when it was approved before snapshots were taken)."""
    before = verdict.approval_snapshot or {}
    if not before:
        return []
    now = reader_facts(verdict)
    changed = []
    if before.get("claim") != now["claim"]:
        changed.append("the claim's wording")
    old_who, new_who = before.get("claimant") or {}, now["claimant"] or {}
    for key, label in (("name", "name"), ("role", "role")):
        if old_who.get(key) != new_who.get(key):
            changed.append(f"the claimant's {label}")
    changed += _list_drift(before.get("evidence", []), now["evidence"], "evidence")
    changed += _list_drift(before.get("appearances", []), now["appearances"], "appearance")
    if before.get("scale") != now["scale"]:
        changed.append("the rating scale")
    return changed


def _list_drift(before: list[dict], now: list[dict], noun: str) -> list[str]:
    old = {row["id"]: row for row in before}
    new = {row["id"]: row for row in now}
    out = [f"a new {noun} ({new[i]['title'] or new[i]['url']})" for i in new.keys() - old]
    out += [f"a removed {noun} ({old[i]['title'] or old[i]['url']})" for i in old.keys() - new]
    for i in sorted(new.keys() & old.keys()):
        fields = [k for k in new[i] if k != "id" and new[i][k] != old[i].get(k)]
        if fields:
            out.append(f"the {noun} “{old[i]['title'] or old[i]['url']}” ({', '.join(fields)})")
    return out
