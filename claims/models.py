"""The fact-checking domain: speakers, claims, where they appeared, evidence and verdicts.

The invariants that must never break are database constraints where the database can say
them (one current published verdict per claim, an approver is never the author, one evidence
link per claim and source); the workflow rules that need more context live in
``claims.services``.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.db.models import F, Q, Value
from django.db.models.functions import Now
from django.urls import reverse
from simple_history.models import HistoricalRecords

from claims.managers import ClaimQuerySet, VerdictQuerySet

PUBLISHED_VERDICT_IS_IMMUTABLE = (
    "A published verdict cannot be changed in place; publish a correction with a note."
)

SAME_AS_NOT_WEB = "Enter an http:// or https:// address (for example a Wikidata page)."


class Speaker(models.Model):
    class Kind(models.TextChoices):
        PERSON = "person", "Person"
        ORGANISATION = "organisation", "Organisation"

    name = models.CharField(max_length=200)
    # Case- and punctuation-folded name (see factcheck.lib.text.name_key); unique so that two
    # ingestions running at once can never create the same speaker twice.
    name_key = models.CharField(max_length=200, unique=True, editable=False)
    slug = models.SlugField(max_length=200, unique=True)
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.PERSON)
    role = models.CharField(max_length=300, blank=True, help_text="Role or job title.")
    description = models.TextField(blank=True)
    # Readers follow it from the public page and ClaimReview's ``sameAs``: a web address only.
    same_as = models.URLField(
        blank=True,
        help_text="e.g. a Wikidata URL.",
        validators=[URLValidator(schemes=["http", "https"], message=SAME_AS_NOT_WEB)],
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # How many of their claims have a published fact-check now: kept by the verdict services
    # (``speaker_recount_published``) so that the public speaker list is an index range scan
    # instead of an aggregate over every verdict on each page. Derived data, so not in history.
    # ``db_default`` too: ingestion COPYs speaker rows without this column.
    published_count = models.PositiveIntegerField(default=0, db_default=0, editable=False)
    # The version an admin form loaded (optimistic concurrency); ``db_default`` for COPY too.
    updated_at = models.DateTimeField(auto_now=True, db_default=Now())
    # Set by ``speaker_merge``: this row is kept so that its slug and history still lead to
    # the speaker it was merged into; it has no claims and no aliases left.
    merged_into = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged_speakers",
        editable=False,
        # Read from the merged row to the survivor only; no query looks the other way but a
        # (rare) speaker deletion, and ingestion adds speakers by the thousand.
        db_index=False,
    )

    history = HistoricalRecords(excluded_fields=["published_count", "updated_at"])

    class Meta:
        ordering = ["name"]
        indexes = [
            models.Index(
                fields=["name", "id"],
                condition=models.Q(published_count__gt=0),
                name="speaker_public_by_name",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        """Saving a speaker (admin, API) never writes ``published_count``: only the verdict
        services set it, so a form loaded before a publication cannot write back its old
        count."""
        plain_update = (
            self.pk is not None
            and not self._state.adding
            and kwargs.get("update_fields") is None
            and not kwargs.get("force_insert")
            and not args
        )
        if plain_update:
            deferred = self.get_deferred_fields()
            kwargs["update_fields"] = [
                f.name
                for f in self._meta.concrete_fields
                if not f.primary_key and f.name != "published_count" and f.attname not in deferred
            ]
        super().save(*args, **kwargs)


class SpeakerAlias(models.Model):
    """Another name a speaker goes by ("Tony Blinken"); keys are unique across speakers."""

    speaker = models.ForeignKey(Speaker, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(max_length=200)
    name_key = models.CharField(max_length=200, unique=True, editable=False)

    class Meta:
        verbose_name_plural = "speaker aliases"

    def __str__(self) -> str:
        return self.name


class Topic(models.Model):
    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Claim(models.Model):
    class Kind(models.TextChoices):
        QUOTE = "quote", "Direct quote"
        REPORTED = "reported", "Reported speech"
        STATISTIC = "statistic", "Statistic or quantity"
        PROMISE = "promise", "Promise"
        PREDICTION = "prediction", "Prediction"
        OTHER = "other", "Other"

    class Status(models.TextChoices):
        NEW = "new", "New"
        CHECKWORTHY = "checkworthy", "Check-worthy"
        DISMISSED = "dismissed", "Dismissed"
        IN_REVIEW = "in_review", "In review"
        PUBLISHED = "published", "Published"

    # Claims still on the desk's plate: a fact-checker's queue.
    OPEN_STATUSES = (Status.NEW, Status.CHECKWORTHY, Status.IN_REVIEW)

    claim_reviewed = models.CharField(
        max_length=500, help_text="Short summary of the claim as the fact-check states it."
    )
    text = models.TextField(help_text="The full statement.")
    # Normalised text (case, quote marks, whitespace, number formatting) used to recognise the
    # same statement in another article; unique (``claim_unique_fingerprint``) so concurrent
    # ingestion cannot duplicate it.
    fingerprint = models.CharField(max_length=64, editable=False)
    # Unique (``claim_unique_slug``). Both are constraints rather than ``unique=True`` because
    # on PostgreSQL a unique field also gets a second, LIKE-only index that no query uses
    # and that every ingested claim would pay for.
    slug = models.SlugField(max_length=120, db_index=False)
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.QUOTE)
    claimant = models.ForeignKey(
        Speaker,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="claims",
        db_index=False,  # claim_claimant_idx, partial
    )
    claim_date = models.DateField(null=True, blank=True, help_text="When the claim was made.")
    language = models.CharField(max_length=16, default="en")
    checkworthiness = models.FloatField(default=0.0)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.NEW)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_claims",
        db_index=False,  # claim_assignee_status_idx starts with it
    )
    topics = models.ManyToManyField(Topic, blank=True, related_name="claims")
    duplicate_of = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="duplicates",
        db_index=False,  # claim_duplicate_of_idx, partial
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    # History rows are read by the claim's id only (admin history pages): copies of the
    # other indexes would cost every ingested claim without serving a query.
    history = HistoricalRecords(
        excluded_fields=["fingerprint"],
        no_db_index=["slug", "claimant", "assignee", "duplicate_of"],
    )
    objects = ClaimQuerySet.as_manager()

    class Meta:
        ordering = ["-checkworthiness", "-id"]
        permissions = [
            ("triage_claim", "Can triage claims (assign, mark check-worthy, dismiss)"),
            ("merge_claim", "Can merge duplicate claims"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["fingerprint"], name="claim_unique_fingerprint"),
            models.UniqueConstraint(
                fields=["slug"],
                name="claim_unique_slug",
                violation_error_message="A claim with this slug already exists.",
            ),
            models.CheckConstraint(
                condition=Q(checkworthiness__gte=0) & Q(checkworthiness__lte=1),
                name="claim_checkworthiness_0_1",
            ),
            models.CheckConstraint(
                condition=~Q(duplicate_of=F("id")), name="claim_not_duplicate_of_itself"
            ),
        ]
        indexes = [
            # The admin claim list, unfiltered: its order and its keyset (``?after=``).
            models.Index(fields=["-checkworthiness", "-id"], name="claim_cw_id_idx"),
            # The claim list by status and "my queue": filter by status, then the list's
            # order and keyset, ties included (many claims share a score).
            models.Index(fields=["status", "-checkworthiness", "-id"], name="claim_status_cw_idx"),
            # The claim list by kind: a rare kind (promises) must not mean reading every claim.
            models.Index(fields=["kind", "-checkworthiness", "-id"], name="claim_kind_cw_idx"),
            # The claim list's claim-date filter ("past 7 days" matches few of a large archive).
            models.Index(fields=["claim_date"], name="claim_date_idx"),
            # "My queue" and the assignee filter. Partial, like the two below: most claims
            # have no assignee, no duplicate and (statements) no claimant, and ingestion then
            # adds no index entry for them; lookups by a given value still use the index.
            models.Index(
                fields=["assignee", "status"],
                condition=Q(assignee__isnull=False),
                name="claim_assignee_status_idx",
            ),
            models.Index(
                fields=["claimant"], condition=Q(claimant__isnull=False), name="claim_claimant_idx"
            ),
            models.Index(
                fields=["duplicate_of"],
                condition=Q(duplicate_of__isnull=False),
                name="claim_duplicate_of_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.claim_reviewed


class Appearance(models.Model):
    """One place a claim appeared: the exact text as written and its span in the source body."""

    # Looked up through appearance_unique_span, which starts with it.
    claim = models.ForeignKey(
        Claim, on_delete=models.CASCADE, related_name="appearances", db_index=False
    )
    source = models.ForeignKey(
        # PROTECT: a fact-check shows the quote in its article; only ``source_delete``, which
        # checks that no published, approved or submitted verdict does, removes them.
        "sources.Source",
        on_delete=models.PROTECT,
        related_name="appearances",
    )
    quote_text = models.TextField()
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    speaker_mention = models.CharField(max_length=300, blank=True)
    is_direct_quote = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords(no_db_index=["claim", "source"])

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["claim", "source", "start"], name="appearance_unique_span"
            ),
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="appearance_span_order"),
        ]

    def __str__(self) -> str:
        return f"{self.claim_id} in {self.source_id} [{self.start}:{self.end}]"


class Evidence(models.Model):
    class Stance(models.TextChoices):
        SUPPORTS = "supports", "Supports"
        REFUTES = "refutes", "Refutes"
        CONTEXT = "context", "Adds context"

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="evidence")
    source = models.ForeignKey("sources.Source", on_delete=models.PROTECT, related_name="evidence")
    stance = models.CharField(max_length=16, choices=Stance.choices)
    excerpt = models.TextField(blank=True)
    note = models.TextField(blank=True, help_text="Internal note; never published.")
    # Set by the service from the acting user; NULL once that account is deleted.
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_default=Now())  # admin form version

    history = HistoricalRecords()

    class Meta:
        verbose_name_plural = "evidence"
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["claim", "source"], name="evidence_unique_link"),
        ]

    def __str__(self) -> str:
        return f"{self.get_stance_display()}: {self.source}"


class RatingScale(models.Model):
    class Kind(models.TextChoices):
        TRUTHFULNESS = "truthfulness", "Truthfulness"
        PROMISE = "promise", "Promise tracking"

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    kind = models.CharField(max_length=16, choices=Kind.choices)
    description = models.TextField(blank=True)
    methodology = models.TextField(blank=True, help_text="Public methodology (Markdown).")

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        self.clean()
        super().save(*args, **kwargs)

    def clean(self) -> None:
        _refuse_public_changes(self, ("kind", "name", "slug"), Q(rating__scale=self.pk))

    def fits(self, claim_kind: str) -> bool:
        """Promises are rated on a promise scale; everything else on a truthfulness scale."""
        wanted = self.Kind.PROMISE if claim_kind == Claim.Kind.PROMISE else self.Kind.TRUTHFULNESS
        return self.kind == wanted


class Rating(models.Model):
    scale = models.ForeignKey(RatingScale, on_delete=models.CASCADE, related_name="ratings")
    label = models.CharField(max_length=60)
    # NULL for ratings outside the ordinal scale ("Unverifiable", "Not yet rated").
    value = models.SmallIntegerField(null=True, blank=True)
    description = models.TextField(blank=True)
    colour = models.CharField(max_length=7, default="#777777", help_text="Hex colour, #rrggbb.")
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["scale", "order"]
        constraints = [
            models.UniqueConstraint(fields=["scale", "label"], name="rating_unique_label"),
            models.CheckConstraint(
                condition=Q(colour__regex=r"^#[0-9a-fA-F]{6}$"), name="rating_colour_hex"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.label} ({self.scale})"

    def save(self, *args, **kwargs) -> None:
        self.clean()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self.value is not None and scale_in_public_use(self.scale_id):
            raise ValidationError(RATING_IN_PUBLIC_USE, code="rating_in_public_use")
        return super().delete(*args, **kwargs)

    def clean(self) -> None:
        _refuse_public_changes(self, ("label", "value", "scale_id"), Q(rating=self.pk))
        # bestRating/worstRating of every published fact-check come from the scale's values:
        # no valued rating may appear in, leave or change value within a scale in public use
        # (moving one between scales does the first to one scale and the second to the other).
        stored = type(self).objects.filter(pk=self.pk).values("value", "scale_id").first()
        before = stored or {"value": None, "scale_id": None}
        leaving = before["scale_id"] != self.scale_id and before["value"] is not None
        entering = (before["scale_id"] != self.scale_id or self.value != before["value"]) and (
            self.value is not None or before["value"] is not None
        )
        touched = [before["scale_id"]] if leaving else []
        touched += [self.scale_id] if entering and self.scale_id else []
        if any(scale_in_public_use(scale_id) for scale_id in touched if scale_id):
            raise ValidationError(RATING_IN_PUBLIC_USE, code="rating_in_public_use")


RATING_IN_PUBLIC_USE = (
    "Published fact-checks use this rating scale; its names and numeric values cannot change "
    "under them (a rating without a value can still be added)."
)


def scale_in_public_use(scale_id: int) -> bool:
    """Do public fact-checks rate on this scale (so its names and values are frozen)?"""
    return Verdict.objects.filter(
        rating__scale=scale_id, status__in=Verdict.PUBLIC_STATUSES
    ).exists()


def _refuse_public_changes(obj: models.Model, fields: tuple[str, ...], used: Q) -> None:
    """Ratings that readers have seen keep their label, value, scale and scale kind."""
    if obj.pk is None or obj._state.adding:
        return
    stored = type(obj)._default_manager.filter(pk=obj.pk).values(*fields).first()
    if stored is None or all(stored[f] == getattr(obj, f) for f in fields):
        return
    if Verdict.objects.filter(used, status__in=Verdict.PUBLIC_STATUSES).exists():
        raise ValidationError(RATING_IN_PUBLIC_USE, code="rating_in_public_use")


class Verdict(models.Model):
    """One version of a fact-check of a claim.

    Published versions are immutable: a correction, clarification, update or retraction is
    a new row (``supersedes`` the old one, with a public ``correction_note``), so every
    version a reader ever saw stays readable.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted for review"
        APPROVED = "approved", "Approved"
        PUBLISHED = "published", "Published"
        SUPERSEDED = "superseded", "Superseded by a newer version"
        RETRACTED = "retracted", "Retracted"

    class CorrectionKind(models.TextChoices):
        CORRECTION = "correction", "Correction"
        CLARIFICATION = "clarification", "Clarification"
        UPDATE = "update", "Update"
        RETRACTION = "retraction", "Retraction"

    # Every version a reader may see: the current one, superseded ones and retraction notices.
    PUBLIC_STATUSES = (Status.PUBLISHED, Status.SUPERSEDED, Status.RETRACTED)
    # The version a reader sees as the fact-check now: published, or its retraction notice.
    CURRENT_PUBLIC_STATUSES = (Status.PUBLISHED, Status.RETRACTED)
    # Versions in the editorial pipeline: never public, and at most one per claim.
    OPEN_STATUSES = (Status.DRAFT, Status.SUBMITTED, Status.APPROVED)
    # Open versions a second reviewer has in hand (a draft is still its author's).
    REVIEW_STATUSES = (Status.SUBMITTED, Status.APPROVED)
    # What a public version keeps: exactly the columns the database trigger of migrations
    # 0004 and 0010 refuses to change, so that ``save()`` refuses first with a clear message
    # instead of a raw database error. Only the status (and bookkeeping) of a public version
    # may move.
    CONTENT_FIELDS = (
        "rating_id",
        "headline",
        "summary",
        "rationale",
        "claim_id",
        "author_id",
        "correction_note",
        "published_at",
        "claim_changes",
    )

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="verdicts")
    version = models.PositiveSmallIntegerField(default=1, editable=False)
    supersedes = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="superseded_by",
        editable=False,
    )
    rating = models.ForeignKey(Rating, on_delete=models.PROTECT, related_name="verdicts")
    headline = models.CharField(max_length=300)
    summary = models.TextField(help_text="One or two sentences for readers.")
    rationale = models.TextField(help_text="Markdown; sanitised whenever rendered.")
    status = models.CharField(
        max_length=16, choices=Status.choices, default=Status.DRAFT, editable=False
    )
    correction_kind = models.CharField(
        max_length=16, choices=CorrectionKind.choices, blank=True, editable=False
    )
    correction_note = models.TextField(
        blank=True, editable=False, help_text="Public note: what changed and why."
    )
    # What this version changes in the claim itself once published: {"claim_reviewed": str,
    # "claimant": speaker id or None}. A claim readers have seen is otherwise frozen; this is
    # how a misworded or misattributed claim is put right, in the open, with the note above.
    claim_changes = models.JSONField(default=dict, blank=True, editable=False)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="authored_verdicts"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="approved_verdicts",
        editable=False,
    )
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="published_verdicts",
        editable=False,
    )
    # Whoever last changed the draft's content; the approver must be neither them nor the
    # author, so an editor cannot rewrite a colleague's draft and then approve it.
    last_edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    # Everyone who changed this version's rating, headline or rationale (``verdict_update``)
    # or what it stands on (``verdict_claim_changed``): none of them may approve it, however
    # many trivial edits by others come after theirs.
    editors = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="edited_verdicts", editable=False
    )
    # What readers will see besides the verdict's own fields (claimant, evidence sources,
    # appearances, the rating scale), as it stood when the verdict was approved
    # (``claims.services.snapshots``): publishing compares it with the present and refuses
    # when anything moved. Bookkeeping of the approval, like ``approved_at``, so not among
    # the CONTENT_FIELDS the trigger protects. ``db_default`` for rows COPYed without it.
    approval_snapshot = models.JSONField(
        default=dict,
        db_default=Value({}, output_field=models.JSONField()),
        blank=True,
        editable=False,
    )
    # The evidence as it stood when this version was published: readers see this snapshot,
    # so evidence the desk adds later stays internal until a correction publishes it.
    cited_evidence = models.ManyToManyField(
        Evidence, blank=True, related_name="cited_by", editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True, editable=False)
    approved_at = models.DateTimeField(null=True, blank=True, editable=False)
    published_at = models.DateTimeField(null=True, blank=True, editable=False)

    history = HistoricalRecords()
    objects = VerdictQuerySet.as_manager()

    class Meta:
        ordering = ["claim", "-version"]
        permissions = [
            ("approve_verdict", "Can approve a verdict written by someone else"),
            ("publish_verdict", "Can publish an approved verdict"),
            ("correct_verdict", "Can correct or retract a published verdict"),
        ]
        constraints = [
            # At most one current published verdict per claim. The two conditions spell
            # Status.PUBLISHED and OPEN_STATUSES out because a nested Meta cannot see the
            # class body; a test checks they agree.
            models.UniqueConstraint(
                fields=["claim"],
                condition=Q(status="published"),
                name="verdict_one_published_per_claim",
            ),
            # At most one version in the editorial pipeline per claim, so two editors can
            # never publish competing drafts.
            models.UniqueConstraint(
                fields=["claim"],
                condition=Q(status__in=["draft", "submitted", "approved"]),
                name="verdict_one_open_per_claim",
            ),
            models.UniqueConstraint(fields=["claim", "version"], name="verdict_unique_version"),
            # Two-person rule: nobody approves their own verdict.
            models.CheckConstraint(
                condition=Q(approved_by__isnull=True) | ~Q(approved_by=F("author")),
                name="verdict_approver_is_not_author",
            ),
            models.CheckConstraint(
                condition=Q(approved_by__isnull=True)
                | Q(last_edited_by__isnull=True)
                | ~Q(approved_by=F("last_edited_by")),
                name="verdict_approver_is_not_last_editor",
            ),
            # A correction version always says publicly what changed.
            models.CheckConstraint(
                condition=Q(supersedes__isnull=True) | ~Q(correction_note=""),
                name="verdict_correction_has_note",
            ),
        ]
        indexes = [
            # Public lists: published verdicts newest first.
            models.Index(fields=["status", "-published_at"], name="verdict_status_pub_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.headline} (v{self.version}, {self.get_status_display()})"

    def save(self, *args, **kwargs) -> None:
        self._refuse_changes_to_public_content()
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("public:fact_check_detail", kwargs={"slug": self.claim.slug})

    def _refuse_changes_to_public_content(self) -> None:
        """Published content is frozen everywhere (admin, API, shell): only status moves."""
        if self._state.adding or self.pk is None:
            return
        stored = (
            type(self)
            .objects.filter(pk=self.pk)
            .values("status", *[f.removesuffix("_id") for f in self.CONTENT_FIELDS])
            .first()
        )
        if stored is None or stored["status"] not in self.PUBLIC_STATUSES:
            return
        for field in self.CONTENT_FIELDS:
            if stored[field.removesuffix("_id")] != getattr(self, field):
                raise ValidationError(PUBLISHED_VERDICT_IS_IMMUTABLE, code="published_immutable")


class Note(models.Model):
    """One message in the desk's conversation about a claim or one of its verdict versions.

    A reviewer's reason for sending a verdict back is a note of kind ``rejection`` on that
    verdict, so the author reads it on the draft and the thread keeps it. ``@username``
    mentions notify the people named (``claims.services.notes``).
    """

    class Kind(models.TextChoices):
        COMMENT = "comment", "Comment"
        REJECTION = "rejection", "Sent back"
        WITHDRAWAL = "withdrawal", "Withdrawn"

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="notes")
    verdict = models.ForeignKey(
        Verdict, null=True, blank=True, on_delete=models.CASCADE, related_name="notes"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.COMMENT)
    body = models.TextField()
    mentions = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="mentioned_in_notes"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [
            # The thread on a claim's page, oldest first.
            models.Index(fields=["claim", "created_at"], name="note_claim_thread_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} by {self.author or 'a deleted user'}"


class Notification(models.Model):
    """Something a desk member should look at: shown (unread count) on the dashboard and
    sent by e-mail through Django's e-mail backend."""

    class Verb(models.TextChoices):
        ASSIGNED = "assigned", "assigned you a claim"
        SUBMITTED = "submitted", "submitted a verdict for review"
        APPROVED = "approved", "approved a verdict"
        REJECTED = "rejected", "sent a verdict back"
        PUBLISHED = "published", "published a verdict"
        MENTIONED = "mentioned", "mentioned you"
        REAPPEARED = "reappeared", "A checked claim appeared in a new article"
        APPROVAL_VOIDED = "approval_voided", "changed what an approved verdict covers"

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    verb = models.CharField(max_length=16, choices=Verb.choices)
    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="+")
    verdict = models.ForeignKey(
        Verdict, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    text = models.CharField(max_length=500)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            # The dashboard's unread count and list for one person.
            models.Index(
                fields=["recipient", "-created_at"],
                condition=Q(read_at__isnull=True),
                name="notification_unread_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.text
