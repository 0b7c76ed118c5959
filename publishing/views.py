"""Public pages: the front page, each fact-check (ClaimReview JSON-LD embedded) and the
methodology that the ClaimReview ``publishingPrinciples`` points to."""

from __future__ import annotations

import json

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.http import condition, require_safe

from publishing import claimreview
from publishing.selectors import (
    fact_check_detail,
    fact_check_detail_modified,
    fact_check_summaries,
    rating_scale_list,
)

# The characters that could end a <script> block or open a comment inside it.
_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def json_ld(data: dict) -> SafeString:
    """JSON for a ``<script type="application/ld+json">`` block that no content can break out of."""
    text = json.dumps(data, ensure_ascii=False, default=str, sort_keys=False)
    return mark_safe(text.translate(_SCRIPT_ESCAPES))


def _last_modified(request: HttpRequest, slug: str):
    fact_check, modified = fact_check_detail_modified(slug)
    request._fact_check = fact_check  # type: ignore[attr-defined]
    return modified


@require_safe
@condition(last_modified_func=_last_modified)
def fact_check_detail_page(request: HttpRequest, slug: str) -> HttpResponse:
    fact_check = getattr(request, "_fact_check", None) or fact_check_detail(slug)
    if fact_check is None:
        raise Http404("No published fact-check here.")
    org = settings.FACTCHECK_ORGANIZATION
    context = {"fact_check": fact_check, "organization": org, "claim_review": None}
    if fact_check["status"] == "published":
        context["claim_review"] = json_ld(claimreview.claim_review_document(fact_check, org))
    response = render(request, "public/fact_check_detail.html", context)
    return _cached(request, response, "public, max-age=60, s-maxage=300")


# Logged-in desk members check what they just published or corrected: their browser asks
# again every time (a conditional GET, so unchanged pages cost a 304) and nothing shared
# keeps their copy.
DESK_CACHE_CONTROL = "private, no-cache"


def _cached(request: HttpRequest, response: HttpResponse, public: str) -> HttpResponse:
    user = getattr(request, "user", None)
    desk = user is not None and user.is_authenticated
    response["Cache-Control"] = DESK_CACHE_CONTROL if desk else public
    return response


PAGE_SIZE = 20
MAX_PAGE = 500  # deep offsets cost a scan; the API's cursor pagination serves archives


@require_safe
def front_page(request: HttpRequest) -> HttpResponse:
    try:
        page = min(max(int(request.GET.get("page", "1")), 1), MAX_PAGE)
    except ValueError:
        page = 1
    rows = fact_check_summaries(offset=(page - 1) * PAGE_SIZE, limit=PAGE_SIZE + 1)
    context = {
        "organization": settings.FACTCHECK_ORGANIZATION,
        "fact_checks": rows[:PAGE_SIZE],
        "page": page,
        "older": page + 1 if len(rows) > PAGE_SIZE and page < MAX_PAGE else None,
        "newer": page - 1 if page > 1 else None,
    }
    response = render(request, "public/front_page.html", context)
    return _cached(request, response, "public, max-age=60, s-maxage=120")


@require_safe
def methodology_page(request: HttpRequest) -> HttpResponse:
    context = {"organization": settings.FACTCHECK_ORGANIZATION, "scales": rating_scale_list()}
    response = render(request, "public/methodology.html", context)
    return _cached(request, response, "public, max-age=300, s-maxage=600")
