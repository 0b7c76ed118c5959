"""Desk edits of sources: a source that published fact-checks cite keeps its public details."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q

from claims.models import Verdict
from claims.selectors import source_is_public
from claims.services.verdicts import verdict_approvals_recheck
from factcheck.lib.permissions import Actor, require_perm
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
