"""The admin workbench, rendered with the test client as each member of the cast."""

from __future__ import annotations

import pytest
from django.urls import reverse

from claims import services
from claims.models import Claim, Evidence, Verdict
from claims.services import claims as claim_rules
from factcheck.lib.permissions import SYSTEM
from tests.factories import (
    ClaimFactory,
    EvidenceFactory,
    SourceFactory,
    SpeakerFactory,
    VerdictFactory,
    truth_rating,
)


def _changelist(model: str) -> str:
    return reverse(f"admin:claims_{model}_changelist")


@pytest.fixture
def draft(claim, alice):
    return VerdictFactory(claim=claim, author=alice, headline="DRAFT-SENTINEL headline")


def test_the_dashboard_shows_my_queue_and_counts(client, alice):
    mine = ClaimFactory(assignee=alice, claim_reviewed="Queue item for alice")
    client.force_login(alice)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 200
    assert b"My queue" in response.content
    assert mine.claim_reviewed.encode() in response.content
    assert b"Claims by status" in response.content


def test_the_claim_list_renders_with_filters_and_bounded_queries(
    client, alice, django_assert_max_num_queries
):
    ClaimFactory.create_batch(30)
    client.force_login(alice)
    with django_assert_max_num_queries(20):
        response = client.get(_changelist("claim"), {"status__exact": "new", "assigned": "me"})
    assert response.status_code == 200
    with django_assert_max_num_queries(20):
        response = client.get(_changelist("claim"))
    assert response.status_code == 200
    assert response.content.count(b'class="action-checkbox"') >= 30


@pytest.mark.parametrize("search", ["died", "Speaker"])
def test_the_claim_list_searches(client, alice, search):
    ClaimFactory()
    client.force_login(alice)
    response = client.get(_changelist("claim"), {"q": search})
    assert response.status_code == 200


def test_the_claim_page_shows_the_quote_in_context_escaped(client, alice):
    from claims import services

    source = SourceFactory(body='Before <script>x</script> he said "We won." after')
    claim = ClaimFactory(text="We won.")
    services.appearance_create(
        claim=claim, source=source, quote_text="We won.", start=35, end=42, actor=SYSTEM
    )
    client.force_login(alice)
    response = client.get(reverse("admin:claims_claim_change", args=[claim.pk]))
    assert response.status_code == 200
    assert b"<mark>We won.</mark>" in response.content
    assert b"<script>x</script>" not in response.content
    assert b"&lt;script&gt;x&lt;/script&gt;" in response.content


def test_the_dismiss_action_calls_the_service(client, alice):
    claims = ClaimFactory.create_batch(2)
    client.force_login(alice)
    response = client.post(
        _changelist("claim"), {"action": "dismiss", "_selected_action": [c.pk for c in claims]}
    )
    assert response.status_code == 302
    assert set(Claim.objects.values_list("status", flat=True)) == {"dismissed"}


@pytest.mark.parametrize(
    ("action", "done"),
    [("dismiss", "dismissed"), ("mark_checkworthy", "marked check-worthy")],
)
def test_a_triage_action_on_a_mixed_selection_says_once_what_happened_to_each_kind(
    client, alice, published_verdict, action, done
):
    """Claims already as asked are no error ("already dismissed", not "only new or
    check-worthy claims can be triaged" about a check-worthy one); refusals are grouped."""
    new = ClaimFactory(claim_reviewed="New one")
    target = Claim.Status.DISMISSED if action == "dismiss" else Claim.Status.CHECKWORTHY
    already = ClaimFactory(claim_reviewed="Already there", status=target)
    in_review = ClaimFactory(claim_reviewed="Being checked", status=Claim.Status.IN_REVIEW)
    selected = [new.pk, already.pk, in_review.pk, published_verdict.claim.pk]
    client.force_login(alice)

    response = client.post(
        _changelist("claim"), {"action": action, "_selected_action": selected}, follow=True
    )

    said = [(m.level_tag, m.message) for m in response.context["messages"]]
    assert ("success", f"1 claim(s) {done}.") in said
    assert ("info", f"1 claim(s) already {done}; left as they were.") in said
    errors = [text for level, text in said if level == "error"]
    assert len(errors) == 1
    assert errors[0].startswith(f"2 claim(s) not {done}: {claim_rules.CLAIM_NOT_TRIAGEABLE}")
    assert "Being checked" in errors[0] and "Already there" not in errors[0]
    new.refresh_from_db()
    assert new.status == target


