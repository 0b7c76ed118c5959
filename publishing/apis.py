"""Public read endpoints: anonymous (throttled by IP) or with a newsroom API key.

Only published fact-checks ever leave these views; unknown or unpublished slugs are 404,
never 403, so nobody learns that a draft exists.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

import orjson
from django.conf import settings
from django.http import HttpResponse, StreamingHttpResponse
from django.urls import reverse
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from claims.models import Verdict
from factcheck.api import (
    PUBLIC_CACHE_CONTROL,
    ConditionalGetMixin,
    JSONLDRenderer,
    ORJSONRenderer,
    PublicCursorPagination,
    error_responses,
    public_statement_timeout,
    reject_blank,
)
from integrations.auth import ApiKeyAuthentication
from publishing import claimreview
from publishing import serializers as out
from publishing.filters import FactCheckFilter, searched, wants_retracted
from publishing.selectors import (
    BY_RELEVANCE,
    NEWEST_FIRST,
    OLDEST_FIRST,
    assemble_fact_checks,
    fact_check_detail_modified,
    fact_check_queryset,
    fact_check_rows,
    feed_chunks,
    feed_page_end,
    feed_validators,
    list_rows,
    rating_scale_list,
    rows_last_modified,
    speaker_list,
    speaker_merged_slug_target,
    speaker_rating_breakdown,
)

NOT_FOUND = "No published fact-check here."
FILTER_NAMES = frozenset(FactCheckFilter.base_filters)
ORDERINGS = {"-published_at": NEWEST_FIRST, "published_at": OLDEST_FIRST, "relevance": BY_RELEVANCE}
UNKNOWN_ORDERING = "Choose one of: " + ", ".join(ORDERINGS) + "."
# The list's parameters whose values have a type (a date, a choice, a number).
TYPED_PARAMS = (
    "published_since",
    "updated_since",
    "kind",
    "include_retracted",
    "ordering",
    "page_size",
)
ORDERING_PARAM = OpenApiParameter(
    "ordering",
    str,
    enum=list(ORDERINGS),
    description=(
        "`-published_at` (newest first publication first; the default without `q`), "
        "`published_at` (oldest first) or `relevance` (the default with `q`; without `q`, "
        "newest first). A correction "
        "never moves a fact-check: lists are ordered by first publication."
    ),
)
NOT_MODIFIED = OpenApiResponse(
    description="Not modified: the `ETag` or `Last-Modified` the client sent still holds."
)


def _filter_parameters() -> list[OpenApiParameter]:
    """The FactCheckFilter's query parameters, documented from the FilterSet itself."""
    import django_filters

    params = []
    for name, field in FactCheckFilter.base_filters.items():
        kind: Any = str
        enum = None
        if isinstance(field, django_filters.IsoDateTimeFilter):
            kind = OpenApiTypes.DATETIME
        elif isinstance(field, django_filters.ChoiceFilter):
            enum = [value for value, _ in field.extra["choices"]]
        elif field.extra.get("max_length"):
            kind = {"type": "string", "maxLength": field.extra["max_length"]}
        params.append(
            OpenApiParameter(name, kind, enum=enum, description=field.extra.get("help_text", ""))
        )
    return params


PAGE_PARAMS = [
    OpenApiParameter("cursor", str, description="Opaque cursor from `next`/`previous`."),
    OpenApiParameter(
        "page_size",
        {"type": "integer", "minimum": 1, "default": 20},
        description="Items per page: at least 1; values above 100 are capped at 100.",
    ),
]


class PublicApi(ConditionalGetMixin, APIView):
    """Anonymous or read-key access; the same answer for everyone, so a CDN may cache it."""

    authentication_classes = [ApiKeyAuthentication]
    permission_classes = [AllowAny]


