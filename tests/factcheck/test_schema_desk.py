"""Every desk operation (the staff API under /api/v1/desk/, articles and auth) passes all of
schemathesis's checks at 100 generated cases each, positive and negative.

Each operation is its own test (schemathesis's per-operation parametrisation), and each
generated case runs in a savepoint that is rolled back afterwards, so every write starts from
the same fresh desk (see the ``desk`` fixture). The desk member is an Admin with a knox token.

What a schema cannot say is filled in for positive cases only: a path ``id`` names an
existing object of that resource in the state the operation applies to (a generated number
is almost never one), an id in the body names an existing object that fits, a login names a
real account with its password, and a write's ``If-Match`` is that object's current ``ETag``
(any other value is rightly a 412). Negative cases keep whatever schemathesis generated.
"""

from __future__ import annotations

import pytest
import schemathesis
import werkzeug.test
from django.db import transaction
from hypothesis import HealthCheck, Phase, seed, settings

from factcheck.wsgi import application

desk_schema = schemathesis.openapi.from_wsgi(
    "/api/schema/?format=json",
    application,
    config=schemathesis.config.SchemathesisConfig.from_dict(
        {"generation": {"mode": "all", "allow-x00": False}}
    ),
).include(tag_regex="^desk: ")


PASSWORD = "a-desk-password-2026"


@desk_schema.hook
def map_query(context, query):
    # Server-issued opaque cursors cannot be written as JSON Schema (tests/security covers
    # every malformed form).
    if query:
        query.pop("cursor", None)
    return query


def _verdict(claim, author, *, submit=False, approver=None):
    from claims import services
    from tests.factories import SourceFactory, truth_rating

    services.evidence_add(claim=claim, source=SourceFactory(), stance="supports", actor=author)
    verdict = services.verdict_create(
        claim=claim,
        rating=truth_rating("True"),
        headline="Toll is right",
        summary="The UN's count supports it.",
        rationale="See the **report**.",
        author=author,
    )
    if submit or approver:
        services.verdict_submit(verdict=verdict, actor=author)
    if approver:
        services.verdict_approve(verdict=verdict, actor=approver)
    return verdict


@pytest.fixture
def desk(db, alice, bob, published_verdict):
    """The desk every case starts from: for each operation, an object in the state the
    operation applies to (a new claim to triage, a draft to submit, a submitted verdict to
    approve, an approved one to publish, a published one to correct), and the Admin's token.
    """
    from knox.models import AuthToken

    from claims import services
    from claims.models import Evidence
    from factcheck.lib.permissions import SYSTEM
    from integrations.models import WebhookDelivery
    from integrations.services import webhook_subscription_create
    from tests.factories import ClaimFactory, SourceFactory, make_admin, truth_rating

    admin = make_admin("eve")
    _, token = AuthToken.objects.create(user=admin)
    new_claim, other_claim = ClaimFactory(), ClaimFactory()
    draft = _verdict(ClaimFactory(), alice)
    subscription = webhook_subscription_create(
        name="CMS", url="https://hooks.example.org/in", events=["verdict.published"], actor=SYSTEM
    )
    delivery = WebhookDelivery.objects.create(
        subscription=subscription, event="verdict.published", payload={"event": "x"}
    )
    targets = {
        "claims": new_claim.pk,
        "verdicts": draft.pk,
        "verdicts/submit": draft.pk,
        "verdicts/approve": _verdict(ClaimFactory(), alice, submit=True).pk,
        "verdicts/publish": _verdict(ClaimFactory(), alice, approver=bob).pk,
        "verdicts/correct": published_verdict.pk,
        "verdicts/retract": published_verdict.pk,
        "evidence": Evidence.objects.filter(claim=draft.claim).values_list("pk", flat=True)[0],
        "sources": SourceFactory().pk,
        "speakers": new_claim.claimant_id,
        "webhooks": subscription.pk,
        "webhook-deliveries": delivery.pk,
    }
    targets["verdicts/reject"] = targets["verdicts/withdraw"] = targets["verdicts/approve"]
    # A new verdict may reword its claim only where readers saw the claim: after a retraction.
    retracted = _verdict(ClaimFactory(), alice, approver=bob)
    services.verdict_publish(verdict=retracted, actor=bob)
    services.verdict_retract(verdict=retracted, actor=bob, note="Withdrawn.")
    # Who logs in: a desk member whose password the case uses.
    alice.set_password(PASSWORD)
    alice.save()
    # Ids a request body names: each an object that exists and fits (a claim free for a new
    # verdict, a rating of its scale, a desk member to assign).
    references = {
        "claimant": new_claim.claimant_id,
        "assignee": alice.pk,
        "into": other_claim.pk,
        "claim": new_claim.pk,
        "source": SourceFactory().pk,
        "rating": truth_rating("False").pk,
        "POST /api/v1/desk/verdicts/ claim": retracted.claim_id,
        "POST /api/v1/auth/login/ username": alice.username,
        "POST /api/v1/auth/login/ password": PASSWORD,
    }
    return token, targets, references


