"""The cast every test can call on, named for their role on the desk.

alice writes fact-checks, bob and carol edit them, mallory is logged in (even marked as
staff) but holds no role, and the anonymous client is the public.
"""

from __future__ import annotations

from unittest import mock

import pytest
from rest_framework.test import APIClient

from factcheck.lib.permissions import SYSTEM
from integrations.models import ApiKey
from integrations.services import api_key_create
from tests.factories import ClaimFactory, UserFactory, publish, publish_through_workflow


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Throttle counters and cached pages live in the (local-memory) cache: none carries over
    from one test to the next."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _fresh_matching_index():
    """Claim matching keeps its index in process memory: none carries over either (a claim
    of a rolled-back test must not be matched at the next test's intake)."""
    from matching.index import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def alice(db):
    return UserFactory(username="alice", role="Fact-checker")


@pytest.fixture
def bob(db):
    return UserFactory(username="bob", role="Editor")


@pytest.fixture
def carol(db):
    return UserFactory(username="carol", role="Editor")


@pytest.fixture
def mallory(db):
    return UserFactory(username="mallory")


@pytest.fixture
def claim(db):
    return ClaimFactory()


@pytest.fixture
def published_verdict(claim, alice, bob, carol):
    """A verdict taken through the whole workflow: alice writes, bob approves, carol publishes."""
    return publish_through_workflow(claim, author=alice, approver=bob, publisher=carol)


@pytest.fixture
def anon():
    return APIClient()


@pytest.fixture
def newsroom_key(db):
    return api_key_create(name="Daily Bugle CMS", scope=ApiKey.Scope.READ, actor=SYSTEM)


@pytest.fixture
def newsroom(newsroom_key):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Api-Key {newsroom_key.raw}")
    return client


@pytest.fixture
def make_published(alice, bob, carol):
    def make(published_at=None, **kwargs):
        claim_kwargs = {
            k: kwargs.pop(k) for k in ("text", "kind", "language", "claimant") if k in kwargs
        }
        claim = ClaimFactory(**claim_kwargs)
        if published_at is None:
            return publish(claim, alice, bob, carol, **kwargs)
        # Published verdicts are frozen (a database trigger), so back-date by publishing
        # "in the past" rather than editing the row afterwards.
        with mock.patch("claims.services.verdicts.timezone.now", return_value=published_at):
            return publish(claim, alice, bob, carol, **kwargs)

    return make
