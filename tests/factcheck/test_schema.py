"""The OpenAPI schema validates, the docs are served locally, and the API keeps its promises.

schemathesis runs in-process against the WSGI app with a fixed seed and a bounded number of
cases per operation: no server error, and every response (errors included) matches the
schema.
"""

from __future__ import annotations

import pytest
import schemathesis
from django.core import signals
from django.core.management import call_command
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, seed, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from factcheck.wsgi import application

schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", application)


def test_the_schema_validates_with_no_warnings(tmp_path):
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "s.yml"))


@pytest.mark.django_db
def test_the_docs_are_served_from_the_sidecar_not_a_cdn(anon):
    for url in ("/api/docs/", "/api/docs/redoc/"):
        html = anon.get(url).content.decode()
        assert "/static/drf_spectacular_sidecar/" in html
        assert "cdn.jsdelivr" not in html and "unpkg.com" not in html
        # The site's CSP allows scripts from 'self' only: no inline script may be needed.
        assert "<script>" not in html
    assert anon.get("/api/docs/?script=").status_code == 200


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


@pytest.mark.slow
@pytest.mark.django_db
@pytest.mark.usefixtures("_keep_connection_between_wsgi_calls", "_unthrottled", "published_verdict")
@schema.parametrize()
@seed(20261128)
@settings(
    max_examples=6,
    deadline=None,
    derandomize=True,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)
def test_the_api_conforms_to_its_schema(case):
    case.call_and_validate(
        checks=[
            not_a_server_error,
            status_code_conformance,
            content_type_conformance,
            response_schema_conformance,
        ]
    )


@pytest.fixture
def editor_token(db):
    from knox.models import AuthToken

    from tests.factories import make_admin

    _, token = AuthToken.objects.create(user=make_admin("eve"))
    return token


@pytest.mark.slow
@pytest.mark.django_db
@pytest.mark.usefixtures("_keep_connection_between_wsgi_calls", "_unthrottled", "published_verdict")
@schema.parametrize()
@seed(20261129)
@settings(
    max_examples=4,
    deadline=None,
    derandomize=True,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)
def test_the_api_conforms_to_its_schema_for_a_desk_admin(case, editor_token):
    case.call_and_validate(
        headers={"Authorization": f"Token {editor_token}"},
        checks=[
            not_a_server_error,
            status_code_conformance,
            content_type_conformance,
            response_schema_conformance,
        ],
    )