def _fill_in_what_the_schema_cannot_say(case, token, targets, references) -> None:
    parts = case.path.split("/")
    if case.path.startswith("/api/v1/desk/") and "id" in (case.path_parameters or {}):
        resource = parts[4]
        action = parts[6] if len(parts) > 6 else ""
        case.path_parameters["id"] = targets.get(f"{resource}/{action}", targets[resource])
        if case.method in ("PUT", "PATCH"):
            # A raw WSGI GET, like schemathesis's own calls: Django's test client would
            # reconnect the signal that closes the test's connection after each request.
            client = werkzeug.test.Client(application)
            auth = {"Authorization": f"Token {token}"}
            current = client.get(case.formatted_path, headers=auth)
            case.headers = {**(case.headers or {}), "If-Match": current.headers["ETag"]}
            if isinstance(case.body, list):
                case.body = _json_patch_with_tests(case.body, current.json, references)
    if isinstance(case.body, dict):
        operation = f"{case.method} {case.path} "
        for name in case.body:
            value = case.body[name]
            if f"{operation}{name}" in references:
                case.body[name] = references[f"{operation}{name}"]
            elif name in references and isinstance(value, int) and not isinstance(value, bool):
                case.body[name] = references[name]


def _json_patch_with_tests(operations, current, references):
    """A JSON Patch whose every replace is based on the loaded version: a ``test`` of the
    value each replaced field holds now (a member's id for a nested object), which is what a
    client that read the object sends; a replace's id names an object that exists."""
    patched, tested = [], set()
    for operation in operations:
        name = operation["path"].lstrip("/")
        if operation["op"] != "test":
            value = operation["value"]
            if name in references and isinstance(value, int) and not isinstance(value, bool):
                operation = {**operation, "value": references[name]}
            if name not in tested:
                tested.add(name)
                now = current.get(name)
                if isinstance(now, dict) and "id" in now:
                    patched.append({"op": "test", "path": f"/{name}/id", "value": now["id"]})
                else:
                    patched.append({"op": "test", "path": f"/{name}", "value": now})
        patched.append(operation)
    return patched


@pytest.mark.slow
@pytest.mark.django_db
@pytest.mark.usefixtures("_keep_connection_between_wsgi_calls", "_unthrottled")
@desk_schema.parametrize()
@seed(20261202)
@settings(
    max_examples=100,
    deadline=None,
    derandomize=True,
    phases=[Phase.generate],
    suppress_health_check=list(HealthCheck),
)
def test_every_desk_operation_passes_all_schemathesis_checks(case, desk):
    token, targets, references = desk
    if case.meta is not None and case.meta.generation.mode.is_positive:
        _fill_in_what_the_schema_cannot_say(case, token, targets, references)
    with transaction.atomic():
        case.call_and_validate(headers={"Authorization": f"Token {token}", **(case.headers or {})})
        transaction.set_rollback(True)
