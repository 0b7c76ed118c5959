"""The ClaimReview DataFeed: streamed or paged, revalidated cheaply, with tombstones."""

from __future__ import annotations

import datetime as dt
from unittest import mock

import orjson
import pytest
from django.utils import timezone

from claims import services

pytestmark = pytest.mark.django_db

FEED = "/api/v1/fact-checks/feed/"


def body(response) -> dict:
    return orjson.loads(b"".join(response.streaming_content))


def test_the_feed_is_a_datafeed_of_every_published_fact_check(anon, make_published):
    verdicts = [make_published() for _ in range(3)]
    response = anon.get(FEED)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/ld+json"
    feed = body(response)
    assert feed["@type"] == "DataFeed"
    urls = [e["item"][0]["url"] for e in feed["dataFeedElement"]]
    assert [u.rsplit("/", 2)[-2] for u in urls] == [v.claim.slug for v in verdicts]
    review = feed["dataFeedElement"][0]["item"][0]
    assert review["@type"] == "ClaimReview"
    assert review["reviewRating"]["alternateName"] == "False"


def test_the_feed_never_renders_rationale_html(anon, make_published):
    make_published()
    with mock.patch("publishing.selectors.render_markdown", side_effect=AssertionError):
        response = anon.get(FEED)
        assert len(body(response)["dataFeedElement"]) == 1


def test_the_feed_reads_in_chunks_with_two_queries_each(
    anon, make_published, monkeypatch, django_assert_max_num_queries
):
    for _ in range(5):
        make_published()
    monkeypatch.setattr("publishing.apis.FEED_CHUNK", 2)
    response = anon.get(FEED)
    # Three chunks (2 + 2 + 1), each rows + appearances, plus the scale bounds.
    with django_assert_max_num_queries(7):
        assert len(body(response)["dataFeedElement"]) == 5


