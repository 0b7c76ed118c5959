"""PATCH on the desk API with per-field preconditions (factcheck/desk_api.py): a JSON Patch
(RFC 6902) whose ``test`` operations name the values the client loaded is checked field by
field under the row lock, as the admin's forms are; ``If-Match`` stays strict (RFC 9110)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from claims import services
from claims.models import Claim, Evidence, Verdict
from claims.services import edits
from factcheck.desk_api import JSON_PATCH, PATCH_NEEDS_TESTS
from tests.claims.test_admin_concurrency import CONFLICT, form_data, in_parallel
from tests.factories import (
    ClaimFactory,
    EvidenceFactory,
    SpeakerFactory,
    UserFactory,
    VerdictFactory,
    client_for,
)


def _url(claim: Claim) -> str:
    return f"/api/v1/desk/claims/{claim.pk}/"


def _patch(client, url: str, operations: Any, **headers: str):
    return client.generic(
        "PATCH", url, data=json.dumps(operations), content_type=JSON_PATCH, **headers
    )


def _edit(field: str, loaded: Any, new: Any) -> list[dict[str, Any]]:
    return [
        {"op": "test", "path": f"/{field}", "value": loaded},
        {"op": "replace", "path": f"/{field}", "value": new},
    ]


@pytest.mark.django_db
def test_a_patch_testing_only_its_own_field_saves_after_a_colleagues_unrelated_change(alice, bob):
    claim = ClaimFactory(claim_reviewed="Original")
    api = client_for(alice)
    loaded = api.get(_url(claim))
    services.claim_assign(claim=claim, assignee=bob, actor=bob)  # the ETag is stale now

    strict = api.patch(
        _url(claim), {"claim_reviewed": "Mine"}, format="json", HTTP_IF_MATCH=loaded["ETag"]
    )
    assert strict.status_code == 412  # If-Match is about the whole representation
    response = _patch(api, _url(claim), _edit("claim_reviewed", "Original", "Mine"))

    assert response.status_code == 200, response.json()
    assert response.json()["claim_reviewed"] == "Mine"
    claim.refresh_from_db()
    assert (claim.claim_reviewed, claim.assignee) == ("Mine", bob)


@pytest.mark.django_db
def test_a_failed_test_is_a_409_naming_the_field_and_nothing_is_written(alice, bob):
    claim = ClaimFactory(claim_reviewed="Original", language="en")
    api = client_for(alice)
    edits.claim_update(claim=claim, actor=bob, claim_reviewed="Bob's")

    response = _patch(
        api,
        _url(claim),
        [*_edit("claim_reviewed", "Original", "Alice's"), *_edit("language", "en", "fr")],
    )

    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "edit_conflict"
    assert body["errors"]["claim_reviewed"] == ['Changed since you loaded it; now: "Bob\'s".']
    assert "language" not in body["errors"]
    claim.refresh_from_db()
    assert (claim.claim_reviewed, claim.language) == ("Bob's", "en")


@pytest.mark.django_db
def test_a_replace_without_a_test_of_the_same_field_is_428(alice):
    claim = ClaimFactory(language="en")
    response = _patch(
        client_for(alice),
        _url(claim),
        [
            {"op": "test", "path": "/language", "value": "en"},
            {"op": "replace", "path": "/claim_reviewed", "value": "Blind"},
        ],
    )
    assert response.status_code == 428
    assert response.json()["detail"] == PATCH_NEEDS_TESTS
    claim.refresh_from_db()
    assert claim.claim_reviewed != "Blind"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("operations", "key"),
    [
        ({"claim_reviewed": "x"}, "non_field_errors"),
        ([{"op": "remove", "path": "/language"}], "0"),
        ([{"op": "move", "from": "/text", "path": "/claim_reviewed", "value": 1}], "0"),
        ([{"op": "replace", "path": "claim_reviewed", "value": "x"}], "0"),
        ([{"op": "replace", "path": "/claimant/id", "value": 1}], "0"),
        ([*_edit("status", "new", "published")], "status"),
    ],
)
def test_anything_but_test_and_replace_of_an_editable_field_is_a_400(alice, operations, key):
    claim = ClaimFactory()
    response = _patch(client_for(alice), _url(claim), operations)
    assert response.status_code == 400
    assert key in response.json()["errors"]
    claim.refresh_from_db()
    assert claim.status == Claim.Status.NEW


@pytest.mark.django_db
def test_a_test_may_name_a_nested_member_and_the_patch_still_goes_through_the_service(alice, bob):
    claim = ClaimFactory()
    api = client_for(alice)
    speaker_id = api.get(_url(claim)).json()["claimant"]["id"]
    ops = [
        {"op": "test", "path": "/claimant/id", "value": speaker_id},
        *_edit("claim_date", None, "2022-01-10"),
    ]
    assert _patch(api, _url(claim), ops).status_code == 200
    claim.refresh_from_db()
    assert claim.claim_date == dt.date(2022, 1, 10)
    # The claimant is an object in the representation and an id in a replace.
    other = SpeakerFactory(name="Someone Else")
    ops = [
        {"op": "test", "path": "/claimant/id", "value": speaker_id},
        {"op": "replace", "path": "/claimant", "value": other.pk},
    ]
    response = _patch(api, _url(claim), ops)
    assert response.status_code == 200, response.json()
    assert response.json()["claimant"]["name"] == "Someone Else"
    # The same rules as every write: an outsider's patch is refused before anything else.
    outsider = client_for(UserFactory(username="nobody"))
    assert _patch(outsider, _url(claim), _edit("language", "en", "fr")).status_code == 403


@pytest.mark.django_db
def test_a_verdict_patch_tests_its_own_fields_and_keeps_a_colleagues_other_edit(alice, bob):
    verdict = VerdictFactory(author=alice, headline="Original", summary="S")
    url = f"/api/v1/desk/verdicts/{verdict.pk}/"
    services.verdict_update(verdict=verdict, actor=bob, summary="Bob's summary")

    ok = _patch(client_for(alice), url, _edit("headline", "Original", "Alice's"))
    refused = _patch(client_for(bob), url, _edit("headline", "Original", "Bob's"))

    assert (ok.status_code, refused.status_code) == (200, 409)
    verdict.refresh_from_db()
    assert (verdict.headline, verdict.summary) == ("Alice's", "Bob's summary")
    assert verdict.status == Verdict.Status.DRAFT


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_ten_simultaneous_saves_from_the_admin_and_the_api_lose_nothing():
    """Four admin evidence edits, one admin and three API rewordings, two API edits of other
    fields, all at once: every edit to its own field lands; of the four rewordings one wins
    and the three others are refused (the admin's with both sides, the API's with a 409)."""
    claim = ClaimFactory(claim_reviewed="Original", language="en", claim_date=None)
    rows = [EvidenceFactory(claim=claim, excerpt=f"excerpt {i}") for i in range(4)]
    admin_url = reverse("admin:claims_claim_change", args=[claim.pk])
    people = [UserFactory(username=f"desk{i}", role="Fact-checker") for i in range(10)]
    browsers = []
    for person in people[:5]:
        browser = Client()
        browser.force_login(person)
        browsers.append((browser, form_data(browser.get(admin_url))))
    apis = [client_for(person) for person in people[5:]]

    def admin_post(i: int, change: dict[str, Any]):
        browser, loaded = browsers[i]

        def post() -> str:
            response = browser.post(admin_url, {**loaded, **change})
            if response.status_code == 302:
                return "saved"
            return "refused" if CONFLICT in response.content else f"error {response.status_code}"

        return post

    def api_patch(i: int, operations: list[dict[str, Any]]):
        def patch() -> str:
            status = _patch(apis[i], _url(claim), operations).status_code
            return {200: "saved", 409: "refused"}.get(status, f"error {status}")

        return patch

    jobs = []
    for i, row in enumerate(rows):
        index = next(k for k in range(4) if browsers[i][1][f"evidence-{k}-id"] == row.pk)
        jobs.append(admin_post(i, {f"evidence-{index}-excerpt": f"new {i}"}))
    jobs.append(admin_post(4, {"claim_reviewed": "Admin wording"}))
    jobs.append(api_patch(0, _edit("language", "en", "fr")))
    jobs.append(api_patch(1, _edit("claim_date", None, "2022-01-10")))
    jobs += [
        api_patch(i, _edit("claim_reviewed", "Original", f"API wording {i}")) for i in (2, 3, 4)
    ]

    results = in_parallel(jobs)

    assert results[:4] == ["saved"] * 4 and results[5:7] == ["saved"] * 2
    rivals = [results[4], *results[7:]]
    assert sorted(rivals) == ["refused", "refused", "refused", "saved"], results
    claim.refresh_from_db()
    winner = ["Admin wording", "API wording 2", "API wording 3", "API wording 4"]
    assert claim.claim_reviewed == winner[rivals.index("saved")]
    assert (claim.language, claim.claim_date) == ("fr", dt.date(2022, 1, 10))
    excerpts = dict(Evidence.objects.filter(claim=claim).values_list("pk", "excerpt"))
    assert excerpts == {row.pk: f"new {i}" for i, row in enumerate(rows)}
