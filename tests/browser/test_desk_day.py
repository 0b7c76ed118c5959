"""A desk's whole day in Chromium, with a screenshot of each step in
artifacts/screenshots/ (CI keeps the folder): ingest → triage → evidence → verdict → send
back with a reason → fix → approval by a second editor → publication → the public page →
a correction with its diff → approval by a third person → publication; and two editors
saving the same claim at once."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.cache import cache
from django.urls import reverse

from claims.models import Claim, Verdict
from tests.browser.conftest import login
from tests.factories import ARTICLE, ClaimFactory, EvidenceFactory, SourceFactory, UserFactory
from tests.factories import truth_rating as rating_of

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

SHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def submit(page, selector: str) -> None:
    """Click a button that posts a form, and wait for the page it leads to."""
    with page.expect_navigation():
        page.click(selector)


def as_user(page, live_server, username: str) -> None:
    page.context.clear_cookies()
    login(page, live_server, username)


def test_a_desks_whole_day_from_ingest_to_a_published_correction(live_server, page):
    fay = UserFactory(username="fay", role="Fact-checker")
    for name in ("eddie", "erin", "otto"):
        UserFactory(username=name, role="Editor")
    report = SourceFactory(title="Casualty report 2024", url="https://un.example/report")
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    url = live_server.url

    # Ingest: fay pastes the article.
    login(page, live_server, "fay")
    page.goto(url + reverse("admin:sources_source_ingest"))
    page.fill("#id_text", ARTICLE)
    shot(page, "01-ingest")
    submit(page, "input[type=submit][value=Ingest]")
    page.wait_for_load_state()
    # Step two: the parsed details, corrected before storing.
    page.fill("#id_title", "Evening news")
    page.fill("#id_url", "https://news.example/evening")
    shot(page, "01b-ingest-confirm")
    submit(page, "input[type=submit][name=confirm]")
    page.wait_for_load_state()
    claim = Claim.objects.get(text__contains="13,000")
    workspace = url + reverse("admin:claims_claim_change", args=[claim.pk])

    # Triage in the workspace: check-worthy, assigned to fay.
    page.goto(workspace)
    assert "Waiting for triage" in page.inner_text("#next-step")
    submit(page, "#triage-checkworthy")
    page.select_option("#triage-assignee", str(fay.pk))
    submit(page, "#triage-assign")
    assert "waiting for fay" in page.inner_text("#next-step")
    shot(page, "02-triage")

    # Evidence, linked on the same page: a new inline row, its source from the autocomplete.
    page.click("#evidence-group .add-row a")
    page.click("#evidence-0 .select2-selection")
    page.keyboard.type("Casualty")
    page.click(f".select2-results__option:has-text('{report.title}')")
    assert page.input_value("#id_evidence-0-source") == str(report.pk)
    page.select_option("#id_evidence-0-stance", "refutes")
    page.fill("#id_evidence-0-excerpt", "9,000 counted.")
    submit(page, "input[name=_continue]")
    assert "Refutes" in page.inner_text("#evidence-summary")
    assert "9,000 counted." in page.inner_text("#evidence-summary")
    shot(page, "03-evidence")

    # Verdict draft with the live preview, then submitted.
    page.click("#claim-verdicts a.button")
    page.select_option("#id_rating", str(rating_of("False").pk))
    page.fill("#id_headline", "The toll is overstated")
    page.fill("#id_summary", "The UN counted fewer deaths.")
    page.fill("#id_rationale", "The **UN** counted 9,000.")
    page.wait_for_selector("#rationale-preview strong")
    shot(page, "04-verdict-preview")
    submit(page, "input[name=_save]")
    verdict = Verdict.objects.get(claim=claim)
    page.goto(url + reverse("admin:claims_verdict_change", args=[verdict.pk]))
    submit(page, "button.workflow-submit")

    # eddie sends it back with a reason.
    as_user(page, live_server, "eddie")
    page.click("#awaiting-review a")
    assert "9,000 counted." in page.inner_text("#evidence-summary")
    assert page.locator("#claim-in-context mark").count() >= 1
    page.fill("#reject-reason", "Say which UN report, with its date.")
    shot(page, "05-send-back")
    submit(page, "#send-back button")

    # fay reads the reason on the draft, fixes it and resubmits.
    as_user(page, live_server, "fay")
    assert "1 unread" in page.inner_text("#notifications")
    page.click("#returned-to-me a")
    assert "Say which UN report" in page.inner_text("#rejection-reason")
    shot(page, "06-returned-with-reason")
    page.fill("#id_rationale", "The **UN report of March 2024** counted 9,000.")
    submit(page, "input[name=_continue]")
    submit(page, "button.workflow-submit")

    # erin (a second editor) approves; eddie publishes.
    as_user(page, live_server, "erin")
    page.click("#awaiting-review a")
    page.click("button.workflow-approve")
    page.wait_for_selector("text=approve done")
    shot(page, "07-approved")
    as_user(page, live_server, "eddie")
    page.click("#awaiting-publication a")
    page.click("button.workflow-publish")
    page.wait_for_selector("text=publish done")

    # The public page.
    claim.refresh_from_db()
    page.goto(url + reverse("public:fact_check_detail", kwargs={"slug": claim.slug}))
    assert "The toll is overstated" in page.content()
    shot(page, "08-public-page")

    # eddie drafts a correction; the workspace shows its diff; otto approves; eddie publishes.
    published = Verdict.objects.get(claim=claim, status="published")
    page.goto(url + reverse("admin:claims_verdict_correct", args=[published.pk]))
    page.fill("#id_note", "The UN revised its count.")
    page.fill("#id_headline", "The toll is overstated by a third")
    submit(page, "input[type=submit]")
    correction = Verdict.objects.get(claim=claim, version=2)
    page.goto(url + reverse("admin:claims_verdict_change", args=[correction.pk]))
    submit(page, "button.workflow-submit")
    page.goto(workspace)
    assert "by a third" in page.inner_text("#version-diffs ins")
    shot(page, "09-correction-diff")
    as_user(page, live_server, "otto")
    page.click("#awaiting-review a")
    page.click("button.workflow-approve")
    page.wait_for_selector("text=approve done")
    as_user(page, live_server, "eddie")
    page.click("#awaiting-publication a")
    page.click("button.workflow-publish")
    page.wait_for_selector("text=publish done")
    # Public pages are cached for a minute (server and browser); readers get it then.
    cache.clear()
    page.goto(url + reverse("public:fact_check_detail", kwargs={"slug": claim.slug}) + "?v=2")
    assert "by a third" in page.content()
    shot(page, "10-correction-published")

    correction.refresh_from_db()
    assert (correction.status, correction.approved_by.username) == ("published", "otto")
    assert not [e for e in errors if "Content Security Policy" in e], errors


def test_two_editors_saving_one_claim_at_once_keep_both_changes(live_server, browser):
    for name in ("eddie", "erin"):
        UserFactory(username=name, role="Editor")
    claim = ClaimFactory(claim_reviewed="Original wording")
    evidence = EvidenceFactory(claim=claim, excerpt="old excerpt")
    url = live_server.url + reverse("admin:claims_claim_change", args=[claim.pk])
    pages = []
    for name in ("eddie", "erin"):
        context = browser.new_context(viewport={"width": 1300, "height": 900})
        p = context.new_page()
        p.set_default_timeout(15_000)
        login(p, live_server, name)
        p.goto(url)
        pages.append(p)
    eddie, erin = pages
    eddie.fill("#id_claim_reviewed", "Eddie's wording")
    erin.fill("#id_evidence-0-excerpt", "Erin's excerpt")
    eddie.click("input[name=_continue]")
    erin.click("input[name=_continue]")
    eddie.wait_for_selector(".messagelist")
    erin.wait_for_selector(".messagelist")
    shot(erin, "11-two-editors-both-saved")
    claim.refresh_from_db()
    evidence.refresh_from_db()
    assert (claim.claim_reviewed, evidence.excerpt) == ("Eddie's wording", "Erin's excerpt")

    # Both now change the wording: the second is refused with both sides shown.
    eddie.fill("#id_claim_reviewed", "Eddie again")
    erin.fill("#id_claim_reviewed", "Erin's wording")
    submit(eddie, "input[name=_continue]")
    erin.click("input[name=_continue]")
    erin.wait_for_selector("#edit-conflicts")
    assert "Eddie again" in erin.inner_text("#edit-conflicts .theirs")
    assert erin.input_value("#id_claim_reviewed") == "Erin's wording"
    shot(erin, "12-conflict-side-by-side")
    for p in pages:
        p.context.close()
