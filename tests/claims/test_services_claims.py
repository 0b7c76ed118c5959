"""Triage, merging, speakers and appearances."""

from __future__ import annotations

import contextlib
import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection

from claims import services
from claims.models import Appearance, Claim, Speaker
from claims.services import claims as claim_rules
from claims.services import claims as rules
from claims.services import verdicts as verdict_rules
from factcheck.lib.permissions import SYSTEM
from tests.factories import ClaimFactory, EvidenceFactory, SourceFactory, VerdictFactory


def test_it_recognises_the_same_statement_despite_quote_marks_and_number_format(db):
    first, created = services.claim_create(text="More than 13,000 people have died.", actor=SYSTEM)
    again, created_again = services.claim_create(
        text="  more than 13000 people have died  ", actor=SYSTEM
    )
    assert created and not created_again
    assert again == first


def test_it_rejects_an_empty_claim(db):
    with pytest.raises(ValidationError, match=rules.EMPTY_CLAIM):
        services.claim_create(text="   ", actor=SYSTEM)


def test_it_finds_a_speaker_by_name_regardless_of_case_and_accents(db):
    speaker, created = services.speaker_get_or_create(
        name="Sergei Ryabkov", role="Minister", actor=SYSTEM
    )
    same, created_again = services.speaker_get_or_create(name="sergéi  RYABKOV", actor=SYSTEM)
    assert created and not created_again
    assert same == speaker
    assert Speaker.objects.count() == 1


def test_it_finds_a_speaker_by_alias(db):
    speaker, _ = services.speaker_get_or_create(name="Antony Blinken", actor=SYSTEM)
    services.speaker_alias_add(speaker=speaker, name="Tony Blinken", actor=SYSTEM)
    found, created = services.speaker_get_or_create(name="Tony Blinken", actor=SYSTEM)
    assert not created and found == speaker


def test_a_fact_checker_triages_claims(claim, alice, bob):
    services.claim_assign(claim=claim, assignee=bob, actor=alice)
    services.claim_mark_checkworthy(claim=claim, actor=alice)
    claim.refresh_from_db()
    assert claim.assignee == bob
    assert claim.status == Claim.Status.CHECKWORTHY
    services.claim_dismiss(claim=claim, actor=alice)
    claim.refresh_from_db()
    assert claim.status == Claim.Status.DISMISSED


def test_an_outsider_cannot_triage(claim, mallory):
    with pytest.raises(PermissionDenied):
        services.claim_dismiss(claim=claim, actor=mallory)
    claim.refresh_from_db()
    assert claim.status == Claim.Status.NEW


def test_merging_moves_appearances_and_evidence_to_the_survivor(bob):
    survivor, duplicate = ClaimFactory(), ClaimFactory()
    source = SourceFactory(body="He said more than 13,000 people have died.")
    services.appearance_create(
        claim=duplicate,
        source=source,
        quote_text="more than 13,000 people have died",
        start=8,
        end=41,
        actor=SYSTEM,
    )
    EvidenceFactory(claim=duplicate)
    services.claim_merge(duplicate=duplicate, into=survivor, actor=bob)
    duplicate.refresh_from_db()
    assert duplicate.duplicate_of == survivor
    assert duplicate.status == Claim.Status.DISMISSED
    assert survivor.appearances.count() == 1
    assert survivor.evidence.count() == 1


def test_only_editors_merge(alice):
    a, b = ClaimFactory(), ClaimFactory()
    with pytest.raises(PermissionDenied):
        services.claim_merge(duplicate=a, into=b, actor=alice)


def test_a_claim_cannot_be_merged_into_itself(claim, bob):
    with pytest.raises(ValidationError, match=rules.MERGE_INTO_ITSELF):
        services.claim_merge(duplicate=claim, into=claim, actor=bob)


def test_a_published_claim_cannot_be_merged_away(published_verdict, bob):
    with pytest.raises(ValidationError, match=rules.MERGE_PUBLISHED):
        services.claim_merge(duplicate=published_verdict.claim, into=ClaimFactory(), actor=bob)


