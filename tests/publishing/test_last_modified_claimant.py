"""``Last-Modified`` of the public endpoints moves when a published claimant's ``sameAs`` is
added (shown to readers at once, without a new version), so a client that revalidates by
date alone (``If-Modified-Since``, no ETag) gets the new copy; the query count stays."""

from __future__ import annotations

import datetime as dt
from unittest import mock

import pytest
from django.test import Client
from django.utils import timezone

from claims.services.edits import speaker_update

WIKIDATA = "https://www.wikidata.org/wiki/Q42"
LIST = "/api/v1/fact-checks/"
SEARCH = "/v1alpha1/claims:search"


@pytest.fixture
def fact_check(make_published):
    """A fact-check published (and its claimant last saved) three days ago."""
    long_ago = timezone.now() - dt.timedelta(days=3)
    with mock.patch("django.utils.timezone.now", return_value=long_ago):
        return make_published(published_at=long_ago)


def _same_as_added(fact_check, actor) -> None:
    later = timezone.now() + dt.timedelta(seconds=5)
    with mock.patch("django.utils.timezone.now", return_value=later):
        speaker_update(speaker=fact_check.claim.claimant, actor=actor, same_as=WIKIDATA)


def _urls(fact_check) -> dict[str, tuple[str, dict]]:
    slug = fact_check.claim.slug
    return {
        "list": (LIST, {}),
        "filtered list": (LIST, {"language": "en"}),
        "detail": (f"{LIST}{slug}/", {}),
        "ClaimReview": (f"{LIST}{slug}/claimreview/", {}),
        "claims:search": (SEARCH, {"reviewPublisherSiteFilter": "127.0.0.1"}),
        "public page": (fact_check.get_absolute_url(), {}),
    }


def test_adding_a_claimants_same_as_defeats_if_modified_since_everywhere(fact_check, alice):
    client = Client()
    seen = {}
    for name, (url, params) in _urls(fact_check).items():
        first = client.get(url, params)
        assert first.status_code == 200, name
        assert WIKIDATA.encode() not in first.content, name
        seen[name] = first["Last-Modified"]
        again = client.get(url, params, HTTP_IF_MODIFIED_SINCE=seen[name])
        assert again.status_code == 304, name
    _same_as_added(fact_check, alice)
    for name, (url, params) in _urls(fact_check).items():
        response = client.get(url, params, HTTP_IF_MODIFIED_SINCE=seen[name])
        assert response.status_code == 200, name
        if name != "claims:search":  # Google's shape names the claimant only
            assert WIKIDATA.encode() in response.content.replace(b"\\/", b"/"), name
        assert response["Last-Modified"] != seen[name], name
        assert (
            client.get(url, params, HTTP_IF_MODIFIED_SINCE=response["Last-Modified"]).status_code
            == 304
        ), name


# Queries per request, as before ``Last-Modified`` took the claimant into account: the
# claimant's ``updated_at`` comes with the row that already joins the speaker.
QUERIES = {
    "list": 3,
    "filtered list": 6,
    "detail": 3,
    "ClaimReview": 3,
    "claims:search": 6,
    "public page": 3,
}


@pytest.mark.parametrize("name", list(QUERIES))
def test_the_claimants_last_change_costs_no_query(
    fact_check, alice, name, django_assert_num_queries
):
    url, params = _urls(fact_check)[name]
    client = Client()
    client.get(url, params)  # the scale bounds and settings caches are warm, as in production
    _same_as_added(fact_check, alice)
    with django_assert_num_queries(QUERIES[name]):
        assert client.get(url, params).status_code == 200
