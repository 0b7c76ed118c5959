"""Webhook subscriptions and article ingestion."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response

from claims.api import desk_serializers as ds
from claims.api.desk.base import (
    WRITE_ERRORS,
    DeskApi,
    DeskDetailApi,
    DeskListApi,
)
from factcheck.api import (
    error_responses,
)
from integrations.models import WebhookSubscription
from integrations.services import (
    webhook_subscription_create,
    webhook_subscription_delete,
    webhook_subscription_update,
)
from sources.models import Source

# Webhooks -------------------------------------------------------------------------------


@extend_schema(tags=["desk: webhooks"])
class WebhookListApi(DeskListApi):
    required_perms = ("integrations.view_webhooksubscription",)
    output_serializer = ds.DeskWebhookSubscriptionSerializer
    input_serializer = ds.DeskWebhookCreateInputSerializer
    created_serializer = ds.DeskWebhookCreatedSerializer
    page_serializer = ds.DeskWebhookPageSerializer
    list_operation_id = "desk_webhooks_list"

    def get_queryset(self, request: Request) -> QuerySet[WebhookSubscription]:
        return WebhookSubscription.objects.all()

    def create(self, request: Request, data: dict[str, Any]) -> WebhookSubscription:
        return webhook_subscription_create(actor=request.user, **data)


@extend_schema(tags=["desk: webhooks"])
class WebhookDetailApi(DeskDetailApi):
    required_perms = ("integrations.view_webhooksubscription",)
    model = WebhookSubscription
    output_serializer = ds.DeskWebhookSubscriptionSerializer
    update_serializer = ds.DeskWebhookUpdateInputSerializer

    def update(self, request, obj: WebhookSubscription, data) -> WebhookSubscription:
        return webhook_subscription_update(subscription=obj, actor=request.user, **data)

    @extend_schema(responses={204: None, **WRITE_ERRORS})
    def delete(self, request: Request, pk: int) -> Response:
        webhook_subscription_delete(subscription=self.get_object(pk), actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


# Articles -------------------------------------------------------------------------------


def _ingest_body(source: Source, created: bool, request: Request) -> dict[str, Any]:
    from claims.models import Appearance

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
        from claims.services.ingest import source_ingest

        payload = ds.DeskArticleInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = dict(payload.validated_data)
        result = source_ingest(
            text=data["text"],
            fmt=data["format"],
            url=data.get("url"),
            title=data["title"],
            published_at=data.get("published_at"),
            publisher_name=data["publisher_name"],
            language=data["language"],
            actor=request.user,
        )
        return Response(
            _ingest_body(result.source, result.created, request),
            status=status.HTTP_201_CREATED if result.created else status.HTTP_200_OK,
        )
