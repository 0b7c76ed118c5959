"""``GET /v1alpha1/claims:search``: Google Fact Check Tools API, served from our own data.

Same parameters, same response shape (``claims[].claimReview[]``, ``nextPageToken``), same
error shape (``{"error": {"code", "message", "status"}}``) and Google's partial responses
(``fields=``), so an existing client of Google's API (including ``google-api-python-client``
with its discovery document) works against us by changing only the endpoint. Results are
ranked by relevance when there is a ``query``; ``orderBy=newest`` (our extension) asks for
newest first publication first. ``offset`` is bounded: deeper pages come by ``pageToken``,
which is a keyset position and costs the same at any depth.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
from typing import Any

import orjson
from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, serializers
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from claims.models import Verdict
from factcheck.api import (
    ConditionalGetMixin,
    exception_handler,
    public_statement_timeout,
    reject_blank,
)
from integrations.auth import QueryParamApiKeyAuthentication
from publishing import claimreview
from publishing.selectors import (
    BY_RELEVANCE,
    NEWEST_FIRST,
    assemble_fact_checks,
    fact_check_queryset,
    filter_language,
    list_rows,
    rows_last_modified,
    search_fact_checks,
)

QUERY_REQUIRED = "query is required unless reviewPublisherSiteFilter is set."
BAD_TOKEN = "Invalid pageToken."  # noqa: S105 (a message, not a secret)
MAX_PAGE_SIZE = 100
MAX_OFFSET = 1000
OFFSET_TOO_DEEP = f"offset must be at most {MAX_OFFSET}; page further with nextPageToken."
ORDERS = {"relevance": BY_RELEVANCE, "newest": NEWEST_FIRST}
TYPED_PARAMS = ("maxAgeDays", "pageSize", "offset", "orderBy", "alt")

# Google's canonical error codes for the HTTP statuses this endpoint answers.
GOOGLE_STATUS = {
    400: "INVALID_ARGUMENT",
    401: "UNAUTHENTICATED",
    403: "PERMISSION_DENIED",
    404: "NOT_FOUND",
    406: "INVALID_ARGUMENT",
    429: "RESOURCE_EXHAUSTED",
    500: "INTERNAL",
    503: "UNAVAILABLE",
}

# What ``fields=`` may select: the response's shape, each name to its own sub-fields.
RESPONSE_FIELDS: dict[str, Any] = {
    "claims": {
        "text": {},
        "claimant": {},
        "claimDate": {},
        "claimReview": {
            "publisher": {"name": {}, "site": {}},
            "url": {},
            "title": {},
            "reviewDate": {},
            "textualRating": {},
            "languageCode": {},
        },
    },
    "nextPageToken": {},
}


class GoogleClaimSearchInputSerializer(serializers.Serializer):
    query = serializers.CharField(required=False, allow_blank=True, max_length=500)
    languageCode = serializers.CharField(required=False, allow_blank=True, max_length=35)
    reviewPublisherSiteFilter = serializers.CharField(
        required=False, allow_blank=True, max_length=200
    )
    maxAgeDays = serializers.IntegerField(required=False, min_value=0, max_value=100_000)
    pageSize = serializers.IntegerField(required=False, min_value=0, max_value=10_000)
    pageToken = serializers.CharField(required=False, allow_blank=True, max_length=200)
    offset = serializers.IntegerField(
        required=False,
        min_value=0,
        max_value=MAX_OFFSET,
        error_messages={"max_value": OFFSET_TOO_DEEP},
        help_text=f"Only used without pageToken; at most {MAX_OFFSET}.",
    )
    orderBy = serializers.ChoiceField(
        choices=list(ORDERS),
        required=False,
        help_text=(
            "Not in Google's API: `relevance` (the default with a query) or `newest` (newest "
            "first publication first; always without a query)."
        ),
    )
    # Google's name for it; the metaclass takes it out of the class, so Serializer.fields stays.
    fields = serializers.CharField(  # type: ignore[assignment]
        required=False, allow_blank=True, max_length=500
    )
    key = serializers.CharField(required=False, allow_blank=True, max_length=200)
    alt = serializers.ChoiceField(choices=["json"], required=False)

    def validate(self, attrs):
        if not (attrs.get("query") or "").strip() and not attrs.get("reviewPublisherSiteFilter"):
            raise serializers.ValidationError({"query": QUERY_REQUIRED})
        if attrs.get("fields"):
            attrs["selection"] = parse_fields(attrs["fields"])
        return attrs


class GoogleClaimSearchParametersSerializer(GoogleClaimSearchInputSerializer):
    """The parameters as documented: ``fields`` is one of Google's system parameters (its
    discovery document lists it apart from the method's own), described on the operation;
    its selector grammar is not something a JSON Schema can say."""

    def get_fields(self):
        declared = super().get_fields()
        declared.pop("fields", None)
        return declared


class GooglePublisherSerializer(serializers.Serializer):
    name = serializers.CharField()
    site = serializers.CharField()


class GoogleClaimReviewSerializer(serializers.Serializer):
    publisher = GooglePublisherSerializer(required=False)
    url = serializers.URLField(required=False)
    title = serializers.CharField(required=False)
    reviewDate = serializers.DateTimeField(required=False)
    textualRating = serializers.CharField(required=False)
    languageCode = serializers.CharField(required=False)


class GoogleClaimSerializer(serializers.Serializer):
    text = serializers.CharField(required=False, help_text="The ClaimReview's claimReviewed.")
    claimant = serializers.CharField(required=False)
    claimDate = serializers.DateTimeField(required=False)
    claimReview = GoogleClaimReviewSerializer(many=True, required=False)


class GoogleClaimSearchResponseSerializer(serializers.Serializer):
    claims = GoogleClaimSerializer(many=True, required=False)
    nextPageToken = serializers.CharField(required=False)


class GoogleStatusSerializer(serializers.Serializer):
    code = serializers.IntegerField()
    message = serializers.CharField()
    status = serializers.CharField()


class GoogleErrorSerializer(serializers.Serializer):
    """Google's error shape (documentation only)."""

    error = GoogleStatusSerializer()


