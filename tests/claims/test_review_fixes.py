"""Rules that hold what readers have seen: snapshots, frozen ratings, the two-person rule."""

from __future__ import annotations

import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.urls import reverse

from claims import services
from claims.models import RATING_IN_PUBLIC_USE, Claim, Evidence, Rating, Verdict
from claims.services import claims as claim_rules
from claims.services import edits
from claims.services import verdicts as rules
from factcheck.lib.permissions import SYSTEM
from tests.factories import (
    ClaimFactory,
    SourceFactory,
    SpeakerFactory,
    VerdictFactory,
    truth_rating,
)


def test_evidence_added_after_publication_is_not_cited_until_a_correction(
    published_verdict, alice, bob, carol
):
    cited = set(published_verdict.cited_evidence.all())
    late = services.evidence_add(
        claim=published_verdict.claim, source=SourceFactory(), stance="context", actor=alice
    )
    assert set(published_verdict.cited_evidence.all()) == cited
    edits.evidence_update(evidence=late, actor=alice, excerpt="Still internal")  # allowed

    correction = services.verdict_correct(
        verdict=published_verdict, actor=bob, kind="update", note="New UN report."
    )
    services.verdict_submit(verdict=correction, actor=bob)
    services.verdict_approve(verdict=correction, actor=carol)
    services.verdict_publish(verdict=correction, actor=carol)
    assert late in correction.cited_evidence.all()
    assert late not in published_verdict.cited_evidence.all()


def test_cited_evidence_cannot_be_changed_or_removed(published_verdict, bob):
    evidence = published_verdict.cited_evidence.get()
    with pytest.raises(ValidationError, match="cannot be changed or removed"):
        edits.evidence_update(evidence=evidence, actor=bob, excerpt="Rewritten")
    with pytest.raises(ValidationError, match="cannot be changed or removed"):
        edits.evidence_remove(evidence=evidence, actor=bob)
    edits.evidence_update(evidence=evidence, actor=bob, note="Internal note is fine")
    assert Evidence.objects.get(pk=evidence.pk).note == "Internal note is fine"


def test_the_admin_cannot_rewrite_a_published_claim(client, alice, published_verdict):
    claim = published_verdict.claim
    url = reverse("admin:claims_claim_change", args=[claim.pk])
    client.force_login(alice)
    page = client.get(url)
    assert b'name="claim_reviewed"' not in page.content  # shown read-only
    client.post(
        url,
        {
            "claim_reviewed": "REWRITTEN",
            "kind": "promise",
            "language": "en",
            "evidence-TOTAL_FORMS": "0",
            "evidence-INITIAL_FORMS": "0",
            "appearances-TOTAL_FORMS": "0",
            "appearances-INITIAL_FORMS": "0",
        },
    )
    claim.refresh_from_db()
    assert claim.claim_reviewed != "REWRITTEN"
    assert claim.kind == "statistic"


def test_the_admin_cannot_delete_cited_evidence(client, bob, published_verdict):
    evidence = published_verdict.cited_evidence.get()
    client.force_login(bob)
    response = client.post(
        reverse("admin:claims_evidence_delete", args=[evidence.pk]), {"post": "yes"}
    )
    assert response.status_code == 403
    assert Evidence.objects.filter(pk=evidence.pk).exists()


