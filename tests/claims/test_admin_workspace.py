"""The claim workspace and the review loop in the admin (claims/admin/claims.py,
claims/admin/verdicts.py, claims/admin_site.py and their templates)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from claims import services
from claims.models import Claim, Notification, Verdict
from factcheck.lib.permissions import SYSTEM
from tests.factories import ClaimFactory, EvidenceFactory, SourceFactory, truth_rating

pytestmark = pytest.mark.django_db


def _claim_url(claim) -> str:
    return reverse("admin:claims_claim_change", args=[claim.pk])


def _verdict_url(verdict) -> str:
    return reverse("admin:claims_verdict_change", args=[verdict.pk])


def _submitted(claim, author):
    EvidenceFactory(claim=claim, excerpt="The census <table> says 12.")
    verdict = services.verdict_create(
        claim=claim,
        rating=truth_rating(),
        headline="Headline",
        summary="Summary",
        rationale="Rationale",
        author=author,
    )
    return services.verdict_submit(verdict=verdict, actor=author)


def _seen_in_article(claim, text="Taxes <b>doubled</b>."):
    body = f"Intro.\n\nThe mayor said: {text} Then left."
    source = SourceFactory(body=body, title="Morning <i>Post</i>")
    start = body.index(text)
    services.appearance_create(
        actor=SYSTEM,
        claim=claim,
        source=source,
        quote_text=text,
        start=start,
        end=start + len(text),
    )
    return source


def test_the_claim_workspace_shows_the_quote_in_context_triage_and_who_acts_next(client, bob):
    claim = ClaimFactory(text="Taxes <b>doubled</b>.")
    _seen_in_article(claim)
    client.force_login(bob)
    response = client.get(_claim_url(claim))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Waiting for triage" in page
    assert "<mark" in page and "Taxes &lt;b&gt;doubled&lt;/b&gt;." in page
    assert "Morning &lt;i&gt;Post&lt;/i&gt;" in page
    assert 'id="triage-assign"' in page and 'id="triage-checkworthy"' in page
    assert 'id="notes"' in page


def test_triage_buttons_assign_to_a_colleague_mark_check_worthy_and_dismiss(
    client, bob, carol, mallory
):
    claim = ClaimFactory()
    client.force_login(bob)
    triage = reverse("admin:claims_claim_triage", args=[claim.pk, "assign"])
    assert client.post(triage, {"assignee": carol.pk}).status_code == 302
    claim.refresh_from_db()
    assert claim.assignee == carol
    assert Notification.objects.filter(recipient=carol, verb="assigned").exists()
    client.post(triage, {"assignee": mallory.pk})  # not on the desk: refused
    claim.refresh_from_db()
    assert claim.assignee == carol
    client.post(reverse("admin:claims_claim_triage", args=[claim.pk, "checkworthy"]))
    claim.refresh_from_db()
    assert claim.status == Claim.Status.CHECKWORTHY
    client.post(reverse("admin:claims_claim_triage", args=[claim.pk, "dismiss"]))
    claim.refresh_from_db()
    assert claim.status == Claim.Status.DISMISSED


def test_outsiders_get_no_triage_notes_or_preview(client, mallory):
    claim = ClaimFactory()
    client.force_login(mallory)
    for url, data in [
        (reverse("admin:claims_claim_triage", args=[claim.pk, "dismiss"]), {}),
        (reverse("admin:claims_claim_note", args=[claim.pk]), {"body": "hi"}),
        (reverse("admin:claims_verdict_preview"), {"rationale": "x"}),
    ]:
        assert client.post(url, data).status_code == 403
    claim.refresh_from_db()
    assert claim.status == Claim.Status.NEW and not claim.notes.exists()


def test_a_note_posted_on_the_workspace_appears_in_the_thread_escaped(client, alice, bob):
    claim = ClaimFactory()
    client.force_login(alice)
    response = client.post(
        reverse("admin:claims_claim_note", args=[claim.pk]),
        {"body": "@bob is <script>alert(1)</script> sourced?"},
    )
    assert response.status_code == 302
    page = client.get(_claim_url(claim)).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert Notification.objects.filter(recipient=bob, verb="mentioned").count() == 1


def test_sending_back_needs_a_reason_which_the_author_reads_on_the_draft(client, alice, bob):
    claim = ClaimFactory()
    verdict = _submitted(claim, alice)
    reject = reverse("admin:claims_verdict_workflow", args=[verdict.pk, "reject"])
    client.force_login(bob)
    page = client.get(_verdict_url(verdict)).content.decode()
    assert 'id="send-back"' in page
    client.post(reverse("admin:claims_verdict_workflow", args=[verdict.pk, "reject"]), {})
    verdict.refresh_from_db()
    assert verdict.status == Verdict.Status.SUBMITTED
    assert client.post(reject, {"reason": "Add the 2021 census."}).status_code == 302
    verdict.refresh_from_db()
    assert verdict.status == Verdict.Status.DRAFT
    client.force_login(alice)
    page = client.get(_verdict_url(verdict)).content.decode()
    assert 'id="rejection-reason"' in page and "Add the 2021 census." in page
    dashboard = client.get(reverse("admin:index")).content.decode()
    assert 'id="returned-to-me"' in dashboard and "1 unread" in dashboard


def test_the_author_withdraws_a_submitted_verdict_with_a_button(client, alice, bob):
    verdict = _submitted(ClaimFactory(), alice)
    client.force_login(bob)
    assert "workflow-withdraw" not in client.get(_verdict_url(verdict)).content.decode()
    client.force_login(alice)
    assert "workflow-withdraw" in client.get(_verdict_url(verdict)).content.decode()
    client.post(reverse("admin:claims_verdict_workflow", args=[verdict.pk, "withdraw"]))
    verdict.refresh_from_db()
    assert verdict.status == Verdict.Status.DRAFT


def test_the_approval_page_shows_the_quote_in_context_the_evidence_and_the_banner(
    client, alice, bob
):
    claim = ClaimFactory(text="Taxes <b>doubled</b>.")
    _seen_in_article(claim)
    verdict = _submitted(claim, alice)
    client.force_login(bob)
    page = client.get(_verdict_url(verdict)).content.decode()
    assert 'id="claim-in-context"' in page and "<mark" in page
    assert "The census &lt;table&gt; says 12." in page
    assert "Waiting for an editor who has not edited this verdict" in page
    assert "(not alice)" in page


def test_the_rationale_preview_renders_server_side_through_the_sanitiser(client, alice):
    client.force_login(alice)
    url = reverse("admin:claims_verdict_preview")
    response = client.post(url, {"rationale": "**bold** <script>x()</script> [a](javascript:x)"})
    assert response.status_code == 200
    html = response.json()["html"]
    assert "<strong>bold</strong>" in html
    assert "<script" not in html and "javascript:" not in html
    assert client.get(url).status_code == 403


def test_the_verdict_form_loads_the_preview_script_as_a_static_file(client, alice):
    verdict = _submitted(ClaimFactory(), alice)
    services.verdict_withdraw(verdict=verdict, actor=alice)
    client.force_login(alice)
    page = client.get(_verdict_url(verdict)).content.decode()
    assert "claims/workspace.js" in page
    assert 'id="rationale-preview"' in page and "data-preview-url" in page


def test_the_workspace_shows_what_a_correction_changed_as_a_diff(
    client, alice, bob, carol, published_verdict
):
    correction = services.verdict_correct(
        verdict=published_verdict,
        actor=bob,
        kind="correction",
        note="The toll was revised.",
        headline="Toll <is> revised",
    )
    client.force_login(carol)
    page = client.get(_claim_url(published_verdict.claim)).content.decode()
    assert 'id="version-diffs"' in page
    assert "<del>is</del>" in page or "<del>Toll is right</del>" in page
    assert "&lt;is&gt;" in page
    assert correction.headline in Verdict.objects.get(pk=correction.pk).headline


def test_the_dashboard_counts_unread_notifications_and_marks_them_read(client, alice, bob):
    claim = ClaimFactory()
    services.claim_assign(claim=claim, assignee=alice, actor=bob)
    client.force_login(alice)
    page = client.get(reverse("admin:index")).content.decode()
    assert "1 unread" in page and "assigned you a claim" in page
    client.post(reverse("admin:notifications_read"))
    assert "0 unread" in client.get(reverse("admin:index")).content.decode()