def test_the_assign_to_me_action_assigns(client, alice):
    claim = ClaimFactory()
    client.force_login(alice)
    client.post(_changelist("claim"), {"action": "assign_to_me", "_selected_action": [claim.pk]})
    claim.refresh_from_db()
    assert claim.assignee == alice


def test_a_fact_checker_is_not_offered_merge_but_an_editor_is(client, alice, bob):
    ClaimFactory()
    client.force_login(alice)
    assert b'value="merge_duplicates"' not in client.get(_changelist("claim")).content
    client.force_login(bob)
    assert b'value="merge_duplicates"' in client.get(_changelist("claim")).content


def test_the_merge_action_merges_into_the_oldest(client, bob):
    first, second = ClaimFactory(), ClaimFactory()
    client.force_login(bob)
    client.post(
        _changelist("claim"),
        {"action": "merge_duplicates", "_selected_action": [first.pk, second.pk]},
    )
    second.refresh_from_db()
    assert second.duplicate_of == first


def test_a_fact_checker_writes_a_draft_in_the_admin(client, alice, claim):
    client.force_login(alice)
    response = client.post(
        reverse("admin:claims_verdict_add"),
        {
            "claim": claim.pk,
            "rating": truth_rating("False").pk,
            "headline": "No",
            "summary": "Wrong.",
            "rationale": "Because.",
        },
    )
    assert response.status_code == 302
    verdict = Verdict.objects.get()
    assert verdict.author == alice
    assert verdict.status == "draft"


def test_the_admin_refuses_a_rating_from_the_wrong_scale(client, alice):
    promise = ClaimFactory(kind="promise")
    client.force_login(alice)
    response = client.post(
        reverse("admin:claims_verdict_add"),
        {
            "claim": promise.pk,
            "rating": truth_rating("False").pk,
            "headline": "No",
            "summary": "Wrong.",
            "rationale": "Because.",
        },
    )
    assert response.status_code == 200
    assert b"does not fit" in response.content
    assert not Verdict.objects.exists()


def test_workflow_buttons_follow_the_role(client, alice, bob, draft):
    url = reverse("admin:claims_verdict_change", args=[draft.pk])
    client.force_login(alice)
    assert b"workflow-submit" in client.get(url).content
    client.post(reverse("admin:claims_verdict_workflow", args=[draft.pk, "submit"]))
    draft.refresh_from_db()
    assert draft.status == "submitted"
    # alice wrote it: no approve button for her, and a forged POST is refused.
    assert b"workflow-approve" not in client.get(url).content
    client.post(reverse("admin:claims_verdict_workflow", args=[draft.pk, "approve"]))
    draft.refresh_from_db()
    assert draft.status == "submitted"
    client.force_login(bob)
    assert b"workflow-approve" in client.get(url).content
    client.post(reverse("admin:claims_verdict_workflow", args=[draft.pk, "approve"]))
    draft.refresh_from_db()
    assert draft.status == "approved"
    assert draft.approved_by == bob


def test_publishing_without_evidence_is_refused_with_a_message(client, alice, bob, draft):
    draft.status = "approved"
    draft.approved_by = bob
    draft.save()
    client.force_login(bob)
    response = client.post(
        reverse("admin:claims_verdict_workflow", args=[draft.pk, "publish"]), follow=True
    )
    assert b"at least one evidence source" in response.content
    EvidenceFactory(claim=draft.claim)
    client.post(reverse("admin:claims_verdict_workflow", args=[draft.pk, "publish"]))
    draft.refresh_from_db()
    assert draft.status == "published"


