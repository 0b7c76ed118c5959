"""Desk API shapes of webhook subscriptions."""

from __future__ import annotations

from rest_framework import serializers

from factcheck.desk_api import StrictInputSerializer, page_serializer
from integrations.models import WebhookDelivery, WebhookSubscription


class DeskWebhookSubscriptionSerializer(serializers.ModelSerializer):
    events = serializers.ListField(
        child=serializers.ChoiceField(choices=WebhookSubscription.Event.choices)
    )

    class Meta:
        model = WebhookSubscription
        # ``previous_secret_expires_at``: after a rotation, until when the old secret still
        # signs deliveries beside the new one (null when no rotation is under way).
        fields = [
            "id",
            "name",
            "url",
            "events",
            "is_active",
            "created_at",
            "previous_secret_expires_at",
        ]
        read_only_fields = fields


class DeskWebhookCreatedSerializer(DeskWebhookSubscriptionSerializer):
    """The subscription as created, with the signing secret: shown this once, so that the
    receiver can verify ``X-Factcheck-Signature`` (later reads never include it)."""

    class Meta(DeskWebhookSubscriptionSerializer.Meta):
        fields = [*DeskWebhookSubscriptionSerializer.Meta.fields, "secret"]
        read_only_fields = fields


class DeskWebhookCreateInputSerializer(StrictInputSerializer):
    name = serializers.CharField(max_length=100)
    url = serializers.URLField(max_length=2000)
    events = serializers.ListField(
        child=serializers.ChoiceField(choices=WebhookSubscription.Event.choices),
        min_length=1,
        max_length=3,
    )
    # Left out, a strong secret is generated and returned once in the 201.
    secret = serializers.CharField(min_length=32, max_length=128, required=False)


class DeskWebhookUpdateInputSerializer(StrictInputSerializer):
    name = serializers.CharField(max_length=100, required=False)
    url = serializers.URLField(max_length=2000, required=False)
    events = serializers.ListField(
        child=serializers.ChoiceField(choices=WebhookSubscription.Event.choices),
        min_length=1,
        max_length=3,
        required=False,
    )
    is_active = serializers.BooleanField(required=False)
    secret = serializers.CharField(min_length=32, max_length=128, required=False)


DeskWebhookPageSerializer = page_serializer(
    DeskWebhookSubscriptionSerializer, "DeskWebhookPageSerializer"
)


class DeskWebhookDeliverySerializer(serializers.ModelSerializer):
    """One entry of a subscription's delivery log, with the payload it carried."""

    payload = serializers.JSONField()

    class Meta:
        model = WebhookDelivery
        fields = [
            "id",
            "subscription",
            "event",
            "status",
            "attempts",
            "last_status_code",
            "last_error",
            "created_at",
            "delivered_at",
            "replay_of",
            "payload",
        ]
        read_only_fields = fields


DeskWebhookDeliveryPageSerializer = page_serializer(
    DeskWebhookDeliverySerializer, "DeskWebhookDeliveryPageSerializer"
)
