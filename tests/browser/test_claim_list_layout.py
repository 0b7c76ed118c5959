"""The claim list on a 1366×768 laptop screen in Chromium: every column (assignee and
appearances included) within the screen's width, and seven long claims on the first screen,
not four."""

from __future__ import annotations

import pytest

from tests.browser.conftest import login
from tests.browser.test_desk_day import SHOTS, shot
from tests.factories import ClaimFactory, SpeakerFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

LONG = (
    "The minister said that unemployment among young people in the northern provinces had "
    "fallen by more than a third since the new training programme began three years ago"
)


def test_the_claim_list_fits_a_laptop_screen(live_server, browser):
    fay = UserFactory(username="fay", role="Fact-checker")
    speaker = SpeakerFactory(name="Alexandria Ocasio-Cortez", role="Representative")
    for i in range(30):
        ClaimFactory(claimant=speaker, claim_reviewed=f"{LONG} ({i})", assignee=fay)
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    try:
        login(page, live_server, "fay")
        page.goto(f"{live_server.url}/admin/claims/claim/")
        shot(page, "claim-list-1366")
        page.screenshot(path=str(SHOTS / "claim-list-1366-first-screen.png"))
        width = page.evaluate("document.documentElement.clientWidth")
        for column in ("short_text", "claimant", "assignee", "appearance_count"):
            box = page.locator(f"#result_list thead th.column-{column}").bounding_box()
            assert box is not None, column
            assert box["x"] + box["width"] <= width, (column, box, width)
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        rows = page.locator("#result_list tbody tr")
        boxes = [rows.nth(i).bounding_box() for i in range(rows.count())]
        whole = sum(1 for box in boxes if box["y"] + box["height"] <= 768)
        assert whole >= 7  # of 120-character claims; four fitted before
        # Every page is still a click away.
        assert page.locator("nav[aria-label=Breadcrumbs] a", has_text="Home").count() == 1
        assert not errors, errors
    finally:
        context.close()
