"""Hostile query strings against every public endpoint never cost a worker.

Every bad parameter is a 400 in the one error shape (Google's shape on ``claims:search``),
never a 500, a silent default or an HTML page; unknown formats are 406, unknown Hosts and
unmatched API URLs get JSON.
"""

from __future__ import annotations

import base64

import pytest

pytestmark = pytest.mark.django_db

LIST = "/api/v1/fact-checks/"
FEED = "/api/v1/fact-checks/feed/"
SPEAKERS = "/api/v1/speakers/"
SEARCH = "/v1alpha1/claims:search"


def _cursor(querystring: str) -> str:
    return base64.b64encode(querystring.encode()).decode()


BAD = [
    (LIST, {"ordering": "-id"}),
    (LIST, {"ordering": "published_at; DROP TABLE claims_claim"}),
    (LIST, {"include_retracted": "yes"}),
    (LIST, {"include_retracted": "1\x00"}),
    (LIST, {"cursor": "\x00"}),
    (LIST, {"cursor": "%00"}),
    (LIST, {"cursor": "not base64!"}),
    (LIST, {"cursor": _cursor("p=\x00")}),
    (LIST, {"cursor": _cursor("p=2026-13-45")}),
    (LIST, {"cursor": _cursor("o=ten")}),
    (LIST, {"cursor": _cursor("r=maybe")}),
    (LIST, {"q": "energy", "cursor": _cursor("p=not-a-number")}),
    (LIST, {"page_size": "-1"}),
    (LIST, {"page_size": "1e9"}),
    (LIST, {"page_size": "\x00"}),
    (LIST, {"q": "a" * 10_000}),
    (LIST, {"q": "\x00"}),
    (LIST, {"speaker": "s" * 1000}),
    (LIST, {"rating": "\x00"}),
    (LIST, {"language": "e" * 100}),
    (LIST, {"publisher": "\x00"}),
    (LIST, {"published_since": "2026-02-30T00:00:00Z"}),
    (LIST, {"updated_since": "\x00"}),
    (LIST, {"kind": "' OR 1=1 --"}),
    (FEED, {"page_size": "0"}),
    (FEED, {"page_size": "9" * 30}),
    (FEED, {"after": "-5"}),
    (FEED, {"after": "9" * 30}),
    (FEED, {"after": "one"}),
    (FEED, {"include_retracted": "TRUE!"}),
    (SPEAKERS, {"cursor": _cursor("p=\x00")}),
    (SPEAKERS, {"cursor": "\x00"}),
    (SPEAKERS, {"page_size": "none"}),
    (SEARCH, {}),
    (SEARCH, {"query": "x", "offset": "1000001"}),
    (SEARCH, {"query": "x", "offset": "-1"}),
    (SEARCH, {"query": "x", "pageSize": "\x00"}),
    (SEARCH, {"query": "x", "maxAgeDays": "forever"}),
    (SEARCH, {"query": "x", "pageToken": "\x00"}),
    (SEARCH, {"query": "x", "pageToken": base64.urlsafe_b64encode(b'["newest"]').decode()}),
    (SEARCH, {"query": "x", "pageToken": base64.urlsafe_b64encode(b"[1,2,3]").decode()}),
    (
        SEARCH,
        {"query": "x", "pageToken": base64.urlsafe_b64encode(b'["relevance","x",1,0]').decode()},
    ),
    (SEARCH, {"query": "x" * 501}),
    (SEARCH, {"query": "\x00"}),
    (SEARCH, {"query": "x", "fields": "claims((("}),
    (SEARCH, {"query": "x", "fields": "secret"}),
    (SEARCH, {"query": "x", "alt": "proto"}),
    (SEARCH, {"query": "x", "orderBy": ""}),
    ("/api/v1/fact-checks/match/", {"text": "13000 died", "include_external": ""}),
    ("/api/v1/fact-checks/match/", {"text": "13000 died", "limit": ""}),
]


@pytest.mark.parametrize(("url", "params"), BAD)
def test_a_bad_parameter_is_a_400_in_the_endpoints_error_shape(
    anon, published_verdict, url, params
):
    response = anon.get(url, params)
    assert response.status_code == 400, response.content[:300]
    body = response.json()
    if url == SEARCH:
        assert body["error"]["code"] == 400 and body["error"]["message"]
    else:
        assert body["status"] == 400 and body["errors"]


PUBLIC = [LIST, FEED, SPEAKERS, SEARCH + "?query=people", "/api/v1/rating-scales/"]


@pytest.mark.parametrize("url", PUBLIC)
def test_an_unknown_format_is_a_406_everywhere(anon, published_verdict, url):
    joiner = "&" if "?" in url else "?"
    assert anon.get(f"{url}{joiner}format=xml").status_code == 406
    assert anon.get(f"{url}{joiner}format=").status_code == 406


@pytest.mark.parametrize("url", PUBLIC)
def test_head_and_options_answer_on_every_public_endpoint(anon, published_verdict, url):
    assert anon.head(url).status_code == 200
    options = anon.options(url)
    assert options.status_code == 200
    assert options["Access-Control-Allow-Origin"] == "*"


@pytest.mark.parametrize(
    "url", ["/api/v1/../../etc/passwd", "/api/v1/%00/", "/api/v9/", "/v1alpha1/pages"]
)
def test_unmatched_api_urls_are_json_404s(anon, url):
    response = anon.get(url)
    assert response.status_code in (404, 301)
    if response.status_code == 404:
        assert response.json()["code"] == "not_found"


def test_an_unknown_host_is_a_json_400(anon):
    for url in (LIST, SEARCH):
        response = anon.get(url, HTTP_HOST="evil.example")
        assert response.status_code == 400
        assert response.json()["status"] == 400


def test_a_date_with_an_offset_postgresql_cannot_store_is_not_a_server_error(
    anon, published_verdict
):
    for name in ("published_since", "updated_since"):
        response = anon.get(LIST, {name: "6061-05-15T15:44:40-22:56"})
        assert response.status_code == 200, name


def test_invalid_utf8_in_the_query_string_is_not_a_server_error(anon, published_verdict):
    for url in (LIST, SEARCH, FEED):
        response = anon.generic("GET", url, QUERY_STRING="q=%ff%fe&query=%c3%28")
        assert response.status_code < 500, url
