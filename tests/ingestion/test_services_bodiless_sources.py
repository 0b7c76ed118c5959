"""An article first linked as evidence (a source with a URL and no body) and ingested later
fills that source: its claims are extracted, nothing is dropped and nothing is stored twice."""

from __future__ import annotations

import pytest

from factcheck.lib.permissions import SYSTEM
from ingestion.services import source_ingest
from sources.models import Source
from sources.services import source_create

pytestmark = pytest.mark.django_db

ARTICLE = (
    "Jobs report\n\n"
    "\u201cUnemployment fell by 12% last year,\u201d Labour Minister Jane Doe said on Monday."
)


def test_ingesting_an_article_fills_the_evidence_source_with_its_url(alice):
    linked = source_create(
        actor=alice,
        url="https://example.org/report-1",
        title="Ministry report",
        kind="official_report",
    )
    result = source_ingest(
        text=ARTICLE, url="https://example.org/report-1", title="Interview", actor=SYSTEM
    )
    assert result.created
    assert result.source.pk == linked.pk
    assert Source.objects.count() == 1
    stored = Source.objects.get()
    assert stored.title == "Ministry report"  # what the desk knew stays
    assert "Unemployment fell" in stored.body and stored.content_hash
    assert result.claims and result.claims[0].appearances.get().source_id == linked.pk
    again = source_ingest(text=ARTICLE, url="https://example.org/report-1", actor=SYSTEM)
    assert not again.created and again.source.pk == linked.pk


def test_a_source_with_a_body_under_the_url_is_still_the_stored_copy(alice):
    first = source_ingest(text=ARTICLE, url="https://example.org/a", actor=SYSTEM)
    other = source_ingest(text=ARTICLE + " More text.", url="https://example.org/a", actor=SYSTEM)
    assert not other.created and other.source.pk == first.source.pk
