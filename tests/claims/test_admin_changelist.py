"""The claim list at archive size (claims/admin/changelist.py and the list parts of
ClaimAdmin): readable chips, an autocomplete claimant filter, no count or join over every claim, and
keyset paging that walks every claim once, ties included."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims import services
from claims.admin import changelist
from claims.models import Claim, SpeakerAlias
from factcheck.lib.permissions import SYSTEM
from factcheck.lib.text import name_key
from tests.factories import ClaimFactory, SourceFactory, SpeakerFactory, publish

pytestmark = pytest.mark.django_db
LIST = "/admin/claims/claim/"


def _ids(response) -> list[int]:
    return [
        int(pk) for pk in re.findall(rb'name="_selected_action" value="(\d+)"', response.content)
    ]


def test_an_outsider_cannot_open_the_claim_list(client, mallory):
    client.force_login(mallory)
    assert client.get(LIST).status_code == 403


def test_the_list_shows_status_and_rating_chips(client, alice, bob, carol):
    published = publish(ClaimFactory(), alice, bob, carol, label="False")
    ClaimFactory(claim_reviewed="A new one")
    client.force_login(alice)
    response = client.get(LIST)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<span class="chip chip-status-new">New</span>' in html
    assert '<span class="chip chip-status-published">Published</span>' in html
    assert '<span class="chip chip-rating chip-rating-1">False</span>' in html
    assert published.claim.claim_reviewed in html


def test_the_list_costs_the_same_number_of_queries_for_10_and_60_claims(
    client, alice, django_assert_max_num_queries
):
    ClaimFactory.create_batch(10)
    client.force_login(alice)
    with CaptureQueriesContext(connection) as few:
        assert client.get(LIST).status_code == 200
    ClaimFactory.create_batch(50)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(LIST)
    assert response.status_code == 200
    assert len(_ids(response)) == 50


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"status__exact": "new"},
        {"kind__exact": "statistic"},
        {"q": "died"},
        {"claimant": "1"},
        {"publisher": "Example Office"},
        {"assigned": "me"},
    ],
)
def test_no_list_query_joins_or_groups_appearances_over_every_claim(client, alice, params):
    claim = ClaimFactory()
    source = SourceFactory(body="More than 1,000 people have died in the conflict.")
    services.appearance_create(
        claim=claim, source=source, quote_text="More", start=0, end=4, actor=SYSTEM
    )
    client.force_login(alice)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(LIST, params)
    assert response.status_code == 200
    claim_queries = [
        q["sql"] for q in queries.captured_queries if 'FROM "claims_claim"' in q["sql"]
    ]
    assert claim_queries
    for sql in claim_queries:
        assert "GROUP BY" not in sql.split("FROM", 1)[1].split("(SELECT")[0]
        assert 'LEFT OUTER JOIN "claims_appearance"' not in sql
        assert "DISTINCT" not in sql
    # Filtered lists count at most COUNT_CAP rows; the unfiltered one counts nothing exactly
    # once the table is large (its estimate is exercised by the bench, not here).
    counts = [sql for sql in claim_queries if "COUNT(" in sql and "LIMIT" not in sql]
    assert params == {} or not counts


def test_the_keyset_walks_every_claim_once_in_order_ties_included(client, alice):
    # 130 claims on three scores: most pages end inside a run of equal scores.
    for i in range(130):
        ClaimFactory(checkworthiness=[0.3, 0.5, 0.9][i % 3])
    expected = list(Claim.objects.order_by("-checkworthiness", "-id").values_list("pk", flat=True))
    client.force_login(alice)
    seen: list[int] = []
    url = LIST
    while url:
        response = client.get(url)
        assert response.status_code == 200
        seen += _ids(response)
        nxt = response.context["cl"].next_url()
        url = LIST + nxt if nxt else None
    assert seen == expected


def test_a_keyset_page_keeps_the_filters_and_offers_the_first_page(client, alice):
    ClaimFactory.create_batch(60, kind="statistic")
    ClaimFactory.create_batch(5, kind="promise")
    client.force_login(alice)
    first = client.get(LIST, {"kind__exact": "statistic"})
    nxt = first.context["cl"].next_url()
    assert "kind__exact=statistic" in nxt and "after=" in nxt
    second = client.get(LIST + nxt)
    assert second.status_code == 200
    assert len(_ids(second)) == 10
    assert Claim.objects.filter(pk__in=_ids(second), kind="statistic").count() == 10
    assert b"First page" in second.content


def test_a_garbage_keyset_shows_the_first_page(client, alice):
    ClaimFactory.create_batch(3)
    client.force_login(alice)
    response = client.get(LIST, {"after": "nan_x"})
    assert response.status_code == 200
    assert len(_ids(response)) == 3


def test_a_filtered_count_stops_at_the_cap(client, alice, monkeypatch):
    monkeypatch.setattr(changelist, "COUNT_CAP", 20)
    ClaimFactory.create_batch(30)
    client.force_login(alice)
    response = client.get(LIST, {"kind__exact": "statistic"})
    assert response.status_code == 200
    assert response.context["cl"].paginator.capped
    assert b"More than 20 claims match" in response.content


def test_the_claimant_filter_is_the_admins_autocomplete_not_a_link_per_speaker(client, alice):
    speakers = SpeakerFactory.create_batch(40)
    for speaker in speakers:
        ClaimFactory(claimant=speaker)
    client.force_login(alice)
    response = client.get(LIST)
    html = response.content.decode()
    box = re.search(r"<select[^>]*data-claimant-filter[^>]*>(.*?)</select>", html, re.S)
    assert box is not None
    assert 'class="admin-autocomplete"' in box.group(0)
    assert 'data-ajax--url="/admin/autocomplete/"' in box.group(0)
    assert 'data-model-name="claim"' in box.group(0) and 'data-field-name="claimant"' in box.group(
        0
    )
    assert box.group(1).count("<option") == 1  # the empty choice: no speaker is rendered
    assert "admin/js/vendor/select2/select2.full" in html
    assert "admin/js/autocomplete.js" in html and "claims/claimant_filter.js" in html
    assert "?claimant" not in html  # no link per speaker


def test_the_claimant_filter_keeps_the_chosen_speaker_shown_and_lists_only_their_claims(
    client, alice
):
    chosen, other = SpeakerFactory(name="Dmytro Kuleba"), SpeakerFactory(name="Other Person")
    theirs = ClaimFactory(claimant=chosen)
    ClaimFactory(claimant=other)
    client.force_login(alice)
    response = client.get(LIST, {"claimant": chosen.pk})
    assert response.status_code == 200
    assert _ids(response) == [theirs.pk]
    box = re.search(
        r"<select[^>]*data-claimant-filter[^>]*>(.*?)</select>", response.content.decode(), re.S
    )
    assert f'<option value="{chosen.pk}" selected>Dmytro Kuleba</option>' in box.group(1)
    assert "Other Person" not in box.group(1)
    assert b"All claimants" in response.content


@pytest.mark.parametrize("value", ["kuleba", "1.5", "-3", "99999999999999999999"])
def test_a_claimant_value_that_is_no_speaker_id_is_the_admins_bad_filter_page(client, alice, value):
    client.force_login(alice)
    response = client.get(LIST, {"claimant": value})
    assert response.status_code == 302
    assert response["Location"].endswith("?e=1")


def test_the_autocomplete_finds_speakers_by_name_or_alias_twenty_at_a_time(client, alice):
    obama = SpeakerFactory(name="Barack Obama", name_key=name_key("Barack Obama"))
    SpeakerAlias.objects.create(speaker=obama, name="POTUS 44", name_key=name_key("POTUS 44"))
    SpeakerFactory.create_batch(30, role="Minister")
    client.force_login(alice)
    url = "/admin/autocomplete/"
    params = {"app_label": "claims", "model_name": "claim", "field_name": "claimant"}
    for term in ("obama", "POTUS"):
        with CaptureQueriesContext(connection) as queries:
            found = client.get(url, {**params, "term": term}).json()["results"]
        assert found == [{"id": str(obama.pk), "text": "Barack Obama"}]
        # No join to the aliases, so no DISTINCT: claim counts only for the page's speakers.
        assert not any("DISTINCT" in q["sql"] for q in queries.captured_queries)
    page = client.get(url, {**params, "term": "minister"}).json()
    assert len(page["results"]) == 20 and page["pagination"]["more"] is True


def test_the_autocomplete_shows_an_outsider_nothing(client, mallory):
    SpeakerFactory(name="Barack Obama")
    client.force_login(mallory)
    params = {"app_label": "claims", "model_name": "claim", "field_name": "claimant", "term": "o"}
    assert client.get("/admin/autocomplete/", params).status_code == 403


def test_the_search_finds_claims_by_wording_and_by_claimant(client, alice):
    kuleba = SpeakerFactory(name="Dmytro Kuleba", name_key=name_key("Dmytro Kuleba"))
    by_name = ClaimFactory(claimant=kuleba, claim_reviewed="Talks failed", text="Talks failed")
    by_words = ClaimFactory(claim_reviewed="Grain exports doubled", text="Grain exports doubled")
    client.force_login(alice)
    assert _ids(client.get(LIST, {"q": "kuleba"})) == [by_name.pk]
    assert _ids(client.get(LIST, {"q": "grain EXPORTS"})) == [by_words.pk]


def test_the_publisher_filter_lists_a_claim_once_however_often_it_appeared(client, alice):
    claim = ClaimFactory()
    for _ in range(3):
        source = SourceFactory(publisher_name="Wire", body="More than 1,000 died.")
        services.appearance_create(
            claim=claim, source=source, quote_text="More", start=0, end=4, actor=SYSTEM
        )
    ClaimFactory()
    client.force_login(alice)
    assert _ids(client.get(LIST, {"publisher": "Wire"})) == [claim.pk]


@pytest.mark.parametrize("max_sources", [changelist.MAX_PUBLISHER_SOURCES, 1])
def test_the_publisher_filter_names_few_sources_by_id_and_joins_for_many_alike(
    client, alice, monkeypatch, max_sources
):
    """A publisher with few sources is filtered by their ids (one index-only probe per
    claim), one with more than ``MAX_PUBLISHER_SOURCES`` through the join: same claims."""
    monkeypatch.setattr(changelist, "MAX_PUBLISHER_SOURCES", max_sources)
    theirs = []
    for i in range(2):
        source = SourceFactory(publisher_name="Herald", body="More than 1,000 died.")
        claim = ClaimFactory(checkworthiness=0.9 - i / 10)
        services.appearance_create(
            claim=claim, source=source, quote_text="More", start=0, end=4, actor=SYSTEM
        )
        theirs.append(claim.pk)
    other = SourceFactory(publisher_name="Wire", body="More than 1,000 died.")
    services.appearance_create(
        claim=ClaimFactory(), source=other, quote_text="More", start=0, end=4, actor=SYSTEM
    )
    client.force_login(alice)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(LIST, {"publisher": "Herald"})
    assert response.status_code == 200
    assert _ids(response) == theirs
    by_id = any('"source_id" IN (' in q["sql"] for q in queries.captured_queries)
    assert by_id is (max_sources > 1)


def test_the_claim_column_style_targets_the_header_cell_django_renders(client, alice):
    ClaimFactory()
    client.force_login(alice)
    response = client.get(LIST)
    assert b'<th class="field-short_text">' in response.content
    from pathlib import Path

    from django.contrib.staticfiles import finders

    css = Path(finders.find("claims/workbench.css")).read_text()
    assert "#result_list .field-short_text" in css
    assert "td.field-short_text" not in css


def test_the_search_uses_the_trigram_indexes_on_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("pg_trgm is PostgreSQL's")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE tablename = 'claims_claim' "
            "AND indexdef LIKE '%gin_trgm_ops%'"
        )
        names = {row[0] for row in cursor.fetchall()}
    assert names == {"claim_reviewed_trgm_idx", "claim_text_trgm_idx"}


def test_the_rating_filter_lists_claims_whose_published_verdict_has_that_rating(
    client, alice, bob, carol
):
    false = publish(ClaimFactory(), alice, bob, carol, label="False")
    publish(ClaimFactory(), alice, bob, carol, label="True")
    ClaimFactory()
    client.force_login(alice)
    response = client.get(LIST, {"rating": false.rating_id})
    assert response.status_code == 200
    assert _ids(response) == [false.claim_id]


def test_only_the_indexed_check_worthiness_column_offers_sorting(client, alice):
    """Sorting a million claims by wording, claimant or status would read every one; the
    headers that offered it also pushed columns off a laptop screen."""
    ClaimFactory()
    client.force_login(alice)
    html = client.get(LIST).content.decode()
    sortable = re.findall(r'<th scope="col" class="sortable column-(\w+)', html)
    assert sortable == ["checkworthiness_pct"]


def test_a_numbered_page_finds_its_ids_in_the_index_then_reads_only_those_rows(client, alice):
    claims = [ClaimFactory(checkworthiness=i / 100) for i in range(60)]
    expected = [c.pk for c in sorted(claims, key=lambda c: (-c.checkworthiness, -c.pk))][50:]
    client.force_login(alice)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(LIST, {"p": "2", "status__exact": "new"})
    assert response.status_code == 200
    assert _ids(response) == expected
    page = [q["sql"] for q in queries.captured_queries if '"claims_claim"."text"' in q["sql"]]
    assert len(page) == 1 and "IN (SELECT" in page[0] and "LIMIT 10 OFFSET 50" in page[0]
