"""Simultaneous admin saves (factcheck/admin_concurrency.py and the services' own check):
ten desk members post the same claim or draft verdict at once, each request in its own
thread with its own PostgreSQL connection, through the admin's HTTP form."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connections
from django.forms import CheckboxInput
from django.test import Client
from django.urls import reverse

from claims import services
from claims.models import Claim, Evidence, Verdict
from claims.services import edits
from factcheck.admin_concurrency import EDIT_CONFLICT_FIELDS, EditConflict
from tests.factories import (
    ClaimFactory,
    EvidenceFactory,
    UserFactory,
    VerdictFactory,
    truth_rating,
)

CONFLICT = EDIT_CONFLICT_FIELDS.split(",")[0].encode()


def form_data(response) -> dict[str, Any]:
    """What a browser would post back for the change form in ``response``, untouched."""
    data: dict[str, Any] = {}

    def add(form) -> None:
        for bound in form:
            value = bound.value()
            if isinstance(bound.field.widget, CheckboxInput):
                if value:
                    data[bound.html_name] = "on"
                continue
            data[bound.html_name] = "" if value is None else value

    add(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        add(inline.formset.management_form)
        for form in inline.formset.forms:
            add(form)
    return data


def in_parallel(jobs: list[Callable[[], Any]]) -> list[Any]:
    """Run ``jobs`` at the same moment, one thread (and database connection) each."""
    barrier = threading.Barrier(len(jobs))
    results: list[Any] = [None] * len(jobs)
    errors: list[BaseException] = []

    def run(i: int, job: Callable[[], Any]) -> None:
        try:
            barrier.wait()
            results[i] = job()
        except BaseException as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not errors, errors
    return results


def _desk(n: int, role: str = "Fact-checker") -> list[Client]:
    clients = []
    for i in range(n):
        client = Client()
        client.force_login(UserFactory(username=f"desk{role[0]}{i}", role=role))
        clients.append(client)
    return clients


def _poster(client: Client, url: str, data: dict[str, Any]) -> Callable[[], tuple[int, bool]]:
    def post() -> tuple[int, bool]:
        response = client.post(url, data)
        return response.status_code, CONFLICT in response.content

    return post


pytestmark = pytest.mark.django_db(transaction=True)
slow_and_threaded = pytest.mark.slow


@slow_and_threaded
def test_ten_simultaneous_claim_saves_to_different_fields_all_survive():
    """Eight evidence edits, a wording edit and a colleague's assignment at the same moment:
    nothing is refused and nothing is lost."""
    claim = ClaimFactory(claim_reviewed="Original wording")
    rows = [EvidenceFactory(claim=claim, excerpt=f"excerpt {i}") for i in range(8)]
    url = reverse("admin:claims_claim_change", args=[claim.pk])
    clients = _desk(9)
    loaded = [form_data(c.get(url)) for c in clients]
    jobs = []
    for i in range(8):
        index = next(k for k in range(8) if loaded[i][f"evidence-{k}-id"] == rows[i].pk)
        jobs.append(
            _poster(clients[i], url, {**loaded[i], f"evidence-{index}-excerpt": f"new {i}"})
        )
    jobs.append(_poster(clients[8], url, {**loaded[8], "claim_reviewed": "Reworded"}))
    assignee = UserFactory(username="assignee", role="Fact-checker")
    triager = UserFactory(username="triager", role="Editor")
    jobs.append(lambda: services.claim_assign(claim=claim, assignee=assignee, actor=triager))

    results = in_parallel(jobs)

    assert [r for r in results[:9]] == [(302, False)] * 9
    claim.refresh_from_db()
    assert claim.claim_reviewed == "Reworded"
    assert claim.assignee == assignee
    excerpts = dict(Evidence.objects.filter(claim=claim).values_list("pk", "excerpt"))
    assert excerpts == {row.pk: f"new {i}" for i, row in enumerate(rows)}


@slow_and_threaded
def test_ten_simultaneous_claim_saves_to_one_field_keep_one_and_refuse_nine_with_both_sides():
    claim = ClaimFactory(claim_reviewed="Original wording")
    url = reverse("admin:claims_claim_change", args=[claim.pk])
    clients = _desk(10)
    loaded = [form_data(c.get(url)) for c in clients]
    jobs = [
        _poster(c, url, {**data, "claim_reviewed": f"Wording {i}"})
        for i, (c, data) in enumerate(zip(clients, loaded, strict=True))
    ]

    results = in_parallel(jobs)

    saved = [i for i, (status, _) in enumerate(results) if status == 302]
    refused = [i for i, (status, conflict) in enumerate(results) if status == 200 and conflict]
    assert len(saved) == 1 and len(refused) == 9
    claim.refresh_from_db()
    assert claim.claim_reviewed == f"Wording {saved[0]}"  # the one told "saved" is kept


@slow_and_threaded
def test_ten_simultaneous_draft_verdict_saves_lose_nothing_and_refuse_only_real_conflicts():
    """Three edits of different fields all land; seven rival headlines: one wins, six are
    refused (each shown both sides)."""
    verdict = VerdictFactory(headline="Original", summary="S", rationale="R")
    url = reverse("admin:claims_verdict_change", args=[verdict.pk])
    clients = _desk(10)
    loaded = [form_data(c.get(url)) for c in clients]
    rating = truth_rating("False")
    changes: list[dict[str, Any]] = [
        {"summary": "New summary"},
        {"rationale": "New **rationale**"},
        {"rating": rating.pk},
        *({"headline": f"Headline {i}"} for i in range(3, 10)),
    ]
    jobs = [
        _poster(c, url, {**data, **change})
        for c, data, change in zip(clients, loaded, changes, strict=True)
    ]

    results = in_parallel(jobs)

    assert results[:3] == [(302, False)] * 3
    headline_saved = [i for i in range(3, 10) if results[i][0] == 302]
    assert len(headline_saved) == 1
    assert all(results[i] == (200, True) for i in range(3, 10) if i not in headline_saved)
    verdict.refresh_from_db()
    assert (verdict.summary, verdict.rationale, verdict.rating) == (
        "New summary",
        "New **rationale**",
        rating,
    )
    assert verdict.headline == f"Headline {headline_saved[0]}"


@pytest.mark.django_db
def test_a_refused_form_keeps_what_was_typed_shows_both_sides_and_saves_on_a_second_try(
    client, alice, bob
):
    claim = ClaimFactory(claim_reviewed="Original")
    url = reverse("admin:claims_claim_change", args=[claim.pk])
    client.force_login(alice)
    mine = {**form_data(client.get(url)), "claim_reviewed": "Alice's <b>wording</b>"}
    edits.claim_update(claim=claim, actor=bob, claim_reviewed="Bob's wording")

    refused = client.post(url, mine)

    assert refused.status_code == 200
    page = refused.content.decode()
    assert "Bob&#x27;s wording" in page and "Alice&#x27;s &lt;b&gt;wording&lt;/b&gt;" in page
    assert 'id="edit-conflicts"' in page
    again = form_data(refused)
    assert again["claim_reviewed"] == "Alice's <b>wording</b>"
    assert client.post(url, again).status_code == 302
    claim.refresh_from_db()
    assert claim.claim_reviewed == "Alice's <b>wording</b>"


@pytest.mark.django_db
def test_an_assignment_or_status_step_does_not_void_an_editors_typed_evidence(client, alice, bob):
    claim = ClaimFactory()
    evidence = EvidenceFactory(claim=claim, excerpt="old")
    url = reverse("admin:claims_claim_change", args=[claim.pk])
    client.force_login(alice)
    data = form_data(client.get(url))
    services.claim_assign(claim=claim, assignee=bob, actor=bob)
    services.claim_mark_checkworthy(claim=claim, actor=bob)

    response = client.post(url, {**data, "evidence-0-excerpt": "typed by alice"})

    assert response.status_code == 302
    evidence.refresh_from_db()
    claim.refresh_from_db()
    assert evidence.excerpt == "typed by alice"
    assert (claim.assignee, claim.status) == (bob, Claim.Status.CHECKWORTHY)


@pytest.mark.django_db
def test_the_service_refuses_a_stale_field_under_its_lock_whoever_calls_it(alice, bob):
    verdict = VerdictFactory(author=alice, headline="Original")
    services.verdict_update(verdict=verdict, actor=bob, headline="Bob's")
    with pytest.raises(EditConflict) as refused:
        services.verdict_update(
            verdict=verdict, actor=alice, expected={"headline": "Original"}, headline="Alice's"
        )
    assert [(c.theirs, c.yours) for c in refused.value.conflicts] == [("Bob's", "Alice's")]
    # A field nobody else touched saves from the same stale view.
    services.verdict_update(
        verdict=verdict, actor=alice, expected={"summary": verdict.summary}, summary="New"
    )
    verdict.refresh_from_db()
    assert (verdict.headline, verdict.summary) == ("Bob's", "New")
    assert verdict.status == Verdict.Status.DRAFT