class FactCheckListApi(PublicApi):
    """Published fact-checks, newest first publication first; cursor-paginated (no count)."""

    filterset_class = FactCheckFilter

    @extend_schema(
        operation_id="fact_checks_list",
        tags=["public"],
        parameters=[*_filter_parameters(), ORDERING_PARAM, *PAGE_PARAMS],
        responses={
            200: out.FactCheckPageSerializer,
            304: NOT_MODIFIED,
            **error_responses(400, 401, 429, 503),
        },
    )
    def get(self, request: Request) -> Response:
        reject_blank(request.query_params, TYPED_PARAMS)
        ordering = request.query_params.get("ordering")
        if ordering is not None and ordering not in ORDERINGS:
            raise exceptions.ValidationError({"ordering": [UNKNOWN_ORDERING]})
        paginator = PublicCursorPagination()
        # Building a FilterSet (a form) costs more than the query; skip it when unused.
        if not FILTER_NAMES & request.query_params.keys():
            self.cursor_ordering = ORDERINGS[_ordering(ordering, ranked=False)]
            rows = paginator.paginate_queryset(fact_check_rows(), request, view=self) or []
            results = assemble_fact_checks(rows)
        else:
            rows, results = self._filtered(request, paginator, ordering)
        self.last_modified = rows_last_modified(rows)
        return paginator.get_paginated_response(results)

    def _filtered(self, request: Request, paginator: PublicCursorPagination, ordering: str | None):
        filterset = FactCheckFilter(request.query_params, queryset=fact_check_queryset())
        if not filterset.is_valid():
            raise exceptions.ValidationError(filterset.errors)
        if wants_retracted(filterset):
            filterset.queryset = fact_check_queryset(include_retracted=True)
        ranked = searched(filterset)
        self.cursor_ordering = ORDERINGS[_ordering(ordering, ranked=ranked)]
        # Search and filters are what a hostile query string can make expensive.
        with public_statement_timeout():
            queryset = list_rows(filterset.qs, ranked=ranked)
            rows = paginator.paginate_queryset(queryset, request, view=self) or []
            return rows, assemble_fact_checks(rows)


def _ordering(wanted: str | None, *, ranked: bool) -> str:
    """Relevance is the default of a search; without one there is nothing to rank by, and
    the list falls back to newest first publication first."""
    if wanted == "relevance" or wanted is None:
        return "relevance" if ranked else "-published_at"
    return wanted


class FactCheckDetailApi(PublicApi):
    """One fact-check: its current published version, or its retraction notice."""

    @extend_schema(
        operation_id="fact_checks_retrieve",
        tags=["public"],
        responses={
            200: out.FactCheckSerializer,
            304: NOT_MODIFIED,
            **error_responses(401, 404, 429),
        },
    )
    def get(self, request: Request, slug: str) -> Response:
        fact_check, self.last_modified = _fact_check_or_404(slug)
        return Response(fact_check)


def _fact_check_or_404(slug: str) -> tuple[dict[str, Any], dt.datetime | None]:
    """The fact-check of ``slug`` and its ``Last-Modified``."""
    fact_check, modified = fact_check_detail_modified(slug)
    if fact_check is None:
        raise exceptions.NotFound(NOT_FOUND)
    return fact_check, modified


class ClaimReviewApi(PublicApi):
    """schema.org ClaimReview JSON-LD of one published fact-check."""

    renderer_classes = [JSONLDRenderer, ORJSONRenderer]

    @extend_schema(
        operation_id="fact_checks_claimreview",
        tags=["interoperability"],
        responses={
            (200, "application/ld+json"): OpenApiTypes.OBJECT,
            304: NOT_MODIFIED,
            **error_responses(401, 404, 429),
        },
    )
    def get(self, request: Request, slug: str) -> Response:
        fact_check, modified = _fact_check_or_404(slug)
        if fact_check["status"] != Verdict.Status.PUBLISHED:
            raise exceptions.NotFound(NOT_FOUND)
        self.last_modified = modified
        return Response(
            claimreview.claim_review_document(fact_check, settings.FACTCHECK_ORGANIZATION)
        )


FEED_CHUNK = 2000
FEED_MAX_PAGE = 10_000


class DataFeedInputSerializer(serializers.Serializer):
    page_size = serializers.IntegerField(
        required=False,
        min_value=1,
        max_value=FEED_MAX_PAGE,
        help_text=(
            f"Split the feed into files of this many items (1 to {FEED_MAX_PAGE}); the "
            "`Link: rel=next` header names the next one. Without it, the whole feed."
        ),
    )
    after = serializers.IntegerField(
        required=False,
        min_value=0,
        max_value=2**63 - 1,
        help_text="Where a page starts (taken from the previous page's `Link: rel=next`).",
    )
    include_retracted = serializers.ChoiceField(
        choices=["true", "false"],
        required=False,
        help_text=(
            "`true` adds a tombstone (a DataFeedItem with `dateDeleted`, its item naming "
            "only the ClaimReview `url`) for every retracted fact-check."
        ),
    )


