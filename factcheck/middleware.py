"""Refuse query strings no view can use before they reach one.

A NUL character can never match anything stored (PostgreSQL text cannot hold it), yet every
filter that passes one to the database (the admin's list filters, ``?status=``,
``?language=``) gets a ``DataError`` and a 500. One check here covers every view: API paths
answer in the one error shape, pages with Django's plain 400.
"""

from __future__ import annotations

from collections.abc import Callable

import orjson
from django.core.exceptions import SuspiciousOperation
from django.http import HttpRequest, HttpResponse

from factcheck.api import API_PREFIXES

NUL_IN_QUERY = "Query parameters cannot contain NUL characters."


class NulInQuery(SuspiciousOperation):
    """Django answers a SuspiciousOperation with its 400 page (and logs it as suspicious)."""


class RejectNulQueryMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        bad = [k for k, vs in request.GET.lists() if any("\x00" in s for s in (k, *vs))]
        if bad:
            if request.path.startswith(API_PREFIXES):
                return _bad_query(request.path, bad)
            raise NulInQuery(NUL_IN_QUERY)
        return self.get_response(request)


def _bad_query(path: str, names: list[str]) -> HttpResponse:
    """The endpoint's own error shape: Google's for the Google-compatible search, the one
    shape of ``factcheck.api`` (naming each parameter) everywhere else."""
    if path.startswith("/v1alpha1/"):
        message = f"{NUL_IN_QUERY} ({', '.join(n.replace(chr(0), '') for n in names)})"
        body: dict = {"error": {"code": 400, "message": message, "status": "INVALID_ARGUMENT"}}
    else:
        errors = {name.replace("\x00", ""): [NUL_IN_QUERY] for name in names}
        body = {"status": 400, "code": "invalid", "detail": NUL_IN_QUERY, "errors": errors}
    return HttpResponse(orjson.dumps(body), status=400, content_type="application/json")
