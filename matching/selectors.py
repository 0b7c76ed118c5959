"""The one matching read: "has this been checked before?", and its intake variant.

:func:`match_claims` ranks published fact-checks, ours (claims with a published verdict) and
other desks' (:class:`~matching.models.ExternalClaim`), for any text: the public API, the
evaluation command and the desk call it. :func:`near_duplicates` asks the same index which of
our claims a new statement repeats. Ranking is the fusion of BM25 (numbers kept as single
terms), standardised per query, with the cosine of sentence embeddings; without an encoder,
BM25 alone. Whenever a match states other numbers than the text (years aside), the match says
so, and such a match is never "the same claim".
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

import numpy as np
import numpy.typing as npt
from django.db.models import Count, Max, QuerySet

from claims.models import Claim, Verdict
from factcheck.lib.matching.numbers import number_difference
from factcheck.lib.matching.tokens import clean_text, tokenize
from matching import conf
from matching.encoders import get_encoder
from matching.index import (
    CLAIM,
    EXTERNAL,
    NEAR_DUPLICATE_POSTINGS,
    Hit,
    IndexRow,
    MatchIndex,
    cache,
)
from matching.models import Embedding, ExternalClaim, ExternalReview, PossibleDuplicate

MAX_LIMIT = 100


@dataclass(frozen=True, slots=True)
class Match:
    """One ranked fact-check: ours (``claim_id``) or another desk's (``external_claim_id``)."""

    kind: Literal["claim", "external"]
    claim_id: int | None
    external_claim_id: int | None
    key: str  # the external claim's feed key, or our claim's slug
    text: str
    score: float
    lexical_score: float
    semantic_score: float | None
    number_warning: str | None


@dataclass(frozen=True, slots=True)
class Duplicate:
    """An existing claim of ours that an incoming statement may repeat."""

    match: Match
    same_claim: bool  # True: becomes a new appearance; False: "possible duplicate of ..."
    similarity: float


def _signature() -> tuple[object, ...]:
    """What changes when the index must be rebuilt: counts and latest change times."""
    return (
        tuple(ExternalClaim.objects.aggregate(n=Count("id"), t=Max("updated_at")).values()),
        tuple(ExternalReview.objects.aggregate(n=Count("id"), t=Max("updated_at")).values()),
        tuple(Embedding.objects.aggregate(n=Count("id"), t=Max("updated_at")).values()),
        tuple(Claim.objects.aggregate(n=Count("id"), t=Max("updated_at")).values()),
        tuple(Verdict.objects.published().aggregate(n=Count("id"), t=Max("id")).values()),
        getattr(get_encoder(), "name", None),
    )


def _vector(
    model: str | None, data: bytes | memoryview | None, encoder_name: str | None
) -> bytes | None:
    if data is None or model != encoder_name:
        return None  # made by another model: stale until re-embedded
    return bytes(data)


def _claim_rows(encoder_name: str | None) -> list[IndexRow]:
    published = set(Verdict.objects.published().values_list("claim_id", flat=True))
    rows = (
        Claim.objects.filter(duplicate_of__isnull=True)
        .values_list(
            "id", "slug", "claim_reviewed", "text", "embedding__model", "embedding__vector"
        )
        .order_by("id")
    )
    return [
        IndexRow(
            CLAIM, pk, slug, text, f"{summary} {text}", pk in published, _vector(m, v, encoder_name)
        )
        for pk, slug, summary, text, m, v in rows.iterator(chunk_size=5000)
    ]


def _external_rows(encoder_name: str | None) -> list[IndexRow]:
    titles: dict[int, list[str]] = defaultdict(list)
    for claim_id, title in ExternalReview.objects.values_list("claim_id", "title").iterator(
        chunk_size=5000
    ):
        if title:
            titles[claim_id].append(title)
    rows = ExternalClaim.objects.values_list(
        "id", "key", "text", "embedding__model", "embedding__vector"
    ).order_by("id")
    return [
        IndexRow(
            EXTERNAL,
            pk,
            key,
            text,
            " ".join([text, *titles[pk]]),
            True,
            _vector(m, v, encoder_name),
        )
        for pk, key, text, m, v in rows.iterator(chunk_size=5000)
    ]


def _build() -> MatchIndex:
    encoder = get_encoder()
    name = None if encoder is None else encoder.name
    rows = _claim_rows(name) + _external_rows(name)
    return MatchIndex(rows, dim=None if encoder is None else encoder.dim)


def current_index() -> MatchIndex:
    return cache.get(
        signature=_signature, build=_build, ttl=conf.index_ttl(), background=conf.index_background()
    )


def _ready_index() -> MatchIndex | None:
    return cache.get_if_ready(
        signature=_signature, build=_build, ttl=conf.index_ttl(), background=conf.index_background()
    )


def embed_query(text: str) -> npt.NDArray[np.float32] | None:
    encoder = get_encoder()
    if encoder is None:
        return None
    return encoder.encode([clean_text(text)])[0]


