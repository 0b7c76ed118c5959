"""The public index follows the verdicts: first publication, current version, tombstone."""

from __future__ import annotations

import pytest

from claims import services
from publishing.models import PublicFactCheck
from publishing.services import public_index_rebuild

pytestmark = pytest.mark.django_db


def correct(verdict, bob, carol, note="Figures updated."):
    correction = services.verdict_correct(verdict=verdict, actor=bob, kind="update", note=note)
    services.verdict_submit(verdict=correction, actor=bob)
    services.verdict_approve(verdict=correction, actor=carol)
    return services.verdict_publish(verdict=correction, actor=carol)


def test_the_index_follows_publication_correction_and_retraction(published_verdict, bob, carol):
    entry = PublicFactCheck.objects.get(claim=published_verdict.claim)
    assert (entry.verdict_id, entry.status) == (published_verdict.pk, "published")
    assert entry.first_published_at == entry.published_at == published_verdict.published_at
    corrected = correct(published_verdict, bob, carol)
    entry.refresh_from_db()
    assert entry.verdict_id == corrected.pk
    assert entry.first_published_at == published_verdict.published_at
    assert entry.published_at == corrected.published_at
    retraction = services.verdict_retract(verdict=corrected, actor=bob, note="Withdrawn.")
    entry.refresh_from_db()
    assert (entry.verdict_id, entry.status) == (retraction.pk, "retracted")
    assert entry.first_published_at == published_verdict.published_at


def test_rebuilding_the_index_gives_what_the_services_kept(make_published, bob, carol):
    kept = make_published()
    correct(make_published(), bob, carol)
    services.verdict_retract(verdict=make_published(), actor=bob, note="Withdrawn.")
    fields = ("claim_id", "verdict_id", "status", "first_published_at", "published_at")
    before = list(PublicFactCheck.objects.order_by("claim_id").values_list(*fields))
    assert public_index_rebuild() == 3
    after = list(PublicFactCheck.objects.order_by("claim_id").values_list(*fields))
    assert after == before
    assert PublicFactCheck.objects.get(claim=kept.claim).document
