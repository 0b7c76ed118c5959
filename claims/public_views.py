"""The public fact-check page: what a reader sees, with its ClaimReview JSON-LD embedded."""

from __future__ import annotations

import json

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.http import condition, require_safe

from claims import claimreview
from claims.api.selectors import fact_check_detail

# The characters that could end a <script> block or open a comment inside it.
_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def json_ld(data: dict) -> SafeString:
    """JSON for a ``<script type="application/ld+json">`` block that no content can break out of."""
    text = json.dumps(data, ensure_ascii=False, default=str, sort_keys=False)
    return mark_safe(text.translate(_SCRIPT_ESCAPES))


def _last_modified(request: HttpRequest, slug: str):
    fact_check = fact_check_detail(slug)
    request._fact_check = fact_check  # type: ignore[attr-defined]
    return fact_check["date_modified"] if fact_check else None


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
    response["Cache-Control"] = "public, max-age=60, s-maxage=300"
    return response
