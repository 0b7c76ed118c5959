from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from claims.models import Claim

pytestmark = pytest.mark.django_db

SEARCH = "/v1alpha1/claims:search"


def test_it_answers_in_googles_claim_search_shape(anon, make_published):
    verdict = make_published(text="Unemployment fell to 3.5 percent.")
    Claim.objects.filter(pk=verdict.claim_id).update(claim_date=dt.date(2026, 1, 2))
    response = anon.get(SEARCH, {"query": "unemployment", "key": "AIzaGoogleKey", "alt": "json"})
    assert response.status_code == 200
    [claim] = response.json()["claims"]
    assert claim["text"] == "Unemployment fell to 3.5 percent."
    assert claim["claimant"] == verdict.claim.claimant.name
    assert claim["claimDate"] == "2026-01-02T00:00:00Z"
    [review] = claim["claimReview"]
    assert review["publisher"] == {"name": "Factcheck Workbench Demo Desk", "site": "127.0.0.1"}
    assert review["url"].endswith(f"/fact-checks/{verdict.claim.slug}/")
    assert review["title"] == "Checked"
    assert review["textualRating"] == "False"
    assert review["languageCode"] == "en"
    assert review["reviewDate"].endswith("Z")
    assert "nextPageToken" not in response.json()


def test_it_requires_a_query_unless_a_publisher_site_is_given(anon, make_published):
    make_published()
    assert anon.get(SEARCH).status_code == 400
    response = anon.get(SEARCH, {"reviewPublisherSiteFilter": "127.0.0.1"})
    assert len(response.json()["claims"]) == 1
    assert anon.get(SEARCH, {"reviewPublisherSiteFilter": "nytimes.com"}).json() == {}


def test_it_pages_with_page_tokens_and_offsets(anon, make_published):
    slugs = [make_published().claim.slug for _ in range(3)][::-1]
    params = {"reviewPublisherSiteFilter": "127.0.0.1", "pageSize": 2}
    first = anon.get(SEARCH, params).json()
    assert len(first["claims"]) == 2
    second = anon.get(SEARCH, {**params, "pageToken": first["nextPageToken"]}).json()
    urls = [c["claimReview"][0]["url"] for c in first["claims"] + second["claims"]]
    assert [u.rsplit("/", 2)[-2] for u in urls] == slugs
    by_offset = anon.get(SEARCH, {**params, "offset": 2}).json()
    assert by_offset["claims"] == second["claims"]
    assert anon.get(SEARCH, {**params, "pageToken": "%%%"}).status_code == 400


def test_it_filters_by_language_ignoring_the_region(anon, make_published):
    make_published(language="fr")
    params = {"reviewPublisherSiteFilter": "127.0.0.1"}
    assert len(anon.get(SEARCH, {**params, "languageCode": "fr-CA"}).json()["claims"]) == 1
    assert anon.get(SEARCH, {**params, "languageCode": "en-US"}).json() == {}


def test_it_measures_max_age_from_the_newer_of_claim_and_review_dates(anon, make_published):
    old = make_published(published_at=timezone.now() - dt.timedelta(days=40))
    params = {"reviewPublisherSiteFilter": "127.0.0.1", "maxAgeDays": 30}
    assert anon.get(SEARCH, params).json() == {}
    Claim.objects.filter(pk=old.claim_id).update(claim_date=timezone.now().date())
    assert len(anon.get(SEARCH, params).json()["claims"]) == 1


def test_it_treats_key_as_an_api_key_only_when_it_is_one_of_ours(anon, newsroom_key, db):
    params = {"reviewPublisherSiteFilter": "127.0.0.1"}
    assert anon.get(SEARCH, {**params, "key": newsroom_key.raw}).status_code == 200
    assert anon.get(SEARCH, {**params, "key": "fck_bad.key"}).status_code == 401


# The flush after this transactional test removes the seeded scales and roles; the factories
# seed them again when a later test needs them (tests.factories.ensure_seed_data).
@pytest.mark.django_db(transaction=True)
def test_googles_own_python_client_works_against_us_unchanged(live_server, make_published):
    from googleapiclient.discovery import build

    verdict = make_published(text="The new bridge cost twice its budget.")
    service = build(
        "factchecktools",
        "v1alpha1",
        static_discovery=True,
        client_options={"api_endpoint": live_server.url},
        developerKey="AIzaSyNotARealKey",
    )
    result = service.claims().search(query="bridge budget", languageCode="en-US").execute()
    [claim] = result["claims"]
    assert claim["text"] == verdict.claim.text
    assert claim["claimReview"][0]["textualRating"] == "False"
    empty = service.claims().search(query="volcano").execute()
    assert empty == {}


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({}, "query"),
        ({"query": "x", "pageToken": "%%%"}, "pageToken"),
        ({"query": "x", "offset": "60000"}, "offset"),
        ({"query": "x", "pageSize": "many"}, "pageSize"),
        ({"query": "x", "fields": "claims(nope)"}, "fields"),
        ({"query": "x", "fields": "claims(text"}, "fields"),
        ({"query": "x", "orderBy": "random"}, "orderBy"),
        ({"query": "x", "maxAgeDays": ""}, "maxAgeDays"),
    ],
)
def test_errors_come_in_googles_error_shape(anon, db, params, field):
    response = anon.get(SEARCH, params)
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == 400
    assert error["status"] == "INVALID_ARGUMENT"
    assert field in error["message"]


