"""Other desks' fact-checks, and the sentence embeddings that claim matching ranks with.

An :class:`ExternalClaim` is a statement another desk checked; each of its
:class:`ExternalReview` rows is one desk's fact-check of it (publisher, URL, rating text, date),
the way Google's Fact Check Tools API groups ClaimReview items by claim. :class:`Embedding` holds
one unit vector per matchable claim, ours or theirs, as little-endian float32 bytes (pgvector is
not available, and a bytea column works on SQLite too), with the model that made it and a hash
of the text it was made from, so a changed text or a new model is re-embedded.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q


class ExternalClaim(models.Model):
    # The feed's own identifier when it has one (a CLEF vclaim id), otherwise one derived
    # from the normalised claim text, so a re-import updates instead of duplicating.
    key = models.CharField(max_length=200, unique=True)
    text = models.TextField(help_text="The claim as the fact-check states it.")
    claimant = models.CharField(max_length=300, blank=True)
    claim_date = models.DateField(null=True, blank=True)
    language = models.CharField(max_length=16, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = "external fact-checked claim"

    def __str__(self) -> str:
        return self.text[:120]


class ExternalReview(models.Model):
    claim = models.ForeignKey(ExternalClaim, on_delete=models.CASCADE, related_name="reviews")
    # The review's URL when it has one, else the feed's identifier: what makes a re-import
    # idempotent.
    key = models.CharField(max_length=1000, unique=True)
    url = models.URLField(max_length=1000, blank=True)
    publisher = models.CharField(max_length=300, blank=True)
    publisher_site = models.CharField(max_length=300, blank=True)
    title = models.TextField(blank=True)
    rating = models.CharField(max_length=300, blank=True, help_text="The textual rating.")
    review_date = models.DateField(null=True, blank=True)
    language = models.CharField(max_length=16, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-review_date", "-id"]
        verbose_name = "external fact-check"

    def __str__(self) -> str:
        return f"{self.publisher or 'Unknown publisher'}: {self.rating or 'no rating'}"


class Embedding(models.Model):
    claim = models.OneToOneField(
        "claims.Claim", null=True, blank=True, on_delete=models.CASCADE, related_name="embedding"
    )
    external_claim = models.OneToOneField(
        ExternalClaim, null=True, blank=True, on_delete=models.CASCADE, related_name="embedding"
    )
    model = models.CharField(max_length=100, help_text="The encoder that made the vector.")
    text_hash = models.CharField(max_length=64, help_text="SHA-256 of the embedded text.")
    vector = models.BinaryField(help_text="Little-endian float32 unit vector.")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=(Q(claim__isnull=False) & Q(external_claim__isnull=True))
                | (Q(claim__isnull=True) & Q(external_claim__isnull=False)),
                name="embedding_one_owner",
            ),
        ]

    def __str__(self) -> str:
        owner = f"claim {self.claim_id}" if self.claim_id else f"external {self.external_claim_id}"
        return f"{owner} ({self.model})"


class PossibleDuplicate(models.Model):
    """Intake's "possible duplicate of …": a new claim that reads like an existing one, but
    not closely enough (or with other numbers) to be folded into it without a person looking.

    The desk sees it in the queue and on the claim's workspace, and decides (the "checked
    before?" panel's merge, or nothing). The row goes with either claim.
    """

    claim = models.ForeignKey(
        "claims.Claim", on_delete=models.CASCADE, related_name="possible_duplicates"
    )
    of = models.ForeignKey("claims.Claim", on_delete=models.CASCADE, related_name="+")
    similarity = models.FloatField()
    number_warning = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-similarity", "id"]
        constraints = [
            models.UniqueConstraint(fields=["claim", "of"], name="possible_duplicate_unique_pair"),
            models.CheckConstraint(
                condition=~Q(claim=models.F("of")), name="possible_duplicate_not_itself"
            ),
        ]
        # The claim list's "possible duplicate of" column and the workspace read by ``claim``
        # (the unique pair's index starts with it); ``of`` gets Django's FK index, which the
        # cascade from a deleted claim uses.

    def __str__(self) -> str:
        return f"claim {self.claim_id} may repeat claim {self.of_id}"
