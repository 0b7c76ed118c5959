from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache

from claims import services
from factcheck.lib.permissions import SYSTEM
from tests.factories import (
    ClaimFactory,
    SourceFactory,
    SpeakerFactory,
    publish_through_workflow,
    truth_rating,
)

pytestmark = pytest.mark.django_db

LIST = "/api/v1/fact-checks/"


def test_it_lists_published_fact_checks_with_their_claim_rating_and_sources(
    anon, published_verdict
):
    response = anon.get(LIST)
    assert response.status_code == 200
    [item] = response.json()["results"]
    claim = published_verdict.claim
    assert item["slug"] == claim.slug
    assert item["url"].endswith(f"/fact-checks/{claim.slug}/")
    assert item["claim"]["text"] == claim.text
    assert item["claim"]["claimant"]["name"] == claim.claimant.name
    assert item["rating"] == {
        "label": "True",
        "value": 5,
        "best": 5,
        "worst": 1,
        "scale": "Truthfulness",
        "scale_slug": "truthfulness",
    }
    assert item["rationale_html"] == "<p>See the <strong>report</strong>.</p>"
    assert item["evidence"][0]["stance"] == "supports"
    assert "note" not in item["evidence"][0]
    assert item["corrections"] == []


def test_it_never_lists_drafts_or_submitted_verdicts(anon, claim, alice):
    services.verdict_create(
        claim=claim,
        rating=truth_rating(),
        headline="Draft",
        summary="s",
        rationale="r",
        author=alice,
    )
    response = anon.get(LIST)
    assert response.status_code == 200
    assert response.json()["results"] == []


def test_it_uses_a_constant_number_of_queries_whatever_the_page_size(
    anon, make_published, django_assert_max_num_queries
):
    for _ in range(6):
        make_published()
    with django_assert_max_num_queries(3) as small_queries:
        small = anon.get(LIST, {"page_size": 1})
    with django_assert_max_num_queries(3) as big_queries:
        big = anon.get(LIST, {"page_size": 50})
    assert small.status_code == big.status_code == 200
    assert len(big.json()["results"]) == 6
    # Rows, appearances + evidence, version history: counted even on the fast path.
    assert len(small_queries) == len(big_queries) == 3
    # A search or filter runs in a transaction with a statement timeout (a SAVEPOINT in
    # the test's transaction, the SET LOCAL and its RELEASE): still three data queries.
    with django_assert_max_num_queries(6) as searched:
        assert anon.get(LIST, {"page_size": 50, "q": "people", "kind": "statistic"}).json()[
            "results"
        ]
    assert len(data_queries(searched)) == 3


def data_queries(context):
    plumbing = ("SAVEPOINT", "RELEASE SAVEPOINT", "SELECT set_config('statement_timeout'")
    return [q for q in context.captured_queries if not q["sql"].startswith(plumbing)]


def test_it_paginates_with_a_cursor_and_never_counts(anon, make_published):
    verdicts = [make_published() for _ in range(3)]
    first = anon.get(LIST, {"page_size": 2}).json()
    assert "count" not in first
    assert [r["slug"] for r in first["results"]] == [v.claim.slug for v in verdicts[::-1][:2]]
    second = anon.get(first["next"]).json()
    assert [r["slug"] for r in second["results"]] == [verdicts[0].claim.slug]
    assert second["next"] is None


def test_it_caps_the_page_size_at_one_hundred(anon, published_verdict):
    response = anon.get(LIST, {"page_size": 1000})
    assert response.status_code == 200


def test_it_rejects_a_nonsense_page_size_in_the_one_error_shape(anon):
    response = anon.get(LIST, {"page_size": "lots"})
    assert response.status_code == 400
    body = response.json()
    assert body["status"] == 400
    assert body["code"] == "invalid"
    assert "page_size" in body["errors"]


def test_it_searches_the_claim_text_with_full_text_search(anon, make_published):
    hit = make_published(text="Unemployment fell to 3.5 percent last year.")
    make_published(text="The bridge cost twice the budget.")
    response = anon.get(LIST, {"q": "unemployment"})
    assert [r["slug"] for r in response.json()["results"]] == [hit.claim.slug]