def test_an_appearance_span_must_point_at_the_quote(claim):
    source = SourceFactory(body="Officials said it was difficult.")
    with pytest.raises(ValidationError, match=rules.SPAN_MISMATCH):
        services.appearance_create(
            claim=claim, source=source, quote_text="difficult", start=0, end=9, actor=SYSTEM
        )
    with pytest.raises(ValidationError, match=rules.SPAN_OUT_OF_RANGE):
        services.appearance_create(
            claim=claim, source=source, quote_text="difficult", start=30, end=99, actor=SYSTEM
        )
    appearance, _ = services.appearance_create(
        claim=claim, source=source, quote_text="difficult", start=22, end=31, actor=SYSTEM
    )
    assert appearance.quote_text == "difficult"
    assert Appearance.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_approvals_leave_exactly_one_winner():
    """Row locks make the second approval see the first one's result and fail cleanly."""
    from tests.factories import UserFactory, VerdictFactory

    author = UserFactory(role="Fact-checker")
    editors = [UserFactory(role="Editor"), UserFactory(role="Editor")]
    verdict = VerdictFactory(author=author, status="submitted")
    outcomes: list[str] = []
    barrier = threading.Barrier(2)

    def approve(editor):
        barrier.wait()
        try:
            services.verdict_approve(verdict=verdict, actor=editor)
            outcomes.append("ok")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=approve, args=(e,)) for e in editors]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["ok", "refused"]
    verdict.refresh_from_db()
    assert verdict.status == "approved"


@pytest.mark.django_db(transaction=True)
def test_concurrent_publications_for_one_speaker_both_count(monkeypatch):
    """The speaker row is locked before counting, so neither publication reads a stale count."""
    from claims.models import Speaker
    from tests.factories import (
        ClaimFactory,
        SourceFactory,
        SpeakerFactory,
        UserFactory,
        promise_rating,
        truth_rating,
    )

    author, editor = UserFactory(role="Fact-checker"), UserFactory(role="Editor")
    speaker = SpeakerFactory()
    approved = []
    # Two scales, because verdict steps lock the verdict's rating and scale rows too, which
    # would already order two publications on the same scale.
    for kind, rating in (("statistic", truth_rating()), ("promise", promise_rating())):
        claim = ClaimFactory(claimant=speaker, kind=kind)
        services.evidence_add(claim=claim, source=SourceFactory(), stance="supports", actor=author)
        verdict = services.verdict_create(
            claim=claim, rating=rating, headline="h", summary="s", rationale="r", author=author
        )
        services.verdict_submit(verdict=verdict, actor=author)
        approved.append(services.verdict_approve(verdict=verdict, actor=editor))
    # Both publications meet at the count if nothing orders them; with the lock the second
    # waits for the first to commit, and the first goes on once the meeting times out.
    barrier = threading.Barrier(2, timeout=1)
    count = verdict_rules._published_count

    def meet_then_count(speaker_id):
        with contextlib.suppress(threading.BrokenBarrierError):
            barrier.wait()
        return count(speaker_id)

    monkeypatch.setattr(verdict_rules, "_published_count", meet_then_count)

    def publish(verdict):
        try:
            services.verdict_publish(verdict=verdict, actor=editor)
        finally:
            connection.close()

    threads = [threading.Thread(target=publish, args=(v,)) for v in approved]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert Speaker.objects.get(pk=speaker.pk).published_count == 2


def test_creating_services_check_the_actors_permission(mallory, alice):
    """A person must hold the add permission; only ingestion (no actor) goes without."""
    from sources.services import source_create

    with pytest.raises(PermissionDenied):
        services.claim_create(text="Taxes doubled.", actor=mallory)
    with pytest.raises(PermissionDenied):
        services.speaker_get_or_create(name="Ana Ruiz", actor=mallory)
    with pytest.raises(PermissionDenied):
        source_create(actor=mallory, url="https://x.example/a", title="A")
    claim, created = services.claim_create(text="Taxes doubled.", actor=alice)
    assert created and claim.pk


