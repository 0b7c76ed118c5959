from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from factcheck.lib.matching.claimreview import Review
from matching.embeddings import embeddings_refresh
from matching.services import ExternalClaimData, external_claims_import
from tests.factories import ClaimFactory, publish

pytestmark = pytest.mark.django_db
URL = "/api/v1/fact-checks/match/"


@pytest.fixture
def checked(alice, bob, carol):
    ours = ClaimFactory(text="13,000 people died of the flu in the state last winter.")
    publish(ours, alice, bob, carol)
    review = Review(
        "https://other.example/flu", "https://other.example/flu", "Other Desk", "other.example",
        "Flu toll exaggerated", "False", None, "en",
    )  # fmt: skip
    external_claims_import(
        items=[ExternalClaimData("ext-1", "The flu killed 13,000 people here.", reviews=(review,))],
        enqueue_embedding=False,
    )
    embeddings_refresh()
    return ours


def test_anonymous_client_gets_ranked_fact_checks_ours_and_external(
    checked, django_assert_max_num_queries
):
    with django_assert_max_num_queries(12):
        response = APIClient().get(URL, {"text": "Did 14000 people die of flu last winter?"})
    assert response.status_code == 200
    results = response.json()["results"]
    assert {r["kind"] for r in results} == {"ours", "external"}
    ours = next(r for r in results if r["kind"] == "ours")
    assert ours["fact_check"]["slug"] == checked.slug
    assert ours["fact_check"]["url"] == f"http://testserver/fact-checks/{checked.slug}/"
    assert -1 <= ours["similarity"] <= 1
    assert ours["number_warning"] == "checked claim says 13,000; this text says 14000"
    external = next(r for r in results if r["kind"] == "external")
    assert external["external"]["reviews"][0]["publisher"] == "Other Desk"


def test_it_can_leave_other_desks_out(checked):
    response = APIClient().get(URL, {"text": "flu deaths", "include_external": "false"})
    assert response.status_code == 200
    assert {r["kind"] for r in response.json()["results"]} == {"ours"}


def test_it_never_returns_an_unpublished_claim(db):
    ClaimFactory(text="A draft claim about the flu.")
    embeddings_refresh()
    response = APIClient().get(URL, {"text": "draft claim flu"})
    assert response.status_code == 200
    assert response.json()["results"] == []


def test_it_answers_a_missing_text_in_the_one_error_shape(db):
    response = APIClient().get(URL)
    assert response.status_code == 400
    body = response.json()
    assert body["status"] == 400
    assert set(body) == {"status", "code", "detail", "errors"}
    assert "text" in body["errors"]


def test_an_outsider_gets_the_same_public_answer(checked, mallory):
    client = APIClient()
    client.force_authenticate(mallory)
    response = client.get(URL, {"text": "flu deaths last winter"})
    assert response.status_code == 200
    assert response.json()["results"]
