"""The review loop's words and its memory: notes with @mentions, notifications (in the admin
and by e-mail). The snapshot an approval covers is a read: ``claims.selectors.reader_facts``.

The verdict services call these; nothing here changes a verdict's status.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.mail import send_mass_mail
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from claims.models import Claim, Note, Notification, Verdict
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

# Set by ``emails_held()``: notifications are still recorded, but nobody is e-mailed.
_EMAILS_HELD: ContextVar[bool] = ContextVar("claims_review_emails_held", default=False)


@contextmanager
def emails_held() -> Iterator[None]:
    """Record notifications without e-mailing them, for the steps run inside this block.

    For data loads that play the workflow on people's behalf (``load_demo``): the desk's
    dashboards show what happened, but a load does not mail a dozen "submitted", "approved"
    and "published" messages (on the console backend, a screenful in the terminal that then
    serves the demo). The server itself keeps mailing as configured."""
    token = _EMAILS_HELD.set(True)
    try:
        yield
    finally:
        _EMAILS_HELD.reset(token)


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
    if messages and not _EMAILS_HELD.get():
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
