"""Writes to sources: normalised URLs and content hashes make duplicates impossible."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

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
    """Create a source; raises ``ValidationError`` if its URL or body is already stored."""
    source = Source(created_by=actor, **fields)
    _prepare(source)
    source.full_clean()
    source.save()
    return source


@transaction.atomic
def source_update(*, source: Source, actor: AbstractBaseUser, **fields: Any) -> Source:
    require_perm(actor, "sources.change_source")
    for name, value in fields.items():
        setattr(source, name, value)
    _prepare(source)
    source.full_clean()
    source.save()
    return source
