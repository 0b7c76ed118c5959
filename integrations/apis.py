"""The desk API of webhook subscriptions, their test ping and their delivery log.

The log is the subscription owner's (or staff's with the delivery permissions): a desk
member who may see subscriptions but did not create one reads no deliveries of it
(``integrations.selectors``, ``integrations.services.may_manage_deliveries``).
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response

from factcheck.api import PAGE_SIZE_PARAMETER_SCHEMA, error_responses
from factcheck.desk_api import (
    LIST_ERRORS,
    READ_ERRORS,
    WRITE_ERRORS,
    DeskApi,
    DeskDetailApi,
    DeskListApi,
    desk_detail_schema,
    desk_list_schema,
)
from integrations import serializers as ds
from integrations.models import WebhookDelivery, WebhookSubscription
from integrations.selectors import VIEW_DELIVERIES, webhook_deliveries_visible_to
from integrations.services import (
    may_manage_deliveries,
    webhook_delivery_replay,
    webhook_ping,
    webhook_subscription_create,
    webhook_subscription_delete,
    webhook_subscription_update,
)

SUBSCRIPTION_PERMS = ("integrations.view_webhooksubscription",)


@extend_schema(tags=["desk: webhooks"])
@extend_schema_view(
    **desk_list_schema(
        operation_id="desk_webhooks_list",
        page=ds.DeskWebhookPageSerializer,
        request=ds.DeskWebhookCreateInputSerializer,
        created=ds.DeskWebhookCreatedSerializer,
    )
)
class WebhookListApi(DeskListApi):
    required_perms = SUBSCRIPTION_PERMS
    queryset = WebhookSubscription.objects.all()
    serializer_class = ds.DeskWebhookSubscriptionSerializer
    input_serializer = ds.DeskWebhookCreateInputSerializer
    created_serializer = ds.DeskWebhookCreatedSerializer

    def create_object(self, data: dict[str, Any]) -> WebhookSubscription:
        return webhook_subscription_create(actor=self.request.user, **data)


@extend_schema(tags=["desk: webhooks"])
@extend_schema_view(
    **desk_detail_schema(ds.DeskWebhookSubscriptionSerializer, ds.DeskWebhookUpdateInputSerializer)
)
class WebhookDetailApi(DeskDetailApi):
    required_perms = SUBSCRIPTION_PERMS
    queryset = WebhookSubscription.objects.all()
    serializer_class = ds.DeskWebhookSubscriptionSerializer
    update_serializer = ds.DeskWebhookUpdateInputSerializer

    def update_object(self, obj: WebhookSubscription, data) -> WebhookSubscription:
        return webhook_subscription_update(subscription=obj, actor=self.request.user, **data)

    @extend_schema(responses={204: None, **WRITE_ERRORS})
    def delete(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        webhook_subscription_delete(subscription=self.get_object(), actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


def _sent(delivery: WebhookDelivery) -> WebhookDelivery:
    """The delivery as stored once the request's transaction committed: where the task backend
    runs at once (development), it has been sent already."""
    delivery.refresh_from_db()
    return delivery


@extend_schema(tags=["desk: webhooks"])
class WebhookPingApi(DeskApi):
    """Send a test delivery (event ``ping``) to the subscription's URL, signed like the
    others, and return its log entry; the receiver's answer is in ``status`` and
    ``last_status_code`` once it has been sent."""

    required_perms = SUBSCRIPTION_PERMS
    queryset = WebhookSubscription.objects.all()

    @extend_schema(
        operation_id="webhooks_ping",
        request=None,
        responses={201: ds.DeskWebhookDeliverySerializer, **WRITE_ERRORS},
    )
    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        subscription = self.get_object()
        delivery = webhook_ping(subscription=subscription, actor=request.user)
        data = ds.DeskWebhookDeliverySerializer(_sent(delivery)).data
        return Response(data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["desk: webhooks"])
class WebhookDeliveryListApi(DeskApi):
    """The delivery log of one subscription, newest first (cursor-paginated)."""

    required_perms = SUBSCRIPTION_PERMS
    queryset = WebhookSubscription.objects.all()

    @extend_schema(
        operation_id="webhooks_deliveries_list",
        parameters=[
            OpenApiParameter("cursor", str),
            OpenApiParameter("page_size", PAGE_SIZE_PARAMETER_SCHEMA),
        ],
        responses={
            200: ds.DeskWebhookDeliveryPageSerializer,
            **LIST_ERRORS,
            **error_responses(404),
        },
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        subscription = self.get_object()
        if not may_manage_deliveries(request.user, subscription, VIEW_DELIVERIES):
            raise PermissionDenied()
        deliveries = WebhookDelivery.objects.filter(subscription=subscription)
        page = self.paginate_queryset(deliveries)
        data = ds.DeskWebhookDeliverySerializer(page, many=True).data
        return self.get_paginated_response(data)


@extend_schema(tags=["desk: webhooks"])
class WebhookDeliveryDetailApi(DeskApi):
    """One delivery of the log (a delivery the caller may not read does not exist here)."""

    required_perms = SUBSCRIPTION_PERMS

    def get_queryset(self) -> QuerySet[WebhookDelivery]:
        return webhook_deliveries_visible_to(self.request.user)

    @extend_schema(
        operation_id="webhooks_deliveries_retrieve",
        responses={200: ds.DeskWebhookDeliverySerializer, **READ_ERRORS},
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return Response(ds.DeskWebhookDeliverySerializer(self.get_object()).data)


@extend_schema(tags=["desk: webhooks"])
class WebhookDeliveryReplayApi(DeskApi):
    """Send a logged delivery again: a new delivery of the same payload, signed afresh with
    the subscription's current secret(s); ``replay_of`` names the original."""

    required_perms = SUBSCRIPTION_PERMS

    def get_queryset(self) -> QuerySet[WebhookDelivery]:
        return webhook_deliveries_visible_to(self.request.user)

    @extend_schema(
        operation_id="webhooks_deliveries_replay",
        request=None,
        responses={201: ds.DeskWebhookDeliverySerializer, **WRITE_ERRORS},
    )
    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        delivery = self.get_object()
        replay = webhook_delivery_replay(delivery=delivery, actor=request.user)
        data = ds.DeskWebhookDeliverySerializer(_sent(replay)).data
        return Response(data, status=status.HTTP_201_CREATED)
