"""Nothing unpublished ever leaves through a public door.

Draft, submitted and approved verdicts, a draft correction of a published verdict, a
dismissed claim, a speaker and a source known only to the desk, and an internal evidence note
all carry a sentinel string. Every URL pattern of the project (with every plausible value for
its parameters, and with search and filter parameters aimed at the hidden data) and the
OpenAPI schema are fetched by an anonymous client and by a newsroom API key; the sentinel
must appear in no body and no header.
"""

from __future__ import annotations

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from claims import services
from claims.models import Claim
from tests.factories import ClaimFactory, SourceFactory, SpeakerFactory, truth_rating

SENTINEL = "ZQXSENTINEL"
HIDDEN_WORD = "zebracorn"

pytestmark = pytest.mark.django_db


def _walk(patterns, prefix=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            yield from _walk(p.url_patterns, prefix + str(p.pattern))
        elif isinstance(p, URLPattern):
            yield prefix + str(p.pattern)


def _fill(route: str, values: dict[str, list[str]]) -> list[str]:
    """Every concrete path for ``route`` (a ``path()`` route or a simple regex)."""
    route = route.lstrip("^").rstrip("$").replace("\\Z", "")
    if re.search(r"\(\?P|\[|\\", route) and "<" not in route:
        return []  # admin regexes we cannot fill meaningfully
    names = re.findall(r"<(?:\w+:)?(\w+)>", route)
    paths = [route]
    for name in names:
        candidates = values.get(name, values["default"])
        paths = [
            re.sub(r"<(?:\w+:)?" + name + ">", c, p, count=1) for p in paths for c in candidates
        ]
    return ["/" + p for p in paths if "(?" not in p]


@pytest.fixture
def hidden_world(alice, bob, carol, published_verdict):
    secret_speaker = SpeakerFactory(name=f"Secret {SENTINEL} Person", slug="secret-speaker")
    draft_claim = ClaimFactory(
        text=f"The {HIDDEN_WORD} budget {SENTINEL} doubled.", claimant=secret_speaker
    )
    secret_source = SourceFactory(title=f"Leaked memo {SENTINEL}", publisher_name=SENTINEL)
    services.evidence_add(
        claim=draft_claim, source=secret_source, stance="refutes", actor=alice, note=SENTINEL
    )
    draft = services.verdict_create(
        claim=draft_claim,
        rating=truth_rating("False"),
        headline=f"Draft {SENTINEL}",
        summary=SENTINEL,
        rationale=SENTINEL,
        author=alice,
    )
    submitted_claim = ClaimFactory(text=f"Submitted {HIDDEN_WORD} claim {SENTINEL}.")
    submitted = services.verdict_create(
        claim=submitted_claim,
        rating=truth_rating("False"),
        headline=f"Submitted {SENTINEL}",
        summary=SENTINEL,
        rationale=SENTINEL,
        author=alice,
    )
    services.verdict_submit(verdict=submitted, actor=alice)
    approved_claim = ClaimFactory(text=f"Approved {HIDDEN_WORD} claim {SENTINEL}.")
    approved = services.verdict_create(
        claim=approved_claim,
        rating=truth_rating("False"),
        headline=f"Approved {SENTINEL}",
        summary=SENTINEL,
        rationale=SENTINEL,
        author=alice,
    )
    services.verdict_submit(verdict=approved, actor=alice)
    services.verdict_approve(verdict=approved, actor=bob)
    dismissed = ClaimFactory(text=f"Dismissed {HIDDEN_WORD} {SENTINEL}.")
    services.claim_dismiss(claim=dismissed, actor=alice)
    # An internal note on the *published* claim, and a draft correction of it.
    services.evidence_add(
        claim=published_verdict.claim,
        source=SourceFactory(),
        stance="context",
        actor=alice,
        note=f"internal {SENTINEL}",
    )
    correction = services.verdict_correct(
        verdict=published_verdict,
        actor=bob,
        kind="correction",
        note=f"Pending {SENTINEL}",
        headline=f"Corrected {SENTINEL}",
    )
    slugs = [c.slug for c in (draft_claim, submitted_claim, approved_claim, dismissed)]
    ids = [str(v.pk) for v in (draft, submitted, approved, correction)]
    ids += [str(c.pk) for c in Claim.objects.all()]
    return {
        "slug": [*slugs, published_verdict.claim.slug, secret_speaker.slug],
        "pk": ids,
        "id": ids,
        "object_id": ids,
        "default": [*ids[:4], slugs[0]],
        "speaker": secret_speaker.slug,
    }


FILTERS = [
    {},
    {"q": HIDDEN_WORD},
    {"query": HIDDEN_WORD},
    {"speaker": "secret-speaker"},
    {"rating": "False"},
    {"publisher": SENTINEL},
    {"ordering": "published_at"},
    {"reviewPublisherSiteFilter": "127.0.0.1", "pageSize": "50"},
]


def _assert_clean(client, url, params):
    response = client.get(url, params)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert SENTINEL.encode() not in body, (url, params, response.status_code)
    for header, value in response.items():
        assert SENTINEL not in value, (url, header)
    return response.status_code


@pytest.fixture(autouse=True)
def _no_throttling(monkeypatch):
    from factcheck.api import PublicRateThrottle

    monkeypatch.setattr(PublicRateThrottle, "allow_request", lambda self, request, view: True)


@pytest.mark.slow
def test_no_url_and_no_filter_leaks_unpublished_data_to_the_public_or_a_newsroom(
    hidden_world, anon, newsroom
):
    routes = sorted(set(_walk(get_resolver().url_patterns)))
    checked = 0
    for route in routes:
        for url in _fill(route, hidden_world):
            for client in (anon, newsroom):
                for params in FILTERS if url.startswith(("/api/v1", "/v1alpha1")) else [{}]:
                    _assert_clean(client, url, params)
                    checked += 1
    assert checked > 100
    # The public list did see the published fact-check, so the walk was not vacuous.
    assert anon.get("/api/v1/fact-checks/").json()["results"]


def test_the_openapi_schema_and_docs_never_mention_draft_data(hidden_world, anon, newsroom):
    for client in (anon, newsroom):
        for url in ("/api/schema/", "/api/schema/?format=json", "/api/docs/", "/api/docs/redoc/"):
            assert _assert_clean(client, url, {}) == 200
