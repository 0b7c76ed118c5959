"""Webhook subscriptions on the desk API (under /api/v1/)."""

from django.urls import path

from integrations import apis

urlpatterns = [
    path("desk/webhooks/", apis.WebhookListApi.as_view(), name="desk_webhook_list"),
    path("desk/webhooks/<int:pk>/", apis.WebhookDetailApi.as_view(), name="desk_webhook_detail"),
]
