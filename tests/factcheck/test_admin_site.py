"""The workbench admin site (factcheck/admin_site.py): a login that shares the API's attempt
budget, and history pages that can be read but never written back."""

from __future__ import annotations

import pytest
from django.urls import reverse

from claims.services import edits
from tests.factories import ClaimFactory


@pytest.mark.django_db
def test_admin_login_shares_the_api_login_budget_per_account(client, alice, monkeypatch):
    """Guessing cannot move from the throttled API login to the admin form (or back)."""
    from django.core.cache import cache
    from rest_framework.settings import api_settings
    from rest_framework.test import APIClient

    cache.clear()
    monkeypatch.setitem(api_settings.DEFAULT_THROTTLE_RATES, "login_account", "3/min")
    url = reverse("admin:login")
    wrong = {"username": "alice", "password": "wrong", "next": "/admin/"}
    codes = [client.post(url, wrong).status_code for _ in range(3)]
    assert codes == [200, 200, 200]  # the form again, with its error
    throttled = client.post(url, {**wrong, "password": "factcheck"})
    assert throttled.status_code == 429
    assert int(throttled["Retry-After"]) > 0
    assert b"Too many login attempts" in throttled.content
    api = APIClient().post(
        "/api/v1/auth/login/", {"username": "alice", "password": "x"}, format="json"
    )
    assert api.status_code == 429
    cache.clear()


def test_history_pages_offer_no_revert(client, alice):
    claim = ClaimFactory(claim_reviewed="first wording")
    claim = edits.claim_update(claim=claim, actor=alice, claim_reviewed="second wording")
    record = claim.history.earliest("history_date")
    client.force_login(alice)
    url = reverse("admin:claims_claim_simple_history", args=[claim.pk, record.history_id])
    response = client.post(
        url,
        {
            "claim_reviewed": "first wording",
            "kind": claim.kind,
            "language": "en",
            "checkworthiness": "0.5",
            "claimant": claim.claimant_id,
            "loaded_version": claim.updated_at.isoformat(),
            "evidence-TOTAL_FORMS": "0",
            "evidence-INITIAL_FORMS": "0",
            "appearances-TOTAL_FORMS": "0",
            "appearances-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 403
    assert client.get(url).status_code == 200  # every version can still be read
    claim.refresh_from_db()
    assert claim.claim_reviewed == "second wording"


def _shortcut(verdict_or_id) -> str:
    from django.contrib.contenttypes.models import ContentType

    from claims.models import Verdict

    pk = getattr(verdict_or_id, "pk", verdict_or_id)
    ct = ContentType.objects.get_for_model(Verdict)
    return reverse("admin:view_on_site", args=[ct.pk, pk])


def test_the_view_on_site_shortcut_never_sends_a_roleless_account_to_a_drafts_claim(
    client, mallory
):
    from tests.factories import VerdictFactory

    mallory.is_staff = True
    mallory.save()
    draft = VerdictFactory()
    client.force_login(mallory)
    forbidden = client.get(_shortcut(draft))
    missing = client.get(_shortcut(draft.pk + 1000))
    assert forbidden.status_code == 404
    assert draft.claim.slug not in forbidden.content.decode()
    # The same answer for an id that exists and one that does not.
    assert missing.status_code == 404
    assert missing.content == forbidden.content


def test_the_view_on_site_shortcut_refuses_a_draft_even_to_its_author(client, alice):
    from tests.factories import VerdictFactory

    draft = VerdictFactory(author=alice)
    client.force_login(alice)
    response = client.get(_shortcut(draft))
    assert response.status_code == 404
    assert draft.claim.slug not in response.content.decode()


def test_the_view_on_site_shortcut_leads_a_desk_member_to_a_published_fact_check(
    client, alice, bob, carol
):
    from tests.factories import publish

    verdict = publish(ClaimFactory(), alice, bob, carol)
    client.force_login(alice)
    response = client.get(_shortcut(verdict))
    assert response.status_code == 302
    assert response["Location"] == verdict.get_absolute_url()


def test_the_view_on_site_shortcut_answers_garbage_ids_like_missing_ones(client, alice):
    client.force_login(alice)
    assert client.get(_shortcut("not-a-number")).status_code == 404
    assert client.get(reverse("admin:view_on_site", args=[999_999, 1])).status_code == 404


def test_view_on_site_is_offered_only_on_published_verdicts(client, alice, bob, carol):
    from tests.factories import VerdictFactory, publish

    draft = VerdictFactory(author=alice)
    published = publish(ClaimFactory(), alice, bob, carol)
    client.force_login(bob)
    draft_page = client.get(reverse("admin:claims_verdict_change", args=[draft.pk]))
    published_page = client.get(reverse("admin:claims_verdict_change", args=[published.pk]))
    assert draft_page.status_code == 200 and published_page.status_code == 200
    assert b"View on site" not in draft_page.content
    assert b"View on site" in published_page.content


def test_history_pages_name_the_system_and_show_labels_not_codes(client, alice, bob):
    from claims import services
    from factcheck.lib.permissions import SYSTEM
    from tests.factories import SourceFactory, VerdictFactory

    claim = ClaimFactory()
    services.claim_assign(claim=claim, assignee=alice, actor=SYSTEM)
    services.evidence_add(claim=claim, source=SourceFactory(), stance="supports", actor=alice)
    verdict = VerdictFactory(claim=claim, author=alice)
    services.verdict_submit(verdict=verdict, actor=alice)
    client.force_login(bob)
    claim_history = client.get(reverse("admin:claims_claim_history", args=[claim.pk]))
    verdict_history = client.get(reverse("admin:claims_verdict_history", args=[verdict.pk]))
    assert claim_history.status_code == 200 and verdict_history.status_code == 200
    for page in (claim_history, verdict_history):
        html = page.content.decode()
        assert "Deleted user" not in html
        assert "pk=None" not in html
    assert "system" in claim_history.content.decode()
    assert "Submitted" in verdict_history.content.decode()
    assert "&rarr;&nbsp;&nbsp;submitted" not in verdict_history.content.decode()


def test_the_claim_list_and_the_claim_form_show_check_worthiness_alike(client, alice):
    claim = ClaimFactory(checkworthiness=0.55)
    client.force_login(alice)
    listed = client.get(reverse("admin:claims_claim_changelist"))
    assert b'<td class="field-checkworthiness_pct">0.55</td>' in listed.content
    form = client.get(reverse("admin:claims_claim_change", args=[claim.pk]))
    assert b'value="0.55"' in form.content
