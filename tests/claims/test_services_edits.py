from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from claims.models import Evidence
from claims.services import edits
from claims.services.edits import (
    PUBLISHED_CLAIM_IS_FROZEN,
    PUBLISHED_EVIDENCE_IS_FROZEN,
    claim_update,
    evidence_remove,
    speaker_update,
)

pytestmark = pytest.mark.django_db


def test_it_edits_an_unpublished_claim(claim, alice):
    claim = claim_update(claim=claim, actor=alice, claim_reviewed="Shorter", language="fr")
    claim.refresh_from_db()
    assert (claim.claim_reviewed, claim.language) == ("Shorter", "fr")


def test_it_refuses_to_edit_a_claim_readers_have_seen(published_verdict, alice):
    with pytest.raises(ValidationError) as exc:
        claim_update(claim=published_verdict.claim, actor=alice, claim_reviewed="Other")
    assert PUBLISHED_CLAIM_IS_FROZEN in exc.value.messages


def test_it_refuses_fields_outside_the_editable_list(claim, alice):
    with pytest.raises(ValidationError):
        claim_update(claim=claim, actor=alice, status="published")


def test_it_refuses_an_outsider(claim, mallory):
    with pytest.raises(PermissionDenied):
        claim_update(claim=claim, actor=mallory, language="fr")


def test_it_edits_a_speakers_role(claim, alice):
    speaker = speaker_update(speaker=claim.claimant, actor=alice, role="Minister")
    assert speaker.role == "Minister"


def test_it_refuses_to_remove_evidence_of_a_published_fact_check(published_verdict, alice):
    with pytest.raises(ValidationError) as exc:
        evidence_remove(evidence=published_verdict.claim.evidence.get(), actor=alice)
    assert PUBLISHED_EVIDENCE_IS_FROZEN in exc.value.messages


def test_it_renames_a_speaker_and_their_name_key_follows(claim, alice):
    from claims.services import speaker_get_or_create

    speaker = speaker_update(speaker=claim.claimant, actor=alice, name=" Antony Blinken ")
    assert speaker.name == "Antony Blinken"
    assert speaker_get_or_create(name="antony blinken", actor=alice) == (speaker, False)


def test_it_refuses_to_rename_a_speaker_to_a_name_another_goes_by(claim, alice):
    from claims.services.claims import NAME_TAKEN
    from tests.factories import SpeakerFactory

    other = SpeakerFactory(name="Antony Blinken")
    with pytest.raises(ValidationError, match=NAME_TAKEN):
        speaker_update(speaker=claim.claimant, actor=alice, name="ANTONY BLINKEN")
    assert other.name_key != claim.claimant.name_key


def test_it_refuses_to_rename_a_speaker_readers_have_seen(published_verdict, alice):
    from claims.services.edits import PUBLIC_SPEAKER_IS_FROZEN

    speaker = published_verdict.claim.claimant
    with pytest.raises(ValidationError, match=PUBLIC_SPEAKER_IS_FROZEN):
        speaker_update(speaker=speaker, actor=alice, name="Someone Else")
    speaker.refresh_from_db()
    assert speaker.name != "Someone Else"


def test_cited_evidence_cannot_be_changed_or_removed(published_verdict, bob):
    evidence = published_verdict.cited_evidence.get()
    with pytest.raises(ValidationError, match="cannot be changed or removed"):
        edits.evidence_update(evidence=evidence, actor=bob, excerpt="Rewritten")
    with pytest.raises(ValidationError, match="cannot be changed or removed"):
        edits.evidence_remove(evidence=evidence, actor=bob)
    edits.evidence_update(evidence=evidence, actor=bob, note="Internal note is fine")
    assert Evidence.objects.get(pk=evidence.pk).note == "Internal note is fine"


def test_a_claimant_of_a_published_fact_check_keeps_their_details(published_verdict, alice, client):
    speaker = published_verdict.claim.claimant
    with pytest.raises(ValidationError, match="cannot change under them"):
        edits.speaker_update(speaker=speaker, actor=alice, role="Convicted fraudster")
    client.force_login(alice)
    url = reverse("admin:claims_speaker_change", args=[speaker.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert b'name="name"' not in page.content
