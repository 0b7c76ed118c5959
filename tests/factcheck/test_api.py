"""The desk API's optimistic concurrency (``factcheck.api``): which If-Match values count,
and the ETag an edit answers with."""

from __future__ import annotations

import pytest

from tests.factories import ClaimFactory, client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def claim_url(db):
    return f"/api/v1/desk/claims/{ClaimFactory().pk}/"


def test_if_match_star_names_no_version_so_it_is_428(claim_url, alice):
    client = client_for(alice)
    response = client.patch(claim_url, {"language": "de"}, format="json", HTTP_IF_MATCH="*")
    assert response.status_code == 428


def test_a_weak_etag_never_matches_in_if_match(claim_url, alice):
    client = client_for(alice)
    etag = client.get(claim_url)["ETag"]
    weak = client.patch(claim_url, {"language": "de"}, format="json", HTTP_IF_MATCH=f"W/{etag}")
    assert weak.status_code == 412
    strong = client.patch(claim_url, {"language": "de"}, format="json", HTTP_IF_MATCH=etag)
    assert strong.status_code == 200


def test_an_edit_answers_with_the_new_versions_etag_so_the_next_edit_needs_no_get(claim_url, alice):
    client = client_for(alice)
    etag = client.get(claim_url)["ETag"]
    first = client.patch(claim_url, {"language": "de"}, format="json", HTTP_IF_MATCH=etag)
    assert first.status_code == 200
    assert first["ETag"] != etag
    assert first["ETag"] == client.get(claim_url)["ETag"]
    second = client.patch(claim_url, {"language": "fr"}, format="json", HTTP_IF_MATCH=first["ETag"])
    assert second.status_code == 200


def test_a_stale_if_match_gets_a_412_carrying_the_current_versions_etag(claim_url, alice, bob):
    a, b = client_for(alice), client_for(bob)
    stale_etag = a.get(claim_url)["ETag"]
    edited = b.patch(claim_url, {"language": "de"}, format="json", HTTP_IF_MATCH=stale_etag)
    assert edited.status_code == 200
    refused = a.patch(claim_url, {"language": "fr"}, format="json", HTTP_IF_MATCH=stale_etag)
    assert refused.status_code == 412
    assert refused["ETag"] == edited["ETag"] == a.get(claim_url)["ETag"]
    retried = a.patch(claim_url, {"language": "fr"}, format="json", HTTP_IF_MATCH=refused["ETag"])
    assert retried.status_code == 200
