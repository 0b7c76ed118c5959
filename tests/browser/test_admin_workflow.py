"""A claim taken from draft to published by two people, in a real browser."""

from __future__ import annotations

import pytest

from claims.models import Verdict
from tests.browser.conftest import login
from tests.factories import ClaimFactory, EvidenceFactory, UserFactory, truth_rating

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_fact_checker_and_an_editor_publish_a_verdict_in_the_browser(live_server, page):
    checker = UserFactory(username="fay", role="Fact-checker")
    UserFactory(username="eddie", role="Editor")
    claim = ClaimFactory(claim_reviewed="Browser claim <b>not bold</b>", assignee=checker)
    EvidenceFactory(claim=claim)

    login(page, live_server, "fay")
    # The queue shows the claim, its markup escaped.
    assert "Browser claim <b>not bold</b>" in page.inner_text("#my-queue")
    page.click("#my-queue a")
    page.click("text=Write a verdict")
    page.select_option("#id_rating", str(truth_rating("False").pk))
    page.fill("#id_headline", "No, that is wrong")
    page.fill("#id_summary", "The record shows otherwise.")
    page.fill("#id_rationale", "See the **report**.")
    page.click("input[name=_save]")
    page.click("text=No, that is wrong")
    page.click("button.workflow-submit")
    page.wait_for_selector(".messagelist")
    assert page.locator("button.workflow-approve").count() == 0  # authors never approve

    page.context.clear_cookies()
    login(page, live_server, "eddie")
    assert "No, that is wrong" in page.inner_text("#awaiting-review")
    page.click("#awaiting-review a")
    page.click("button.workflow-approve")
    page.wait_for_selector("button.workflow-publish")
    page.click("button.workflow-publish")
    page.wait_for_selector(".messagelist")
    assert "publish done" in page.inner_text(".messagelist")
    assert page.locator("text=Correct").count() >= 1

    verdict = Verdict.objects.get()
    assert verdict.status == "published"
    assert verdict.author.username == "fay"
    assert verdict.approved_by.username == "eddie"


def test_the_admin_pages_load_under_the_content_security_policy(live_server, page):
    UserFactory(username="fay", role="Fact-checker")
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    login(page, live_server, "fay")
    page.goto(f"{live_server.url}/admin/claims/claim/")
    page.wait_for_selector("#changelist")
    assert not [e for e in errors if "Content Security Policy" in e], errors
