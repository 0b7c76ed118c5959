"""The desk API of webhook subscriptions."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response

from factcheck.desk_api import (
    WRITE_ERRORS,
    DeskDetailApi,
    DeskListApi,
)
from integrations import serializers as ds
from integrations.models import WebhookSubscription
from integrations.services import (
    webhook_subscription_create,
    webhook_subscription_delete,
    webhook_subscription_update,
)


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