class DataFeedApi(PublicApi):
    """Every published fact-check as a schema.org DataFeed (the Data Commons shape).

    Streamed in keyset chunks of the public index, so memory stays flat at any size, or
    split into files with ``page_size`` (Data Commons reads several). ``ETag`` and
    ``Last-Modified`` come from two small aggregates, so a revalidation (or a HEAD) costs
    milliseconds and never builds the feed.
    """

    renderer_classes = [JSONLDRenderer, ORJSONRenderer]

    @extend_schema(
        operation_id="fact_checks_feed",
        tags=["interoperability"],
        parameters=[DataFeedInputSerializer],
        responses={
            (200, "application/ld+json"): OpenApiTypes.OBJECT,
            304: NOT_MODIFIED,
            **error_responses(400, 401, 429),
        },
    )
    def get(self, request: Request) -> HttpResponse | StreamingHttpResponse:
        return self._respond(request, with_body=True)

    @extend_schema(exclude=True)
    def head(self, request: Request) -> HttpResponse | StreamingHttpResponse:
        return self._respond(request, with_body=False)

    def _respond(
        self, request: Request, *, with_body: bool
    ) -> HttpResponse | StreamingHttpResponse:
        reject_blank(request.query_params, DataFeedInputSerializer().fields)
        params = DataFeedInputSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        include = params.validated_data.get("include_retracted") == "true"
        after = params.validated_data.get("after", 0)
        size = params.validated_data.get("page_size")
        modified, fingerprint = feed_validators(include_retracted=include)
        until, more = (None, False)
        if size is not None:
            until, more = feed_page_end(include_retracted=include, after=after, size=size)
        org = settings.FACTCHECK_ORGANIZATION
        state = f"{fingerprint}|{include}|{after}|{size}|{org['name']}|{org['url']}"
        digest = hashlib.blake2b(state.encode(), digest_size=16).hexdigest()
        # Weak: it names the feed's state, not its bytes.
        etag = f'W/"{digest}"'
        last_modified = int(modified.timestamp()) if modified else None
        not_modified = get_conditional_response(request, etag=etag, last_modified=last_modified)
        if not_modified is not None:
            return not_modified
        if with_body:
            response: HttpResponse | StreamingHttpResponse = StreamingHttpResponse(
                _stream(org, modified, include=include, after=after, until=until),
                content_type="application/ld+json",
            )
        else:
            response = HttpResponse(content_type="application/ld+json")
        response["ETag"] = etag
        response["Cache-Control"] = PUBLIC_CACHE_CONTROL
        if modified is not None:
            response["Last-Modified"] = http_date(modified.timestamp())
        if more and until is not None:
            query = request.query_params.copy()
            query["after"] = str(until)
            response["Link"] = (
                f'<{request.build_absolute_uri("?" + query.urlencode())}>; rel="next"'
            )
        return response


def _stream(org: dict[str, str], modified: Any, *, include: bool, after: int, until: int | None):
    head = orjson.dumps(claimreview.data_feed_head(org, modified))
    yield head[:-1] + b',"dataFeedElement":['
    first = True
    for chunk in feed_chunks(include_retracted=include, after=after, until=until, chunk=FEED_CHUNK):
        body = b",".join(orjson.dumps(claimreview.data_feed_element(fc, org)) for fc in chunk)
        yield body if first else b"," + body
        first = False
    yield b"]}"


class SpeakerListApi(PublicApi):
    """Speakers with at least one published fact-check, and how many they have."""

    cursor_ordering = ("name", "id")

    @extend_schema(
        operation_id="speakers_list",
        tags=["public"],
        parameters=PAGE_PARAMS,
        responses={
            200: out.PublicSpeakerPageSerializer,
            304: NOT_MODIFIED,
            **error_responses(400, 401, 429),
        },
    )
    def get(self, request: Request) -> Response:
        paginator = PublicCursorPagination()
        rows = paginator.paginate_queryset(speaker_list(), request, view=self)
        return paginator.get_paginated_response([_speaker(r) for r in rows or []])


def _speaker(row: dict[str, Any]) -> dict[str, Any]:
    return {k: row[k] for k in ("name", "slug", "kind", "role", "same_as", "published_count")}


class SpeakerDetailApi(PublicApi):
    @extend_schema(
        operation_id="speakers_retrieve",
        tags=["public"],
        responses={
            200: out.PublicSpeakerDetailSerializer,
            301: OpenApiResponse(description="The speaker was merged into another: Location."),
            **error_responses(401, 404, 429),
        },
    )
    def get(self, request: Request, slug: str) -> Response:
        row = speaker_list().filter(slug=slug).first()
        if row is None:
            # A speaker merged into another: the old address leads to the survivor.
            if target := speaker_merged_slug_target(slug):
                url = reverse("api:speaker_detail", kwargs={"slug": target})
                location = request.build_absolute_uri(url)
                return Response(
                    status=status.HTTP_301_MOVED_PERMANENTLY, headers={"Location": location}
                )
            raise exceptions.NotFound("No such speaker.")
        return Response({**_speaker(row), "ratings": speaker_rating_breakdown(row["id"])})


class RatingScaleListApi(PublicApi):
    """The rating scales with their levels and public methodology."""

    @extend_schema(
        operation_id="rating_scales_list",
        tags=["public"],
        responses={200: out.PublicRatingScaleSerializer(many=True), **error_responses(401, 429)},
    )
    def get(self, request: Request) -> Response:
        return Response(rating_scale_list())