def _to_match(index: MatchIndex, hit: Hit, text: str) -> Match:
    position = hit.position
    is_claim = index.kinds[position] == CLAIM
    pk = int(index.pks[position])
    difference = number_difference(index.texts[position], text)
    return Match(
        kind="claim" if is_claim else "external",
        claim_id=pk if is_claim else None,
        external_claim_id=None if is_claim else pk,
        key=index.keys[position],
        text=index.texts[position],
        score=hit.score,
        lexical_score=hit.lexical,
        semantic_score=hit.semantic,
        number_warning=None if difference is None else difference.message,
    )


def match_claims(text: str, *, limit: int = 10, include_external: bool = True) -> list[Match]:
    """Published fact-checks (ours, and other desks' unless ``include_external`` is False)
    ranked for ``text``, best first, at most ``limit``."""
    limit = max(1, min(limit, MAX_LIMIT))
    index = current_index()
    mask = index.published.copy()
    if not include_external:
        mask &= index.kinds == CLAIM
    hits = index.search(
        tokenize(text),
        embed_query(text),
        mask=mask,
        limit=limit,
        lexical_weight=conf.LEXICAL_WEIGHT,
    )
    return [_to_match(index, h, text) for h in hits]


def near_duplicates(
    text: str, *, limit: int = 5, exclude_claim_id: int | None = None
) -> list[Duplicate]:
    """Our claims (any status) that ``text`` may repeat, most similar first.

    With an encoder, similarity is the embedding cosine; without one, the overlap (Jaccard)
    of the words (numbers aside). At or above the "same claim" threshold a statement is the
    same claim, unless the numbers differ: then it is at most a possible duplicate, with the
    warning. The same wording around other numbers is always a possible duplicate.
    """
    index = current_index()
    mask = index.kinds == CLAIM
    if exclude_claim_id is not None:
        mask &= index.pks != exclude_claim_id
    return _duplicates(index, text, embed_query(text), mask=mask, limit=limit)


def near_duplicates_many(
    texts: Sequence[str], *, limit: int = 5, embed: bool | None = None, wait: bool = True
) -> list[list[Duplicate]]:
    """:func:`near_duplicates` for a batch of statements (an ingested article's): one index
    read, and one encoder call for the whole batch.

    ``embed`` None follows ``MATCHING_INTAKE_EMBED`` (default False: intake compares words,
    numbers and BM25 only, because embedding each statement on arrival costs ~30 ms of CPU a
    statement, ~1 s an article, where the rest of ingestion costs ~30 ms; the stored
    embedding is still made by the background task, and the desk's panel ranks with it).
    ``wait=False`` (intake): a process whose index is still being built for the first time
    gets no duplicates rather than waiting for it.
    """
    if not texts:
        return []
    index = current_index() if wait else _ready_index()
    if index is None:
        return [[] for _ in texts]
    mask = index.kinds == CLAIM
    encoder = get_encoder() if (conf.intake_embed() if embed is None else embed) else None
    vectors = None if encoder is None else encoder.encode([clean_text(t) for t in texts])
    return [
        _duplicates(index, text, None if vectors is None else vectors[i], mask=mask, limit=limit)
        for i, text in enumerate(texts)
    ]


def _duplicates(
    index: MatchIndex,
    text: str,
    vector: npt.NDArray[np.float32] | None,
    *,
    mask: npt.NDArray[np.bool_],
    limit: int,
) -> list[Duplicate]:
    terms = tokenize(text)
    words = frozenset(t for t in terms if not t.startswith("#"))  # as _words, tokenised once
    hits = index.search(
        terms,
        vector,
        mask=mask,
        limit=limit,
        lexical_weight=conf.LEXICAL_WEIGHT,
        postings_budget=NEAR_DUPLICATE_POSTINGS,
    )
    duplicates: list[Duplicate] = []
    for hit in hits:
        wording = _overlap(words, _words(index.texts[hit.position]))
        embedded = index.vectors is not None and bool(index.vectors[hit.position].any())
        if hit.semantic is not None and embedded:
            similarity = hit.semantic
            same = similarity >= conf.SAME_CLAIM_COSINE
            possible = similarity >= conf.POSSIBLE_DUPLICATE_COSINE
        else:
            similarity = wording
            same = similarity >= conf.SAME_CLAIM_OVERLAP
            possible = False
        # The same words around other numbers: the embedding sees the numbers and may score
        # it low, yet a desk wants to see it, with the number warning.
        if not (possible or same or wording >= conf.POSSIBLE_DUPLICATE_OVERLAP):
            continue  # most hits, and the numbers of those are never compared
        match = _to_match(index, hit, text)
        # "not" is a stop word for BM25 and barely moves an embedding: a statement and its
        # negation are never the same claim.
        same = same and _negations(text) == _negations(index.texts[hit.position])
        duplicates.append(Duplicate(match, same and match.number_warning is None, similarity))
    return sorted(duplicates, key=lambda d: -d.similarity)


