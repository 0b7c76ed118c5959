"""``q=`` and ``claims:search`` (``publishing.selectors.search_fact_checks``): a number
matches however a fact-check wrote it ("13,000" = "13000" = "13 thousand"), through the
matching module's reading of numbers, in the same one SQL query."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db

LIST = "/api/v1/fact-checks/"


def _slugs(anon, q: str) -> set[str]:
    response = anon.get(LIST, {"q": q})
    assert response.status_code == 200
    return {r["slug"] for r in response.json()["results"]}


@pytest.fixture
def tolls(make_published):
    return {
        "comma": make_published(text="More than 13,000 people have died in the east."),
        "plain": make_published(text="13000 people died in the floods."),
        "words": make_published(text="Some 13 thousand people died, the ministry said."),
        "other": make_published(text="More than 14,000 people have died in the east."),
    }


@pytest.mark.parametrize("q", ["13000", "13,000", "13 thousand", "thirteen thousand", "13k"])
def test_a_number_finds_every_way_a_fact_check_wrote_it_and_no_other_number(anon, tolls, q):
    wanted = {tolls[k].claim.slug for k in ("comma", "plain", "words")}
    assert _slugs(anon, q) == wanted


def test_the_other_words_of_the_query_still_have_to_match(anon, tolls):
    assert _slugs(anon, "13000 floods") == {tolls["plain"].claim.slug}
    assert _slugs(anon, "died east 14000") == {tolls["other"].claim.slug}


def test_a_year_is_read_as_written(anon, make_published):
    in_2014 = make_published(text="Prices rose in 2014.")
    make_published(text="Prices rose by 2,014 euros.")
    assert _slugs(anon, "2014") == {in_2014.claim.slug}


def test_a_query_with_websearch_operators_is_read_as_written(anon, tolls):
    assert _slugs(anon, '"13,000 people" -floods') == {tolls["comma"].claim.slug}
    # As written: "13000" is one word, "14,000" the phrase "14 000".
    assert _slugs(anon, "13000 or 14,000") == {tolls[k].claim.slug for k in ("plain", "other")}


def test_a_number_in_the_query_costs_no_extra_sql_query(anon, tolls):
    with CaptureQueriesContext(connection) as words:
        anon.get(LIST, {"q": "people died"})
    with CaptureQueriesContext(connection) as numbers:
        anon.get(LIST, {"q": "13,000 people died"})
    assert len(numbers) == len(words)


def test_googles_claim_search_finds_a_number_however_it_was_written(anon, tolls):
    response = anon.get("/v1alpha1/claims:search", {"query": "13 thousand people died"})
    assert response.status_code == 200
    assert {c["text"] for c in response.json()["claims"]} == {
        tolls[k].claim.text for k in ("comma", "plain", "words")
    }
