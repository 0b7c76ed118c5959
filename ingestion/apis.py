"""The desk API of article ingestion."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response

from claims.models import Appearance
from factcheck.api import error_responses
from factcheck.desk_api import DeskApi
from factcheck.lib.metadata import parse_article
from ingestion import serializers as ds
from ingestion.services import source_ingest
from sources.models import Source


def _ingest_body(source: Source, created: bool, request: Request) -> dict[str, Any]:
    appearances = (
        Appearance.objects.filter(source=source)
        .select_related("claim__claimant", "claim__assignee")
        .order_by("start", "id")
    )
    by_claim: dict[int, dict[str, Any]] = {}
    for appearance in appearances:
        entry = by_claim.setdefault(appearance.claim_id, {"claim": appearance.claim, "spans": []})
        entry["spans"].append(appearance)
    return ds.DeskIngestResultSerializer(
        {"source": source, "created": created, "claims": list(by_claim.values())},
        context={"request": request},
    ).data


@extend_schema(
    tags=["desk: articles"],
    request=ds.DeskArticleInputSerializer,
    responses={
        201: ds.DeskIngestResultSerializer,
        200: ds.DeskIngestResultSerializer,
        **error_responses(400, 401, 403, 429),
    },
)
class ArticleIngestApi(DeskApi):
    """Ingest an article (text, Markdown or HTML) through the same service as the admin.

    Idempotent: sending the same URL or the same text again returns the stored source and
    its claims with 200 instead of 201.
    """

    required_perms = ("sources.add_source", "claims.add_claim")

    def post(self, request: Request) -> Response:
        payload = ds.DeskArticleInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = dict(payload.validated_data)
        # The same parser as the admin and ``manage.py ingest``: header lines or meta tags
        # fill what the request leaves out, and never become claims. An HTML page's meta
        # tags are read by ingestion, and only when the page is not stored already.
        parsed = parse_article(data["text"], data["format"], read_html_meta=False)
        meta = parsed.meta
        result = source_ingest(
            text=parsed.body,
            fmt=parsed.fmt,
            page_meta=parsed.fmt == "html",
            url=data.get("url") or meta.url or None,
            title=data["title"] or meta.title,
            published_at=data.get("published_at") or meta.published_at,
            publisher_name=data["publisher_name"] or meta.publisher,
            authors=list(meta.authors),
            language=data["language"] or meta.language,
            actor=request.user,
        )
        return Response(
            _ingest_body(result.source, result.created, request),
            status=status.HTTP_201_CREATED if result.created else status.HTTP_200_OK,
        )
