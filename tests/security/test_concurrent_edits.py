"""Concurrent edits of one claim from the admin and the desk API: no lost update, whichever
order the two requests interleave in."""

from __future__ import annotations

import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from factcheck.admin_concurrency import EDIT_CONFLICT, EDIT_CONFLICT_FIELDS, OptimisticFormMixin
from tests.factories import ClaimFactory, client_for

pytestmark = pytest.mark.django_db(transaction=True)


def _admin_form(claim, loaded: str, wording: str) -> dict[str, str]:
    return {
        "claim_reviewed": wording,
        "text": claim.text,
        "kind": claim.kind,
        "claimant": str(claim.claimant_id),
        "checkworthiness": "0.5",
        "language": "en",
        "loaded_version": loaded,
        "appearances-TOTAL_FORMS": "0",
        "appearances-INITIAL_FORMS": "0",
        "evidence-TOTAL_FORMS": "0",
        "evidence-INITIAL_FORMS": "0",
    }


def test_an_api_edit_landing_between_the_admins_check_and_its_save_gets_a_412(
    alice, bob, monkeypatch
):
    """The dangerous interleaving, forced: the admin form has checked its loaded version and
    not yet saved when the API's PATCH arrives. One of them must lose, visibly."""
    claim = ClaimFactory(claim_reviewed="Original")
    admin_url = reverse("admin:claims_claim_change", args=[claim.pk])
    api_url = f"/api/v1/desk/claims/{claim.pk}/"
    admin = Client()
    admin.force_login(bob)
    loaded = admin.get(admin_url).context["adminform"].form.initial["loaded_version"]
    api = client_for(alice)
    etag = api.get(api_url)["ETag"]

    admin_checked, api_done = threading.Event(), threading.Event()
    clean = OptimisticFormMixin.clean

    def clean_then_pause(form):
        data = clean(form)
        if threading.current_thread().name == "admin":
            admin_checked.set()
            api_done.wait(timeout=1.5)  # with the row locked, the API cannot finish first
        return data

    monkeypatch.setattr(OptimisticFormMixin, "clean", clean_then_pause)
    results: dict[str, int] = {}

    def by_admin():
        response = admin.post(admin_url, _admin_form(claim, loaded, "Admin's edit"))
        results["admin"] = response.status_code
        connection.close()

    def by_api():
        admin_checked.wait(timeout=5)
        response = api.patch(
            api_url, {"claim_reviewed": "API's edit"}, format="json", HTTP_IF_MATCH=etag
        )
        results["api"] = response.status_code
        api_done.set()
        connection.close()

    threads = [
        threading.Thread(target=by_admin, name="admin"),
        threading.Thread(target=by_api, name="api"),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert results == {"admin": 302, "api": 412}
    claim.refresh_from_db()
    assert claim.claim_reviewed == "Admin's edit"


def test_admin_and_api_racing_on_one_claim_leave_exactly_one_winner(alice, bob):
    claim = ClaimFactory(claim_reviewed="Original")
    admin_url = reverse("admin:claims_claim_change", args=[claim.pk])
    api_url = f"/api/v1/desk/claims/{claim.pk}/"
    admin = Client()
    admin.force_login(bob)
    api = client_for(alice)
    for round_ in range(3):
        loaded = admin.get(admin_url).context["adminform"].form.initial["loaded_version"]
        etag = api.get(api_url)["ETag"]
        barrier = threading.Barrier(2)
        results: dict[str, object] = {}

        def by_admin(loaded=loaded, round_=round_, results=results, barrier=barrier):
            barrier.wait()
            response = admin.post(admin_url, _admin_form(claim, loaded, f"Admin {round_}"))
            page = response.content.decode()
            refused = EDIT_CONFLICT in page or EDIT_CONFLICT_FIELDS in page
            conflict = response.status_code == 200 and refused
            results["admin"] = "conflict" if conflict else response.status_code
            connection.close()

        def by_api(etag=etag, round_=round_, results=results, barrier=barrier):
            barrier.wait()
            response = api.patch(
                api_url, {"claim_reviewed": f"API {round_}"}, format="json", HTTP_IF_MATCH=etag
            )
            results["api"] = response.status_code
            connection.close()

        threads = [threading.Thread(target=by_admin), threading.Thread(target=by_api)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=30)
        assert sorted(map(str, results.values())) in (["302", "412"], ["200", "conflict"])
        claim.refresh_from_db()
        winner = "Admin" if results["admin"] == 302 else "API"
        assert claim.claim_reviewed == f"{winner} {round_}"
