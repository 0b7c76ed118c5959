"""Writes for claim matching: importing other desks' fact-checks, and intake's
"possible duplicate of …" marks.

:func:`external_claims_import` is the one import path (ClaimReview pages, DataFeed files and
the evaluation's JSONL index all end here); it is idempotent: a claim is found again by its
key, a review by its URL (or feed identifier), and an unchanged item writes nothing.
Embedding the imported claims is left to a background task (:mod:`matching.tasks`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from claims.models import Claim
from claims.services import claim_merge
from factcheck import bulk
from factcheck.lib.matching.claimreview import Review, ReviewedClaim
from factcheck.lib.matching.numbers import number_difference
from factcheck.lib.permissions import Actor, require_perm
from factcheck.lib.text import normalise_statement
from matching.index import cache
from matching.models import ExternalClaim, ExternalReview, PossibleDuplicate
from matching.selectors import Duplicate
from matching.tasks import embed_external_claims

NUMBERS_DIFFER = (
    "The two claims state different numbers ({warning}): they are merged only when you "
    "confirm that they are the same claim all the same."
)
EMPTY_CLAIM_TEXT = "An external fact-check needs the text of the claim it checked."
CLAIM_FIELDS = ("text", "claimant", "claim_date", "language")
REVIEW_FIELDS = ("url", "publisher", "publisher_site", "title", "rating", "review_date", "language")


@dataclass(frozen=True, slots=True)
class ExternalClaimData:
    """One external claim and its reviews, as an importer read it."""

    key: str
    text: str
    claimant: str = ""
    claim_date: dt.date | None = None
    language: str = ""
    reviews: tuple[Review, ...] = ()


@dataclass(slots=True)
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    reviews_created: int = 0
    reviews_updated: int = 0
    changed_ids: list[int] = field(default_factory=list)


def claim_key(text: str) -> str:
    """The key of a claim that its feed does not identify: its normalised text's hash."""
    return "text:" + hashlib.sha256(normalise_statement(text).encode()).hexdigest()[:40]


def group_claim_reviews(items: Iterable[ReviewedClaim]) -> list[ExternalClaimData]:
    """ClaimReview items grouped by claim (same normalised text), several reviews each."""
    grouped: dict[str, ExternalClaimData] = {}
    for item in items:
        key = claim_key(item.text)
        known = grouped.get(key)
        if known is None:
            grouped[key] = ExternalClaimData(
                key, item.text, item.claimant, item.claim_date, item.language, (item.review,)
            )
        elif item.review.key not in {r.key for r in known.reviews}:
            grouped[key] = ExternalClaimData(
                key,
                known.text,
                known.claimant or item.claimant,
                known.claim_date or item.claim_date,
                known.language or item.language,
                (*known.reviews, item.review),
            )
    return list(grouped.values())


def _validated_claim(data: ExternalClaimData, existing: ExternalClaim | None) -> ExternalClaim:
    if not data.text.strip():
        raise ValidationError(EMPTY_CLAIM_TEXT, code="empty_claim")
    claim = existing or ExternalClaim(key=data.key)
    for name in CLAIM_FIELDS:
        setattr(claim, name, getattr(data, name))
    claim.full_clean(exclude=["key"] if existing else None, validate_unique=False)
    return claim


def _changed(obj: object, data: object, names: Sequence[str]) -> bool:
    return any(getattr(obj, n) != getattr(data, n) for n in names)


@transaction.atomic
def external_claims_import(
    *, items: Sequence[ExternalClaimData], enqueue_embedding: bool = True
) -> ImportResult:
    """Create or update external claims and their reviews; unchanged rows are not written."""
    result = ImportResult()
    existing = ExternalClaim.objects.in_bulk([i.key for i in items], field_name="key")
    new: list[ExternalClaim] = []
    changed: list[ExternalClaim] = []
    for data in items:
        known = existing.get(data.key)
        if known is not None and not _changed(known, data, CLAIM_FIELDS):
            result.unchanged += 1
            continue
        claim = _validated_claim(data, known)
        (changed if known else new).append(claim)
    ExternalClaim.objects.bulk_create(new, batch_size=1000)
    ExternalClaim.objects.bulk_update(changed, CLAIM_FIELDS, batch_size=1000)
    result.created, result.updated = len(new), len(changed)
    result.changed_ids = [c.pk for c in (*new, *changed)]
    ids = ExternalClaim.objects.in_bulk([i.key for i in items], field_name="key")
    _import_reviews(items, ids, result)
    transaction.on_commit(cache.invalidate)
    if enqueue_embedding and result.changed_ids:
        ids_to_embed = list(result.changed_ids)
        transaction.on_commit(lambda: embed_external_claims.enqueue(ids_to_embed))
    return result


