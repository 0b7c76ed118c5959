"""Hostile input never costs a worker: nested JSON, oversized bodies and garbage query
parameters on every endpoint get a 4xx in the one error shape, never a 500."""

from __future__ import annotations

import base64

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from factcheck.lib.permissions import SYSTEM
from factcheck.parsers import MAX_JSON_DEPTH, TOO_DEEP, json_depth_exceeds
from integrations.models import WebhookDelivery
from integrations.services import webhook_subscription_create
from tests.factories import ClaimFactory, SourceFactory, client_for, make_admin

pytestmark = pytest.mark.django_db

ERROR_KEYS = {"status", "code", "detail", "errors"}


def _api_routes() -> list[tuple[str, str]]:
    """(name, route) of every pattern under /api/v1/, from the URLconf itself: a new
    endpoint is probed without anyone adding it here."""
    (api,) = [p for p in get_resolver().url_patterns if getattr(p, "namespace", None) == "api"]
    out: list[tuple[str, str]] = []

    def walk(patterns, prefix: str) -> None:
        for p in patterns:
            if isinstance(p, URLResolver):
                walk(p.url_patterns, prefix + str(p.pattern))
            elif isinstance(p, URLPattern):
                out.append((p.name or "", prefix + str(p.pattern)))

    walk(api.url_patterns, "/api/v1/")
    return out


ROUTES = _api_routes()
WRITE_ROUTES = [(n, r) for n, r in ROUTES if "fact-check" not in r and "speakers/<slug" not in r]
DESK_LISTS = [(n, r) for n, r in ROUTES if r.startswith("/api/v1/desk/") and "<" not in r]
DESK_DETAILS = [(n, r) for n, r in ROUTES if r.startswith("/api/v1/desk/") and "<int:pk>" in r]


@pytest.fixture
def objects(published_verdict):
    claim = published_verdict.claim
    hook = webhook_subscription_create(
        name="hook", url="http://127.0.0.1:9/hook", events=["verdict.published"], actor=SYSTEM
    )
    return {
        "claims": claim.pk,
        "speakers": claim.claimant_id,
        "sources": SourceFactory().pk,
        "evidence": claim.evidence.first().pk,
        "verdicts": published_verdict.pk,
        "webhooks": hook.pk,
        "webhook-deliveries": WebhookDelivery.objects.create(
            subscription=hook, event="verdict.published", payload={}
        ).pk,
    }


@pytest.fixture
def superuser(db):
    user = make_admin("root")
    user.is_superuser = True
    user.save()
    return user


def _url(route: str, objects: dict[str, int]) -> str:
    if "<int:pk>" not in route:
        return route
    kind = route.removeprefix("/api/v1/desk/").split("/")[0]
    return route.replace("<int:pk>", str(objects[kind]))


def _assert_error_shape(response) -> None:
    assert response["Content-Type"].startswith("application/json"), response.content[:200]
    assert set(response.json()) == ERROR_KEYS


def _nested(levels: int) -> bytes:
    return b"[" * levels + b"]" * levels


@pytest.mark.parametrize("method", ["post", "put", "patch"])
@pytest.mark.parametrize(("name", "route"), WRITE_ROUTES, ids=[n for n, _ in WRITE_ROUTES])
def test_five_thousand_levels_of_nested_json_never_give_a_500(
    method, name, route, objects, superuser
):
    client = client_for(superuser)
    url = _url(route, objects)
    body = b'{"username": ' + _nested(5000) + b"}"
    response = getattr(client, method)(
        url, body, content_type="application/json", HTTP_IF_MATCH='"x"'
    )
    assert response.status_code < 500
    if response.status_code >= 400:
        _assert_error_shape(response)


def test_nested_json_on_the_anonymous_login_is_a_clean_400(db):
    response = Client().post("/api/v1/auth/login/", _nested(5000), content_type="application/json")
    assert response.status_code == 400
    _assert_error_shape(response)
    assert response.json()["detail"] == TOO_DEEP


