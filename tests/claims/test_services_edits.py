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


WIKIDATA = "https://www.wikidata.org/wiki/Q42"


def test_a_published_speakers_same_as_can_be_added_and_reaches_their_claimreview(
    published_verdict, alice, client
):
    speaker = published_verdict.claim.claimant
    speaker = speaker_update(speaker=speaker, actor=alice, same_as=WIKIDATA)
    speaker.refresh_from_db()
    assert speaker.same_as == WIKIDATA
    page = client.get(published_verdict.get_absolute_url())
    assert page.status_code == 200
    assert f'"sameAs":"{WIKIDATA}"'.encode() in page.content.replace(b'": "', b'":"')
    api = client.get(f"/api/v1/fact-checks/{published_verdict.claim.slug}/")
    assert api.status_code == 200
    assert api.json()["claim"]["claimant"]["same_as"] == WIKIDATA


def test_a_published_speakers_name_stays_frozen_even_alongside_a_same_as(published_verdict, alice):
    speaker = published_verdict.claim.claimant
    with pytest.raises(ValidationError, match="cannot change under them"):
        speaker_update(speaker=speaker, actor=alice, name="Someone Else", same_as=WIKIDATA)
    speaker.refresh_from_db()
    assert (speaker.name, speaker.same_as) != ("Someone Else", WIKIDATA)
    assert speaker.same_as == ""


@pytest.mark.parametrize(
    "address", ["ftp://example.org/person", "javascript:alert(1)", "not a url"]
)
def test_a_same_as_must_be_a_web_address(claim, alice, address):
    with pytest.raises(ValidationError) as exc:
        speaker_update(speaker=claim.claimant, actor=alice, same_as=address)
    assert "same_as" in exc.value.message_dict
    claim.claimant.refresh_from_db()
    assert claim.claimant.same_as == ""


def test_the_admin_lets_a_published_speakers_same_as_be_added_but_not_their_name(
    published_verdict, alice, client
):
    speaker = published_verdict.claim.claimant
    client.force_login(alice)
    url = reverse("admin:claims_speaker_change", args=[speaker.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert b'name="same_as"' in page.content and b'name="name"' not in page.content
    form = page.context["adminform"].form
    data = {name: form[name].value() or "" for name in form.fields}
    data.update(
        same_as=WIKIDATA,
        **{
            "aliases-TOTAL_FORMS": "0",
            "aliases-INITIAL_FORMS": "0",
            "aliases-MIN_NUM_FORMS": "0",
            "aliases-MAX_NUM_FORMS": "1000",
        },
    )
    saved = client.post(url, data)
    assert saved.status_code == 302, saved.context["adminform"].form.errors if saved.context else ""
    speaker.refresh_from_db()
    assert speaker.same_as == WIKIDATA
