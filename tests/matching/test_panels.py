"""The desk's "checked before?": the claim workspace's panel, the claim list's "possible
duplicate of" column, the ingest review page, and the merge that the panel offers."""

from __future__ import annotations

import pytest
from django.urls import reverse

from claims.models import Claim
from factcheck.lib.matching.claimreview import Review
from factcheck.lib.permissions import SYSTEM
from ingestion.services import source_ingest
from matching.embeddings import embeddings_refresh
from matching.models import PossibleDuplicate
from matching.services import NUMBERS_DIFFER, ExternalClaimData, external_claims_import
from tests.factories import ClaimFactory, EvidenceFactory, publish

pytestmark = pytest.mark.django_db

FLOODS = "13,000 people died in the floods in the north last spring."


@pytest.fixture
def other_desk():
    review = Review(
        "https://other.example/floods", "https://other.example/floods", "Other Desk",
        "other.example", "Flood toll inflated", "Mostly false", None, "en",
    )  # fmt: skip
    external_claims_import(
        items=[ExternalClaimData("ext-floods", FLOODS, reviews=(review,))],
        enqueue_embedding=False,
    )


@pytest.fixture
def checked(alice, bob, carol):
    claim = ClaimFactory(text=FLOODS, claim_reviewed="Flood toll claim")
    publish(claim, alice, bob, carol, label="False")
    return claim


def _merge_url(claim: Claim, into: Claim) -> str:
    return reverse("admin:matching_possibleduplicate_merge", args=[claim.pk, into.pk])


def _workspace(client, claim: Claim) -> str:
    response = client.get(reverse("admin:claims_claim_change", args=[claim.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_workspace_shows_our_and_other_desks_fact_checks_with_their_ratings(
    client, bob, checked, other_desk
):
    incoming = ClaimFactory(text="14,000 people died in the floods in the north last spring.")
    embeddings_refresh()
    client.force_login(bob)
    page = _workspace(client, incoming)
    assert 'id="checked-before"' in page
    assert "Other Desk" in page and "Mostly false" in page  # theirs
    assert "This desk" in page and "False" in page  # ours, with its published rating
    assert "checked claim says 13,000; this text says 14,000" in page
    assert _merge_url(incoming, checked) in page


def test_a_fact_checker_who_may_not_merge_sees_no_merge_link(client, alice, checked):
    incoming = ClaimFactory(text="13,000 people died in the floods in the north last spring!")
    client.force_login(alice)
    page = _workspace(client, incoming)
    assert 'id="checked-before"' in page
    assert _merge_url(incoming, checked) not in page


def test_the_claim_list_shows_a_possible_duplicate_with_its_number_warning(client, alice):
    checked = ClaimFactory(text="13,000 people died in the floods.")
    source_ingest(text="14,000 people died in the floods.\n\nOfficials said so.", actor=SYSTEM)
    new = Claim.objects.get(text="14,000 people died in the floods.")
    assert PossibleDuplicate.objects.filter(claim=new, of=checked).exists()
    client.force_login(alice)
    response = client.get(reverse("admin:claims_claim_changelist"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Possible duplicate of" in page
    assert "checked claim says 13,000; this text says 14,000" in page
    workspace = _workspace(client, new)
    assert 'id="possible-duplicate-of"' in workspace


def test_the_claim_list_reads_the_marks_in_one_query_for_the_page(
    client, alice, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    survivors = ClaimFactory.create_batch(3)
    client.force_login(alice)
    url = reverse("admin:claims_claim_changelist")
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for survivor in survivors:
        for n in range(3):
            marked = ClaimFactory()
            PossibleDuplicate.objects.create(claim=marked, of=survivor, similarity=0.6 + n / 10)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert response.content.decode().count("Possible duplicate of") == 9


def test_the_review_page_shows_what_each_claim_was_checked_as_before(
    client, alice, checked, other_desk
):
    result = source_ingest(
        text="14,000 people died in the floods in the north last spring.\n\nSaid officials.",
        actor=SYSTEM,
    )
    client.force_login(alice)
    response = client.get(reverse("admin:sources_source_review", args=[result.source.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Checked before?" in page
    assert "Other Desk" in page and "Mostly false" in page
    assert "checked claim says 13,000; this text says 14,000" in page


def test_an_editor_merges_a_claim_into_the_one_it_matched(client, bob):
    into = ClaimFactory(text="The dam holds 900 million litres of water.")
    duplicate = ClaimFactory(text="The dam holds 900 million litres of water, officials say.")
    evidence = EvidenceFactory(claim=duplicate)
    PossibleDuplicate.objects.create(claim=duplicate, of=into, similarity=0.8)
    client.force_login(bob)
    confirm = client.get(_merge_url(duplicate, into))
    assert confirm.status_code == 200
    assert b"merge-number-warning" not in confirm.content
    response = client.post(_merge_url(duplicate, into))
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:claims_claim_change", args=[into.pk])
    duplicate.refresh_from_db()
    evidence.refresh_from_db()
    assert duplicate.duplicate_of == into and duplicate.status == Claim.Status.DISMISSED
    assert evidence.claim_id == into.pk
    assert not PossibleDuplicate.objects.exists()


def test_a_merge_across_a_number_difference_needs_an_explicit_confirmation(client, bob):
    into = ClaimFactory(text="13,000 people died in the floods.")
    duplicate = ClaimFactory(text="14,000 people died in the floods.")
    client.force_login(bob)
    confirm = client.get(_merge_url(duplicate, into))
    assert b"merge-number-warning" in confirm.content
    assert b"checked claim says 13,000; this text says 14,000" in confirm.content
    refused = client.post(_merge_url(duplicate, into))
    assert refused.status_code == 200
    duplicate.refresh_from_db()
    assert duplicate.duplicate_of is None
    message = NUMBERS_DIFFER.format(warning="checked claim says 13,000; this text says 14,000")
    assert message in [str(m) for m in refused.context["messages"]]
    confirmed = client.post(_merge_url(duplicate, into), {"numbers_confirmed": "1"})
    assert confirmed.status_code == 302
    duplicate.refresh_from_db()
    assert duplicate.duplicate_of == into


def test_a_fact_checker_without_the_merge_permission_cannot_merge(client, alice):
    into, duplicate = ClaimFactory(), ClaimFactory()
    client.force_login(alice)
    assert client.get(_merge_url(duplicate, into)).status_code == 403
    assert client.post(_merge_url(duplicate, into)).status_code == 403
    duplicate.refresh_from_db()
    assert duplicate.duplicate_of is None


def test_an_outsider_can_neither_see_the_panel_nor_merge(client, mallory):
    into, duplicate = ClaimFactory(), ClaimFactory()
    client.force_login(mallory)
    assert client.get(reverse("admin:claims_claim_change", args=[duplicate.pk])).status_code in (
        302,
        403,
    )
    assert client.post(_merge_url(duplicate, into)).status_code in (302, 403)
    duplicate.refresh_from_db()
    assert duplicate.duplicate_of is None


def test_the_workspace_does_not_wait_for_a_first_index_build(client, alice, monkeypatch):
    from matching import selectors

    monkeypatch.setattr(selectors, "_ready_index", lambda: None)  # still building
    claim = ClaimFactory()
    client.force_login(alice)
    page = _workspace(client, claim)
    assert 'id="checked-before-pending"' in page
