"""Ingestion: an article in, a Source with its speakers, claims and appearances out.

One service for the ``ingest`` command, the admin's "Ingest article" page and the API.
It is idempotent (the same URL or the same cleaned body is never stored twice: unique
constraints decide, so two processes racing on one article cannot both win) and it writes
in bulk, a handful of queries per article, because wire feeds arrive by the thousand.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from functools import lru_cache

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, OperationalError, connection, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from claims.models import Appearance, Claim, Speaker, SpeakerAlias
from claims.selectors import source_is_public
from claims.services.claims import (
    appearance_build,
    appearances_create_many,
    claim_build,
    claim_create,
    claims_create_many,
    speaker_get_or_create,
)
from factcheck import bulk
from factcheck.lib import extraction
from factcheck.lib.metadata import html_meta, normalise_article_text
from factcheck.lib.permissions import Actor, recorded_user, require_perm
from factcheck.lib.text import name_key, sha256_hex, statement_fingerprint
from factcheck.lib.urls import normalise_url, site_of
from matching import conf as matching_conf
from matching.selectors import Duplicate, near_duplicates_many
from matching.services import possible_duplicates_record
from sources.models import Source

logger = logging.getLogger(__name__)

EMPTY_BODY = "The article is empty."
BODY_TOO_LARGE = "The article is larger than the limit of {limit} bytes."
BINARY_TEXT = (
    "This looks like a binary file (an image, archive or document), not article text; "
    "paste the article's text or upload it as a .txt, .md or .html file."
)
NOTHING_LEFT = "Nothing readable is left once markup and boilerplate are removed."

STATEMENT_KINDS = {
    "statistic": Claim.Kind.STATISTIC,
    "promise": Claim.Kind.PROMISE,
    "prediction": Claim.Kind.PREDICTION,
    "quote": Claim.Kind.QUOTE,
}
# A quote (or reported speech) carries no check-worthiness of its own; it inherits that of
# the checkable statements inside it, and gets this floor so it sorts below real statistics.
QUOTE_BASE_CHECKWORTHINESS = 0.3
# Stored claims each new statement is compared with at intake (the best by BM25): the same
# claim reworded ranks first, and each further one costs the batch time.
INTAKE_MATCHES = 3


@dataclass
class IngestResult:
    source: Source
    created: bool
    claims: list[Claim] = field(default_factory=list)
    appearances: list[Appearance] = field(default_factory=list)
    new_claims: int = 0
    new_speakers: int = 0
    speakers: dict[str, Speaker] = field(default_factory=dict)


# Wire copy repeats statements word for word across articles (that is what makes them one
# claim with many appearances), so the fingerprints of recent texts are kept.
_fingerprint = lru_cache(maxsize=16_384)(statement_fingerprint)


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
        self.fingerprint = _fingerprint(self.text)


@dataclass
class ArticleIn:
    """One article to ingest, with whatever metadata came with it."""

    text: str | bytes
    fmt: str = "auto"
    encoding: str | None = None
    url: str | None = None
    title: str = ""
    published_at: datetime | None = None
    publisher_name: str = ""
    authors: list[str] = field(default_factory=list)
    # Blank: the language the extractor detects ("und" when it cannot tell).
    language: str = ""
    kind: str = Source.Kind.NEWS_ARTICLE
    # The extractor's result when the caller ran it already (``manage.py ingest --jobs``
    # extracts in worker processes); None: ingestion runs it.
    extracted: extraction.Extraction | None = field(default=None, repr=False, compare=False)
    # An HTML page whose own metadata fills what the fields above leave blank, read only once
    # the page is known not to be stored (a replay skips that work), in the parse that also
    # cleans its body; ``default_title`` is the title when neither gives one.
    page_meta: bool = False
    default_title: str = ""


@dataclass
class _Prepared:
    article: ArticleIn
    url: str | None
    text: str
    input_hash: str
    found: extraction.Extraction | None = None
    content_hash: str = ""
    # A source already stored under this URL without a body (linked as evidence before the
    # article itself came in): ingestion fills it instead of storing a second source.
    bodiless: Source | None = None


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
    language: str = "",
    kind: str = Source.Kind.NEWS_ARTICLE,
    page_meta: bool = False,
    actor: Actor,
) -> IngestResult:
    """Store an article and every claim found in it, or return the copy already stored.

    Raises ``ValidationError`` with a message naming the problem for input that cannot be
    stored (empty, too large, undecodable, invalid URL); nothing is written then.
    """
    article = ArticleIn(
        text=text,
        fmt=fmt,
        encoding=encoding,
        url=url,
        title=title,
        published_at=published_at,
        publisher_name=publisher_name,
        authors=list(authors or []),
        language=language,
        kind=kind,
        page_meta=page_meta,
    )
    outcome = source_ingest_many([article], actor=actor)[0]
    if isinstance(outcome, ValidationError):
        raise outcome
    return outcome


def source_ingest_many(
    articles: Sequence[ArticleIn],
    *,
    actor: Actor,
    synchronous_commit: bool = True,
) -> list[IngestResult | ValidationError]:
    """Ingest a batch of articles in one transaction; one outcome per article, in order.

    A batch shares its lookups and inserts (a few queries for the whole batch), which is what
    makes wire-feed volumes affordable. An article that cannot be stored gets its
    ``ValidationError`` and does not stop the others.

    ``synchronous_commit=False`` is for bulk backfills only, never for articles arriving one
    at a time: on PostgreSQL the batch's commit then returns before its WAL reaches the disk
    (``SET LOCAL synchronous_commit = off``, the batch's own transaction only: inside a
    caller's transaction the flag is ignored). A crash of the database
    server can lose the last fraction of a second of such commits; never half of one, and a
    rerun of the backfill stores what was lost, since ingestion is idempotent.
    """
    outcomes: list[IngestResult | ValidationError | None] = [None] * len(articles)
    pending: dict[int, _Prepared] = {}
    for i, article in enumerate(articles):
        try:
            pending[i] = _prepare(article)
        except ValidationError as exc:
            outcomes[i] = exc
    _settle_stored(pending, outcomes, "url", "input_hash")
    for i, prepared in list(pending.items()):
        try:
            _read_page_meta(prepared)
            prepared.found = _nonempty(prepared.article.extracted or _extract(prepared))
        except ValidationError as exc:
            outcomes[i] = exc
            del pending[i]
        else:
            prepared.content_hash = sha256_hex(prepared.found.body)
    # A URL read from the page itself (its canonical link) is checked with the body's hash.
    _settle_stored(pending, outcomes, "url", "content_hash")
    firsts, twins = _split_batch_twins(pending)
    try:
        stored = _store_retrying(firsts, actor, synchronous_commit) if firsts else {}
    except IntegrityError:
        # Another process stored one of these articles since we looked: settle each alone.
        if len(articles) == 1:
            return [_winner_of(pending[0]) if pending else outcomes[0]]  # type: ignore[list-item]
        return [
            outcomes[i]
            or source_ingest_many([a], actor=actor, synchronous_commit=synchronous_commit)[0]
            for i, a in enumerate(articles)
        ]
    for i, result in stored.items():
        outcomes[i] = result
    for i, first in twins.items():
        outcomes[i] = _existing(stored[first].source)
    return outcomes  # type: ignore[return-value]


def articles_to_extract(articles: Sequence[ArticleIn]) -> dict[int, str]:
    """The decoded text of each article of a batch that is not stored yet, by position: what
    a caller extracting ahead of ``source_ingest_many`` has to extract (replays cost nothing,
    and input errors are left for ingestion to report)."""
    pending: dict[int, _Prepared] = {}
    for i, article in enumerate(articles):
        try:
            pending[i] = _prepare(article)
        except ValidationError:
            continue
    _settle_stored(pending, [None] * len(articles), "url", "input_hash")
    return {i: prepared.text for i, prepared in pending.items()}


def _prepare(article: ArticleIn) -> _Prepared:
    url = normalise_url(article.url) if article.url else None
    text = _decode(article.text, article.encoding)
    return _Prepared(article=article, url=url, text=text, input_hash=sha256_hex(text))


def _read_page_meta(prepared: _Prepared) -> None:
    """Fill what the caller left blank from the page's own metadata (``ArticleIn.page_meta``)."""
    article = prepared.article
    if not article.page_meta:
        return
    meta = html_meta(prepared.text)
    prepared.article = replace(
        article,
        page_meta=False,
        url=article.url or meta.url or None,
        title=article.title or meta.title or article.default_title,
        published_at=article.published_at or meta.published_at,
        publisher_name=article.publisher_name or meta.publisher,
        authors=article.authors or list(meta.authors),
        language=article.language or meta.language,
    )
    if prepared.url is None and prepared.article.url:
        prepared.url = normalise_url(prepared.article.url)


def _extract(prepared: _Prepared) -> extraction.Extraction:
    try:
        return extraction.extract(
            prepared.text, fmt=prepared.article.fmt, title=prepared.article.title or None
        )
    except extraction.ExtractionInputError as exc:
        raise ValidationError(str(exc), code="bad_input") from exc


def _nonempty(found: extraction.Extraction) -> extraction.Extraction:
    """Whoever ran the extractor (this process or a ``--jobs`` worker), nothing readable left
    means nothing to store."""
    if not found.body.strip():
        raise ValidationError(NOTHING_LEFT, code="empty_body")
    return found


def _settle_stored(pending: dict[int, _Prepared], outcomes: list, *keys: str) -> None:
    """Articles already stored (by any of ``keys``) get the stored copy; one indexed query.

    This is all a replayed article costs (before extraction, locking nothing), so on
    PostgreSQL the query is written once per set of keys rather than compiled by the ORM.
    """
    wanted = {key: {getattr(p, key) for p in pending.values()} - {None, ""} for key in keys}
    wanted = {key: values for key, values in wanted.items() if values}
    if not wanted:
        return
    stored: dict[tuple[str, str], Source] = {}
    for source in _sources_by(wanted):
        for key in keys:
            if getattr(source, key):
                stored[(key, getattr(source, key))] = source
    for i, prepared in list(pending.items()):
        for key in keys:
            if (hit := stored.get((key, getattr(prepared, key)))) is not None:
                source = hit
                if key == "url" and not source.content_hash:
                    prepared.bodiless = source
                    continue
                outcomes[i] = _existing(source)
                del pending[i]
                break


def _sources_by(wanted: dict[str, set[str]]) -> list[Source]:
    """Sources whose ``key`` is one of ``wanted[key]``, for any key (url, input_hash,
    content_hash: each has its index)."""
    condition = Q()
    for key, values in wanted.items():
        condition |= Q(**{f"{key}__in": values})
    return list(Source.objects.filter(condition).order_by())


def _split_batch_twins(pending: dict[int, _Prepared]) -> tuple[dict, dict[int, int]]:
    """The same article twice in one batch is stored once; later copies point at the first."""
    seen: dict[str, int] = {}
    firsts: dict[int, _Prepared] = {}
    twins: dict[int, int] = {}
    for i, prepared in pending.items():
        keys = [k for k in (prepared.url, prepared.content_hash) if k]
        first = next((seen[k] for k in keys if k in seen), None)
        if first is not None:
            twins[i] = first
            continue
        firsts[i] = prepared
        for k in keys:
            seen[k] = i
    return firsts, twins


DEADLOCK_RETRIES = 3


def _store_retrying(
    firsts: dict[int, _Prepared], actor, synchronous_commit: bool = True
) -> dict[int, IngestResult]:
    """Rows go in sorted by their unique keys, so two ingestions sharing claims lock them in
    the same order; should PostgreSQL still pick a deadlock victim, the batch is retried."""
    # Only a transaction of its own may skip the flush; inside a caller's transaction the
    # caller's commit is the one that counts.
    skip_flush = not synchronous_commit and not connection.in_atomic_block
    for attempt in range(DEADLOCK_RETRIES):
        try:
            with transaction.atomic():
                if skip_flush and connection.vendor == "postgresql":
                    # No ORM or connection option sets this for one transaction only.
                    with connection.cursor() as cursor:
                        cursor.execute("SET LOCAL synchronous_commit = off")
                return _store(firsts, actor)
        except OperationalError as exc:
            deadlock = getattr(exc.__cause__, "sqlstate", None) == "40P01"
            if not deadlock or attempt + 1 == DEADLOCK_RETRIES:
                raise
    raise AssertionError("unreachable")


def _winner_of(prepared: _Prepared) -> IngestResult:
    condition = Q(content_hash=prepared.content_hash)
    if prepared.url:
        condition |= Q(url=prepared.url)
    winner = Source.objects.filter(condition).first()
    if winner is None:
        raise IntegrityError("The article could not be stored and no stored copy was found.")
    return _existing(winner)


def _store(firsts: dict[int, _Prepared], actor: Actor) -> dict[int, IngestResult]:
    if not firsts:
        return {}
    sources = {i: _new_source(p, actor) for i, p in firsts.items()}
    filled = _fill_bodiless(firsts, sources)
    results = {i: IngestResult(source=source, created=True) for i, source in sources.items()}
    found = {i: p.found for i, p in firsts.items() if p.found is not None}
    speakers = _speakers_for(found, results, actor)
    # One appearance per claim and start in each article; the claim is its fingerprint's.
    spans = {i: {(c.fingerprint, c.start): c for c in _candidates(f)} for i, f in found.items()}
    claims, new, possible = _claims_for(spans, speakers, sources)
    fresh = sorted(
        (source for i, source in sources.items() if i not in filled),
        key=lambda s: s.content_hash or "",
    )
    require_perm(actor, "sources.add_source")
    Source.objects.bulk_create(fresh)
    # Every history row of the batch carries one date, the sources' creation time.
    now = fresh[0].created_at if fresh else timezone.now()
    bulk.record_creation(Source, fresh, user=recorded_user(actor), when=now)
    _insert_claims(new, claims, results, actor, now)
    possible_duplicates_record(
        pairs=[(claims[fp], d) for fp, found in possible.items() for d in found], actor=actor
    )
    appearances: list[Appearance] = []
    for i, article in spans.items():
        source = sources[i]
        # Two statements of one article found to repeat the same stored claim at one start
        # (a quote and the statistic inside it) make one appearance.
        spots = {(claims[fp].pk, c.start): (fp, c) for (fp, _), c in article.items()}
        made = [
            appearance_build(
                claim=claims[fp],
                source=source,
                quote_text=source.body[c.start : c.end],
                start=c.start,
                end=c.end,
                speaker_mention=c.mention,
                is_direct_quote=c.is_direct,
            )
            for fp, c in spots.values()
        ]
        results[i].appearances = made
        results[i].claims = list({a.claim_id: a.claim for a in made}.values())
        appearances += made
    appearances_create_many(appearances=appearances, actor=actor, now=now)
    return results


def _fill_bodiless(firsts: dict[int, _Prepared], sources: dict[int, Source]) -> set[int]:
    """Give the article's body to the bodiless source stored under its URL (an evidence link
    made before the article was ingested): what was already known of it (title, publisher,
    date) stays, blanks are filled. Returns the batch positions filled."""
    filled: set[int] = set()
    for i, prepared in firsts.items():
        if prepared.bodiless is None:
            continue
        stored = Source.objects.select_for_update().get(pk=prepared.bodiless.pk)
        if stored.content_hash:
            # Another ingestion filled it since we looked: store nothing twice.
            raise IntegrityError("The source was filled by another ingestion.")
        new = sources[i]
        for name in ("body", "content_hash", "input_hash"):
            setattr(stored, name, getattr(new, name))
        # Readers of a published fact-check citing it see its details as they were.
        if not source_is_public(stored):
            for name in ("title", "publisher_name", "publisher_site", "authors", "published_at"):
                if not getattr(stored, name):
                    setattr(stored, name, getattr(new, name))
        stored.save()
        sources[i] = stored
        filled.add(i)
    return filled


def _new_source(prepared: _Prepared, actor: Actor) -> Source:
    article, found = prepared.article, prepared.found
    assert found is not None  # extraction ran before storing
    source = Source(
        kind=article.kind,
        url=prepared.url,
        title=article.title[:500] or _first_line(found.body),
        body=found.body,
        content_hash=prepared.content_hash,
        input_hash=prepared.input_hash,
        publisher_name=article.publisher_name[:200],
        publisher_site=site_of(prepared.url) if prepared.url else "",
        authors=list(article.authors),
        published_at=article.published_at,
        language=(article.language or found.language)[:16],
        created_by=recorded_user(actor),
    )
    source.full_clean(validate_unique=False, validate_constraints=False)
    return source


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
    elif extraction.looks_binary(text):
        raise ValidationError(BINARY_TEXT, code="binary")
    text = normalise_article_text(text)
    if not text.strip():
        raise ValidationError(EMPTY_BODY, code="empty_body")
    return text


def _first_line(body: str) -> str:
    return body.strip().split("\n", 1)[0].strip("#* ")[:500]


def _existing(source: Source) -> IngestResult:
    """The stored copy; its claims are read by whoever needs them (a replay needs none)."""
    return IngestResult(source=source, created=False)


def _candidates(found: extraction.Extraction) -> list[_Candidate]:
    """Quotes, then reported speech, then statements not already covered by a quote.

    Reported speech ("Moscow insists it was deceived ...") is a claim of its own kind with
    its speaker; a statement inside it (a statistic, a promise) stays a claim too, since it
    is what a desk checks, and lends the reported claim its check-worthiness."""
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
    for a in found.attributions:
        inside_quote = any(x <= a.start and a.end <= y for x, y in quote_spans)
        if a.kind != "indirect" or a.promise or inside_quote or not a.text.strip():
            continue
        out.append(
            _Candidate(
                a.text,
                a.start,
                a.end,
                Claim.Kind.REPORTED,
                QUOTE_BASE_CHECKWORTHINESS,
                a.speaker,
                a.speaker_mention or "",
                False,
            )
        )
    quoted_or_reported = list(out)
    for s in found.statements:
        inside = [c for c in quoted_or_reported if s.start <= c.start and c.end <= s.end]
        inside += [c for c in quoted_or_reported if c.start <= s.start and s.end <= c.end]
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


def _speakers_for(
    found: dict, results: dict[int, IngestResult], actor: Actor
) -> dict[str, Speaker]:
    """Every speaker named in the batch, found by name or alias, created when new."""
    wanted: dict[str, tuple[int, extraction.Speaker]] = {}
    for i, extracted in found.items():
        for spoken in extracted.speakers:
            if key := name_key(spoken.name):
                wanted.setdefault(key, (i, spoken))
    known = _known_speakers(list(wanted))
    for key, (i, spoken) in sorted(wanted.items()):
        if key not in known:
            known[key], created = speaker_get_or_create(
                name=spoken.name,
                role=(spoken.role or "")[:300],
                kind=spoken.kind,
                actor=actor,
            )
            results[i].new_speakers += created
    by_name: dict[str, Speaker] = {}
    for i, extracted in found.items():
        names = {s.name: known[name_key(s.name)] for s in extracted.speakers if name_key(s.name)}
        results[i].speakers = names
        by_name.update(names)
    return by_name


def _known_speakers(keys: list[str]) -> dict[str, Speaker]:
    known = {s.name_key: s for s in Speaker.objects.filter(name_key__in=keys)}
    for alias in SpeakerAlias.objects.filter(name_key__in=keys).select_related("speaker"):
        known.setdefault(alias.name_key, alias.speaker)
    return known


def _claims_for(
    spans: dict[int, dict[tuple[str, int], _Candidate]],
    speakers: dict[str, Speaker],
    sources: dict[int, Source],
) -> tuple[dict[str, Claim], list[tuple[int, Claim]], dict[str, list[Duplicate]]]:
    """Existing claims by fingerprint (one query) or by near-duplicate match, the batch's
    new ones (not yet stored), and the possible duplicates among the new ones.

    New claims come sorted by fingerprint, so two ingestions sharing some lock them in the
    same order.
    """
    firsts: dict[str, tuple[int, _Candidate]] = {}
    for i, article in spans.items():
        for c in article.values():
            firsts.setdefault(c.fingerprint, (i, c))
    claims = {c.fingerprint: c for c in _claims_by_fingerprint(list(firsts))}
    unseen = {fp: c.text for fp, (_, c) in firsts.items() if fp not in claims}
    repeats, possible = _near_duplicates(unseen)
    claims.update(repeats)
    new: list[tuple[int, Claim]] = []
    for fp, (i, c) in sorted(firsts.items()):
        if fp in claims:
            continue
        published = sources[i].published_at
        claim = claim_build(
            text=c.text,
            kind=c.kind,
            claimant=speakers.get(c.speaker) if c.speaker else None,
            claim_date=published.date() if published else None,
            language=sources[i].language,
            checkworthiness=c.checkworthiness,
            fingerprint=fp,
        )
        new.append((i, claim))
    return claims, new, possible


def _near_duplicates(
    texts: dict[str, str],
) -> tuple[dict[str, Claim], dict[str, list[Duplicate]]]:
    """Statements not stored under their fingerprint, checked against the stored claims in
    one batched matching call: those that are the same claim (reworded, same numbers) map to
    it and become new appearances of it; the others keep their possible duplicates, to be
    marked once stored. A match across a number difference is never the same claim."""
    if not texts or not matching_conf.intake_check():
        return {}, {}
    fingerprints = sorted(texts)
    found = dict(
        zip(
            fingerprints,
            near_duplicates_many(
                [texts[fp] for fp in fingerprints], limit=INTAKE_MATCHES, wait=False
            ),
            strict=True,
        )
    )
    # The index may lag behind the desk by a few seconds: a claim merged away (or deleted)
    # since is no match.
    matched = {d.match.claim_id or 0 for ds in found.values() for d in ds}
    live = Claim.objects.filter(pk__in=matched, duplicate_of__isnull=True).in_bulk()
    found = {fp: [d for d in ds if (d.match.claim_id or 0) in live] for fp, ds in found.items()}
    repeats = {
        fp: live[ds[0].match.claim_id or 0] for fp, ds in found.items() if ds and ds[0].same_claim
    }
    possible = {fp: ds for fp, ds in found.items() if ds and fp not in repeats}
    return repeats, possible


def _claims_by_fingerprint(fingerprints: list[str]) -> QuerySet[Claim]:
    return Claim.objects.filter(fingerprint__in=fingerprints).order_by()


def _insert_claims(
    new: list[tuple[int, Claim]],
    claims: dict[str, Claim],
    results: dict[int, IngestResult],
    actor: Actor,
    now: datetime,
) -> None:
    """Store the new claims in one insert.

    Should a racing ingestion have created some of them since the lookup, the unique
    fingerprint refuses the insert: its rows are taken and the rest created one by one.
    """
    try:
        with transaction.atomic():
            claims_create_many(claims=[claim for _, claim in new], actor=actor, now=now)
        outcomes = [(claim, True) for _, claim in new]
    except IntegrityError:
        outcomes = [_claim_one(claim, actor) for _, claim in new]
    for (i, _), (claim, was_new) in zip(new, outcomes, strict=True):
        results[i].new_claims += was_new
        claims[claim.fingerprint] = claim


def _claim_one(claim: Claim, actor: Actor) -> tuple[Claim, bool]:
    return claim_create(
        text=claim.text,
        kind=claim.kind,
        claimant=claim.claimant,
        claim_date=claim.claim_date,
        language=claim.language,
        checkworthiness=claim.checkworthiness,
        actor=actor,
    )
