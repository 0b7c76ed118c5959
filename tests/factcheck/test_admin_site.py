"""The workbench admin site (factcheck/admin_site.py): a login that shares the API's attempt
budget, and history pages that can be read but never written back."""

from __future__ import annotations

import pytest
from django.urls import reverse

from claims.services import edits
from tests.factories import ClaimFactory


@pytest.mark.django_db
def test_admin_login_shares_the_api_login_budget_per_account(client, alice, monkeypatch):
    """Guessing cannot move from the throttled API login to the admin form (or back)."""
    from django.core.cache import cache
    from rest_framework.settings import api_settings
    from rest_framework.test import APIClient

    cache.clear()
    monkeypatch.setitem(api_settings.DEFAULT_THROTTLE_RATES, "login_account", "3/min")
    url = reverse("admin:login")
    wrong = {"username": "alice", "password": "wrong", "next": "/admin/"}
    codes = [client.post(url, wrong).status_code for _ in range(3)]
    assert codes == [200, 200, 200]  # the form again, with its error
    throttled = client.post(url, {**wrong, "password": "factcheck"})
    assert throttled.status_code == 429
    assert int(throttled["Retry-After"]) > 0
    assert b"Too many login attempts" in throttled.content
    api = APIClient().post(
        "/api/v1/auth/login/", {"username": "alice", "password": "x"}, format="json"
    )
    assert api.status_code == 429
    cache.clear()


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