def _google_errors(*codes: int) -> dict[int, OpenApiResponse]:
    return {code: OpenApiResponse(GoogleErrorSerializer, description="Error") for code in codes}


def google_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """The one error shape, re-dressed as Google's, so Google's clients show the message."""
    response = exception_handler(exc, context)
    if response is None:
        return None
    data = response.data
    messages = [f"{field}: {m}" for field, ms in data["errors"].items() for m in ms]
    if list(data["errors"]) == ["non_field_errors"]:
        messages = data["errors"]["non_field_errors"]
    response.data = {
        "error": {
            "code": response.status_code,
            "message": "; ".join(messages) or data["detail"],
            "status": GOOGLE_STATUS.get(response.status_code, "UNKNOWN"),
        }
    }
    return response


def parse_fields(spec: str) -> dict[str, Any]:
    """Google's partial-response selector, e.g. ``claims(text,claimReview/url),nextPageToken``.

    Returns the selection as nested dicts (an empty dict selects a field whole); a name the
    response does not have, or a malformed selector, is a validation error.
    """
    selection, rest = _parse_list(spec.replace(" ", ""), RESPONSE_FIELDS)
    if rest:
        raise serializers.ValidationError({"fields": [f"Invalid field selection: {spec}"]})
    return selection


def _parse_list(text: str, allowed: dict[str, Any]) -> tuple[dict[str, Any], str]:
    selection: dict[str, Any] = {}
    while True:
        text = _parse_item(text, allowed, selection)
        if not text.startswith(","):
            return selection, text
        text = text[1:]


def _parse_item(text: str, allowed: dict[str, Any], selection: dict[str, Any]) -> str:
    end = len(text)
    for stop in ",()":
        found = text.find(stop)
        if found != -1:
            end = min(end, found)
    path, text = text[:end].split("/"), text[end:]
    node, where = selection, allowed
    for name in path:
        if name not in where:
            raise serializers.ValidationError({"fields": [f"Invalid field selection: {name}"]})
        node, where = node.setdefault(name, {}), where[name]
    if text.startswith("("):
        inner, text = _parse_list(text[1:], where)
        if not text.startswith(")") or not inner:
            raise serializers.ValidationError({"fields": ["Unbalanced parentheses."]})
        node.update(inner)
        text = text[1:]
    return text


def select_fields(data: Any, selection: dict[str, Any]) -> Any:
    """Keep only the selected fields of ``data`` (a dict, or a list of them)."""
    if not selection:
        return data
    if isinstance(data, list):
        return [select_fields(item, selection) for item in data]
    return {k: select_fields(v, selection[k]) for k, v in data.items() if k in selection}


def _encode_token(order: str, row: dict[str, Any]) -> str:
    position = [order, row["first_published_at"].isoformat(), row["claim_id"]]
    if order == "relevance":
        position.append(row["rank"])
    return base64.urlsafe_b64encode(orjson.dumps(position)).decode().rstrip("=")