def test_it_filters_by_rating_speaker_kind_and_language(anon, make_published):
    speaker = SpeakerFactory(name="Jane Minister")
    wanted = make_published(label="Mostly false", claimant=speaker, kind="quote", language="fr")
    make_published(label="True")

    def slugs(**params):
        return [r["slug"] for r in anon.get(LIST, params).json()["results"]]

    assert slugs(rating="mostly false") == [wanted.claim.slug]
    assert slugs(speaker=speaker.slug) == [wanted.claim.slug]
    assert slugs(kind="quote") == [wanted.claim.slug]
    assert slugs(language="fr") == [wanted.claim.slug]
    assert anon.get(LIST, {"kind": "nonsense"}).status_code == 400


def test_it_filters_by_the_publisher_of_an_appearance(anon, make_published, alice, bob, carol):
    claim = ClaimFactory()
    article = SourceFactory(publisher_name="Daily Bugle", body="He said: hello world.")
    services.appearance_create(
        claim=claim, source=article, quote_text="hello world", start=9, end=20, actor=SYSTEM
    )
    wanted = publish_through_workflow(claim, author=alice, approver=bob, publisher=carol)
    make_published()
    response = anon.get(LIST, {"publisher": "daily bugle"})
    assert [r["slug"] for r in response.json()["results"]] == [wanted.claim.slug]
    [appearance] = response.json()["results"][0]["appearances"]
    assert appearance["first"] is True


def test_it_filters_by_published_since_and_updated_since_for_incremental_sync(anon, make_published):
    make_published(published_at=dt.datetime(2020, 1, 1, tzinfo=dt.UTC))
    new = make_published()
    response = anon.get(LIST, {"published_since": "2024-01-01T00:00:00Z"})
    assert [r["slug"] for r in response.json()["results"]] == [new.claim.slug]
    assert anon.get(LIST, {"updated_since": "yesterday"}).status_code == 400


