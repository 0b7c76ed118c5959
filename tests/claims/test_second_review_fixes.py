"""Fixes from the second review of this session's work, each pinned by its reproduction."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from claims import services
from claims.models import Speaker, Verdict
from claims.services import verdicts as rules
from tests.factories import EvidenceFactory, SourceFactory, SpeakerFactory, truth_rating

pytestmark = pytest.mark.django_db


def _claim_form(client, claim) -> dict:
    """The claim page's form as the browser would post it back, untouched."""
    page = client.get(reverse("admin:claims_claim_change", args=[claim.pk]))
    data = {}
    admin_form = page.context["adminform"].form
    for name, field in admin_form.fields.items():
        value = admin_form.initial.get(name, field.initial)
        if value is not None:
            data[name] = value.pk if hasattr(value, "pk") else value
    for inline in page.context["inline_admin_formsets"]:
        formset = inline.formset
        management = formset.management_form.initial
        data.update({f"{formset.prefix}-{k}": v for k, v in management.items()})
        for form in formset.forms:
            for name, field in form.fields.items():
                value = form.initial.get(name, field.initial)
                if value is not None and name != "DELETE":
                    data[form.add_prefix(name)] = value.pk if hasattr(value, "pk") else value
    return data


def test_a_published_claims_page_saves_when_nothing_public_changed(client, bob, published_verdict):
    """The inline's loaded version is bookkeeping, not an edit of cited evidence."""
    claim = published_verdict.claim
    client.force_login(bob)
    data = _claim_form(client, claim)
    evidence = claim.evidence.get()
    data[next(k for k in data if k.endswith("-note"))] = "Called the press office."
    response = client.post(reverse("admin:claims_claim_change", args=[claim.pk]), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    evidence.refresh_from_db()
    assert evidence.note == "Called the press office."
    assert evidence.history.count() == 2  # created, then the note: no empty saves


def test_bulk_deleting_evidence_voids_an_approval(client, claim, alice, bob, carol):
    services.evidence_add(claim=claim, source=SourceFactory(), stance="supports", actor=alice)
    extra = EvidenceFactory(claim=claim)
    verdict = services.verdict_create(
        claim=claim, rating=truth_rating(), headline="h", summary="s", rationale="r", author=alice
    )
    services.verdict_submit(verdict=verdict, actor=alice)
    services.verdict_approve(verdict=verdict, actor=bob)
    client.force_login(carol)
    client.post(
        reverse("admin:claims_evidence_changelist"),
        {"action": "delete_selected", "_selected_action": [extra.pk], "post": "yes"},
    )
    assert not claim.evidence.filter(pk=extra.pk).exists()
    assert Verdict.objects.get(pk=verdict.pk).status == "submitted"


def test_a_correction_naming_a_deleted_speaker_is_refused_at_publication(
    published_verdict, bob, carol
):
    speaker = SpeakerFactory(name="Soon Gone")
    correction = services.verdict_correct(
        verdict=published_verdict, actor=bob, kind="correction", note="Wrong speaker.",
        claimant=speaker,
    )  # fmt: skip
    services.verdict_submit(verdict=correction, actor=bob)
    services.verdict_approve(verdict=correction, actor=carol)
    Speaker.objects.filter(pk=speaker.pk).delete()
    with pytest.raises(ValidationError, match="no longer exists"):
        services.verdict_publish(verdict=correction, actor=carol)
    assert Verdict.objects.get(pk=correction.pk).status == "approved"
    assert rules.CLAIMANT_GONE


def test_the_reviewer_sees_the_claim_changes_on_the_verdict_page(
    client, published_verdict, bob, carol
):
    correction = services.verdict_correct(
        verdict=published_verdict, actor=bob, kind="correction", note="Reworded.",
        claim_reviewed="A clearer wording <b>x</b>",
    )  # fmt: skip
    services.verdict_submit(verdict=correction, actor=bob)
    client.force_login(carol)
    page = client.get(reverse("admin:claims_verdict_change", args=[correction.pk]))
    html = page.content.decode()
    assert "Changes to the claim" in html
    assert "A clearer wording &lt;b&gt;x&lt;/b&gt;" in html


def test_saving_a_speaker_never_writes_back_an_old_published_count(published_verdict):
    speaker = Speaker.objects.get(pk=published_verdict.claim.claimant_id)
    stale = Speaker.objects.get(pk=speaker.pk)
    Speaker.objects.filter(pk=speaker.pk).update(published_count=7)  # a publication meanwhile
    stale.role = "Spokesperson"
    stale.save()
    speaker.refresh_from_db()
    assert (speaker.role, speaker.published_count) == ("Spokesperson", 7)


def test_the_request_limit_fits_a_non_latin_article_sent_as_escaped_json():
    from django.conf import settings

    escaped_bytes_per_char, utf8_bytes_per_char = 6, 2  # "\\u0416" for "Ж"
    largest = settings.FACTCHECK_MAX_BODY_BYTES // utf8_bytes_per_char * escaped_bytes_per_char
    assert largest < settings.DATA_UPLOAD_MAX_MEMORY_SIZE


def test_the_publishing_principles_follow_the_organisation_url(monkeypatch):
    import importlib

    import factcheck.settings as project_settings

    monkeypatch.setenv("FACTCHECK_ORG_URL", "https://checks.example.org/")
    monkeypatch.delenv("FACTCHECK_ORG_PRINCIPLES_URL", raising=False)
    monkeypatch.setenv("FACTCHECK_ENV", "development")
    reloaded = importlib.reload(project_settings)
    try:
        principles = reloaded.FACTCHECK_ORGANIZATION["publishing_principles"]
        assert principles == "https://checks.example.org/methodology/"
    finally:
        monkeypatch.undo()
        importlib.reload(project_settings)


def test_speaker_save_keeps_djangos_usual_patterns_working(published_verdict):
    speaker = Speaker.objects.only("name", "slug", "name_key").get(
        pk=published_verdict.claim.claimant_id
    )
    speaker.name = speaker.name + " Jr"
    speaker.save()  # deferred fields are neither loaded nor written back
    assert Speaker.objects.get(pk=speaker.pk).published_count == 1
    copy = Speaker.objects.get(pk=speaker.pk)
    copy.pk = None
    copy._state.adding = True
    copy.name, copy.name_key, copy.slug = "Copy", "copy", "copy"
    copy.save()
    assert Speaker.objects.filter(name="Copy").exists()
