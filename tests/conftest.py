"""The cast every test can call on, named for their role on the desk.

alice writes fact-checks, bob and carol edit them, mallory is logged in (even marked as
staff) but holds no role, and the anonymous client is the public.
"""

from __future__ import annotations

import pytest

from claims import services
from tests.factories import ClaimFactory, SourceFactory, UserFactory, truth_rating


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
    services.evidence_add(claim=claim, source=SourceFactory(), stance="supports", actor=alice)
    verdict = services.verdict_create(
        claim=claim,
        rating=truth_rating("True"),
        headline="Toll is right",
        summary="The UN's count supports it.",
        rationale="See the **report**.",
        author=alice,
    )
    services.verdict_submit(verdict=verdict, actor=alice)
    services.verdict_approve(verdict=verdict, actor=bob)
    return services.verdict_publish(verdict=verdict, actor=carol)
