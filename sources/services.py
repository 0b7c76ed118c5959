"""Writes to sources: normalised URLs and content hashes make duplicates impossible."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction

from claims.services.common import require_perm
from factcheck.lib.text import sha256_hex
from factcheck.lib.urls import normalise_url, site_of
from sources.models import Source

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

DUPLICATE_BODY = "An article with exactly this text is already stored."


def _prepare(source: Source) -> None:
    if source.url:
        source.url = normalise_url(source.url)
        if not source.publisher_site:
            source.publisher_site = site_of(source.url)
    else:
        source.url = None
    source.content_hash = sha256_hex(source.body) if source.body.strip() else None


@transaction.atomic
def source_create(*, actor: AbstractBaseUser | None = None, **fields: Any) -> Source:
    """Create a source; raises ``ValidationError`` if its URL or body is already stored.

    ``actor`` (who needs the add permission) is None only for ingestion."""
    if actor is not None:
        require_perm(actor, "sources.add_source")
    source = Source(created_by=actor, **fields)
    _prepare(source)
    source.full_clean()
    source.save()
    return source


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


def source_is_public(source: Source) -> bool:
    """Cited as evidence by a public version, or where a published claim appeared."""
    from claims.models import Verdict

    public = Verdict.PUBLIC_STATUSES
    return (
        source.evidence.filter(cited_by__status__in=public).exists()
        or source.appearances.filter(claim__verdicts__status__in=public).exists()
    )


@transaction.atomic
def source_update(*, source: Source, actor: AbstractBaseUser, **fields: Any) -> Source:
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
    _prepare(source)
    source.full_clean()
    source.save()
    return source
