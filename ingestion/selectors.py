"""Reads of ingestion: whether an article about to be stored is stored already."""

from __future__ import annotations

import contextlib

from django.core.exceptions import ValidationError
from django.db.models import Q

from factcheck.lib.metadata import normalise_article_text
from factcheck.lib.text import sha256_hex
from factcheck.lib.urls import normalise_url
from sources.models import Source


def source_stored_copy(*, text: str, url: str | None) -> Source | None:
    """The stored source with this URL or this exact text (as ``source_ingest`` would find it
    before extracting), or None. Shown on the confirm page: storing it again adds nothing."""
    condition = Q(input_hash=sha256_hex(normalise_article_text(text)))
    if url:
        with contextlib.suppress(ValidationError):
            condition |= Q(url=normalise_url(url))
    return Source.objects.filter(condition).order_by("pk").first()
