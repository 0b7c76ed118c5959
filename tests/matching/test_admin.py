from __future__ import annotations

import pytest

from factcheck.lib.matching.claimreview import Review
from matching.models import ExternalClaim
from matching.services import ExternalClaimData, external_claims_import

pytestmark = pytest.mark.django_db


@pytest.fixture
def external():
    review = Review(
        "https://other.example/flu", "https://other.example/flu", "Other Desk", "other.example",
        "Flu toll exaggerated", "False", None, "en",
    )  # fmt: skip
    external_claims_import(
        items=[ExternalClaimData("ext-1", "The flu killed 13,000 people.", reviews=(review,))],
        enqueue_embedding=False,
    )
    return ExternalClaim.objects.get()


def test_a_fact_checker_reads_external_fact_checks_in_the_admin(client, alice, external):
    client.force_login(alice)
    response = client.get("/admin/matching/externalclaim/")
    assert response.status_code == 200
    assert "The flu killed 13,000 people." in response.content.decode()
    response = client.get(f"/admin/matching/externalclaim/{external.pk}/change/")
    assert response.status_code == 200
    assert "Other Desk" in response.content.decode()


def test_nobody_edits_an_imported_fact_check_in_the_admin(client, bob, external):
    client.force_login(bob)
    response = client.post(
        f"/admin/matching/externalclaim/{external.pk}/change/", {"text": "Rewritten."}
    )
    assert response.status_code == 403
    external.refresh_from_db()
    assert external.text == "The flu killed 13,000 people."
    assert client.get("/admin/matching/externalclaim/add/").status_code == 403


def test_an_outsider_sees_no_external_fact_checks_in_the_admin(client, mallory, external):
    client.force_login(mallory)
    assert client.get("/admin/matching/externalclaim/").status_code == 403
