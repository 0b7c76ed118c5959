"""``load_demo`` and claim matching: the demo imports a few other desks' fact-checks through the
``import_claimreview`` path, so the "checked before?" panel and the public match endpoint have
something to show, and a second load changes nothing."""

from __future__ import annotations

from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.urls import reverse

from claims.models import Claim
from demo.management.commands.load_demo import WORKED_STATEMENT
from matching.encoders import get_encoder
from matching.index import cache
from matching.models import Embedding, ExternalClaim, ExternalReview
from matching.selectors import checked_before
from tests.factories import ensure_seed_data

pytestmark = pytest.mark.django_db

NUMBER_WARNING = "checked claim says 14,000; this text says 13,000"


@pytest.fixture(autouse=True)
def _fresh_index(settings):
    settings.MATCHING_INDEX_TTL = 0
    get_encoder.cache_clear()
    cache.clear()
    yield
    cache.clear()


def _load() -> str:
    ensure_seed_data()
    out = StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def _worked_claim() -> Claim:
    return Claim.objects.get(text__icontains=WORKED_STATEMENT)


def _snapshot() -> list[object]:
    return [
        sorted(ExternalClaim.objects.values_list("key", "text", "updated_at")),
        sorted(ExternalReview.objects.values_list("key", "rating", "claim__key", "updated_at")),
        sorted(Embedding.objects.values_list("id", "text_hash", "updated_at")),
    ]


def test_it_imports_other_desks_fact_checks_with_several_reviews_for_one_claim():
    printed = _load()
    assert "6 other desks' fact-checks (6 new)" in printed
    assert ExternalReview.objects.count() == 7
    toll = ExternalClaim.objects.get(text__contains="has killed 13,000 people")
    assert sorted(toll.reviews.values_list("publisher", "rating")) == [
        ("Faktencheck Ost", "Mostly true"),
        ("Lakeside Fact Check", "True"),
    ]
    assert all(r.url.startswith("https://") for r in ExternalReview.objects.all())


def test_a_second_load_changes_no_fact_check_review_or_embedding():
    _load()
    before = _snapshot()
    assert "(0 new)" in _load()
    assert _snapshot() == before


def test_the_worked_claim_was_checked_before_once_with_the_same_toll_once_with_another():
    _load()
    claim = _worked_claim()
    found = checked_before([(claim.pk, claim.text)])
    assert found is not None
    external = {m.text: m.number_warning for m in found[claim.pk].matches if m.kind == "external"}
    assert external["The conflict in eastern Ukraine has killed 13,000 people."] is None
    assert NUMBER_WARNING in external.values()


def test_the_workspace_panel_shows_the_other_desks_and_the_number_warning(client):
    _load()
    client.force_login(User.objects.get(username="factchecker"))
    response = client.get(reverse("admin:claims_claim_change", args=[_worked_claim().pk]))
    page = response.content.decode()
    assert 'id="checked-before"' in page
    assert "Northbridge Verify" in page and "Lakeside Fact Check" in page
    assert NUMBER_WARNING in page


def test_the_public_match_endpoint_ranks_the_demos_fact_checks_ours_and_theirs(client):
    _load()
    response = client.get("/api/v1/fact-checks/match/", {"text": "14,000 people have died"})
    assert response.status_code == 200
    results = response.json()["results"]
    assert {r["kind"] for r in results} == {"ours", "external"}
    ours = next(r for r in results if r["kind"] == "ours")
    assert ours["fact_check"]["rating"] == "True"
    assert ours["number_warning"] == "checked claim says 13,000; this text says 14,000"
    nato = client.get("/api/v1/fact-checks/match/", {"text": "NATO vowed in 1990 not to expand"})
    top = nato.json()["results"][0]
    assert top["external"]["reviews"][0]["publisher"] == "Northbridge Verify"
