"""API fixtures: clients for the public, a newsroom read key, a desk key, and published data."""

from __future__ import annotations

from unittest import mock

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from claims import services
from integrations.models import ApiKey
from integrations.services import api_key_create
from tests.factories import ClaimFactory, SourceFactory, truth_rating


@pytest.fixture(autouse=True)
def _fresh_throttles():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def anon():
    return APIClient()


@pytest.fixture
def newsroom_key(db):
    return api_key_create(name="Daily Bugle CMS", scope=ApiKey.Scope.READ)


@pytest.fixture
def newsroom(newsroom_key):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Api-Key {newsroom_key.raw}")
    return client


def publish(claim, alice, bob, carol, *, label="False", headline="Checked", rationale="Why."):
    """Take ``claim`` through the whole workflow and return its published verdict."""
    source = SourceFactory()
    services.evidence_add(claim=claim, source=source, stance="refutes", actor=alice)
    verdict = services.verdict_create(
        claim=claim,
        rating=truth_rating(label),
        headline=headline,
        summary="Summary for readers.",
        rationale=rationale,
        author=alice,
    )
    services.verdict_submit(verdict=verdict, actor=alice)
    services.verdict_approve(verdict=verdict, actor=bob)
    return services.verdict_publish(verdict=verdict, actor=carol)


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


def make_admin(username: str = "ada"):
    """An Admin-role user; the role's integration permissions are granted again if a
    transactional test has flushed what the data migration seeded."""
    from django.contrib.auth.models import Group, Permission

    from tests.factories import UserFactory

    user = UserFactory(username=username, role="Admin")
    group = Group.objects.get(name="Admin")
    group.permissions.add(*Permission.objects.filter(content_type__app_label="integrations"))
    return user