def test_the_feed_has_an_etag_and_last_modified_and_revalidates_to_304(anon, make_published):
    make_published()
    first = anon.get(FEED)
    assert first["ETag"].startswith('W/"')
    assert first["Last-Modified"]
    assert first["Access-Control-Allow-Origin"] == "*"
    again = anon.get(FEED, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again["Access-Control-Allow-Origin"] == "*"
    assert anon.get(FEED, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 304
    make_published()
    assert anon.get(FEED, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 200


def test_a_head_of_the_feed_answers_its_headers_without_building_it(
    anon, make_published, django_assert_max_num_queries
):
    make_published()
    etag = anon.get(FEED)["ETag"]
    with (
        mock.patch("publishing.apis.feed_chunks", side_effect=AssertionError),
        django_assert_max_num_queries(2),
    ):
        head = anon.head(FEED)
    assert head.status_code == 200
    assert head["ETag"] == etag
    assert head.content == b""


def test_the_feed_splits_into_pages_that_link_to_the_next(anon, make_published):
    slugs = [make_published().claim.slug for _ in range(5)]
    seen, url, pages = [], f"{FEED}?page_size=2", 0
    while url:
        response = anon.get(url)
        assert response.status_code == 200
        pages += 1
        seen += [e["item"][0]["url"].rsplit("/", 2)[-2] for e in body(response)["dataFeedElement"]]
        link = response.get("Link")
        url = link.split(">")[0].lstrip("<") if link else None
    assert pages == 3
    assert seen == slugs


def test_a_retraction_is_a_tombstone_in_the_feed_when_asked(anon, make_published, bob):
    kept, withdrawn = make_published(), make_published()
    before = anon.get(FEED)
    services.verdict_retract(verdict=withdrawn, actor=bob, note="Withdrawn.")
    assert anon.get(FEED, HTTP_IF_NONE_MATCH=before["ETag"]).status_code == 200
    plain = body(anon.get(FEED))["dataFeedElement"]
    assert [e["item"][0]["url"].rsplit("/", 2)[-2] for e in plain] == [kept.claim.slug]
    elements = body(anon.get(FEED, {"include_retracted": "true"}))["dataFeedElement"]
    tombstone = elements[1]
    assert tombstone["dateDeleted"]
    assert tombstone["item"] == [{"@type": "ClaimReview", "url": tombstone["item"][0]["url"]}]
    assert tombstone["item"][0]["url"].endswith(f"/fact-checks/{withdrawn.claim.slug}/")
    assert "dateDeleted" not in elements[0]


@pytest.mark.parametrize(
    "params",
    [
        {"page_size": "0"},
        {"page_size": "lots"},
        {"page_size": "100001"},
        {"after": "-1"},
        {"after": "\x00"},
        {"include_retracted": "yes"},
    ],
)
def test_bad_feed_parameters_are_a_400_in_the_one_error_shape(anon, params):
    response = anon.get(FEED, params)
    assert response.status_code == 400
    assert response.json()["status"] == 400


def test_the_feed_last_modified_moves_with_a_retraction(anon, make_published, bob):
    verdict = make_published(published_at=timezone.now() - dt.timedelta(days=2))
    seen = anon.get(FEED)["Last-Modified"]
    assert anon.get(FEED, HTTP_IF_MODIFIED_SINCE=seen).status_code == 304
    later = timezone.now() + dt.timedelta(seconds=10)
    with mock.patch("claims.services.verdicts.timezone.now", return_value=later):
        services.verdict_retract(verdict=verdict, actor=bob, note="Withdrawn.")
    assert anon.get(FEED, HTTP_IF_MODIFIED_SINCE=seen).status_code == 200


def _appear(claim, source, at: int):
    from claims.models import Appearance

    return Appearance.objects.create(
        claim=claim, source=source, quote_text=claim.text, start=at, end=at + 5
    )


def test_each_feed_item_is_the_claimreview_readers_get_for_that_fact_check(
    anon, make_published, settings
):
    """The feed builds its items from lighter rows (dates formatted by PostgreSQL, the first
    appearance ranked there): each must be exactly the ClaimReview of the full public
    fact-check, whole-second dates, undated sources and late appearances included."""
    from claims.models import Appearance
    from publishing import claimreview
    from publishing.selectors import fact_check_detail
    from tests.factories import SourceFactory

    early = dt.datetime(2021, 5, 1, tzinfo=dt.UTC)
    late = dt.datetime(2022, 5, 1, 12, 30, 15, 250, tzinfo=dt.UTC)
    unattributed = make_published(claimant=None)
    attributed = make_published()
    claim = attributed.claim
    for source in (
        SourceFactory(published_at=late),
        SourceFactory(published_at=None),
        SourceFactory(published_at=early),
    ):
        _appear(claim, source, at=Appearance.objects.filter(claim=claim).count() * 10 + 100)
    whole_second = dt.datetime(2030, 1, 1, 8, 0, tzinfo=dt.UTC)
    with mock.patch("claims.services.verdicts.timezone.now", return_value=whole_second):
        corrected = services.verdict_correct(
            verdict=attributed, actor=attributed.approved_by, kind="update", note="More sources."
        )
    from tests.factories import UserFactory

    editor = UserFactory(username="dora", role="Editor")
    with mock.patch("claims.services.verdicts.timezone.now", return_value=whole_second):
        services.verdict_submit(verdict=corrected, actor=attributed.approved_by)
        services.verdict_approve(verdict=corrected, actor=editor)
        services.verdict_publish(verdict=corrected, actor=editor)
    after = _appear(claim, SourceFactory(published_at=early - dt.timedelta(days=9)), at=900)
    Appearance.objects.filter(pk=after.pk).update(created_at=dt.datetime(2031, 1, 1, tzinfo=dt.UTC))
    org = settings.FACTCHECK_ORGANIZATION
    items = {e["item"][0]["url"]: e["item"][0] for e in body(anon.get(FEED))["dataFeedElement"]}
    for verdict in (unattributed, attributed):
        expected = claimreview.claim_review(fact_check_detail(verdict.claim.slug), org)
        assert items[expected["url"]] == orjson.loads(orjson.dumps(expected))
    review = items[claimreview.claim_review(fact_check_detail(claim.slug), org)["url"]]
    assert review["dateModified"] == "2030-01-01T08:00:00Z"
    first = review["itemReviewed"]["firstAppearance"]["url"]
    assert first == Appearance.objects.get(claim=claim, source__published_at=early).source.url
    assert after.source.url not in [a["url"] for a in review["itemReviewed"]["appearance"]]
