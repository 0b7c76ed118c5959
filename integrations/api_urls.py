"""Webhook subscriptions on the desk API (under /api/v1/)."""

from django.urls import path

from integrations import apis

urlpatterns = [
    path("desk/webhooks/", apis.WebhookListApi.as_view(), name="desk_webhook_list"),
    path("desk/webhooks/<int:pk>/", apis.WebhookDetailApi.as_view(), name="desk_webhook_detail"),
    path("desk/webhooks/<int:pk>/ping/", apis.WebhookPingApi.as_view(), name="desk_webhook_ping"),
    path(
        "desk/webhooks/<int:pk>/deliveries/",
        apis.WebhookDeliveryListApi.as_view(),
        name="desk_webhook_delivery_list",
    ),
    path(
        "desk/webhook-deliveries/<int:pk>/",
        apis.WebhookDeliveryDetailApi.as_view(),
        name="desk_webhook_delivery_detail",
    ),
    path(
        "desk/webhook-deliveries/<int:pk>/replay/",
        apis.WebhookDeliveryReplayApi.as_view(),
        name="desk_webhook_delivery_replay",
    ),
]
