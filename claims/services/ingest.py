"""Ingestion: an article in, a Source with its speakers, claims and appearances out.

One service for the ``ingest`` command, the admin's "Ingest article" page and the API.
It is idempotent (the same URL or the same cleaned body is never stored twice: unique
constraints decide, so two processes racing on one article cannot both win) and it writes
in bulk, a handful of queries per article, because wire feeds arrive by the thousand.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.text import slugify

from claims.models import Appearance, Claim, Speaker, SpeakerAlias
from claims.services.bulk import insert_with_history
from claims.services.claims import claim_create, speaker_get_or_create
from factcheck.lib import extraction
from factcheck.lib.text import name_key, sha256_hex, statement_fingerprint
from factcheck.lib.urls import normalise_url, site_of
from sources.models import Source

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

logger = logging.getLogger(__name__)

EMPTY_BODY = "The article is empty."
BODY_TOO_LARGE = "The article is larger than the limit of {limit} bytes."
NOTHING_LEFT = "Nothing readable is left once markup and boilerplate are removed."

STATEMENT_KINDS = {
    "statistic": Claim.Kind.STATISTIC,
    "promise": Claim.Kind.PROMISE,
    "prediction": Claim.Kind.PREDICTION,
    "quote": Claim.Kind.QUOTE,
}
# A quote carries no check-worthiness of its own; it inherits that of the checkable
# statements inside it, and gets this floor so it sorts below real statistics.
QUOTE_BASE_CHECKWORTHINESS = 0.3


@dataclass
class IngestResult:
    source: Source
    created: bool
    claims: list[Claim] = field(default_factory=list)
    appearances: list[Appearance] = field(default_factory=list)
    new_claims: int = 0
    new_speakers: int = 0
    speakers: dict[str, Speaker] = field(default_factory=dict)


@dataclass
class _Candidate:
    """One claim the extractor found, before it meets the database."""

    text: str
    start: int
    end: int
    kind: str
    checkworthiness: float
    speaker: str | None
    mention: str
    is_direct: bool
    fingerprint: str = ""

    def __post_init__(self) -> None:
        self.fingerprint = statement_fingerprint(self.text)


def source_ingest(
    *,
    text: str | bytes,
    fmt: str = "auto",
    encoding: str | None = None,
    url: str | None = None,
    title: str = "",
    published_at: datetime | None = None,
    publisher_name: str = "",
    authors: list[str] | None = None,
    language: str = "en",
    kind: str = Source.Kind.NEWS_ARTICLE,
    actor: AbstractBaseUser | None = None,
) -> IngestResult:
    """Store an article and every claim found in it, or return the copy already stored.

    Raises ``ValidationError`` with a message naming the problem for input that cannot be
    stored (empty, too large, undecodable, invalid URL); nothing is written then.
    """
    url = normalise_url(url) if url else None
    if url and (existing := Source.objects.filter(url=url).first()):
        return _existing(existing)
    body_text = _decode(text, encoding)
    input_hash = sha256_hex(body_text)
    if existing := Source.objects.filter(input_hash=input_hash).first():
        return _existing(existing)
    try:
        found = extraction.extract(body_text, fmt=fmt)
    except extraction.ExtractionInputError as exc:
        raise ValidationError(str(exc), code="bad_input") from exc
    if not found.body.strip():
        raise ValidationError(NOTHING_LEFT, code="empty_body")
    content_hash = sha256_hex(found.body)
    if existing := Source.objects.filter(content_hash=content_hash).first():
        return _existing(existing)
    source = Source(
        kind=kind,
        url=url,
        title=title[:500] or _first_line(found.body),
        body=found.body,
        content_hash=content_hash,
        input_hash=input_hash,
        publisher_name=publisher_name[:200],
        publisher_site=site_of(url) if url else "",
        authors=list(authors or []),
        published_at=published_at,
        language=language,
        created_by=actor,
    )
    source.full_clean(validate_unique=False, validate_constraints=False)
    try:
        with transaction.atomic():
            source.save()
            result = IngestResult(source=source, created=True)
            _store_claims(result, found, actor)
    except IntegrityError:
        # Another process stored the same article between our check and our insert.
        winner = Source.objects.filter(content_hash=content_hash).first() or (
            Source.objects.filter(url=url).first() if url else None
        )
        if winner is None:
            raise
        return _existing(winner)
    return result


def _decode(text: str | bytes, encoding: str | None) -> str:
    limit = settings.FACTCHECK_MAX_BODY_BYTES
    size = len(text) if isinstance(text, bytes) else len(text.encode("utf-8", "replace"))
    if size > limit:
        raise ValidationError(BODY_TOO_LARGE.format(limit=limit), code="too_large")
    if isinstance(text, bytes):
        try:
            text = extraction.decode_bytes(text, encoding)
        except extraction.ExtractionInputError as exc:
            raise ValidationError(str(exc), code="bad_encoding") from exc
    # PostgreSQL text cannot hold NUL; a stray one in an otherwise good article is dropped.
    text = text.replace("\x00", "")
    if not text.strip():
        raise ValidationError(EMPTY_BODY, code="empty_body")
    return text


def _first_line(body: str) -> str:
    return body.strip().split("\n", 1)[0].strip("#* ")[:500]


def _existing(source: Source) -> IngestResult:
    """The stored copy; its claims are read by whoever needs them (a replay needs none)."""
    return IngestResult(source=source, created=False)


def _candidates(found: extraction.Extraction) -> list[_Candidate]:
    """Quotes, then statements not already covered by a quote."""
    out = [
        _Candidate(
            q.text,
            q.start,
            q.end,
            Claim.Kind.QUOTE,
            QUOTE_BASE_CHECKWORTHINESS,
            q.speaker,
            q.speaker_mention or "",
            q.is_direct,
        )
        for q in found.quotes
        if q.text.strip()
    ]
    quote_spans = [(q.start, q.end) for q in found.quotes]
    for s in found.statements:
        inside = [c for c in out[: len(found.quotes)] if s.start <= c.start and c.end <= s.end]
        for c in inside:
            c.checkworthiness = max(c.checkworthiness, s.checkworthiness)
        if s.kind == "quote" or any(a <= s.start and s.end <= b for a, b in quote_spans):
            continue
        out.append(
            _Candidate(
                s.text, s.start, s.end, _claim_kind(s), s.checkworthiness, s.speaker, "", False
            )
        )
    return out


def _claim_kind(statement: extraction.Statement) -> str:
    """Comparisons of numbers ("more than 13,000") are rated like any statistic."""
    if statement.kind == "comparison" and statement.quantities:
        return Claim.Kind.STATISTIC
    return STATEMENT_KINDS.get(statement.kind, Claim.Kind.OTHER)


def _store_claims(result: IngestResult, found: extraction.Extraction, actor) -> None:
    source = result.source
    speakers = _speakers_for(found, result)
    candidates = _candidates(found)
    claim_date = source.published_at.date() if source.published_at else None
    claims = _claims_for(candidates, speakers, claim_date, source.language, result, actor)
    appearances = [
        Appearance(
            claim=claims[c.fingerprint],
            source=source,
            quote_text=found.body[c.start : c.end],
            start=c.start,
            end=c.end,
            speaker_mention=c.mention[:300],
            is_direct_quote=c.is_direct,
        )
        for c in candidates
    ]
    unique = {(a.claim_id, a.start): a for a in appearances}
    result.appearances = insert_with_history(Appearance, list(unique.values()), user=actor)
    result.claims = list({a.claim_id: a.claim for a in result.appearances}.values())


def _speakers_for(found: extraction.Extraction, result: IngestResult) -> dict[str, Speaker]:
    wanted = {name_key(s.name): s for s in found.speakers if name_key(s.name)}
    known = {s.name_key: s for s in Speaker.objects.filter(name_key__in=wanted)}
    for alias in SpeakerAlias.objects.filter(name_key__in=wanted).select_related("speaker"):
        known.setdefault(alias.name_key, alias.speaker)
    for key, spoken in wanted.items():
        if key not in known:
            known[key], created = speaker_get_or_create(
                name=spoken.name, role=(spoken.role or "")[:300], kind=spoken.kind
            )
            result.new_speakers += created
    by_name = {s.name: known[name_key(s.name)] for s in found.speakers if name_key(s.name)}
    result.speakers = by_name
    return by_name


def _claims_for(candidates, speakers, claim_date, language, result, actor) -> dict[str, Claim]:
    """Existing claims by fingerprint, and the new ones created in one bulk insert."""
    by_print: dict[str, _Candidate] = {}
    for c in candidates:
        by_print.setdefault(c.fingerprint, c)
    claims = {c.fingerprint: c for c in Claim.objects.filter(fingerprint__in=by_print)}
    new = [
        Claim(
            text=c.text,
            claim_reviewed=c.text[:500],
            fingerprint=fp,
            kind=c.kind,
            claimant=speakers.get(c.speaker) if c.speaker else None,
            claim_date=claim_date,
            language=language,
            checkworthiness=min(1.0, max(0.0, c.checkworthiness)),
            slug=f"{slugify(c.text)[:80].strip('-') or 'claim'}-{fp[:10]}",
        )
        for fp, c in by_print.items()
        if fp not in claims
    ]
    try:
        with transaction.atomic():
            created = insert_with_history(Claim, new, user=actor)
    except IntegrityError:
        created = [_claim_one(claim) for claim in new]  # a racing ingestion got there first
    result.new_claims = len(created)
    claims.update({c.fingerprint: c for c in created})
    return claims


def _claim_one(claim: Claim) -> Claim:
    found, _ = claim_create(
        text=claim.text,
        kind=claim.kind,
        claimant=claim.claimant,
        claim_date=claim.claim_date,
        language=claim.language,
        checkworthiness=claim.checkworthiness,
    )
    return found
