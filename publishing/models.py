"""The public index: one row per fact-check readers can see, kept by ``publishing.services``.

The claims app owns verdicts and their versions; what a reader's list needs to be fast and
stable is not a column there: the date a fact-check was *first* published (a correction is a
new version with a new date, and ordering by it would move the fact-check during a cursor
walk), whether its latest public version is a retraction (a tombstone for feeds), and a
weighted full-text document over the claim, headline, claimant and rationale. This table
holds exactly that, is rebuilt from the verdicts by ``manage.py publishing_reindex`` and is
updated on every ``verdict_event`` in the same transaction as the workflow step.
"""

from __future__ import annotations

from django.contrib.postgres.search import SearchVectorField
from django.db import models

from claims.models import Claim, Verdict


class PublicFactCheck(models.Model):
    class Status(models.TextChoices):
        PUBLISHED = "published"
        RETRACTED = "retracted"

    claim = models.OneToOneField(
        Claim, primary_key=True, on_delete=models.CASCADE, related_name="public_entry"
    )
    # The version readers see now: the published one, or the retraction notice.
    verdict = models.OneToOneField(Verdict, on_delete=models.CASCADE, related_name="public_entry")
    status = models.CharField(max_length=16, choices=Status.choices)
    first_published_at = models.DateTimeField()
    # When the version shown was published: the last public event of this fact-check.
    published_at = models.DateTimeField()
    # Relevance search (q= and claims:search); its GIN index ``public_fc_document_idx`` is
    # created by migration 0002 on PostgreSQL only (SQLite has no GIN and no tsvector).
    document = SearchVectorField(null=True)

    class Meta:
        indexes = [
            # The public list, claims:search and the feeds, by first publication (newest or
            # oldest first); the status filter (almost every row is published) is applied
            # while the index is read in order.
            models.Index(fields=["-first_published_at", "-claim"], name="public_fc_first_pub_idx"),
            # Last-Modified of lists and feeds (the newest public event, retractions included).
            models.Index(fields=["-published_at"], name="public_fc_published_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.claim_id} ({self.status})"