def _import_reviews(
    items: Sequence[ExternalClaimData], claims: dict[str, ExternalClaim], result: ImportResult
) -> None:
    reviews = [(claims[i.key], r) for i in items for r in i.reviews]
    existing = ExternalReview.objects.in_bulk([r.key for _, r in reviews], field_name="key")
    new: list[ExternalReview] = []
    changed: list[ExternalReview] = []
    for claim, data in reviews:
        known = existing.get(data.key)
        if (
            known is not None
            and known.claim_id == claim.pk
            and not _changed(known, data, REVIEW_FIELDS)
        ):
            continue
        review = known or ExternalReview(key=data.key)
        review.claim = claim
        for name in REVIEW_FIELDS:
            setattr(review, name, getattr(data, name))
        review.full_clean(exclude=["key", "claim"], validate_unique=False)
        (changed if known else new).append(review)
    ExternalReview.objects.bulk_create(new, batch_size=1000)
    ExternalReview.objects.bulk_update(changed, ["claim", *REVIEW_FIELDS], batch_size=1000)
    result.reviews_created, result.reviews_updated = len(new), len(changed)


def possible_duplicates_record(
    *, pairs: Sequence[tuple[Claim, Duplicate]], actor: Actor
) -> list[PossibleDuplicate]:
    """Mark each claim as a possible duplicate of its match (one insert; a pair marked
    already, or a claim matched to itself, is skipped).

    Intake marks claims it has just stored, so a pair is new but for a racing ingestion
    that stored (and marked) the same claim first: the marks go in with ``factcheck.bulk``'s
    COPY (a wire whose statements recur with other numbers brings ~3 marks a statement,
    which ``bulk_create`` took longer to insert than the matching took to find), and only
    when a pair is refused are they inserted again skipping the pairs marked already.
    """
    require_perm(actor, "claims.add_claim")
    marks: dict[tuple[int, int], tuple[float, str]] = {}
    for claim, duplicate in pairs:
        of_id = duplicate.match.claim_id
        if of_id is not None and of_id != claim.pk:
            marks.setdefault(
                (claim.pk, of_id), (duplicate.similarity, duplicate.match.number_warning or "")
            )

    def rows() -> list[PossibleDuplicate]:
        return [
            PossibleDuplicate(claim_id=c, of_id=o, similarity=s, number_warning=w)
            for (c, o), (s, w) in marks.items()
        ]

    if not marks:
        return []
    try:
        with transaction.atomic():
            return bulk.insert(PossibleDuplicate, rows(), when=timezone.now())
    except IntegrityError:
        return PossibleDuplicate.objects.bulk_create(rows(), ignore_conflicts=True)


@transaction.atomic
def claim_merge_matched(
    *, duplicate: Claim, into: Claim, actor: Actor, numbers_confirmed: bool = False
) -> Claim:
    """The "checked before?" panel's merge: ``duplicate`` folded into the claim it matched
    (``claims.services.claim_merge``: appearances, evidence and history move, the duplicate
    stays as a redirect). Refused across a number difference unless the person merging
    confirmed it; matching itself never merges across one. Intake's marks of the merged
    claim go with it."""
    require_perm(actor, "claims.merge_claim")
    difference = number_difference(into.text, duplicate.text)
    if difference is not None and not numbers_confirmed:
        raise ValidationError(
            NUMBERS_DIFFER.format(warning=difference.message), code="numbers_differ"
        )
    survivor = claim_merge(duplicate=duplicate, into=into, actor=actor)
    PossibleDuplicate.objects.filter(claim=duplicate).delete()
    PossibleDuplicate.objects.filter(of=duplicate).delete()
    transaction.on_commit(cache.invalidate)
    return survivor
