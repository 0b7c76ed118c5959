"""Desk edits of sources: a source that published fact-checks cite keeps its public details."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q

from claims.models import Appearance, Claim, Verdict
from claims.selectors import source_is_public, source_quoting_claims
from claims.services.verdicts import verdict_approvals_recheck
from factcheck.lib.permissions import Actor, recorded_user, require_perm
from factcheck.lib.urls import normalise_url
from sources.models import Source
from sources.services import source_prepare

PUBLIC_SOURCE_FIELDS = (
    "url",
    "title",
    "publisher_name",
    "publisher_site",
    "published_at",
    "archive_url",
    "archive_sha256",
)
SOURCE_QUOTED_BY_FACT_CHECKS = (
    "This source cannot be deleted: fact-checks that are published, approved or submitted "
    "for review quote it ({claims})."
)
SOURCE_IS_EVIDENCE = (
    "This source cannot be deleted: it is evidence for {count} claim(s); remove that "
    "evidence first."
)
SOURCE_IN_PUBLIC_USE = (
    "Published fact-checks cite or quote this source; its public details cannot change under them."
)


@transaction.atomic
def source_update(*, source: Source, actor: Actor, **fields: Any) -> Source:
    require_perm(actor, "sources.change_source")
    incoming = dict(fields)
    if incoming.get("url"):
        incoming["url"] = normalise_url(incoming["url"])
    changed = [
        f for f in PUBLIC_SOURCE_FIELDS if f in incoming and incoming[f] != getattr(source, f)
    ]
    if changed and source.pk and source_is_public(source):
        raise ValidationError(SOURCE_IN_PUBLIC_USE, code="source_in_public_use")
    for name, value in fields.items():
        setattr(source, name, value)
    source_prepare(source)
    source.full_clean()
    source.save()
    # Readers see the URL and title of each source a verdict cites or quotes.
    verdict_approvals_recheck(
        verdicts=Verdict.objects.filter(
            Q(claim__evidence__source=source) | Q(claim__appearances__source=source)
        ),
        actor=actor,
    )
    return source


def source_delete_refusal(source: Source) -> str | None:
    """Why ``source`` may not be deleted, in words for the desk; ``None`` when it may.

    The admin's delete page and bulk action show this before anything is deleted; the
    service says it again under the row lock."""
    quoting = list(source_quoting_claims(source)[:6])
    if quoting:
        names = "; ".join(f"“{claim.claim_reviewed}”" for claim in quoting[:5])
        return SOURCE_QUOTED_BY_FACT_CHECKS.format(
            claims=names + ("; …" if len(quoting) > 5 else "")
        )
    count = source.evidence.count()
    if count:
        return SOURCE_IS_EVIDENCE.format(count=count)
    return None


def _lock_quoted_claims(source: Source) -> None:
    """Lock the claims with appearances in ``source``, so that no verdict of theirs moves to
    "submitted" (or further) between the refusal check and the deletion.

    Every step that can start or advance a verdict locks its claim first or with it:
    ``verdict_create`` locks the claim, and ``verdict_submit``/``verdict_approve``/
    ``verdict_publish`` lock the verdict with its claim in one statement (``select_related``
    rows are locked too). Here only claims are locked, in id order, and nothing a verdict
    step holds is wanted afterwards, so a deletion and a verdict step wait for each other but
    never deadlock. The source row is locked already, so no appearance can be added to it
    meanwhile; an appearance moved onto another claim by a merge that committed while we
    waited is picked up by the next round."""
    locked: set[int] = set()
    while True:
        claim_ids = set(Appearance.objects.filter(source=source).values_list("claim_id", flat=True))
        missing = sorted(claim_ids - locked)
        if not missing:
            return
        list(Claim.objects.select_for_update().filter(pk__in=missing).order_by("pk"))
        locked.update(missing)


@transaction.atomic
def source_delete(*, source: Source, actor: Actor) -> None:
    """Delete a source no fact-check stands on, with its appearances.

    The database refuses to delete a source that still has appearances or evidence
    (``on_delete=PROTECT``), so no path loses a quote a published fact-check shows; this is
    the one way that deletes appearances with their source, each one recorded in the
    appearances' history, once it is sure no published, approved or submitted verdict
    quotes them."""
    require_perm(actor, "sources.delete_source")
    source = Source.objects.select_for_update().get(pk=source.pk)
    _lock_quoted_claims(source)
    refusal = source_delete_refusal(source)
    if refusal:
        raise ValidationError(refusal, code="source_in_use")
    # One by one, each history row naming who deleted it (django-simple-history's documented
    # ``_history_user``, so the record is right outside a request too).
    who = recorded_user(actor)
    for appearance in Appearance.objects.filter(source=source).order_by("pk"):
        appearance._history_user = who  # type: ignore[attr-defined]
        appearance.delete()
    source._history_user = who  # type: ignore[attr-defined]
    source.delete()
