"""Writes to sources: normalised URLs and content hashes make duplicates impossible.

Changing a source that published fact-checks cite is a desk rule (``claims.services``), since
only the desk knows what is published; this app knows nothing of claims."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import transaction

from factcheck.lib.permissions import Actor, recorded_user, require_perm
from factcheck.lib.text import sha256_hex
from factcheck.lib.urls import normalise_url, site_of
from sources.models import Source

if TYPE_CHECKING:
    pass

DUPLICATE_BODY = "An article with exactly this text is already stored."


def source_prepare(source: Source) -> None:
    if source.url:
        source.url = normalise_url(source.url)
        if not source.publisher_site:
            source.publisher_site = site_of(source.url)
    else:
        source.url = None
    source.content_hash = sha256_hex(source.body) if source.body.strip() else None


@transaction.atomic
def source_create(*, actor: Actor, **fields: Any) -> Source:
    """Create a source; raises ``ValidationError`` if its URL or body is already stored.

    ``actor`` needs the add permission (ingestion acts as the system actor)."""
    require_perm(actor, "sources.add_source")
    source = Source(created_by=recorded_user(actor), **fields)
    source_prepare(source)
    source.full_clean()
    source.save()
    return source
