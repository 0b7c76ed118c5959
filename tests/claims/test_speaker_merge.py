"""Speaker hygiene: ``speaker_merge`` (claims/services/claims.py), the speaker admin's merge
action and near-duplicate column (claims/admin/speakers.py), titles split off names, and the
merged speaker's old public address."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from claims import services
from claims.admin.claims import ClaimAdmin
from claims.models import Claim, Speaker, SpeakerAlias, Verdict
from claims.services.claims import (
    SPEAKER_MERGE_INTO_ITSELF,
    SPEAKER_MERGE_PUBLIC,
    SPEAKER_MERGED_ALREADY,
)
from factcheck.lib.permissions import SYSTEM
from factcheck.lib.text import name_key, split_title
from tests.factories import ClaimFactory, SpeakerFactory, VerdictFactory, publish

pytestmark = pytest.mark.django_db


def _speaker(name: str) -> Speaker:
    return SpeakerFactory(name=name, name_key=name_key(name))


def test_merging_moves_claims_and_aliases_and_keeps_the_old_name_as_an_alias(alice):
    obama, barack = _speaker("Obama"), _speaker("Barack Obama")
    SpeakerAlias.objects.create(speaker=obama, name="POTUS 44", name_key=name_key("POTUS 44"))
    claims = ClaimFactory.create_batch(2, claimant=obama)
    survivor = services.speaker_merge(source=obama, into=barack, actor=alice)
    assert survivor == barack
    assert set(Claim.objects.filter(claimant=barack)) == set(claims)
    assert set(barack.aliases.values_list("name", flat=True)) == {"Obama", "POTUS 44"}
    obama.refresh_from_db()
    assert obama.merged_into == barack and not obama.claims.exists()
    # The next article naming "Obama" finds Barack Obama.
    found, created = services.speaker_get_or_create(name="Obama", actor=SYSTEM)
    assert (found, created) == (barack, False)


def test_merging_keeps_each_moved_claims_history_with_who_did_it(alice):
    obama, barack = _speaker("Obama"), _speaker("Barack Obama")
    claim = ClaimFactory(claimant=obama)
    before = claim.history.count()
    services.speaker_merge(source=obama, into=barack, actor=alice)
    assert claim.history.count() == before + 1
    latest = claim.history.latest("history_date")
    assert latest.claimant_id == barack.pk
    assert claim.history.earliest("history_date").claimant_id == obama.pk
    assert obama.history.exists()


def test_a_merge_sends_an_approved_verdict_on_a_moved_claim_back_for_review(alice, bob):
    obama, barack = _speaker("Obama"), _speaker("Barack Obama")
    claim = ClaimFactory(claimant=obama)
    from tests.factories import SourceFactory

    services.evidence_add(claim=claim, source=SourceFactory(), stance="supports", actor=alice)
    verdict = VerdictFactory(claim=claim, author=alice)
    services.verdict_submit(verdict=verdict, actor=alice)
    services.verdict_approve(verdict=verdict, actor=bob)
    services.speaker_merge(source=obama, into=barack, actor=alice)
    verdict.refresh_from_db()
    assert verdict.status == Verdict.Status.SUBMITTED


@pytest.mark.parametrize(
    "case,message",
    [("itself", SPEAKER_MERGE_INTO_ITSELF), ("merged", SPEAKER_MERGED_ALREADY)],
)
def test_a_merge_into_itself_or_into_a_merged_speaker_is_refused(alice, case, message):
    a, b, c = _speaker("A One"), _speaker("B Two"), _speaker("C Three")
    services.speaker_merge(source=b, into=c, actor=alice)
    with pytest.raises(ValidationError) as exc:
        services.speaker_merge(source=a, into=a if case == "itself" else b, actor=alice)
    assert exc.value.messages == [message]


def test_a_speaker_readers_see_is_never_merged_away_but_may_absorb_another(alice, bob, carol):
    public, other = _speaker("Barack Obama"), _speaker("Obama")
    publish(ClaimFactory(claimant=public), alice, bob, carol)
    with pytest.raises(ValidationError) as exc:
        services.speaker_merge(source=public, into=other, actor=alice)
    assert exc.value.messages == [SPEAKER_MERGE_PUBLIC]
    assert services.speaker_merge(source=other, into=public, actor=alice) == public


def test_an_outsider_cannot_merge_speakers(mallory):
    with pytest.raises(PermissionDenied):
        services.speaker_merge(source=_speaker("Obama"), into=_speaker("B Obama"), actor=mallory)


def test_the_merged_speakers_old_public_address_leads_to_the_survivor(client, alice, bob, carol):
    old, survivor = _speaker("Obama"), _speaker("Barack Obama")
    services.speaker_merge(source=old, into=survivor, actor=alice)
    publish(ClaimFactory(claimant=survivor), alice, bob, carol)
    response = client.get(f"/api/v1/speakers/{old.slug}/")
    assert response.status_code == 301
    assert response["Location"].endswith(f"/api/v1/speakers/{survivor.slug}/")
    assert client.get(response["Location"]).status_code == 200
    assert client.get("/api/v1/speakers/nobody-at-all/").status_code == 404


def test_the_speaker_admin_merges_the_selected_into_the_chosen_one(client, alice):
    obama, barack = _speaker("Obama"), _speaker("Barack Obama")
    claim = ClaimFactory(claimant=obama)
    client.force_login(alice)
    url = reverse("admin:claims_speaker_changelist")
    chosen = {"action": "merge_into", "_selected_action": [obama.pk, barack.pk]}
    page = client.post(url, chosen)
    assert page.status_code == 200
    assert b"Choose the speaker to keep" in page.content
    done = client.post(url, {**chosen, "into": barack.pk})
    assert done.status_code == 302
    claim.refresh_from_db()
    assert claim.claimant == barack
    assert Speaker.objects.get(pk=obama.pk).merged_into == barack


def test_an_outsider_gets_no_merge_action(client, mallory):
    mallory.is_staff = True
    mallory.save()
    client.force_login(mallory)
    assert client.get(reverse("admin:claims_speaker_changelist")).status_code == 403


def test_the_speaker_list_flags_near_duplicates(client, alice, django_assert_max_num_queries):
    _speaker("Obama"), _speaker("Barack Obama"), _speaker("Joe Biden")
    for i in range(20):
        _speaker(f"Person Number{i}")
    client.force_login(alice)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("admin:claims_speaker_changelist"))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('class="speaker-near-duplicate"') == 2
    assert ">Barack Obama</a></span>" in html and ">Obama</a></span>" in html


@pytest.mark.parametrize(
    "given,expected",
    [
        ("President Joe Biden", ("Joe Biden", "President")),
        ("Vice President Kamala Harris", ("Kamala Harris", "Vice President")),
        ("Secretary of State Antony Blinken", ("Antony Blinken", "Secretary of State")),
        ("Mr. Barack Obama", ("Barack Obama", "")),
        ("President Biden", ("President Biden", "")),
        ("Joe Biden", ("Joe Biden", "")),
    ],
)
def test_titles_are_split_off_names(given, expected):
    assert split_title(given) == expected


def test_a_speaker_named_with_a_title_is_stored_without_it():
    speaker, created = services.speaker_get_or_create(name="President Joe Biden", actor=SYSTEM)
    assert created and (speaker.name, speaker.role) == ("Joe Biden", "President")
    again, created = services.speaker_get_or_create(name="Joe Biden", actor=SYSTEM)
    assert again == speaker and not created


def test_ingestion_stores_a_titled_speaker_under_their_name_with_the_title_as_role():
    from ingestion.services import source_ingest

    source_ingest(
        text='"We will cut emissions by 40 percent by 2030," President Joe Biden said.',
        fmt="text",
        actor=SYSTEM,
    )
    speaker = Speaker.objects.get()
    assert (speaker.name, speaker.role) == ("Joe Biden", "President")


def _autocomplete(client, term: str, model_name: str = "claim") -> list[str]:
    response = client.get(
        "/admin/autocomplete/",
        {"term": term, "app_label": "claims", "model_name": model_name, "field_name": "claimant"},
    )
    assert response.status_code == 200
    return [row["text"] for row in response.json()["results"]]


def test_a_merged_away_speaker_is_not_offered_by_the_claimant_autocomplete(client, alice):
    obama, barack = _speaker("Obama"), _speaker("Barack Obama")
    ClaimFactory(claimant=obama)
    client.force_login(alice)
    assert sorted(_autocomplete(client, "Obama")) == ["Barack Obama", "Obama"]
    services.speaker_merge(source=obama, into=barack, actor=alice)
    assert _autocomplete(client, "Obama") == ["Barack Obama"]


def test_the_speaker_lists_own_search_still_finds_a_merged_speaker(client, alice):
    obama, barack = _speaker("Obama"), _speaker("Barack Obama")
    services.speaker_merge(source=obama, into=barack, actor=alice)
    client.force_login(alice)
    response = client.get("/admin/claims/speaker/", {"q": "Obama"})
    assert response.status_code == 200
    assert response.context["cl"].result_count == 2


def test_the_claim_form_refuses_a_merged_away_speaker_as_claimant(rf, alice):
    obama, barack = _speaker("Obama"), _speaker("Barack Obama")
    services.speaker_merge(source=obama, into=barack, actor=alice)
    request = rf.get("/admin/claims/claim/add/")
    request.user = alice
    claim_admin = ClaimAdmin(Claim, admin.site)
    field = claim_admin.formfield_for_foreignkey(Claim._meta.get_field("claimant"), request)
    assert list(field.queryset) == [barack]
