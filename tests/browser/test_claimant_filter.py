"""The claim list's claimant filter in Chromium: the admin's autocomplete box (select2 over
``autocomplete_view``) finds a speaker by a few letters, the list reloads with their claims
only, the box keeps showing the chosen speaker, and "All claimants" clears it."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import login
from tests.browser.test_desk_day import shot
from tests.factories import ClaimFactory, SpeakerFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

BOX = ".claimant-filter .select2-selection"


def test_a_fact_checker_filters_the_claim_list_by_a_claimant_picked_by_autocomplete(
    live_server, page
):
    UserFactory(username="fay", role="Fact-checker")
    kuleba = SpeakerFactory(name="Dmytro Kuleba", role="Foreign minister")
    theirs = ClaimFactory(claimant=kuleba, claim_reviewed="The talks failed again")
    for i in range(60):
        ClaimFactory(claimant=SpeakerFactory(name=f"Speaker {i}"), claim_reviewed=f"Claim {i}")
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    login(page, live_server, "fay")

    page.goto(f"{live_server.url}/admin/claims/claim/")
    assert page.locator("#result_list tbody tr").count() == 50
    page.click(BOX)
    page.fill(".select2-search__field", "kule")
    # select2 first lists every speaker (20 at a time); the typed letters narrow it to one.
    choices = page.locator(".select2-results__option[role=option]:not(.loading-more-results)")
    expect(choices).to_have_count(1)
    expect(choices).to_have_text("Dmytro Kuleba")
    option = page.locator(".select2-results__option", has_text="Dmytro Kuleba")
    shot(page, "claimant-filter-1-autocomplete")
    with page.expect_navigation():
        option.click()

    assert re.search(rf"[?&]claimant={kuleba.pk}(&|$)", page.url)
    rows = page.locator("#result_list tbody tr")
    assert rows.count() == 1
    assert "The talks failed again" in rows.first.inner_text()
    assert (
        page.locator(f"{BOX} .select2-selection__rendered").inner_text().endswith("Dmytro Kuleba")
    )
    shot(page, "claimant-filter-2-chosen")

    # Another filter keeps the claimant; "All claimants" lets go of it.
    page.goto(page.url + "&status__exact=new")
    assert page.locator("#result_list tbody tr").count() == 1
    with page.expect_navigation():
        page.click("a.claimant-filter-clear")
    assert "claimant=" not in page.url and "status__exact=new" in page.url
    assert page.locator("#result_list tbody tr").count() == 50
    assert theirs.pk
    assert not errors, errors