def test_it_answers_304_to_a_matching_etag_and_sends_cdn_cache_headers(anon, published_verdict):
    response = anon.get(LIST)
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("public")
    assert "Cookie" not in response.get("Vary", "")
    assert response["Last-Modified"]
    again = anon.get(LIST, HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304
    detail = anon.get(f"{LIST}{published_verdict.claim.slug}/")
    assert (
        anon.get(
            f"{LIST}{published_verdict.claim.slug}/",
            HTTP_IF_MODIFIED_SINCE=detail["Last-Modified"],
        ).status_code
        == 304
    )


def test_it_shows_one_fact_check_with_its_corrections_log(anon, published_verdict, bob, carol):
    correction = services.verdict_correct(
        verdict=published_verdict, actor=bob, kind="correction", note="Fixed the date."
    )
    services.verdict_submit(verdict=correction, actor=bob)
    services.verdict_approve(verdict=correction, actor=carol)
    services.verdict_publish(verdict=correction, actor=carol)
    response = anon.get(f"{LIST}{published_verdict.claim.slug}/")
    assert response.status_code == 200
    body = response.json()
    assert body["version"] == 2
    assert body["corrections"] == [
        {
            "version": 2,
            "kind": "correction",
            "note": "Fixed the date.",
            "published_at": body["corrections"][0]["published_at"],
        }
    ]
    assert body["date_published"] < body["date_modified"]


def test_it_answers_404_not_403_for_a_claim_without_a_published_verdict(anon, claim):
    response = anon.get(f"{LIST}{claim.slug}/")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_it_shows_a_retracted_fact_check_as_a_retraction_notice(anon, published_verdict, bob):
    services.verdict_retract(verdict=published_verdict, actor=bob, note="Wrong person quoted.")
    body = anon.get(f"{LIST}{published_verdict.claim.slug}/").json()
    assert body["status"] == "retracted"
    assert body["corrections"][-1]["kind"] == "retraction"
    assert anon.get(LIST).json()["results"] == []


def test_it_lists_speakers_with_their_published_counts_only(anon, published_verdict):
    ClaimFactory()  # a speaker with nothing published stays private
    response = anon.get("/api/v1/speakers/")
    [speaker] = response.json()["results"]
    assert speaker["name"] == published_verdict.claim.claimant.name
    assert speaker["published_count"] == 1
    detail = anon.get(f"/api/v1/speakers/{speaker['slug']}/").json()
    assert detail["ratings"] == [{"label": "True", "scale": "Truthfulness", "count": 1}]


def test_speaker_counts_follow_publication_correction_and_retraction(
    anon, published_verdict, alice, bob, carol
):
    speaker = published_verdict.claim.claimant
    second = ClaimFactory(claimant=speaker)
    publish_through_workflow(second, author=alice, approver=bob, publisher=carol)

    def listed() -> list[tuple[str, int]]:
        rows = anon.get("/api/v1/speakers/").json()["results"]
        return [(r["slug"], r["published_count"]) for r in rows]

    assert listed() == [(speaker.slug, 2)]
    correction = services.verdict_correct(
        verdict=published_verdict, actor=bob, kind="correction", note="Fixed the date."
    )
    services.verdict_submit(verdict=correction, actor=bob)
    services.verdict_approve(verdict=correction, actor=carol)
    services.verdict_publish(verdict=correction, actor=carol)
    assert listed() == [(speaker.slug, 2)]  # a correction replaces, it does not add
    services.verdict_retract(verdict=correction, actor=bob, note="Wrong person.")
    assert listed() == [(speaker.slug, 1)]
    services.verdict_retract(verdict=second.verdicts.get(status="published"), actor=bob, note="x")
    assert listed() == []
    assert anon.get(f"/api/v1/speakers/{speaker.slug}/").status_code == 404


def test_the_speaker_list_reads_the_kept_count_instead_of_aggregating_verdicts(
    anon, published_verdict, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with django_assert_max_num_queries(2), CaptureQueriesContext(connection) as queries:
        assert anon.get("/api/v1/speakers/").status_code == 200
    [sql] = [q["sql"] for q in queries.captured_queries if "claims_speaker" in q["sql"]]
    assert "claims_verdict" not in sql and "GROUP BY" not in sql


def test_it_answers_404_for_a_speaker_with_nothing_published(anon, claim):
    assert anon.get(f"/api/v1/speakers/{claim.claimant.slug}/").status_code == 404


def test_it_lists_rating_scales_with_methodology(anon, db):
    response = anon.get("/api/v1/rating-scales/")
    scales = {s["slug"]: s for s in response.json()}
    assert scales["truthfulness"]["best"] == 5
    assert scales["truthfulness"]["methodology_html"].startswith("<p>")
    assert next(r["label"] for r in scales["truthfulness"]["ratings"]) == "True"


def test_it_throttles_anonymous_readers_harder_than_newsroom_keys(anon, newsroom, monkeypatch):
    from factcheck.api import PublicRateThrottle

    rates = {"anon": "2/min", "newsroom": "5/min", "user": "5/min"}
    monkeypatch.setattr(PublicRateThrottle, "THROTTLE_RATES", rates)
    cache.clear()
    codes = [anon.get("/api/v1/rating-scales/").status_code for _ in range(3)]
    assert codes == [200, 200, 429]
    assert anon.get("/api/v1/rating-scales/").json()["code"] == "throttled"
    codes = [newsroom.get("/api/v1/rating-scales/").status_code for _ in range(3)]
    assert codes == [200, 200, 200]


def test_it_rejects_a_revoked_api_key(newsroom, newsroom_key):
    from integrations.services import api_key_revoke
    from tests.factories import make_admin

    api_key_revoke(api_key=newsroom_key.api_key, actor=make_admin("revoker"))
    response = newsroom.get(LIST)
    assert response.status_code == 401
    assert response.json()["code"] == "authentication_failed"


PUBLIC_URLS = [
    "/api/v1/fact-checks/",
    "/api/v1/fact-checks/{slug}/",
    "/api/v1/fact-checks/{slug}/claimreview/",
    "/api/v1/fact-checks/feed/",
    "/api/v1/speakers/",
    "/api/v1/speakers/{speaker}/",
    "/api/v1/rating-scales/",
    "/v1alpha1/claims:search?query=people",
    "/fact-checks/{slug}/",
]


@pytest.mark.parametrize("url", PUBLIC_URLS)
def test_every_public_endpoint_answers_everyone_the_same(
    url, published_verdict, anon, newsroom, mallory, alice
):
    from rest_framework.test import APIClient

    url = url.format(
        slug=published_verdict.claim.slug, speaker=published_verdict.claim.claimant.slug
    )
    bodies = []
    for client in (anon, newsroom, APIClient(), APIClient()):
        bodies.append(client)
    bodies[2].force_login(mallory)
    bodies[3].force_login(alice)
    responses = [client.get(url) for client in bodies]
    assert [r.status_code for r in responses] == [200, 200, 200, 200]

    def content(response):
        return b"".join(response.streaming_content) if response.streaming else response.content

    assert len({content(r) for r in responses}) == 1


def test_a_fact_check_detail_takes_three_queries(
    anon, published_verdict, django_assert_num_queries
):
    with django_assert_num_queries(3):
        assert anon.get(f"{LIST}{published_verdict.claim.slug}/").status_code == 200


def test_full_text_search_matches_the_gin_index_expression(published_verdict):
    from django.contrib.postgres.search import SearchQuery, SearchVector
    from django.db import connection

    from claims.models import Claim

    # The same expression publishing.selectors.search_claims builds (there through a join).
    vector = SearchVector("claim_reviewed", "text", config="english")
    queryset = (
        Claim.objects.annotate(_doc=vector)
        .filter(_doc=SearchQuery("people died", config="english", search_type="websearch"))
        .values("id")
        .order_by()
    )
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        # The table is tiny, so make the planner show whether the index matches at all.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "claim_fts_idx" in plan


def test_evidence_added_after_publication_stays_internal_until_a_correction(
    anon, published_verdict, alice
):
    services.evidence_add(
        claim=published_verdict.claim,
        source=SourceFactory(title="Later find"),
        stance="context",
        actor=alice,
    )
    body = anon.get(f"{LIST}{published_verdict.claim.slug}/").json()
    assert body["evidence"]
    assert "Later find" not in [e["title"] for e in body["evidence"]]


def test_an_incremental_sync_can_ask_for_retractions_too(anon, published_verdict, bob):
    services.verdict_retract(verdict=published_verdict, actor=bob, note="Withdrawn.")
    assert anon.get(LIST).json()["results"] == []
    [item] = anon.get(
        LIST, {"include_retracted": "true", "updated_since": "2020-01-01T00:00:00Z"}
    ).json()["results"]
    assert (item["status"], item["version"]) == ("retracted", 2)
    assert item["corrections"][-1]["note"] == "Withdrawn."
    assert anon.get(LIST, {"include_retracted": "false"}).json()["results"] == []


def test_public_endpoints_may_be_read_from_any_newsroom_page_but_desk_ones_not(
    anon, published_verdict, alice
):
    from rest_framework.test import APIClient

    public = anon.get(LIST, HTTP_ORIGIN="https://bugle.example")
    assert public["Access-Control-Allow-Origin"] == "*"
    assert "ETag" in public["Access-Control-Expose-Headers"]
    desk = APIClient()
    desk.force_authenticate(alice)
    response = desk.get("/api/v1/desk/claims/", HTTP_ORIGIN="https://bugle.example")
    assert "Access-Control-Allow-Origin" not in response


def test_desk_activity_on_a_published_claim_changes_nothing_public(anon, published_verdict, bob):
    url = f"/api/v1/fact-checks/{published_verdict.claim.slug}/"
    before = anon.get(url)
    services.claim_assign(claim=published_verdict.claim, assignee=bob, actor=bob)
    after = anon.get(url)
    assert after["Last-Modified"] == before["Last-Modified"]
    assert after.json()["date_modified"] == before.json()["date_modified"]
    since = published_verdict.published_at + dt.timedelta(seconds=1)
    listed = anon.get("/api/v1/fact-checks/", {"updated_since": since.isoformat()})
    assert listed.json()["results"] == []


def test_an_appearance_linked_after_publication_stays_internal_until_a_correction(
    anon, published_verdict, bob, carol
):
    memo = SourceFactory(title="Internal memo", publisher_name="Desk", body="x said: quoted.")
    services.appearance_create(
        claim=published_verdict.claim,
        source=memo,
        quote_text="quoted.",
        start=8,
        end=15,
        actor=SYSTEM,
    )
    url = f"{LIST}{published_verdict.claim.slug}/"
    assert anon.get(url).json()["appearances"] == []
    assert anon.get(LIST, {"publisher": "Desk"}).json()["results"] == []
    correction = services.verdict_correct(
        verdict=published_verdict, actor=bob, kind="update", note="Also appeared in a memo."
    )
    services.verdict_submit(verdict=correction, actor=bob)
    services.verdict_approve(verdict=correction, actor=carol)
    services.verdict_publish(verdict=correction, actor=carol)
    assert [a["title"] for a in anon.get(url).json()["appearances"]] == ["Internal memo"]


def _correct(verdict, bob, carol, note="Figures updated."):
    correction = services.verdict_correct(verdict=verdict, actor=bob, kind="update", note=note)
    services.verdict_submit(verdict=correction, actor=bob)
    services.verdict_approve(verdict=correction, actor=carol)
    return services.verdict_publish(verdict=correction, actor=carol)


def _walk(client, params):
    slugs, url = [], None
    first = client.get(LIST, params).json()
    slugs += [r["slug"] for r in first["results"]]
    url = first["next"]
    return slugs, url


@pytest.mark.parametrize("ordering", ["-published_at", "published_at"])
def test_a_correction_during_a_cursor_walk_neither_skips_nor_repeats_it(
    anon, make_published, bob, carol, ordering
):
    verdicts = [make_published() for _ in range(4)]
    slugs, url = _walk(anon, {"page_size": 2, "ordering": ordering})
    # The first fact-check of the list is corrected while the reader is on page one.
    first = next(v for v in verdicts if v.claim.slug == slugs[0])
    _correct(first, bob, carol)
    while url:
        page = anon.get(url).json()
        slugs += [r["slug"] for r in page["results"]]
        url = page["next"]
    assert sorted(slugs) == sorted(v.claim.slug for v in verdicts)
    assert len(slugs) == len(set(slugs)) == 4


def test_published_since_means_first_published_and_updated_since_any_change(
    anon, make_published, bob, carol
):
    old = make_published(published_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    _correct(old, bob, carol)
    since = "2026-06-01T00:00:00Z"
    assert anon.get(LIST, {"published_since": since}).json()["results"] == []
    [item] = anon.get(LIST, {"updated_since": since}).json()["results"]
    assert item["slug"] == old.claim.slug
    assert item["date_published"].startswith("2026-01-01")


def test_language_and_publisher_are_normalised_as_claims_search_does(anon, make_published, alice):
    verdict = make_published(language="en")
    source = SourceFactory(publisher_name="Daily Bugle", publisher_site="bugle.example")
    services.appearance_create(
        claim=verdict.claim, source=source, quote_text="q", start=0, end=1, actor=SYSTEM
    )
    later = _correct_to_publish_appearances(verdict)
    for params in (
        {"language": "EN"},
        {"language": "en-GB"},
        {"publisher": "www.bugle.example"},
        {"publisher": "BUGLE.example"},
        {"publisher": "daily bugle"},
    ):
        assert [r["slug"] for r in anon.get(LIST, params).json()["results"]] == [
            later.claim.slug
        ], params
    assert anon.get(LIST, {"language": "fr"}).json()["results"] == []


def _correct_to_publish_appearances(verdict):
    from tests.factories import UserFactory

    editor, other = UserFactory(role="Editor"), UserFactory(role="Editor")
    return _correct(verdict, editor, other, note="Appearance added.")


def test_q_ranks_by_relevance_over_claim_headline_claimant_and_rationale(anon, make_published):
    weak = make_published(text="Prices rose last year.", rationale="Energy bills too.")
    strong = make_published(text="Energy prices doubled.", headline="Energy costs")
    by_headline = make_published(text="Bills are up.", headline="An energy story")
    results = [r["slug"] for r in anon.get(LIST, {"q": "energy"}).json()["results"]]
    assert results[0] == strong.claim.slug
    assert set(results) == {weak.claim.slug, strong.claim.slug, by_headline.claim.slug}
    newest = anon.get(LIST, {"q": "energy", "ordering": "-published_at"}).json()["results"]
    assert [r["slug"] for r in newest] == [
        by_headline.claim.slug,
        strong.claim.slug,
        weak.claim.slug,
    ]


def test_relevance_pages_walk_every_match_once(anon, make_published):
    for n in range(5):
        make_published(text=f"Energy {'energy ' * n}claim number {n}.")
    slugs, url = _walk(anon, {"q": "energy", "page_size": 2})
    while url:
        page = anon.get(url).json()
        slugs += [r["slug"] for r in page["results"]]
        url = page["next"]
    assert len(slugs) == len(set(slugs)) == 5


@pytest.mark.parametrize(
    "params",
    [
        {"ordering": "nonsense"},
        {"include_retracted": "yes"},
        {"cursor": "\x00"},
        {"cursor": "%00"},
        {"cursor": "cD1ub3QtYS1kYXRl"},  # base64 of "p=not-a-date"
        {"cursor": "bz0tMQ=="},  # base64 of "o=-1"
        {"q": "x" * 201},
        {"published_since": "yesterday"},
        {"kind": "poem"},
        {"rating": "False\x00"},
    ],
)
def test_a_bad_query_parameter_is_a_400_in_the_one_error_shape(anon, published_verdict, params):
    response = anon.get(LIST, params)
    assert response.status_code == 400
    body = response.json()
    assert body["status"] == 400 and body["errors"]


def test_an_unknown_format_is_406_not_404(anon, published_verdict):
    response = anon.get(LIST, {"format": "xml"})
    assert response.status_code == 406
    assert response.json()["code"] == "not_acceptable"


def test_unmatched_api_urls_answer_json_404_even_under_debug(anon, settings):
    settings.DEBUG = True
    for url in ("/api/v1/nothing-here/", "/api/v2/", "/v1alpha1/claims:imageSearch"):
        response = anon.get(url)
        assert response.status_code == 404, url
        assert response.json()["code"] == "not_found"
    assert anon.get("/api/v1/fact-checks").status_code == 301


def test_an_unknown_host_gets_a_json_400_on_api_paths(anon):
    response = anon.get(LIST, HTTP_HOST="attacker.example")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert response.json()["status"] == 400


def test_a_cors_preflight_allows_what_a_newsroom_page_sends(anon):
    response = anon.options(
        LIST,
        HTTP_ORIGIN="https://bugle.example",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="authorization, if-none-match",
    )
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    allowed = {h.strip().lower() for h in response["Access-Control-Allow-Headers"].split(",")}
    assert {"authorization", "if-none-match", "if-match", "content-type"} <= allowed
    assert "GET" in response["Access-Control-Allow-Methods"]


def test_a_304_and_an_error_carry_cors_headers_and_expose_retry_after(anon, published_verdict):
    first = anon.get(LIST, HTTP_ORIGIN="https://bugle.example")
    again = anon.get(LIST, HTTP_IF_NONE_MATCH=first["ETag"], HTTP_ORIGIN="https://bugle.example")
    assert again.status_code == 304
    assert again["Access-Control-Allow-Origin"] == "*"
    exposed = {h.strip() for h in first["Access-Control-Expose-Headers"].split(",")}
    assert {"ETag", "Last-Modified", "Retry-After"} <= exposed
    error = anon.get(LIST, {"page_size": "lots"}, HTTP_ORIGIN="https://bugle.example")
    assert error["Access-Control-Allow-Origin"] == "*"


def test_a_retraction_defeats_if_modified_since_on_the_list(anon, make_published, bob):
    from unittest import mock

    from django.utils import timezone

    long_ago = timezone.now() - dt.timedelta(days=3)
    kept = make_published(published_at=long_ago)
    withdrawn = make_published(published_at=long_ago + dt.timedelta(hours=1))
    seen = anon.get(LIST)["Last-Modified"]
    assert anon.get(LIST, HTTP_IF_MODIFIED_SINCE=seen).status_code == 304
    # Later than the claimants' last save too (``Last-Modified`` counts it), whole seconds on.
    later = timezone.now() + dt.timedelta(seconds=10)
    with mock.patch("claims.services.verdicts.timezone.now", return_value=later):
        services.verdict_retract(verdict=withdrawn, actor=bob, note="Withdrawn.")
    response = anon.get(LIST, HTTP_IF_MODIFIED_SINCE=seen)
    assert response.status_code == 200
    assert [r["slug"] for r in response.json()["results"]] == [kept.claim.slug]


def test_filtered_and_searched_lists_run_under_a_statement_timeout(
    anon, published_verdict, django_assert_max_num_queries
):
    with django_assert_max_num_queries(6) as queries:
        assert anon.get(LIST, {"q": "people"}).status_code == 200
    assert any("statement_timeout" in q["sql"] for q in queries.captured_queries)


def test_a_query_cancelled_by_the_statement_timeout_is_a_503(
    anon, published_verdict, settings, monkeypatch
):
    from django.db import connection

    from publishing import apis

    settings.FACTCHECK_PUBLIC_STATEMENT_TIMEOUT_MS = 50

    def slow_assembly(rows):
        with connection.cursor() as cursor:  # a query a hostile search could make this slow
            cursor.execute("SELECT pg_sleep(0.5)")
        return []

    monkeypatch.setattr(apis, "assemble_fact_checks", slow_assembly)
    response = anon.get(LIST, {"q": "people"})
    assert response.status_code == 503
    assert response.json()["code"] == "timeout"


def test_the_rating_scales_give_each_ratings_id_for_a_desk_verdict(anon, db):
    from claims.models import Rating

    scales = anon.get("/api/v1/rating-scales/").json()
    listed = {(s["slug"], r["label"]): r["id"] for s in scales for r in s["ratings"]}
    stored = {(r.scale.slug, r.label): r.pk for r in Rating.objects.select_related("scale")}
    assert listed == stored
