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
        if any("\x00" in s for k, vs in request.GET.lists() for s in (k, *vs)):
            if request.path.startswith(API_PREFIXES):
                return _bad_query()
            raise NulInQuery(NUL_IN_QUERY)
        return self.get_response(request)


def _bad_query() -> HttpResponse:
    body = {"status": 400, "code": "invalid", "detail": NUL_IN_QUERY, "errors": {}}
    return HttpResponse(orjson.dumps(body), status=400, content_type="application/json")