def test_a_speaker_committed_between_lookup_and_insert_is_returned_not_refused(db, monkeypatch):
    """The database's unique key decides a race; validation does not pre-empt it."""
    from claims.services import claims as claim_services
    from tests.factories import SpeakerFactory

    existing = SpeakerFactory(name="Jane Doe")
    real_lookup, missed = claim_services._speaker_by_key, []

    def late_lookup(key):
        if not missed:
            missed.append(key)
            return None  # the other process had not committed yet
        return real_lookup(key)

    monkeypatch.setattr(claim_services, "_speaker_by_key", late_lookup)
    speaker, created = services.speaker_get_or_create(name="Jane Doe", actor=SYSTEM)
    assert (speaker.pk, created) == (existing.pk, False)


def test_a_fact_checker_adds_a_speaker_with_a_slug_of_its_own(alice):
    speaker = services.speaker_create(name="  Antony Blinken ", role="Secretary", actor=alice)
    speaker.refresh_from_db()
    assert (speaker.name, speaker.slug, speaker.role) == (
        "Antony Blinken",
        "antony-blinken",
        "Secretary",
    )
    found, created = services.speaker_get_or_create(name="antony blinken", actor=alice)
    assert found == speaker and not created


def test_it_refuses_a_new_speaker_with_a_name_another_speaker_goes_by(alice):
    speaker = services.speaker_create(name="Antony Blinken", actor=alice)
    services.speaker_alias_add(speaker=speaker, name="Tony Blinken", actor=alice)
    for taken in ("ANTONY blinken", "Tony Blinken"):
        with pytest.raises(ValidationError, match=rules.NAME_TAKEN):
            services.speaker_create(name=taken, actor=alice)
    with pytest.raises(ValidationError, match=rules.EMPTY_SPEAKER_NAME):
        services.speaker_create(name="  ", actor=alice)
    assert Speaker.objects.count() == 1


def test_it_refuses_an_alias_that_is_another_speakers_name_or_alias(alice):
    blinken = services.speaker_create(name="Antony Blinken", actor=alice)
    other = services.speaker_create(name="Someone Else", actor=alice)
    services.speaker_alias_add(speaker=blinken, name="Tony Blinken", actor=alice)
    for taken in ("Antony Blinken", "tony blinken"):
        with pytest.raises(ValidationError, match=rules.NAME_TAKEN):
            services.speaker_alias_add(speaker=other, name=taken, actor=alice)
    assert not other.aliases.exists()


def test_an_alias_is_renamed_and_deleted_with_its_name_key(alice):
    from factcheck.lib.text import name_key

    speaker = services.speaker_create(name="Antony Blinken", actor=alice)
    alias = services.speaker_alias_add(speaker=speaker, name="Tony Blinken", actor=alice)
    renamed = services.speaker_alias_update(alias=alias, name="A. Blinken", actor=alice)
    assert renamed.name_key == name_key("A. Blinken")
    assert services.speaker_get_or_create(name="a blinken", actor=alice)[0] == speaker
    services.speaker_alias_delete(alias=renamed, actor=alice)
    assert not speaker.aliases.exists()


def test_an_outsider_can_do_nothing_with_speakers_or_aliases(alice, mallory):
    speaker = services.speaker_create(name="Antony Blinken", actor=alice)
    alias = services.speaker_alias_add(speaker=speaker, name="Tony Blinken", actor=alice)
    attempts = [
        lambda: services.speaker_create(name="Someone", actor=mallory),
        lambda: services.speaker_alias_add(speaker=speaker, name="Blinky", actor=mallory),
        lambda: services.speaker_alias_update(alias=alias, name="Blinky", actor=mallory),
        lambda: services.speaker_alias_delete(alias=alias, actor=mallory),
        lambda: services.speaker_delete(speaker=speaker, actor=mallory),
    ]
    for attempt in attempts:
        with pytest.raises(PermissionDenied):
            attempt()
    assert Speaker.objects.filter(pk=speaker.pk, aliases__name="Tony Blinken").exists()


def test_only_an_admin_deletes_a_speaker(alice, bob):
    from tests.factories import make_admin

    speaker = services.speaker_create(name="Antony Blinken", actor=alice)
    for who in (alice, bob):
        with pytest.raises(PermissionDenied):
            services.speaker_delete(speaker=speaker, actor=who)
    services.speaker_delete(speaker=speaker, actor=make_admin())
    assert not Speaker.objects.exists()


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