def _after_token(queryset: QuerySet[Verdict], order: str, token: str) -> QuerySet[Verdict]:
    """Rows after the keyset position ``token`` names, in ``order``."""
    try:
        position = orjson.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
        name, stamp, claim_id, *rank = position
        when = dt.datetime.fromisoformat(stamp)
        if name != order or when.tzinfo is None or not isinstance(claim_id, int):
            raise ValueError(token)
        if len(rank) != (1 if order == "relevance" else 0):
            raise ValueError(token)
        if rank and not isinstance(rank[0], (int, float)):
            raise ValueError(token)
    except (ValueError, TypeError, binascii.Error, orjson.JSONDecodeError):
        raise exceptions.ValidationError({"pageToken": [BAD_TOKEN]}) from None
    after = Q(first_published_at__lt=when) | Q(first_published_at=when, claim_id__lt=claim_id)
    if rank:
        after = Q(rank__lt=rank[0]) | (Q(rank=rank[0]) & after)
    return queryset.filter(after)


def _filtered(params: dict) -> QuerySet[Verdict] | None:
    queryset = fact_check_queryset()
    query = (params.get("query") or "").strip()
    if query:
        queryset = search_fact_checks(queryset, query)
    queryset = filter_language(queryset, params.get("languageCode") or "")
    site = (params.get("reviewPublisherSiteFilter") or "").strip().lower()
    if site:
        ours = claimreview.publisher_site(settings.FACTCHECK_ORGANIZATION["url"])
        if site.removeprefix("www.") != ours:
            return None  # every review here is ours; another publisher has none
    if params.get("maxAgeDays") is not None:
        cutoff = timezone.now() - dt.timedelta(days=params["maxAgeDays"])
        # Google measures age from the newer of the claim date and the review date.
        queryset = queryset.filter(
            Q(published_at__gte=cutoff) | Q(claim__claim_date__gte=cutoff.date())
        )
    return queryset


class GoogleClaimSearchApi(ConditionalGetMixin, APIView):
    """Search published fact-checks exactly like Google's ``claims:search``."""

    authentication_classes = [QueryParamApiKeyAuthentication]
    permission_classes = [AllowAny]

    def get_exception_handler(self):
        return google_exception_handler

    @extend_schema(
        tags=["interoperability"],
        operation_id="factchecktools_claims_search",
        description=(
            "Google's `claims:search`. Google's system parameter `fields` selects a partial "
            "response, e.g. `fields=claims(text,claimReview/url),nextPageToken`; an unknown "
            "field or a malformed selector is a 400."
        ),
        parameters=[GoogleClaimSearchParametersSerializer],
        responses={
            200: GoogleClaimSearchResponseSerializer,
            304: OpenApiResponse(description="Not modified."),
            **_google_errors(400, 401, 406, 429, 503),
        },
    )
    def get(self, request: Request) -> Response:
        reject_blank(request.query_params, TYPED_PARAMS)
        params = GoogleClaimSearchInputSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        data = params.validated_data
        queryset = _filtered(data)
        if queryset is None:
            return Response({})
        ranked = bool((data.get("query") or "").strip())
        order = data.get("orderBy") or ("relevance" if ranked else "newest")
        if not ranked:
            order = "newest"  # nothing to rank by
        page_size = min(data.get("pageSize") or 10, MAX_PAGE_SIZE)
        with public_statement_timeout():
            rows = self._page(queryset, data, order=order, ranked=ranked, size=page_size)
            fact_checks = assemble_fact_checks(rows[:page_size])
        body: dict[str, Any] = {}
        org = settings.FACTCHECK_ORGANIZATION
        if fact_checks:
            body["claims"] = [claimreview.google_claim(fc, org) for fc in fact_checks]
            self.last_modified = rows_last_modified(rows[:page_size])
        if len(rows) > page_size:
            body["nextPageToken"] = _encode_token(order, rows[page_size - 1])
        return Response(select_fields(body, data.get("selection") or {}))

    @staticmethod
    def _page(
        queryset: QuerySet[Verdict], data: dict, *, order: str, ranked: bool, size: int
    ) -> list[dict[str, Any]]:
        """One page and one row more (to know whether another page follows)."""
        offset = 0
        if data.get("pageToken"):
            queryset = _after_token(queryset, order, data["pageToken"])
        else:
            offset = data.get("offset") or 0
        rows = list_rows(queryset, ranked=ranked).order_by(*ORDERS[order])
        return list(rows[offset : offset + size + 1])