def test_json_just_within_the_depth_limit_is_parsed_and_one_deeper_is_refused(db):
    assert not json_depth_exceeds(eval(_nested(MAX_JSON_DEPTH)))  # noqa: S307 - our literal
    assert json_depth_exceeds(eval(_nested(MAX_JSON_DEPTH + 1)))  # noqa: S307
    response = Client().post(
        "/api/v1/auth/login/",
        b'{"username": ' + _nested(MAX_JSON_DEPTH) + b"}",
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["detail"] == TOO_DEEP


def test_a_lone_surrogate_in_json_is_a_400_not_a_database_error(alice):
    response = client_for(alice).post(
        "/api/v1/desk/claims/", b'{"text": "\\ud800 rose"}', content_type="application/json"
    )
    assert response.status_code == 400
    _assert_error_shape(response)


def test_a_json_body_over_the_upload_limit_is_a_413_before_it_is_parsed(alice, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 100
    response = client_for(alice).post("/api/v1/desk/claims/", {"text": "x" * 500}, format="json")
    assert response.status_code == 413
    _assert_error_shape(response)


def _cursor(raw: str) -> str:
    return base64.b64encode(raw.encode()).decode()


GARBAGE = [
    "abc",
    "\x00",
    "1\x00",
    "9" * 30,
    "-1",
    "0",
    "²",
    "1.5",
    " ",
    "true",
    "x" * 5000,
    "ÿ",
    "1e400",
    "9223372036854775808",
]
BAD_CURSORS = [
    "%00",
    "not-base64!",
    _cursor("p=abc"),
    _cursor("p=\x00"),
    _cursor("o=1&p=x"),
    _cursor("r=1&p=1.5"),
    _cursor("p=2026-01-01"),
    _cursor("p=" + "9" * 40),
]  # (a huge offset, o=999..., is legal: DRF caps it at 1,000)
PARAMS = ["status", "assigned_to_me", "page_size", "claim", "ordering"]


@pytest.mark.parametrize(("name", "route"), DESK_LISTS, ids=[n for n, _ in DESK_LISTS])
def test_garbage_query_parameters_on_every_desk_list_are_400s_never_500s(
    name, route, objects, superuser, bob
):
    for user in (bob, superuser):
        client = client_for(user)
        for param in PARAMS:
            for value in GARBAGE:
                response = client.get(route, {param: value})
                assert response.status_code in (200, 400, 403), (param, value)
                if response.status_code != 200:
                    _assert_error_shape(response)
        for cursor in BAD_CURSORS:
            response = client.get(route, {"cursor": cursor})
            assert response.status_code in (400, 403), cursor
            _assert_error_shape(response)


@pytest.mark.parametrize(("name", "route"), DESK_DETAILS, ids=[n for n, _ in DESK_DETAILS])
def test_an_id_out_of_range_on_every_desk_detail_is_a_404(name, route, superuser):
    url = route.replace("<int:pk>", "9" * 25)
    response = client_for(superuser).get(url)
    assert response.status_code in (404, 405)
    _assert_error_shape(response)


@pytest.mark.parametrize(
    ("name", "value"),
    [("status", "bogus"), ("assigned_to_me", "maybe")],
)
def test_an_unknown_choice_on_the_claim_list_is_refused_not_ignored(name, value, alice):
    response = client_for(alice).get("/api/v1/desk/claims/", {name: value})
    assert response.status_code == 400
    assert list(response.json()["errors"]) == [name]


def test_a_nul_in_an_admin_list_filter_is_a_400_not_a_500(superuser):
    ClaimFactory()
    client = Client()
    client.force_login(superuser)
    for model in admin.site._registry:
        url = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
        for query in ("?status=%00", "?kind=%00", "?language=%00", "?q=%00"):
            assert client.get(url + query).status_code == 400, url + query


def test_the_history_page_of_a_publicly_named_speaker_opens(published_verdict, bob):
    speaker = published_verdict.claim.claimant
    record = speaker.history.latest("history_date")
    client = Client()
    client.force_login(bob)
    url = f"/admin/claims/speaker/{speaker.pk}/history/{record.history_id}/"
    assert client.get(url).status_code == 200
