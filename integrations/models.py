"""API keys for newsroom and desk integrations, and webhook subscriptions with their log.

Keys are shown once and stored only as a SHA-256 hash (they are long random strings, so a
slow hash buys nothing); the short ``prefix`` finds the row without scanning.
"""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class ApiKey(models.Model):
    class Scope(models.TextChoices):
        READ = "read", "Read (newsroom: published fact-checks only)"
        DESK = "desk", "Desk (acts as its user on the staff API)"

    name = models.CharField(max_length=100, help_text="Who uses this key, e.g. 'Daily Bugle CMS'.")
    prefix = models.CharField(max_length=12, unique=True, editable=False)
    key_hash = models.CharField(max_length=64, editable=False)
    scope = models.CharField(max_length=8, choices=Scope.choices, default=Scope.READ)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="api_keys",
        help_text="Desk keys act with this user's role; read keys need none.",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True, editable=False)
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)

    is_api_key = True  # lets throttles and permissions tell a key from a knox token

    class Meta:
        verbose_name = "API key"
        constraints = [
            models.CheckConstraint(
                condition=Q(scope="read") | Q(user__isnull=False), name="apikey_desk_has_user"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…, {self.scope})"

    @property
    def is_active(self) -> bool:
        if self.revoked_at is not None:
            return False
        return self.expires_at is None or self.expires_at > timezone.now()


class WebhookSubscription(models.Model):
    class Event(models.TextChoices):
        PUBLISHED = "verdict.published", "Verdict published"
        CORRECTED = "verdict.corrected", "Verdict corrected"
        RETRACTED = "verdict.retracted", "Verdict retracted"

    name = models.CharField(max_length=100)
    url = models.URLField(max_length=2000)
    secret = models.CharField(
        max_length=128, help_text="Shared secret for the X-Factcheck-Signature HMAC."
    )
    # The secret replaced by the last rotation, still signing (beside the new one) until
    # ``previous_secret_expires_at`` so the receiver can switch over without a failed delivery.
    previous_secret = models.CharField(max_length=128, blank=True, editable=False)
    previous_secret_expires_at = models.DateTimeField(null=True, blank=True, editable=False)
    events = models.JSONField(default=list, help_text="Event names to deliver.")
    is_active = models.BooleanField(default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return f"{self.name} → {self.url}"

    def signing_secrets(self, now: datetime | None = None) -> list[str]:
        """The secrets a delivery is signed with now: the current one, and the previous one
        while the rotation's overlap period lasts."""
        now = now or timezone.now()
        expires = self.previous_secret_expires_at
        if self.previous_secret and expires is not None and expires > now:
            return [self.secret, self.previous_secret]
        return [self.secret]


class WebhookDelivery(models.Model):
    PING = "ping"  # the event of a test delivery (``webhook_ping``)

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        DELIVERED = "delivered", "Delivered"
        RETRYING = "retrying", "Retrying"
        FAILED = "failed", "Failed"

    subscription = models.ForeignKey(
        WebhookSubscription, on_delete=models.CASCADE, related_name="deliveries"
    )
    event = models.CharField(max_length=32)
    payload = models.JSONField()
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    # A replay is a new delivery of the same payload; this names the delivery it repeats.
    replay_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="replays"
    )

    class Meta:
        verbose_name_plural = "webhook deliveries"
        ordering = ["-created_at", "-id"]
        indexes = [
            # The admin delivery log: newest first, filtered by status.
            models.Index(fields=["status", "-created_at"], name="webhook_delivery_status_idx"),
            # The API's delivery log of one subscription, newest first (cursor on the id).
            models.Index(fields=["subscription", "-id"], name="webhook_delivery_log_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.event} → {self.subscription_id} ({self.status})"
