"""Sources: every document the desk works with.

A Source is either an article a claim appeared in (ingested with its full body) or a piece of
evidence used to check a claim (often only a URL, title and archive reference).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords


class Source(models.Model):
    class Kind(models.TextChoices):
        NEWS_ARTICLE = "news_article", "News article"
        OFFICIAL_REPORT = "official_report", "Official report"
        DATASET = "dataset", "Dataset"
        STATEMENT = "statement", "Statement or transcript"
        SOCIAL_POST = "social_post", "Social media post"
        OTHER = "other", "Other"

    kind = models.CharField(max_length=32, choices=Kind.choices, default=Kind.NEWS_ARTICLE)
    # Stored normalised (see factcheck.lib.urls.normalise_url); NULL when the source has none,
    # so that the uniqueness constraint below only applies to real URLs.
    url = models.URLField(max_length=2000, null=True, blank=True)  # noqa: DJ001
    title = models.CharField(max_length=500, blank=True)
    publisher_name = models.CharField(max_length=200, blank=True)
    publisher_site = models.CharField(max_length=200, blank=True, help_text="e.g. afp.com")
    authors = models.JSONField(default=list, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    language = models.CharField(max_length=16, default="en")
    body = models.TextField(blank=True, help_text="Full text of an ingested article.")
    # SHA-256 of the normalised body; NULL for sources stored without a body.
    content_hash = models.CharField(max_length=64, null=True, blank=True, editable=False)  # noqa: DJ001
    # SHA-256 of the text exactly as it was submitted, before cleaning: a replayed article is
    # recognised from it without running the extractor again.
    input_hash = models.CharField(max_length=64, blank=True, editable=False, db_index=True)
    archive_url = models.URLField(max_length=2000, blank=True)
    archive_sha256 = models.CharField(
        max_length=64, blank=True, help_text="SHA-256 of the archived capture."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-published_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["url"],
                condition=Q(url__isnull=False),
                name="source_unique_url",
                violation_error_message="A source with this URL already exists.",
            ),
            models.UniqueConstraint(
                fields=["content_hash"],
                condition=Q(content_hash__isnull=False),
                name="source_unique_content_hash",
                violation_error_message="An article with exactly this text is already stored.",
            ),
        ]
        indexes = [
            # Admin and API filter "publisher of the appearance".
            models.Index(fields=["publisher_name"], name="source_publisher_idx"),
        ]

    def __str__(self) -> str:
        return self.title or self.url or f"Source #{self.pk}"
