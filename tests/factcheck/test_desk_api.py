"""The desk API's shared building blocks (``factcheck.desk_api``): what its lists and strict
inputs refuse."""

from __future__ import annotations

import pytest

from tests.factories import ClaimFactory, client_for, make_admin

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/desk/claims/?status=",
        "/api/v1/desk/claims/?assigned_to_me=",
        "/api/v1/desk/verdicts/?status=",
        "/api/v1/desk/evidence/?claim=",
        "/api/v1/desk/claims/?page_size=",
    ],
)
def test_a_documented_list_filter_sent_empty_is_a_400_not_ignored(url, alice):
    response = client_for(alice).get(url)
    assert response.status_code == 400
    assert list(response.json()["errors"]) == [url.rsplit("?", 1)[1].removesuffix("=")]


def test_an_empty_string_for_an_id_is_refused_not_read_as_null(alice):
    response = client_for(alice).post(
        "/api/v1/desk/claims/", {"text": "Prices fell by 5%.", "claimant": ""}, format="json"
    )
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["claimant"]


def test_an_empty_string_for_an_id_in_an_edit_is_refused(alice):
    claim = ClaimFactory()
    client = client_for(make_admin("eve"))
    url = f"/api/v1/desk/claims/{claim.pk}/"
    etag = client.get(url)["ETag"]
    response = client.patch(url, {"claimant": ""}, format="json", HTTP_IF_MATCH=etag)
    assert response.status_code == 400
    claim.refresh_from_db()
    assert claim.claimant_id is not None


@pytest.mark.parametrize(
    ("url", "body"),
    [
        ("/api/v1/desk/speakers/", {"name": 12345}),
        ("/api/v1/desk/speakers/", {"name": "Ann Lee", "role": 5}),
        ("/api/v1/desk/claims/", {"text": 42}),
        ("/api/v1/desk/sources/", {"url": "https://example.org/a", "authors": [1, 2]}),
    ],
)
def test_a_number_sent_for_a_text_field_is_refused_not_stored_as_text(url, body):
    response = client_for(make_admin("eve")).post(url, body, format="json")
    assert response.status_code == 400
    assert set(response.json()["errors"]) <= {"name", "role", "text", "authors"}