def test_an_unknown_key_is_googles_unauthenticated(anon, db):
    error = anon.get(SEARCH, {"query": "x", "key": "fck_bad.key"}).json()["error"]
    assert (error["code"], error["status"]) == (401, "UNAUTHENTICATED")


def test_a_deep_offset_is_refused_with_a_clear_message(anon, make_published):
    make_published()
    response = anon.get(SEARCH, {"reviewPublisherSiteFilter": "127.0.0.1", "offset": 1_000_001})
    assert response.status_code == 400
    assert "nextPageToken" in response.json()["error"]["message"]
    ok = anon.get(SEARCH, {"reviewPublisherSiteFilter": "127.0.0.1", "offset": 1000})
    assert ok.status_code == 200


def test_text_is_the_claimreviews_claim_reviewed_not_the_quote(anon, make_published):
    verdict = make_published(text="He said that crime has doubled in two years, folks.")
    Claim.objects.filter(pk=verdict.claim_id).update(claim_reviewed="Crime has doubled")
    [claim] = anon.get(SEARCH, {"query": "crime"}).json()["claims"]
    assert claim["text"] == "Crime has doubled"


def test_results_are_ranked_by_relevance_and_newest_first_on_request(anon, make_published):
    strong = make_published(text="Bridge costs: the bridge cost twice the bridge budget.")
    weak = make_published(text="The tunnel cost less.", rationale="Unlike the bridge.")
    params = {"query": "bridge"}
    titles = [c["claimReview"][0]["url"] for c in anon.get(SEARCH, params).json()["claims"]]
    assert [t.rsplit("/", 2)[-2] for t in titles] == [strong.claim.slug, weak.claim.slug]
    newest = anon.get(SEARCH, {**params, "orderBy": "newest"}).json()["claims"]
    slugs = [c["claimReview"][0]["url"].rsplit("/", 2)[-2] for c in newest]
    assert slugs == [weak.claim.slug, strong.claim.slug]


def test_it_searches_the_headline_claimant_and_rationale_too(anon, make_published):
    from tests.factories import SpeakerFactory

    by_headline = make_published(headline="Volcano risk overstated")
    by_rationale = make_published(rationale="The glacier report says otherwise.")
    by_claimant = make_published(claimant=SpeakerFactory(name="Ada Quartermaine"))
    for query, verdict in (
        ("volcano", by_headline),
        ("glacier", by_rationale),
        ("quartermaine", by_claimant),
    ):
        [claim] = anon.get(SEARCH, {"query": query}).json()["claims"]
        assert claim["claimReview"][0]["url"].endswith(f"/{verdict.claim.slug}/"), query


def test_fields_returns_googles_partial_response(anon, make_published):
    for _ in range(2):
        make_published()
    params = {"reviewPublisherSiteFilter": "127.0.0.1", "pageSize": 1}
    body = anon.get(SEARCH, {**params, "fields": "nextPageToken"}).json()
    assert list(body) == ["nextPageToken"]
    body = anon.get(SEARCH, {**params, "fields": "claims(text,claimReview/url)"}).json()
    [claim] = body["claims"]
    assert set(claim) == {"text", "claimReview"}
    assert list(claim["claimReview"][0]) == ["url"]


def test_page_tokens_walk_the_relevance_order_without_repeats(anon, make_published):
    for n in range(5):
        make_published(text=f"Budget {'budget ' * n}claim {n}.")
    seen, token = [], None
    while True:
        params = {"query": "budget", "pageSize": 2, **({"pageToken": token} if token else {})}
        body = anon.get(SEARCH, params).json()
        seen += [c["claimReview"][0]["url"] for c in body["claims"]]
        token = body.get("nextPageToken")
        if not token:
            break
    assert len(seen) == len(set(seen)) == 5


def test_a_retraction_defeats_if_modified_since_on_claims_search(anon, make_published, bob):
    from unittest import mock

    from claims import services

    long_ago = timezone.now() - dt.timedelta(days=3)
    make_published(published_at=long_ago)
    withdrawn = make_published(published_at=long_ago + dt.timedelta(hours=1))
    params = {"reviewPublisherSiteFilter": "127.0.0.1"}
    seen = anon.get(SEARCH, params)["Last-Modified"]
    assert anon.get(SEARCH, params, HTTP_IF_MODIFIED_SINCE=seen).status_code == 304
    # Later than the claimants' last save too (``Last-Modified`` counts it), whole seconds on.
    later = timezone.now() + dt.timedelta(seconds=10)
    with mock.patch("claims.services.verdicts.timezone.now", return_value=later):
        services.verdict_retract(verdict=withdrawn, actor=bob, note="Withdrawn.")
    response = anon.get(SEARCH, params, HTTP_IF_MODIFIED_SINCE=seen)
    assert response.status_code == 200
    assert len(response.json()["claims"]) == 1