def test_a_published_verdict_is_read_only_in_the_admin(client, bob, published_verdict):
    client.force_login(bob)
    url = reverse("admin:claims_verdict_change", args=[published_verdict.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert b'name="headline"' not in response.content
    client.post(
        url,
        {
            "headline": "Changed",
            "rating": published_verdict.rating_id,
            "summary": "x",
            "rationale": "y",
        },
    )
    published_verdict.refresh_from_db()
    assert published_verdict.headline == "Toll is right"


def test_an_editor_corrects_a_published_verdict_with_a_note(client, bob, published_verdict):
    client.force_login(bob)
    url = reverse("admin:claims_verdict_correct", args=[published_verdict.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "kind": "correction",
            "note": "Updated UN figure.",
            "rating": published_verdict.rating_id,
            "headline": "Updated",
            "summary": "s",
            "rationale": "r",
        },
    )
    assert response.status_code == 302
    correction = Verdict.objects.get(version=2)
    assert correction.correction_note == "Updated UN figure."
    assert correction.supersedes == published_verdict


def test_a_fact_checker_cannot_open_the_correction_page(client, alice, published_verdict):
    client.force_login(alice)
    url = reverse("admin:claims_verdict_correct", args=[published_verdict.pk])
    assert client.get(url).status_code == 403


def test_an_editor_retracts_with_a_public_note(client, bob, published_verdict):
    client.force_login(bob)
    url = reverse("admin:claims_verdict_retract", args=[published_verdict.pk])
    client.post(url, {"note": "Withdrawn pending review."})
    assert Verdict.objects.filter(status="retracted").count() == 1


def test_the_outsider_sees_nothing(client, mallory, draft):
    client.force_login(mallory)
    for url in [
        _changelist("claim"),
        _changelist("verdict"),
        reverse("admin:claims_verdict_change", args=[draft.pk]),
        reverse("admin:claims_claim_change", args=[draft.claim_id]),
        reverse("admin:sources_source_changelist"),
        reverse("admin:claims_verdict_workflow", args=[draft.pk, "submit"]),
    ]:
        response = client.get(url)
        assert response.status_code in (403, 302, 404), url
        assert b"DRAFT-SENTINEL" not in response.content
    index = client.get(reverse("admin:index"))
    assert b"DRAFT-SENTINEL" not in index.content
    assert b"Claims by status" not in index.content


def test_anonymous_users_are_sent_to_the_login_page(client, draft):
    response = client.get(reverse("admin:claims_verdict_change", args=[draft.pk]))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_history_pages_render(client, bob, published_verdict):
    client.force_login(bob)
    for name, pk in [("verdict", published_verdict.pk), ("claim", published_verdict.claim_id)]:
        response = client.get(reverse(f"admin:claims_{name}_history", args=[pk]))
        assert response.status_code == 200


def test_two_editors_saving_the_same_claim_cannot_overwrite_each_other(client, alice, bob):
    claim = ClaimFactory(claim_reviewed="Original")
    url = reverse("admin:claims_claim_change", args=[claim.pk])
    client.force_login(alice)
    form = client.get(url).context["adminform"].form
    loaded = form.initial["loaded_version"]
    data = {
        "claim_reviewed": "Alice's edit",
        "text": claim.text,
        "kind": claim.kind,
        "claimant": claim.claimant_id,
        "checkworthiness": "0.5",
        "language": "en",
        "loaded_version": loaded,
        "appearances-TOTAL_FORMS": "0",
        "appearances-INITIAL_FORMS": "0",
        "evidence-TOTAL_FORMS": "0",
        "evidence-INITIAL_FORMS": "0",
    }
    assert client.post(url, data).status_code == 302
    client.force_login(bob)  # bob opened the page before alice saved: he holds the old version
    response = client.post(url, {**data, "claim_reviewed": "Bob's edit"})
    assert response.status_code == 200
    assert b"Someone else changed this record" in response.content
    claim.refresh_from_db()
    assert claim.claim_reviewed == "Alice's edit"


def test_the_unfiltered_claim_list_uses_the_planner_estimate_not_count(client, alice, monkeypatch):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from factcheck.admin_site import EstimatedCountPaginator

    ClaimFactory.create_batch(5)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE claims_claim")
    monkeypatch.setattr(EstimatedCountPaginator, "ESTIMATE_ABOVE", 0)
    client.force_login(alice)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(_changelist("claim"))
    assert response.status_code == 200
    counts = [q["sql"] for q in queries if q["sql"].startswith("SELECT COUNT(*)")]
    assert counts == []
    assert any("reltuples" in q["sql"] for q in queries)


def test_the_claim_page_query_count_does_not_grow_with_evidence(
    client, alice, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    claim = ClaimFactory()
    EvidenceFactory.create_batch(2, claim=claim)
    client.force_login(alice)
    url = reverse("admin:claims_claim_change", args=[claim.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    EvidenceFactory.create_batch(6, claim=claim)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert response.status_code == 200
    assert response.content.count(b"Linked source") >= 8


def test_the_claim_page_edits_linked_evidence_and_links_new_sources(client, alice):
    claim = ClaimFactory()
    linked = EvidenceFactory(claim=claim, stance="supports", excerpt="old")
    new_source = SourceFactory()
    url = reverse("admin:claims_claim_change", args=[claim.pk])
    client.force_login(alice)
    page = client.get(url).context
    loaded = page["adminform"].form.initial["loaded_version"]
    linked_loaded = page["inline_admin_formsets"][1].formset.forms[0].initial["loaded_version"]
    response = client.post(
        url,
        {
            "claim_reviewed": claim.claim_reviewed,
            "kind": claim.kind,
            "claimant": claim.claimant_id,
            "checkworthiness": "0.5",
            "language": "en",
            "loaded_version": loaded,
            "appearances-TOTAL_FORMS": "0",
            "appearances-INITIAL_FORMS": "0",
            "evidence-TOTAL_FORMS": "2",
            "evidence-INITIAL_FORMS": "1",
            "evidence-0-id": linked.pk,
            "evidence-0-claim": claim.pk,
            "evidence-0-source": SourceFactory().pk,  # ignored: a link keeps its source
            "evidence-0-stance": "refutes",
            "evidence-0-excerpt": "new",
            "evidence-0-note": "",
            "evidence-0-loaded_version": linked_loaded,
            "evidence-1-claim": claim.pk,
            "evidence-1-source": new_source.pk,
            "evidence-1-stance": "context",
            "evidence-1-excerpt": "",
            "evidence-1-note": "",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    linked.refresh_from_db()
    assert (linked.stance, linked.excerpt) == ("refutes", "new")
    assert claim.evidence.count() == 2
    assert claim.evidence.get(source=new_source).added_by == alice


def test_a_rating_of_a_published_scale_cannot_be_deleted_one_by_one_or_in_bulk(
    client, published_verdict
):
    from claims.models import Rating
    from tests.factories import make_admin

    client.force_login(make_admin("ada"))
    unused = Rating.objects.get(scale__slug="truthfulness", label="Mostly false")
    url = reverse("admin:claims_rating_delete", args=[unused.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {"post": "yes"}).status_code == 403
    response = client.post(
        reverse("admin:claims_rating_changelist"),
        {"action": "delete_selected", "_selected_action": [unused.pk], "post": "yes"},
    )
    assert response.status_code == 403
    assert Rating.objects.filter(pk=unused.pk).exists()


def test_bulk_rating_deletion_goes_through_the_same_rule(rf, published_verdict, admin_request):
    """Below the action's own check, delete_queryset keeps what the rule protects."""
    from django.contrib import admin as django_admin

    from claims.models import Rating

    model_admin = django_admin.site._registry[Rating]
    free = Rating.objects.create(scale=Rating.objects.get(label="True").scale, label="Spare")
    model_admin.delete_queryset(admin_request, Rating.objects.filter(label__in=["True", "Spare"]))
    labels = set(Rating.objects.filter(label__in=["True", "Spare"]).values_list("label", flat=True))
    assert labels == {"True"}
    assert free.value is None


@pytest.fixture
def admin_request(rf):
    from django.contrib.messages.storage.fallback import FallbackStorage

    from tests.factories import make_admin

    request = rf.post("/")
    request.user = make_admin("ada")
    request.session = {}
    request._messages = FallbackStorage(request)
    return request


def test_a_stale_evidence_form_is_refused_only_where_a_colleague_changed_the_same_field(
    client, alice, bob
):
    """The editor saves a new excerpt; a checker's older form changing the stance keeps the
    editor's excerpt (no lost save), and one changing the excerpt too is refused."""
    from factcheck.admin_concurrency import EDIT_CONFLICT_FIELDS

    evidence = EvidenceFactory(excerpt="original excerpt", stance="supports")
    url = reverse("admin:claims_evidence_change", args=[evidence.pk])
    client.force_login(alice)
    stale = client.get(url).context["adminform"].form.initial["loaded_version"]
    form = {
        "claim": evidence.claim_id,
        "source": evidence.source_id,
        "stance": "context",
        "excerpt": "original excerpt",
        "note": "",
        "loaded_version": stale,
    }
    client.force_login(bob)
    fresh = client.get(url).context["adminform"].form.initial["loaded_version"]
    editor = {"stance": "supports", "excerpt": "editor's excerpt", "loaded_version": fresh}
    saved = client.post(url, {**form, **editor})
    assert saved.status_code == 302
    client.force_login(alice)
    refused = client.post(url, {**form, "excerpt": "checker's excerpt"})
    assert refused.status_code == 200
    assert EDIT_CONFLICT_FIELDS.split(",")[0] in refused.content.decode()
    merged = client.post(url, form)
    assert merged.status_code == 302
    evidence.refresh_from_db()
    assert (evidence.stance, evidence.excerpt) == ("context", "editor's excerpt")


def test_a_stale_speaker_form_is_refused(client, bob, carol):
    from tests.factories import SpeakerFactory

    speaker = SpeakerFactory(role="Mayor")
    url = reverse("admin:claims_speaker_change", args=[speaker.pk])
    client.force_login(bob)
    form = client.get(url).context["adminform"].form
    data = {
        "name": speaker.name,
        "slug": speaker.slug,
        "kind": speaker.kind,
        "role": "Governor",
        "description": "",
        "same_as": "",
        "loaded_version": form.initial["loaded_version"],
        "aliases-TOTAL_FORMS": "0",
        "aliases-INITIAL_FORMS": "0",
    }
    client.force_login(carol)
    assert client.post(url, {**data, "role": "Senator"}).status_code == 302
    client.force_login(bob)
    assert client.post(url, data).status_code == 200
    speaker.refresh_from_db()
    assert speaker.role == "Senator"


# --- deleting verdicts -------------------------------------------------------------------


def _started_verdict(claim, author):
    from claims import services

    return services.verdict_create(
        claim=claim,
        rating=truth_rating(),
        headline="A draft to delete",
        summary="Summary",
        rationale="Rationale",
        author=author,
    )


def test_an_admin_who_deletes_a_draft_in_the_admin_puts_the_claim_back_and_can_dismiss_it(
    client, claim, alice
):
    from tests.factories import make_admin

    draft = _started_verdict(claim, alice)
    client.force_login(make_admin())
    response = client.post(reverse("admin:claims_verdict_delete", args=[draft.pk]), {"post": "yes"})
    assert response.status_code == 302
    claim.refresh_from_db()
    assert not Verdict.objects.filter(pk=draft.pk).exists()
    assert claim.status == Claim.Status.CHECKWORTHY
    client.post(_changelist("claim"), {"action": "dismiss", "_selected_action": [claim.pk]})
    claim.refresh_from_db()
    assert claim.status == Claim.Status.DISMISSED


def test_the_bulk_delete_action_deletes_drafts_through_the_service(client, alice):
    from tests.factories import make_admin

    claims = ClaimFactory.create_batch(2)
    drafts = [_started_verdict(c, alice) for c in claims]
    client.force_login(make_admin())
    response = client.post(
        _changelist("verdict"),
        {"action": "delete_selected", "_selected_action": [d.pk for d in drafts], "post": "yes"},
    )
    assert response.status_code == 302
    assert not Verdict.objects.filter(pk__in=[d.pk for d in drafts]).exists()
    statuses = Claim.objects.filter(pk__in=[c.pk for c in claims]).values_list("status", flat=True)
    assert set(statuses) == {Claim.Status.CHECKWORTHY}


def test_bulk_verdict_deletion_below_the_action_keeps_public_versions(
    published_verdict, alice, admin_request
):
    """The action itself refuses a selection with a published version; delete_queryset keeps
    them too, and still deletes the drafts beside them."""
    from django.contrib import admin as django_admin

    other = ClaimFactory()
    draft = _started_verdict(other, alice)
    model_admin = django_admin.site._registry[Verdict]
    model_admin.delete_queryset(
        admin_request, Verdict.objects.filter(pk__in=[published_verdict.pk, draft.pk])
    )
    assert list(Verdict.objects.filter(pk__in=[published_verdict.pk, draft.pk])) == [
        published_verdict
    ]
    other.refresh_from_db()
    assert other.status == Claim.Status.CHECKWORTHY


# --- speakers and aliases ----------------------------------------------------------------


def test_the_speaker_admin_adds_a_speaker_with_aliases_through_the_services(client, alice):
    from claims.models import Speaker
    from factcheck.lib.text import name_key

    client.force_login(alice)
    response = client.post(
        reverse("admin:claims_speaker_add"),
        {
            "name": "Antony Blinken",
            "slug": "antony-blinken",
            "kind": "person",
            "role": "Secretary of State",
            "description": "",
            "same_as": "",
            "aliases-TOTAL_FORMS": "1",
            "aliases-INITIAL_FORMS": "0",
            "aliases-0-name": "Tony Blinken",
        },
    )
    assert response.status_code == 302
    speaker = Speaker.objects.get()
    assert speaker.name_key == name_key("Antony Blinken")
    assert [(a.name, a.name_key) for a in speaker.aliases.all()] == [
        ("Tony Blinken", name_key("Tony Blinken"))
    ]
    assert speaker.history.get().history_user == alice


def test_the_speaker_admin_renames_moves_and_deletes_aliases(client, alice):
    from claims import services
    from claims.models import SpeakerAlias
    from factcheck.lib.text import name_key

    speaker = services.speaker_create(name="Antony Blinken", actor=alice)
    kept = services.speaker_alias_add(speaker=speaker, name="Tony Blinken", actor=alice)
    gone = services.speaker_alias_add(speaker=speaker, name="A. Blinken", actor=alice)
    url = reverse("admin:claims_speaker_change", args=[speaker.pk])
    client.force_login(alice)
    loaded = client.get(url).context["adminform"].form.initial["loaded_version"]
    response = client.post(
        url,
        {
            "name": "Antony J. Blinken",
            "slug": speaker.slug,
            "kind": "person",
            "role": "",
            "description": "",
            "same_as": "",
            "loaded_version": loaded,
            "aliases-TOTAL_FORMS": "3",
            "aliases-INITIAL_FORMS": "2",
            "aliases-0-id": kept.pk,
            "aliases-0-speaker": speaker.pk,
            "aliases-0-name": "Tony J. Blinken",
            "aliases-1-id": gone.pk,
            "aliases-1-speaker": speaker.pk,
            "aliases-1-name": "A. Blinken",
            "aliases-1-DELETE": "on",
            # The deleted row's name, added again on a new row: free once the old one is gone.
            "aliases-2-name": "a blinken",
        },
    )
    assert response.status_code == 302
    speaker.refresh_from_db()
    assert speaker.name_key == name_key("Antony J. Blinken")
    assert sorted(SpeakerAlias.objects.values_list("name_key", flat=True)) == sorted(
        [name_key("Tony J. Blinken"), name_key("a blinken")]
    )
    assert not SpeakerAlias.objects.filter(pk=gone.pk).exists()


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


def test_the_admin_cannot_rewrite_a_published_claim(client, alice, published_verdict):
    claim = published_verdict.claim
    url = reverse("admin:claims_claim_change", args=[claim.pk])
    client.force_login(alice)
    page = client.get(url)
    assert b'name="claim_reviewed"' not in page.content  # shown read-only
    client.post(
        url,
        {
            "claim_reviewed": "REWRITTEN",
            "kind": "promise",
            "language": "en",
            "evidence-TOTAL_FORMS": "0",
            "evidence-INITIAL_FORMS": "0",
            "appearances-TOTAL_FORMS": "0",
            "appearances-INITIAL_FORMS": "0",
        },
    )
    claim.refresh_from_db()
    assert claim.claim_reviewed != "REWRITTEN"
    assert claim.kind == "statistic"


def test_the_admin_cannot_delete_cited_evidence(client, bob, published_verdict):
    evidence = published_verdict.cited_evidence.get()
    client.force_login(bob)
    response = client.post(
        reverse("admin:claims_evidence_delete", args=[evidence.pk]), {"post": "yes"}
    )
    assert response.status_code == 403
    assert Evidence.objects.filter(pk=evidence.pk).exists()


def test_a_speaker_cannot_be_renamed_onto_another_speaker(client, alice):
    taken = SpeakerFactory(name="Antony Blinken")
    other = SpeakerFactory(name="Tony B")
    client.force_login(alice)
    response = client.post(
        reverse("admin:claims_speaker_change", args=[other.pk]),
        {
            "name": "antony  blinken",
            "slug": other.slug,
            "kind": "person",
            "aliases-TOTAL_FORMS": "0",
            "aliases-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert claim_rules.NAME_TAKEN.encode() in response.content
    assert taken.name == "Antony Blinken"


def test_an_alias_cannot_be_another_speakers_name(client, alice):
    SpeakerFactory(name="Antony Blinken")
    other = SpeakerFactory(name="Tony B")
    client.force_login(alice)
    response = client.post(
        reverse("admin:claims_speaker_change", args=[other.pk]),
        {
            "name": "Tony B",
            "slug": other.slug,
            "kind": "person",
            "aliases-TOTAL_FORMS": "1",
            "aliases-INITIAL_FORMS": "0",
            "aliases-0-name": "Antony Blinken",
        },
    )
    assert response.status_code == 200
    assert claim_rules.NAME_TAKEN.encode() in response.content
