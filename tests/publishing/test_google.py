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