@dataclass(frozen=True, slots=True)
class CheckedBefore:
    """What the desk sees for one of our claims: the published fact-checks it matches (ours
    and other desks'), and our other claims (any status) it may repeat; never itself."""

    claim_id: int
    matches: list[Match]
    duplicates: list[Duplicate]


def checked_before(
    claims: Sequence[tuple[int, str]], *, limit: int = 5, wait: bool = True
) -> dict[int, CheckedBefore] | None:
    """:func:`match_claims` and :func:`near_duplicates` for claims of ours, ``(id, text)``:
    one index read, the claim's stored embedding as the query vector when the index holds it
    (the rest embedded in one encoder call), so a page of claims costs no encoder time once
    the background task has embedded them. ``wait=False`` (the desk's pages): None while a
    process builds its first index, instead of holding the page for it."""
    if not claims:
        return {}
    index = current_index() if wait else _ready_index()
    if index is None:
        return None
    ours = index.kinds == CLAIM
    vectors = _claim_vectors(index, claims)
    out: dict[int, CheckedBefore] = {}
    for (pk, text), vector in zip(claims, vectors, strict=True):
        others = ~(ours & (index.pks == pk))
        hits = index.search(
            tokenize(text),
            vector,
            mask=index.published & others,
            limit=limit,
            lexical_weight=conf.LEXICAL_WEIGHT,
        )
        out[pk] = CheckedBefore(
            pk,
            [_to_match(index, h, text) for h in hits],
            _duplicates(index, text, vector, mask=ours & others, limit=limit),
        )
    return out


def _claim_vectors(
    index: MatchIndex, claims: Sequence[tuple[int, str]]
) -> list[npt.NDArray[np.float32] | None]:
    encoder = get_encoder()
    if encoder is None or index.vectors is None:
        return [None] * len(claims)
    vectors: list[npt.NDArray[np.float32] | None] = []
    missing: list[int] = []
    for n, (pk, _) in enumerate(claims):
        (where,) = np.nonzero((index.pks == pk) & (index.kinds == CLAIM))
        stored = index.vectors[where[0]] if where.size else None
        vectors.append(stored if stored is not None and stored.any() else None)
        if vectors[-1] is None:
            missing.append(n)
    if missing:
        encoded = encoder.encode([clean_text(claims[n][1]) for n in missing])
        for n, vector in zip(missing, encoded, strict=True):
            vectors[n] = vector
    return vectors


def possible_duplicate_marks(claim_ids: Sequence[int]) -> dict[int, list[PossibleDuplicate]]:
    """Intake's "possible duplicate of …" marks of these claims, best first, with the claim
    each points at (one query); a mark pointing at a claim merged away since is left out."""
    marks: dict[int, list[PossibleDuplicate]] = defaultdict(list)
    queryset = (
        PossibleDuplicate.objects.filter(claim_id__in=claim_ids, of__duplicate_of__isnull=True)
        .select_related("of")
        .order_by("claim_id", "-similarity", "id")
    )
    for mark in queryset:
        marks[mark.claim_id].append(mark)
    return dict(marks)


@lru_cache(maxsize=65_536)
def _words(text: str) -> frozenset[str]:
    """BM25 terms without the numbers: the wording of a statement. Cached: intake compares
    each incoming statement with the words of its top hits, and wire copy brings the same
    stored claims up again and again."""
    return frozenset(t for t in tokenize(text) if not t.startswith("#"))


NEGATIONS = frozenset(
    [
        "no",
        "not",
        "nor",
        "never",
        "none",
        "nobody",
        "nothing",
        "neither",
        "nowhere",
        "without",
        "cannot",
    ]
)


def _negations(text: str) -> frozenset[str]:
    words = re.findall(r"[a-z']+", text.lower().replace("\u2019", "'"))
    return frozenset(
        "not" if w.endswith("n't") else w for w in words if w in NEGATIONS or w.endswith("n't")
    )


def _overlap(a: frozenset[str], b: frozenset[str]) -> float:
    union = len(a | b)
    return len(a & b) / union if union else 0.0


def external_claims_with_reviews(ids: list[int]) -> dict[int, ExternalClaim]:
    """The external claims of some matches, with their reviews (two queries)."""
    queryset: QuerySet[ExternalClaim] = ExternalClaim.objects.filter(id__in=ids).prefetch_related(
        "reviews"
    )
    return {c.id: c for c in queryset}


def published_verdicts_for(claim_ids: list[int]) -> dict[int, Verdict]:
    """The current published verdict of each of our matched claims (one query)."""
    queryset = (
        Verdict.objects.published().filter(claim_id__in=claim_ids).select_related("claim", "rating")
    )
    return {v.claim_id: v for v in queryset}
