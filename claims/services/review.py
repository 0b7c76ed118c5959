"""The review loop's words and its memory: notes with @mentions, notifications (in the admin
and by e-mail), and the snapshot of what readers will see that an approval covers.

The verdict services call these; nothing here changes a verdict's status.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.mail import send_mass_mail
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from claims.models import Claim, Note, Notification, Speaker, Verdict
from factcheck.lib.permissions import Actor, recorded_user, require_perm

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from sources.models import Source

EMPTY_NOTE = "A note needs some text."
NOTE_TOO_LONG = "A note has at most 5,000 characters."
NOTE_VERDICT_MISMATCH = "This verdict belongs to another claim."
MENTION = re.compile(r"(?<![\w@])@([\w.+-]+)")


# --- Notes -------------------------------------------------------------------------------


@transaction.atomic
def note_add(
    *,
    claim: Claim,
    body: str,
    actor: Actor,
    verdict: Verdict | None = None,
    kind: str = Note.Kind.COMMENT,
) -> Note:
    """Add a note to a claim's thread (or a verdict version's); ``@username`` of a desk
    member mentions them, and they are notified. Anyone who may read the claim may write."""
    require_perm(actor, "claims.view_claim")
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": EMPTY_NOTE}, code="empty_note")
    if len(body) > 5_000:
        raise ValidationError({"body": NOTE_TOO_LONG}, code="note_too_long")
    if verdict is not None and verdict.claim_id != claim.pk:
        raise ValidationError(NOTE_VERDICT_MISMATCH, code="note_verdict_mismatch")
    note = Note.objects.create(
        claim=claim, verdict=verdict, author=recorded_user(actor), kind=kind, body=body
    )
    mentioned = [u for u in mentioned_users(body) if u.pk != actor.pk]
    note.mentions.set(mentioned)
    notify(
        recipients=mentioned,
        verb=Notification.Verb.MENTIONED,
        claim=claim,
        verdict=verdict,
        actor=actor,
        detail=body,
    )
    return note


def mentioned_users(body: str) -> list[User]:
    """Desk members named ``@username`` in ``body`` (unknown names are plain text)."""
    names = {m.rstrip(".").lower() for m in MENTION.findall(body)}
    if not names:
        return []
    # Usernames are case-sensitive in Django; people type them as they please.
    named = Q()
    for name in sorted(names)[:20]:
        named |= Q(username__iexact=name)
    users = get_user_model().objects.filter(named, is_active=True)
    return [u for u in users if u.has_perm("claims.view_claim")]


# --- Notifications -----------------------------------------------------------------------


def notify(
    *,
    recipients: Iterable[User],
    verb: str,
    claim: Claim,
    actor: Actor | None,
    verdict: Verdict | None = None,
    detail: str = "",
) -> list[Notification]:
    """Tell ``recipients`` (never the actor themself) in the admin and by e-mail.

    The e-mail goes once the transaction commits, so a step that fails sends nothing."""
    who = recorded_user(actor)
    people = {u.pk: u for u in recipients if u is not None and u.is_active}
    if who is not None:
        people.pop(who.pk, None)
    if not people:
        return []
    text = _sentence(verb, who, claim)[:500]
    created = Notification.objects.bulk_create(
        Notification(recipient=u, actor=who, verb=verb, claim=claim, verdict=verdict, text=text)
        for u in people.values()
    )
    body = f"{text}\n\n{detail}".strip()
    # One message per person: colleagues' addresses are not shared around.
    messages = [
        (f"[Factcheck] {text[:120]}", body, None, [u.email]) for u in people.values() if u.email
    ]
    if messages:
        transaction.on_commit(lambda: send_mass_mail(messages))
    return created


def _sentence(verb: str, who: User | None, claim: Claim) -> str:
    label = Notification.Verb(verb).label
    subject = f"“{claim.claim_reviewed[:200]}”"
    if verb == Notification.Verb.REAPPEARED:
        return f"{label}: {subject}"
    return f"{who.get_username() if who else 'The workbench'} {label}: {subject}"


def notification_mark_read(*, user: User, ids: Iterable[int] | None = None) -> int:
    """Mark ``user``'s notifications read (all of them when ``ids`` is None)."""
    unread = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if ids is not None:
        unread = unread.filter(pk__in=list(ids))
    return unread.update(read_at=timezone.now())


def notify_claim_reappeared(claim: Claim, source: Source) -> list[Notification]:
    """For ingestion: an already-checked claim appeared in a new article. Its assignee and
    the authors of its public versions hear of it (they may want a correction)."""
    if not Verdict.objects.filter(claim=claim, status__in=Verdict.PUBLIC_STATUSES).exists():
        return []
    authors = get_user_model().objects.filter(
        authored_verdicts__claim=claim, authored_verdicts__status__in=Verdict.PUBLIC_STATUSES
    )
    people = [*authors.distinct(), *([claim.assignee] if claim.assignee else [])]
    detail = f"New article: {source.title or source.url}\n{source.url}"
    return notify(
        recipients=people,
        verb=Notification.Verb.REAPPEARED,
        claim=claim,
        actor=None,
        detail=detail,
    )


def desk_editors() -> list[User]:
    """Who reviews: everyone who may approve a verdict."""
    return list(get_user_model().objects.with_perm("claims.approve_verdict"))


def desk_publishers() -> list[User]:
    return list(get_user_model().objects.with_perm("claims.publish_verdict"))


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
