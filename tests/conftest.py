"""The cast every test can call on, named for their role on the desk.

alice writes fact-checks, bob and carol edit them, mallory is logged in (even marked as
staff) but holds no role, and the anonymous client is the public.
"""

from __future__ import annotations

import pytest

from tests.factories import ClaimFactory, UserFactory, publish_through_workflow


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Throttle counters and cached pages live in the (local-memory) cache: none carries over
    from one test to the next."""
    from django.core.cache import cache

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
