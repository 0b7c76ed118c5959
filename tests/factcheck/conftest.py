"""Fixtures of the in-process schemathesis runs (tests/factcheck/test_schema*.py)."""

from __future__ import annotations

import pytest
from django.core import signals
from django.db import close_old_connections


@pytest.fixture
def _keep_connection_between_wsgi_calls():
    # A raw WSGI call fires request_finished, which would close the test's transaction.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def _unthrottled(monkeypatch):
    from factcheck.api import PublicRateThrottle

    monkeypatch.setattr(PublicRateThrottle, "allow_request", lambda self, request, view: True)
