"""Embeddings for matching: :func:`embeddings_refresh` embeds whatever has no current vector.

A vector is current when it was made by the configured encoder from the text as it is now
(its SHA-256 is stored beside it). The background tasks and the ``embed_claims`` backfill
command both call it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Sequence

from django.db import transaction

from claims.models import Claim
from matching.encoders import Encoder, Vectors, get_encoder, to_bytes
from matching.index import cache
from matching.models import Embedding, ExternalClaim


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def _stale(
    rows: Iterable[tuple[int, str, str | None, str | None]], encoder: Encoder
) -> list[tuple[int, str]]:
    """(id, text) of the rows whose stored vector is missing, from another model, or old."""
    return [
        (pk, text)
        for pk, text, model, digest in rows
        if model != encoder.name or digest != text_hash(text)
    ]


def embeddings_refresh(
    *,
    external_claim_ids: Sequence[int] | None = None,
    claim_ids: Sequence[int] | None = None,
    batch_size: int = 256,
    progress: Callable[[int, int], None] | None = None,
) -> int:
    """Embed the external claims and our claims (all, or the given ids) that have no current
    vector; returns how many were embedded. Without an encoder, does nothing."""
    encoder = get_encoder()
    if encoder is None:
        return 0
    externals = ExternalClaim.objects.all()
    claims = Claim.objects.all()
    if external_claim_ids is not None:
        externals = externals.filter(id__in=external_claim_ids)
    if claim_ids is not None:
        claims = claims.filter(id__in=claim_ids)
    todo = [
        ("external_claim_id", item)
        for item in _stale(
            externals.values_list("id", "text", "embedding__model", "embedding__text_hash"), encoder
        )
    ] + [
        ("claim_id", item)
        for item in _stale(
            claims.values_list("id", "text", "embedding__model", "embedding__text_hash"), encoder
        )
    ]
    for start in range(0, len(todo), batch_size):
        batch = todo[start : start + batch_size]
        vectors = encoder.encode([text for _, (_, text) in batch])
        _store(batch, vectors, encoder.name)
        if progress is not None:
            progress(min(start + batch_size, len(todo)), len(todo))
    if todo:
        transaction.on_commit(cache.invalidate)
    return len(todo)


def _store(batch: list[tuple[str, tuple[int, str]]], vectors: Vectors, model: str) -> None:
    rows = [
        Embedding(
            **{owner: pk},
            model=model,
            text_hash=text_hash(text),
            vector=to_bytes(vectors[i]),
        )
        for i, (owner, (pk, text)) in enumerate(batch)
    ]
    with transaction.atomic():
        for owner in ("external_claim_id", "claim_id"):
            ids = [getattr(r, owner) for r in rows if getattr(r, owner) is not None]
            Embedding.objects.filter(**{f"{owner}__in": ids}).delete()
        Embedding.objects.bulk_create(rows)
