"""Services for speakers, claims, appearances and evidence."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify

from claims.models import (
    Appearance,
    Claim,
    Evidence,
    Notification,
    Speaker,
    SpeakerAlias,
    Verdict,
)
from claims.selectors import speaker_is_public
from claims.services.review import notify, notify_claim_reappeared
from claims.services.verdicts import verdict_approvals_recheck, verdict_claim_changed
from factcheck import bulk
from factcheck.lib.permissions import Actor, recorded_user, require_perm
from factcheck.lib.text import name_key, split_title, statement_fingerprint, unique_slug

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    from sources.models import Source

EMPTY_CLAIM = "A claim needs some text."
EMPTY_SPEAKER_NAME = "A speaker needs a name."
SPAN_MISMATCH = "The quoted text does not match the source body at that span."
SPAN_OUT_OF_RANGE = "The span lies outside the source body."
CLAIM_NOT_TRIAGEABLE = "Only new or check-worthy claims can be triaged."
MERGE_INTO_ITSELF = "A claim cannot be merged into itself."
MERGE_PUBLISHED = "A claim with a published verdict cannot be merged away."
MERGE_INTO_DUPLICATE = "Merge into the surviving claim, not into another duplicate."
MERGE_IN_REVIEW = "This claim has a verdict in progress; finish or reject it before merging."
CLAIM_IS_DUPLICATE = "This claim was merged into another; triage that one instead."
NOT_ON_DESK = "Claims can only be assigned to someone on the desk."


def speaker_get_or_create(
    *,
    name: str,
    role: str = "",
    kind: str = Speaker.Kind.PERSON,
    actor: Actor,
) -> tuple[Speaker, bool]:
    """Find a speaker by name or alias, or create one; safe under concurrent ingestion.

    The unique ``name_key`` makes a racing second insert fail; the savepoint lets us read the
    winner's row instead of failing the caller's transaction. ``actor`` needs the add
    permission (ingestion acts as whoever ingests, or as ``SYSTEM``).
    """
    require_perm(actor, "claims.add_speaker")
    # A title before the name is the role ("President Joe Biden" is Joe Biden, President),
    # whichever extractor or client named them.
    name, title = split_title(name)
    role = role or title
    key = name_key(name)
    if not key:
        raise ValidationError(EMPTY_SPEAKER_NAME, code="empty_speaker")
    found = _speaker_by_key(key)
    if found is not None:
        # A role learned from a later article fills a blank, unless readers already see them.
        if role and not found.role and not speaker_is_public(found):
            found.role = role
            found.save(update_fields=["role", "updated_at"])
        return found, False
    speaker = Speaker(
        name=name.strip(),
        name_key=key,
        role=role,
        kind=kind,
        slug=unique_slug(name, lambda s: Speaker.objects.filter(slug=s).exists()),
    )
    # Uniqueness is the database's to decide: a speaker another process commits between the
    # lookup above and this insert fails the insert, and is then read back below.
    speaker.full_clean(validate_unique=False)
    try:
        with transaction.atomic():
            speaker.save()
    except IntegrityError:
        found = _speaker_by_key(key)
        if found is None:
            raise
        return found, False
    return speaker, True


def _speaker_by_key(key: str) -> Speaker | None:
    speaker = Speaker.objects.filter(name_key=key).first()
    if speaker is None:
        alias = SpeakerAlias.objects.select_related("speaker").filter(name_key=key).first()
        speaker = alias.speaker if alias else None
    return speaker


NAME_TAKEN = "Another speaker already goes by this name; add it there or merge them."


def speaker_name_conflict(*, name: str, speaker_id: int | None) -> bool:
    """Would ``name`` (as a name or alias) make two speakers share one identity?"""
    key = name_key(name)
    speakers = Speaker.objects.filter(name_key=key)
    aliases = SpeakerAlias.objects.filter(name_key=key)
    if speaker_id is not None:
        speakers, aliases = speakers.exclude(pk=speaker_id), aliases.exclude(speaker_id=speaker_id)
    return speakers.exists() or aliases.exists()


def speaker_name_check(*, name: str, speaker_id: int | None) -> str:
    """The name key of ``name`` for speaker ``speaker_id``, refusing an empty name or one
    another speaker goes by (as a name or an alias)."""
    key = name_key(name)
    if not key:
        raise ValidationError({"name": EMPTY_SPEAKER_NAME}, code="empty_speaker")
    if speaker_name_conflict(name=name, speaker_id=speaker_id):
        raise ValidationError({"name": NAME_TAKEN}, code="name_taken")
    return key


@transaction.atomic
def speaker_create(
    *,
    name: str,
    actor: Actor,
    slug: str = "",
    kind: str = Speaker.Kind.PERSON,
    role: str = "",
    description: str = "",
    same_as: str = "",
) -> Speaker:
    """Add a speaker the desk names itself (the admin's form); unlike
    ``speaker_get_or_create`` a name that is already taken is refused, not reused."""
    require_perm(actor, "claims.add_speaker")
    speaker = Speaker(
        name=name.strip(),
        name_key=speaker_name_check(name=name, speaker_id=None),
        slug=slug or unique_slug(name, lambda s: Speaker.objects.filter(slug=s).exists()),
        kind=kind,
        role=role,
        description=description,
        same_as=same_as,
    )
    speaker.full_clean()
    speaker.save()
    return speaker


@transaction.atomic
def speaker_delete(*, speaker: Speaker, actor: Actor) -> None:
    """Delete a speaker; one who is the claimant of any claim is protected by the database."""
    require_perm(actor, "claims.delete_speaker")
    speaker.delete()


def _alias(*, speaker: Speaker, name: str, alias: SpeakerAlias) -> SpeakerAlias:
    alias.name = name.strip()
    alias.name_key = speaker_name_check(name=name, speaker_id=speaker.pk)
    alias.speaker = speaker
    alias.full_clean()
    alias.save()
    return alias


@transaction.atomic
def speaker_alias_add(*, speaker: Speaker, name: str, actor: Actor) -> SpeakerAlias:
    """Another name ``speaker`` goes by; refused when it is another speaker's name or alias."""
    require_perm(actor, "claims.add_speakeralias")
    return _alias(speaker=speaker, name=name, alias=SpeakerAlias())


@transaction.atomic
def speaker_alias_update(*, alias: SpeakerAlias, name: str, actor: Actor) -> SpeakerAlias:
    require_perm(actor, "claims.change_speakeralias")
    alias = SpeakerAlias.objects.select_for_update().get(pk=alias.pk)
    return _alias(speaker=alias.speaker, name=name, alias=alias)


@transaction.atomic
def speaker_alias_delete(*, alias: SpeakerAlias, actor: Actor) -> None:
    require_perm(actor, "claims.delete_speakeralias")
    alias.delete()


def claim_slug(text: str, fingerprint: str) -> str:
    """The one slug scheme of claims: readable words, then the fingerprint's first digits,
    which keep it unique without a look-up per claim."""
    return f"{slugify(text)[:80].strip('-') or 'claim'}-{fingerprint[:10]}"


def claim_build(
    *,
    text: str,
    kind: str = Claim.Kind.QUOTE,
    claim_reviewed: str = "",
    claimant: Speaker | None = None,
    claim_date: date | None = None,
    language: str = "en",
    checkworthiness: float = 0.0,
    fingerprint: str | None = None,
) -> Claim:
    """A new, validated, unsaved claim: the one way claims are made (``claim_create`` saves
    one, ingestion saves a batch with ``claims_create_many``). Uniqueness is left to the
    database's constraints, which decide races between ingestions."""
    text = (text or "").strip()
    if not text:
        raise ValidationError(EMPTY_CLAIM, code="empty_claim")
    fingerprint = fingerprint or statement_fingerprint(text)
    summary = (claim_reviewed or text).strip()[:500]
    claim = Claim(
        text=text,
        claim_reviewed=summary,
        fingerprint=fingerprint,
        kind=kind,
        claimant=claimant,
        claim_date=claim_date,
        language=language,
        checkworthiness=min(1.0, max(0.0, checkworthiness)),
        slug=claim_slug(text, fingerprint),
    )
    # The claimant is an instance the caller holds (validating it would cost a query per
    # claim in a batch); the foreign key constraint still guards it.
    claim.full_clean(exclude=["claimant"], validate_unique=False, validate_constraints=False)
    return claim


@transaction.atomic
def claim_create(*, actor: Actor, **fields: Any) -> tuple[Claim, bool]:
    """Create a claim (``claim_build``'s fields), or return the existing one with the same
    normalised statement."""
    require_perm(actor, "claims.add_claim")
    claim = claim_build(**fields)
    existing = Claim.objects.filter(fingerprint=claim.fingerprint).first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            claim.save()
    except IntegrityError:
        existing = Claim.objects.filter(fingerprint=claim.fingerprint).first()
        if existing is None:
            raise
        return existing, False
    return claim, True


def claims_create_many(
    *, claims: list[Claim], actor: Actor, now: datetime | None = None
) -> list[Claim]:
    """Store claims from ``claim_build`` in one insert, with their creation history.

    Raises ``IntegrityError`` when one of them was stored meanwhile (the caller's savepoint
    decides what to do); their history rows are written in the same transaction."""
    require_perm(actor, "claims.add_claim")
    when = now or timezone.now()
    stored = bulk.insert(Claim, claims, when=when)
    bulk.record_creation(Claim, stored, user=recorded_user(actor), when=when)
    return stored


def appearance_build(
    *,
    claim: Claim,
    source: Source,
    quote_text: str,
    start: int,
    end: int,
    speaker_mention: str = "",
    is_direct_quote: bool = True,
) -> Appearance:
    """A new, validated, unsaved appearance; its span must point at the quoted text."""
    if source.body:
        if not (0 <= start < end <= len(source.body)):
            raise ValidationError(SPAN_OUT_OF_RANGE, code="span_out_of_range")
        if source.body[start:end] != quote_text:
            raise ValidationError(SPAN_MISMATCH, code="span_mismatch")
    return Appearance(
        claim=claim,
        source=source,
        quote_text=quote_text,
        start=start,
        end=end,
        speaker_mention=speaker_mention[:300],
        is_direct_quote=is_direct_quote,
    )


@transaction.atomic
def appearance_create(*, actor: Actor, **fields: Any) -> tuple[Appearance, bool]:
    """Record where a claim appeared (``appearance_build``'s fields), once per start."""
    require_perm(actor, "claims.add_claim")
    appearance = appearance_build(**fields)
    stored = Appearance.objects.filter(
        claim=appearance.claim, source=appearance.source, start=appearance.start
    ).first()
    if stored is not None:
        return stored, False
    appearance.save()
    _after_new_appearances([appearance], actor)
    return appearance, True


def appearances_create_many(
    *, appearances: list[Appearance], actor: Actor, now: datetime | None = None
) -> list[Appearance]:
    """Store appearances from ``appearance_build`` in one insert, with their history."""
    require_perm(actor, "claims.add_claim")
    when = now or timezone.now()
    stored = bulk.insert(Appearance, appearances, when=when)
    bulk.record_creation(Appearance, stored, user=recorded_user(actor), when=when)
    _after_new_appearances(stored, actor)
    return stored


def _after_new_appearances(appearances: list[Appearance], actor: Actor) -> None:
    """A claim seen again in a later article: an approved verdict on it goes back to review
    (the appearances readers will see changed), and if the desk has already published a
    fact-check of it, its authors and assignee are told (they may want a correction)."""
    claim_ids = {a.claim_id for a in appearances}
    verdict_approvals_recheck(verdicts=Verdict.objects.filter(claim_id__in=claim_ids), actor=actor)
    checked = set(
        Verdict.objects.filter(claim_id__in=claim_ids, status__in=Verdict.PUBLIC_STATUSES)
        .order_by()
        .values_list("claim_id", flat=True)
        .distinct()
    )
    told: set[tuple[int, int]] = set()
    for appearance in appearances:
        key = (appearance.claim_id, appearance.source_id)
        if appearance.claim_id in checked and key not in told:
            told.add(key)
            notify_claim_reappeared(appearance.claim, appearance.source)


def _locked(claim: Claim) -> Claim:
    return Claim.objects.select_for_update().get(pk=claim.pk)


@transaction.atomic
def claim_assign(*, claim: Claim, assignee: User | None, actor: Actor) -> Claim:
    """Give a claim to anyone on the desk (or to nobody); they are notified."""
    require_perm(actor, "claims.triage_claim")
    if assignee is not None and not (
        assignee.is_active and assignee.has_perm("claims.change_claim")
    ):
        raise ValidationError({"assignee": NOT_ON_DESK}, code="not_on_desk")
    claim = _locked(claim)
    before = claim.assignee_id
    claim.assignee = assignee
    claim.save(update_fields=["assignee", "updated_at"])
    if assignee is not None and assignee.pk != before:
        notify(
            recipients=[assignee],
            verb=Notification.Verb.ASSIGNED,
            claim=claim,
            actor=actor,
            detail=claim.text[:1000],
        )
    return claim


@transaction.atomic
def claim_mark_checkworthy(*, claim: Claim, actor: Actor) -> Claim:
    require_perm(actor, "claims.triage_claim")
    claim = _locked(claim)
    if claim.status not in (Claim.Status.NEW, Claim.Status.DISMISSED):
        raise ValidationError(CLAIM_NOT_TRIAGEABLE, code="not_triageable")
    if claim.duplicate_of_id:
        raise ValidationError(CLAIM_IS_DUPLICATE, code="claim_is_duplicate")
    claim.status = Claim.Status.CHECKWORTHY
    claim.save(update_fields=["status", "updated_at"])
    return claim


@transaction.atomic
def claim_dismiss(*, claim: Claim, actor: Actor) -> Claim:
    require_perm(actor, "claims.triage_claim")
    claim = _locked(claim)
    if claim.status not in (Claim.Status.NEW, Claim.Status.CHECKWORTHY):
        raise ValidationError(CLAIM_NOT_TRIAGEABLE, code="not_triageable")
    claim.status = Claim.Status.DISMISSED
    claim.save(update_fields=["status", "updated_at"])
    return claim


@transaction.atomic
def claim_merge(*, duplicate: Claim, into: Claim, actor: Actor) -> Claim:
    """Fold ``duplicate`` into ``into``: its appearances and evidence move over.

    The duplicate row stays (dismissed, pointing at the survivor) so that links to it and
    its history keep working.
    """
    require_perm(actor, "claims.merge_claim")
    if duplicate.pk == into.pk:
        raise ValidationError(MERGE_INTO_ITSELF, code="merge_into_itself")
    # Lock both rows in id order so two merges of the same pair cannot deadlock.
    locked = {
        c.pk: c
        for c in Claim.objects.select_for_update()
        .filter(pk__in=[duplicate.pk, into.pk])
        .order_by("pk")
    }
    duplicate, into = locked[duplicate.pk], locked[into.pk]
    if into.duplicate_of_id is not None:
        raise ValidationError(MERGE_INTO_DUPLICATE, code="merge_into_duplicate")
    if duplicate.verdicts.filter(status__in=Verdict.PUBLIC_STATUSES).exists():
        raise ValidationError(MERGE_PUBLISHED, code="merge_published")
    if duplicate.verdicts.filter(status__in=Verdict.OPEN_STATUSES).exists():
        raise ValidationError(MERGE_IN_REVIEW, code="merge_in_review")
    joined = timezone.now()
    for appearance in duplicate.appearances.all():
        if not into.appearances.filter(source=appearance.source, start=appearance.start).exists():
            # created_at marks when the appearance joined this claim: readers of a published
            # fact-check see it from the next published version on.
            appearance.claim = into
            appearance.created_at = joined
            appearance.save(update_fields=["claim", "created_at"])
    moved = False
    for evidence in duplicate.evidence.all():
        if not into.evidence.filter(source=evidence.source).exists():
            evidence.claim = into
            evidence.save(update_fields=["claim"])
            moved = True
    if moved:
        verdict_claim_changed(claim_id=into.pk, actor=actor)
    duplicate.duplicate_of = into
    duplicate.status = Claim.Status.DISMISSED
    duplicate.save(update_fields=["duplicate_of", "status", "updated_at"])
    return into


@transaction.atomic
def evidence_add(
    *,
    claim: Claim,
    source: Source,
    stance: str,
    actor: Actor,
    excerpt: str = "",
    note: str = "",
) -> Evidence:
    require_perm(actor, "claims.add_evidence")
    evidence = Evidence(
        claim=claim,
        source=source,
        stance=stance,
        excerpt=excerpt,
        note=note,
        added_by=recorded_user(actor),
    )
    evidence.full_clean()
    evidence.save()
    verdict_claim_changed(claim_id=claim.pk, actor=actor)
    return evidence


SPEAKER_MERGE_INTO_ITSELF = "A speaker cannot be merged into itself."
SPEAKER_MERGED_ALREADY = "This speaker was already merged into another; merge into that one."
SPEAKER_MERGE_PUBLIC = (
    "Readers see this speaker on published fact-checks, whose claimant cannot change under "
    "them; merge the other speaker into this one instead."
)


@transaction.atomic
def speaker_merge(*, source: Speaker, into: Speaker, actor: Actor) -> Speaker:
    """Fold ``source`` into ``into``: its claims and aliases move over, its name becomes an
    alias of ``into``, and its row stays (``merged_into``) so its slug and history lead on.

    Each moved claim is saved, so its history records the change and who made it; a verdict
    under review on a moved claim goes back to "submitted" (its claimant changed).
    """
    require_perm(actor, "claims.change_speaker")
    require_perm(actor, "claims.change_claim")
    if source.pk == into.pk:
        raise ValidationError(SPEAKER_MERGE_INTO_ITSELF, code="merge_into_itself")
    # Both rows locked in id order, so two merges of one pair cannot deadlock.
    locked = {
        s.pk: s
        for s in Speaker.objects.select_for_update()
        .filter(pk__in=[source.pk, into.pk])
        .order_by("pk")
    }
    source, into = locked[source.pk], locked[into.pk]
    if source.merged_into_id is not None or into.merged_into_id is not None:
        raise ValidationError(SPEAKER_MERGED_ALREADY, code="merged_already")
    if speaker_is_public(source):
        raise ValidationError(SPEAKER_MERGE_PUBLIC, code="merge_public_speaker")
    for claim in Claim.objects.select_for_update().filter(claimant=source).order_by("pk"):
        claim.claimant = into
        claim.save(update_fields=["claimant", "updated_at"])
        verdict_claim_changed(claim_id=claim.pk, actor=actor)
    for alias in source.aliases.order_by("pk"):
        alias.speaker = into
        alias.save(update_fields=["speaker"])
    old_name, old_key = source.name, source.name_key
    # The merged row gives up its name key (unique across speakers) so the name can become
    # the survivor's alias; it keeps its name, slug and history.
    source.name_key = f"merged-{source.pk}"
    source.merged_into = into
    source.save(update_fields=["name_key", "merged_into", "updated_at"])
    if old_key and old_key != into.name_key:
        SpeakerAlias(speaker=into, name=old_name, name_key=old_key).save()
    if not into.role and source.role and not speaker_is_public(into):
        into.role = source.role
        into.save(update_fields=["role", "updated_at"])
    return into