def test_history_pages_offer_no_revert(client, alice):
    claim = ClaimFactory(claim_reviewed="first wording")
    claim = edits.claim_update(claim=claim, actor=alice, claim_reviewed="second wording")
    record = claim.history.earliest("history_date")
    client.force_login(alice)
    url = reverse("admin:claims_claim_simple_history", args=[claim.pk, record.history_id])
    response = client.post(
        url,
        {
            "claim_reviewed": "first wording",
            "kind": claim.kind,
            "language": "en",
            "checkworthiness": "0.5",
            "claimant": claim.claimant_id,
            "loaded_version": claim.updated_at.isoformat(),
            "evidence-TOTAL_FORMS": "0",
            "evidence-INITIAL_FORMS": "0",
            "appearances-TOTAL_FORMS": "0",
            "appearances-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 403
    assert client.get(url).status_code == 200  # every version can still be read
    claim.refresh_from_db()
    assert claim.claim_reviewed == "second wording"


def test_a_rating_in_public_use_keeps_its_label(published_verdict, client, bob):
    rating = published_verdict.rating
    rating.label = "Pants on fire"
    with pytest.raises(ValidationError, match="cannot change under them"):
        rating.save()
    client.force_login(bob)
    response = client.post(
        reverse("admin:claims_rating_change", args=[rating.pk]),
        {
            "scale": rating.scale_id,
            "label": "Pants on fire",
            "value": "1",
            "colour": "#123456",
            "order": "0",
            "description": "",
        },
    )
    assert response.status_code == 200
    assert RATING_IN_PUBLIC_USE.encode() in response.content.replace(b"&#x27;", b"'")
    assert Rating.objects.get(pk=rating.pk).label == "True"


def test_an_unused_rating_can_be_renamed(db):
    rating = truth_rating("Half true")
    rating.label = "Half-true"
    rating.save()
    assert Rating.objects.filter(label="Half-true").exists()


def test_an_editor_who_rewrote_a_draft_cannot_approve_it(claim, alice, bob, carol):
    verdict = services.verdict_create(
        claim=claim, rating=truth_rating(), headline="h", summary="s", rationale="r", author=alice
    )
    services.verdict_update(verdict=verdict, actor=bob, headline="Bob's headline")
    services.verdict_submit(verdict=verdict, actor=alice)
    with pytest.raises(PermissionDenied, match=rules.EDITOR_APPROVAL):
        services.verdict_approve(verdict=verdict, actor=bob)
    assert "approve" not in services.verdict_available_actions(verdict, bob)
    services.verdict_approve(verdict=verdict, actor=carol)


def test_a_retraction_wins_over_a_correction_in_progress(published_verdict, bob):
    services.verdict_correct(
        verdict=published_verdict, actor=bob, kind="correction", note="Fixing a figure."
    )
    retraction = services.verdict_retract(
        verdict=published_verdict, actor=bob, note="Source was fabricated."
    )
    assert retraction.status == Verdict.Status.RETRACTED
    assert retraction.version == 2
    assert not Verdict.objects.filter(status__in=("draft", "submitted", "approved")).exists()
    assert set(retraction.cited_evidence.all()) == set(published_verdict.cited_evidence.all())


def test_superseding_and_retraction_are_recorded_in_history(published_verdict, bob):
    services.verdict_retract(verdict=published_verdict, actor=bob, note="Withdrawn.")
    statuses = [h.status for h in published_verdict.history.order_by("history_date")]
    assert statuses[-1] == "superseded"
    claim_statuses = [h.status for h in published_verdict.claim.history.order_by("history_date")]
    assert claim_statuses[-1] == "checkworthy"


def test_a_claim_with_a_verdict_in_progress_cannot_be_merged_away(alice, bob):
    duplicate, survivor = ClaimFactory(), ClaimFactory()
    VerdictFactory(claim=duplicate, author=alice)
    with pytest.raises(ValidationError, match=claim_rules.MERGE_IN_REVIEW):
        services.claim_merge(duplicate=duplicate, into=survivor, actor=bob)


def test_a_merged_duplicate_cannot_be_marked_checkworthy(alice, bob):
    duplicate, survivor = ClaimFactory(), ClaimFactory()
    services.claim_merge(duplicate=duplicate, into=survivor, actor=bob)
    with pytest.raises(ValidationError, match=claim_rules.CLAIM_IS_DUPLICATE):
        services.claim_mark_checkworthy(claim=duplicate, actor=alice)


def test_an_outsider_cannot_read_the_ingest_review_page(client, mallory):
    source = SourceFactory(body="x")
    client.force_login(mallory)
    assert client.get(reverse("admin:sources_source_review", args=[source.pk])).status_code == 403


def test_the_admin_adds_a_source(client, alice):
    client.force_login(alice)
    response = client.post(
        reverse("admin:sources_source_add"),
        {
            "kind": "dataset",
            "title": "Casualty data",
            "url": "https://data.example/x",
            "language": "en",
            "authors": "[]",
            "evidence-TOTAL_FORMS": "0",
            "evidence-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302


def test_a_speaker_cannot_be_renamed_onto_another_speaker(client, alice):
    taken = SpeakerFactory(name="Antony Blinken")
    other = SpeakerFactory(name="Tony B")
    client.force_login(alice)
    response = client.post(
        reverse("admin:claims_speaker_change", args=[other.pk]),
        {
            "name": "antony  blinken",
            "slug": other.slug,
            "kind": "person",
            "aliases-TOTAL_FORMS": "0",
            "aliases-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert claim_rules.NAME_TAKEN.encode() in response.content
    assert taken.name == "Antony Blinken"


def test_an_alias_cannot_be_another_speakers_name(client, alice):
    SpeakerFactory(name="Antony Blinken")
    other = SpeakerFactory(name="Tony B")
    client.force_login(alice)
    response = client.post(
        reverse("admin:claims_speaker_change", args=[other.pk]),
        {
            "name": "Tony B",
            "slug": other.slug,
            "kind": "person",
            "aliases-TOTAL_FORMS": "1",
            "aliases-INITIAL_FORMS": "0",
            "aliases-0-name": "Antony Blinken",
        },
    )
    assert response.status_code == 200
    assert claim_rules.NAME_TAKEN.encode() in response.content


@pytest.mark.django_db(transaction=True)
def test_two_ingestions_sharing_statements_in_opposite_order_both_finish():
    from ingestion.services import source_ingest

    statements = [f"Exports rose {n} percent in the year to March." for n in range(2, 120)]
    texts = ["\n\n".join(statements), "Reversed.\n\n" + "\n\n".join(reversed(statements))]
    barrier, failures = threading.Barrier(2), []

    def run(text):
        barrier.wait()
        try:
            source_ingest(text=text, actor=SYSTEM)
        except Exception as exc:
            failures.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(t,)) for t in texts]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert failures == []
    assert Claim.objects.count() == len(statements)


def test_a_source_cited_by_a_published_fact_check_keeps_its_public_details(
    published_verdict, alice, client
):
    from claims.services.sources import SOURCE_IN_PUBLIC_USE, source_update

    source = published_verdict.cited_evidence.get().source
    with pytest.raises(ValidationError, match="cannot change under them"):
        source_update(source=source, actor=alice, url="https://evil.example/other")
    source_update(source=source, actor=alice, language="fr")  # not shown publicly: allowed
    client.force_login(alice)
    page = client.get(reverse("admin:sources_source_change", args=[source.pk]))
    assert b'name="url"' not in page.content
    assert SOURCE_IN_PUBLIC_USE


def test_a_claimant_of_a_published_fact_check_keeps_their_details(published_verdict, alice, client):
    speaker = published_verdict.claim.claimant
    with pytest.raises(ValidationError, match="cannot change under them"):
        edits.speaker_update(speaker=speaker, actor=alice, role="Convicted fraudster")
    client.force_login(alice)
    url = reverse("admin:claims_speaker_change", args=[speaker.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert b'name="name"' not in page.content


def test_a_scale_in_public_use_keeps_its_numeric_range(published_verdict):
    scale = published_verdict.rating.scale
    with pytest.raises(ValidationError, match="cannot change under them"):
        Rating.objects.create(scale=scale, label="Beyond true", value=99, order=9)
    unused = scale.ratings.exclude(pk=published_verdict.rating_id).exclude(value=None).first()
    unused.value = -50
    with pytest.raises(ValidationError, match="cannot change under them"):
        unused.save()
    with pytest.raises(ValidationError, match="cannot change under them"):
        unused.refresh_from_db() or unused.delete()
    Rating.objects.create(scale=scale, label="Satire", value=None, order=10)  # no value: fine
    scale.name = "Renamed"
    with pytest.raises(ValidationError, match="cannot change under them"):
        scale.save()
