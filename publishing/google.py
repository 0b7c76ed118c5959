"""``GET /v1alpha1/claims:search``: Google Fact Check Tools API, served from our own data.

Same parameters, same response shape (``claims[].claimReview[]``, ``nextPageToken``), so an
existing client of Google's API (including ``google-api-python-client`` with its discovery
document) works against us by changing only the endpoint.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, serializers
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from claims.models import Verdict
from factcheck.api import ConditionalGetMixin, error_responses
from integrations.auth import QueryParamApiKeyAuthentication
from publishing import claimreview
from publishing.selectors import (
    FACT_CHECK_FIELDS,
    assemble_fact_checks,
    fact_check_queryset,
    search_claims,
)

QUERY_REQUIRED = "query is required unless reviewPublisherSiteFilter is set."
BAD_TOKEN = "Invalid pageToken."  # noqa: S105 (a message, not a secret)
MAX_PAGE_SIZE = 100


class GoogleClaimSearchInputSerializer(serializers.Serializer):
    query = serializers.CharField(required=False, allow_blank=True, max_length=500)
    languageCode = serializers.CharField(required=False, allow_blank=True, max_length=35)
    reviewPublisherSiteFilter = serializers.CharField(
        required=False, allow_blank=True, max_length=200
    )
    maxAgeDays = serializers.IntegerField(required=False, min_value=0, max_value=100_000)
    pageSize = serializers.IntegerField(required=False, min_value=0, max_value=10_000)
    pageToken = serializers.CharField(required=False, allow_blank=True, max_length=200)
    offset = serializers.IntegerField(required=False, min_value=0, max_value=1_000_000)
    key = serializers.CharField(required=False, allow_blank=True)
    alt = serializers.ChoiceField(choices=["json"], required=False)

    def validate(self, attrs):
        if not (attrs.get("query") or "").strip() and not attrs.get("reviewPublisherSiteFilter"):
            raise serializers.ValidationError({"query": QUERY_REQUIRED})
        return attrs


class GooglePublisherSerializer(serializers.Serializer):
    name = serializers.CharField()
    site = serializers.CharField()


class GoogleClaimReviewSerializer(serializers.Serializer):
    publisher = GooglePublisherSerializer()
    url = serializers.URLField()
    title = serializers.CharField()
    reviewDate = serializers.DateTimeField()
    textualRating = serializers.CharField()
    languageCode = serializers.CharField()


class GoogleClaimSerializer(serializers.Serializer):
    text = serializers.CharField()
    claimant = serializers.CharField(required=False)
    claimDate = serializers.DateTimeField(required=False)
    claimReview = GoogleClaimReviewSerializer(many=True)


class GoogleClaimSearchResponseSerializer(serializers.Serializer):
    claims = GoogleClaimSerializer(many=True, required=False)
    nextPageToken = serializers.CharField(required=False)


def _encode_token(row: dict) -> str:
    raw = f"{row['published_at'].isoformat()}|{row['id']}".encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _decode_token(token: str) -> tuple[dt.datetime, int]:
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode()
        stamp, _, pk = raw.partition("|")
        when = dt.datetime.fromisoformat(stamp)
        if when.tzinfo is None:
            raise ValueError(stamp)
        return when, int(pk)
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise exceptions.ValidationError({"pageToken": [BAD_TOKEN]}) from None


def _filtered(params: dict) -> QuerySet[Verdict] | None:
    queryset = fact_check_queryset()
    query = (params.get("query") or "").replace("\x00", "").strip()
    if query:
        queryset = search_claims(queryset, query)
    language = (params.get("languageCode") or "").split("-")[0].strip()
    if language:
        queryset = queryset.filter(
            Q(claim__language__iexact=language) | Q(claim__language__istartswith=language + "-")
        )
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

    @extend_schema(
        tags=["interoperability"],
        operation_id="factchecktools_claims_search",
        parameters=[GoogleClaimSearchInputSerializer],
        responses={200: GoogleClaimSearchResponseSerializer, **error_responses(400, 401, 429)},
    )
    def get(self, request: Request) -> Response:
        params = GoogleClaimSearchInputSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        data = params.validated_data
        queryset = _filtered(data)
        if queryset is None:
            return Response({})
        page_size = min(data.get("pageSize") or 10, MAX_PAGE_SIZE)
        queryset = queryset.order_by("-published_at", "-id")
        if data.get("pageToken"):
            when, pk = _decode_token(data["pageToken"])
            queryset = queryset.filter(Q(published_at__lt=when) | Q(published_at=when, id__lt=pk))
            offset = 0
        else:
            offset = data.get("offset") or 0
        rows = list(queryset.values(*FACT_CHECK_FIELDS)[offset : offset + page_size + 1])
        body: dict = {}
        if len(rows) > page_size:
            rows = rows[:page_size]
            body["nextPageToken"] = _encode_token(rows[-1])
        org = settings.FACTCHECK_ORGANIZATION
        fact_checks = assemble_fact_checks(rows)
        if fact_checks:
            body = {"claims": [claimreview.google_claim(fc, org) for fc in fact_checks], **body}
            self.last_modified = max(fc["date_modified"] for fc in fact_checks)
        return Response(body)
