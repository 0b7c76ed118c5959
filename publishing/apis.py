"""Public read endpoints: anonymous (throttled by IP) or with a newsroom API key.

Only published fact-checks ever leave these views; unknown or unpublished slugs are 404,
never 403, so nobody learns that a draft exists.
"""

from __future__ import annotations

from typing import Any

import orjson
from django.conf import settings
from django.db.models import Max
from django.http import StreamingHttpResponse
from django.urls import reverse
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, status
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
)
from integrations.auth import ApiKeyAuthentication
from publishing import claimreview
from publishing import serializers as out
from publishing.filters import FactCheckFilter
from publishing.selectors import (
    FACT_CHECK_FIELDS,
    assemble_fact_checks,
    fact_check_detail,
    fact_check_queryset,
    fact_check_rows,
    rating_scale_list,
    speaker_list,
    speaker_merged_slug_target,
    speaker_rating_breakdown,
)

NOT_FOUND = "No published fact-check here."
FILTER_NAMES = frozenset(FactCheckFilter.base_filters)
ORDERING_PARAM = OpenApiParameter(
    "ordering", str, enum=["-published_at", "published_at"], description="Default newest first."
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
        elif isinstance(field, django_filters.BooleanFilter):
            kind = bool
        elif isinstance(field, django_filters.ChoiceFilter):
            enum = [value for value, _ in field.extra["choices"]]
        params.append(
            OpenApiParameter(name, kind, enum=enum, description=field.extra.get("help_text", ""))
        )
    return params


PAGE_PARAMS = [
    OpenApiParameter("cursor", str, description="Opaque cursor from `next`/`previous`."),
    OpenApiParameter("page_size", int, description="1–100, default 20."),
]


class PublicApi(ConditionalGetMixin, APIView):
    """Anonymous or read-key access; the same answer for everyone, so a CDN may cache it."""

    authentication_classes = [ApiKeyAuthentication]
    permission_classes = [AllowAny]


class FactCheckListApi(PublicApi):
    """Published fact-checks, newest first; cursor-paginated (no total count)."""

    filterset_class = FactCheckFilter

    @extend_schema(
        operation_id="fact_checks_list",
        tags=["public"],
        parameters=[*_filter_parameters(), ORDERING_PARAM, *PAGE_PARAMS],
        responses={200: out.FactCheckPageSerializer, **error_responses(400, 401, 429)},
    )
    def get(self, request: Request) -> Response:
        # Building a FilterSet (a form) costs more than the query; skip it when unused.
        if FILTER_NAMES & request.query_params.keys():
            include = request.query_params.get("include_retracted") in ("true", "1", "True")
            filterset = FactCheckFilter(
                request.query_params, queryset=fact_check_queryset(include_retracted=include)
            )
            if not filterset.is_valid():
                raise exceptions.ValidationError(filterset.errors)
            queryset = filterset.qs.values(*FACT_CHECK_FIELDS)
        else:
            queryset = fact_check_rows()
        paginator = PublicCursorPagination()
        rows: list[dict[str, Any]] | None = paginator.paginate_queryset(
            queryset, request, view=self
        )
        results = assemble_fact_checks(rows or [])
        if results:
            self.last_modified = max(fc["date_modified"] for fc in results)
        return paginator.get_paginated_response(results)


class FactCheckDetailApi(PublicApi):
    """One fact-check: its current published version, or its retraction notice."""

    @extend_schema(
        operation_id="fact_checks_retrieve",
        tags=["public"],
        responses={200: out.FactCheckSerializer, **error_responses(401, 404, 429)},
    )
    def get(self, request: Request, slug: str) -> Response:
        fact_check = _fact_check_or_404(slug)
        self.last_modified = fact_check["date_modified"]
        return Response(fact_check)


def _fact_check_or_404(slug: str) -> dict[str, Any]:
    fact_check = fact_check_detail(slug)
    if fact_check is None:
        raise exceptions.NotFound(NOT_FOUND)
    return fact_check


class ClaimReviewApi(PublicApi):
    """schema.org ClaimReview JSON-LD of one published fact-check."""

    renderer_classes = [JSONLDRenderer, ORJSONRenderer]

    @extend_schema(
        operation_id="fact_checks_claimreview",
        tags=["interoperability"],
        responses={
            (200, "application/ld+json"): OpenApiTypes.OBJECT,
            **error_responses(401, 404, 429),
        },
    )
    def get(self, request: Request, slug: str) -> Response:
        fact_check = _fact_check_or_404(slug)
        if fact_check["status"] != Verdict.Status.PUBLISHED:
            raise exceptions.NotFound(NOT_FOUND)
        self.last_modified = fact_check["date_modified"]
        return Response(
            claimreview.claim_review_document(fact_check, settings.FACTCHECK_ORGANIZATION)
        )


FEED_CHUNK = 500


class DataFeedApi(PublicApi):
    """Every published fact-check as a schema.org DataFeed (the Data Commons shape).

    Streamed in chunks so memory stays flat at any size; ``Last-Modified`` makes a repeat
    download a 304.
    """

    renderer_classes = [JSONLDRenderer, ORJSONRenderer]

    @extend_schema(
        operation_id="fact_checks_feed",
        tags=["interoperability"],
        responses={
            (200, "application/ld+json"): OpenApiTypes.OBJECT,
            **error_responses(401, 404, 429),
        },
    )
    def get(self, request: Request):
        org = settings.FACTCHECK_ORGANIZATION
        # Publishing a version (corrections and retractions included) is the only public
        # event; a superseded version's status change comes with its successor's publication.
        modified = Verdict.objects.public().aggregate(latest=Max("published_at"))["latest"]
        if modified is not None:
            not_modified = get_conditional_response(
                request._request, last_modified=int(modified.timestamp())
            )
            if not_modified is not None:
                return not_modified
        response = StreamingHttpResponse(
            self._stream(org, modified), content_type="application/ld+json"
        )
        response["Cache-Control"] = PUBLIC_CACHE_CONTROL
        response["Access-Control-Allow-Origin"] = "*"
        if modified is not None:
            response["Last-Modified"] = http_date(modified.timestamp())
        return response

    def finalize_response(self, request, response, *args, **kwargs):
        if isinstance(response, StreamingHttpResponse) or response.status_code == 304:
            return response
        return super().finalize_response(request, response, *args, **kwargs)

    @staticmethod
    def _stream(org: dict[str, str], modified):
        head = claimreview.data_feed([], org, modified)
        opening = orjson.dumps(head)[: -len(b"[]}")]
        yield opening + b"["
        ids = list(
            fact_check_queryset().order_by("-published_at", "-id").values_list("id", flat=True)
        )
        first = True
        for start in range(0, len(ids), FEED_CHUNK):
            chunk = ids[start : start + FEED_CHUNK]
            rows = list(
                fact_check_queryset()
                .filter(id__in=chunk)
                .order_by("-published_at", "-id")
                .values(*FACT_CHECK_FIELDS)
            )
            for element in claimreview.data_feed(assemble_fact_checks(rows), org, modified)[
                "dataFeedElement"
            ]:
                yield (b"" if first else b",") + orjson.dumps(element)
                first = False
        yield b"]}"


class SpeakerListApi(PublicApi):
    """Speakers with at least one published fact-check, and how many they have."""

    cursor_ordering = ("name", "id")
    cursor_orderings: dict[str, tuple[str, ...]] = {}

    @extend_schema(
        operation_id="speakers_list",
        tags=["public"],
        parameters=PAGE_PARAMS,
        responses={200: out.PublicSpeakerPageSerializer, **error_responses(400, 401, 429)},
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
