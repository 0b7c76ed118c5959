"""Writes and look-ups for API keys and webhook subscriptions."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from factcheck.lib.netpolicy import check_url, vet_url
from factcheck.lib.permissions import (
    NOT_ALLOWED,
    Actor,
    SystemActor,
    recorded_user,
    require_perm,
)
from integrations.models import ApiKey, WebhookDelivery, WebhookSubscription
from integrations.tasks import deliver_webhook

if TYPE_CHECKING:
    from datetime import datetime

    from django.contrib.auth.models import User

DESK_KEY_NEEDS_USER = "A desk key acts as a user; choose one."
DESK_KEY_FOR_OTHERS = (
    "A desk key acts as its user, so only that user (or a superuser) may issue it: "
    "an Admin issuing one for an editor could approve and publish as them."
)
UNKNOWN_EVENT = "Unknown event."
KEY_PREFIX = "fck_"


@dataclass(frozen=True)
class IssuedKey:
    api_key: ApiKey
    raw: str  # shown once; only its hash is stored


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _check_key_user(scope: str, user: User | None, actor: Actor) -> None:
    """A desk key acts as its user with all their rights (approving, publishing), so it is
    issued only by that user for themselves, by a superuser, or by the workbench itself
    (``SYSTEM``: the operator at the command line). Holding ``add_apikey`` (the Admin role)
    is not enough to act as someone else. Read keys name no user and anyone permitted may
    issue them."""
    if scope != ApiKey.Scope.DESK:
        return
    if user is None:
        raise ValidationError({"user": DESK_KEY_NEEDS_USER}, code="desk_key_needs_user")
    if isinstance(actor, SystemActor) or getattr(actor, "is_superuser", False):
        return
    if actor.pk != user.pk:
        raise PermissionDenied(DESK_KEY_FOR_OTHERS)


@transaction.atomic
def api_key_create(
    *,
    name: str,
    actor: Actor,
    scope: str = ApiKey.Scope.READ,
    user: User | None = None,
    expires_at: datetime | None = None,
) -> IssuedKey:
    """Issue a key; ``actor`` is recorded as ``created_by`` (none for ``SYSTEM``)."""
    require_perm(actor, "integrations.add_apikey")
    _check_key_user(scope, user, actor)
    prefix = secrets.token_hex(4)
    secret = secrets.token_urlsafe(32)
    key = ApiKey(
        name=name,
        scope=scope,
        user=user,
        created_by=recorded_user(actor),
        expires_at=expires_at,
        prefix=prefix,
        key_hash=_hash(secret),
    )
    key.full_clean()
    key.save()
    return IssuedKey(api_key=key, raw=f"{KEY_PREFIX}{prefix}.{secret}")


# What an issued key's holder may have changed; its secret and prefix never change.
API_KEY_EDITABLE = ("name", "scope", "user", "expires_at")


@transaction.atomic
def api_key_update(*, api_key: ApiKey, actor: Actor, **changes: Any) -> ApiKey:
    require_perm(actor, "integrations.change_apikey")
    unknown = set(changes) - set(API_KEY_EDITABLE)
    if unknown:
        raise ValidationError(f"These fields cannot be edited: {', '.join(sorted(unknown))}.")
    api_key = ApiKey.objects.select_for_update().get(pk=api_key.pk)
    for field, value in changes.items():
        setattr(api_key, field, value)
    if {"scope", "user"} & set(changes):
        _check_key_user(api_key.scope, api_key.user, actor)
    api_key.full_clean()
    api_key.save()
    return api_key


@transaction.atomic
def api_key_revoke(*, api_key: ApiKey, actor: Actor) -> ApiKey:
    """Stop a key working at once; a key revoked before keeps its first revocation time."""
    require_perm(actor, "integrations.change_apikey")
    api_key = ApiKey.objects.select_for_update().get(pk=api_key.pk)
    if api_key.revoked_at is None:
        api_key.revoked_at = timezone.now()
        api_key.save(update_fields=["revoked_at"])
    return api_key


@transaction.atomic
def api_key_delete(*, api_key: ApiKey, actor: Actor) -> None:
    require_perm(actor, "integrations.delete_apikey")
    api_key.delete()


def api_key_check(raw: str) -> ApiKey | None:
    """The active key matching ``raw``, or None; constant-time on the secret part."""
    if not raw.startswith(KEY_PREFIX) or "." not in raw:
        return None
    prefix, _, secret = raw[len(KEY_PREFIX) :].partition(".")
    key = ApiKey.objects.select_related("user").filter(prefix=prefix).first()
    if key is None or not hmac.compare_digest(key.key_hash, _hash(secret)):
        return None
    if not key.is_active or (key.user is not None and not key.user.is_active):
        return None
    now = timezone.now()
    # Touch at most once a minute so a busy integration does not write on every request.
    if key.last_used_at is None or (now - key.last_used_at).total_seconds() > 60:
        ApiKey.objects.filter(pk=key.pk).update(last_used_at=now)
    return key


SHORT_SECRET = "A webhook secret needs at least 32 characters (leave it out to get one)."  # noqa: S105 (a message, not a secret)
MIN_SECRET_LENGTH = 32


def webhook_target_check(url: str | None, secret: str | None) -> None:
    """Refuse at subscription time what delivery would refuse anyway (the outbound policy in
    ``factcheck.lib.netpolicy``). Where private targets are allowed (development) the host is
    not resolved, so a receiver that is not running yet can be subscribed."""
    if url:
        try:
            if settings.WEBHOOK_ALLOW_PRIVATE_TARGETS:
                check_url(url, allow_non_public=True)
            else:
                vet_url(url)
        except ValidationError as exc:
            raise ValidationError({"url": exc}) from exc  # keeps the policy's code
    if secret is not None and len(secret) < MIN_SECRET_LENGTH:
        raise ValidationError({"secret": SHORT_SECRET}, code="short_secret")


def _check_events(events: list[str]) -> None:
    known = set(WebhookSubscription.Event.values)
    if not events or not set(events) <= known:
        raise ValidationError({"events": UNKNOWN_EVENT}, code="unknown_event")


@transaction.atomic
def webhook_subscription_create(
    *, name: str, url: str, events: list[str], actor: Actor, secret: str = ""
) -> WebhookSubscription:
    require_perm(actor, "integrations.add_webhooksubscription")
    _check_events(events)
    webhook_target_check(url, secret or None)
    sub = WebhookSubscription(
        name=name,
        url=url,
        events=sorted(set(events)),
        secret=secret or secrets.token_urlsafe(32),
        created_by=recorded_user(actor),
    )
    sub.full_clean()
    sub.save()
    return sub


@transaction.atomic
def webhook_subscription_update(
    *, subscription: WebhookSubscription, actor: Actor, **changes
) -> WebhookSubscription:
    require_perm(actor, "integrations.change_webhooksubscription")
    if "events" in changes:
        _check_events(changes["events"])
        changes["events"] = sorted(set(changes["events"]))
    # Only a new URL is resolved again: a receiver whose name stopped resolving can still be
    # paused or renamed.
    new_url = changes.get("url")
    webhook_target_check(
        new_url if new_url and new_url != subscription.url else None, changes.get("secret")
    )
    new_secret = changes.get("secret")
    if new_secret and new_secret != subscription.secret:
        _rotate_secret(subscription)
    for field in ("name", "url", "events", "is_active", "secret"):
        if field in changes:
            setattr(subscription, field, changes[field])
    subscription.full_clean()
    subscription.save()
    return subscription


def _rotate_secret(subscription: WebhookSubscription) -> None:
    """Keep the outgoing secret signing beside the new one for the overlap period
    (``WEBHOOK_SECRET_OVERLAP_HOURS``; see ``integrations.webhooks``). A second rotation within
    the period drops the oldest secret: at most two are ever valid."""
    overlap = timedelta(hours=settings.WEBHOOK_SECRET_OVERLAP_HOURS)
    subscription.previous_secret = subscription.secret
    subscription.previous_secret_expires_at = timezone.now() + overlap


@transaction.atomic
def webhook_subscription_delete(*, subscription: WebhookSubscription, actor: Actor) -> None:
    """Delete a subscription with its delivery log."""
    require_perm(actor, "integrations.delete_webhooksubscription")
    subscription.delete()


def webhook_deliveries_create(*, event: str, payload: dict[str, Any]) -> list[int]:
    """One pending delivery of ``payload`` per active subscription to ``event``; their ids.

    The caller (``publishing.signals``) builds the payload: what a subscriber receives is
    the public fact-check, which this app does not know how to read."""
    subscriptions = [
        s for s in WebhookSubscription.objects.filter(is_active=True) if event in s.events
    ]
    if not subscriptions:
        return []
    deliveries = WebhookDelivery.objects.bulk_create(
        [WebhookDelivery(subscription=s, event=event, payload=payload) for s in subscriptions]
    )
    return [d.pk for d in deliveries]


PAUSED_SUBSCRIPTION = "This subscription is paused; activate it before sending to it."
CANNOT_REPLAY_PING = "A test ping is not replayed; send a new one."


def may_manage_deliveries(actor: Actor, subscription: WebhookSubscription, perm: str) -> bool:
    """Object-level rule of the delivery log: the subscription's owner (who created it), or
    staff holding ``perm`` on every delivery (``view_``/``change_webhookdelivery``)."""
    if not actor.is_active:
        return False
    if actor.pk is not None and actor.pk == subscription.created_by_id:
        return True
    return actor.has_perm(perm)


def _require_delivery_perm(actor: Actor, subscription: WebhookSubscription) -> None:
    if not may_manage_deliveries(actor, subscription, "integrations.change_webhookdelivery"):
        raise PermissionDenied(NOT_ALLOWED)


def _send_after_commit(delivery: WebhookDelivery) -> WebhookDelivery:
    transaction.on_commit(lambda: deliver_webhook.enqueue(delivery.pk))
    return delivery


@transaction.atomic
def webhook_ping(*, subscription: WebhookSubscription, actor: Actor) -> WebhookDelivery:
    """Queue a test delivery (event ``ping``) to ``subscription``, signed like any other, so
    a receiver can be checked before a fact-check is published. It is logged with the rest."""
    _require_delivery_perm(actor, subscription)
    if not subscription.is_active:
        raise ValidationError(PAUSED_SUBSCRIPTION, code="paused_subscription")
    payload = {
        "event": WebhookDelivery.PING,
        "occurred_at": timezone.now().isoformat(),
        "subscription": {"id": subscription.pk, "name": subscription.name},
    }
    delivery = WebhookDelivery.objects.create(
        subscription=subscription, event=WebhookDelivery.PING, payload=payload
    )
    return _send_after_commit(delivery)


@transaction.atomic
def webhook_delivery_replay(*, delivery: WebhookDelivery, actor: Actor) -> WebhookDelivery:
    """Send ``delivery``'s payload again as a new delivery (its own id, attempts and log
    entry, ``replay_of`` naming the original). The body is the event as it happened; the
    signature is made when it is sent, with a fresh timestamp and the subscription's
    current secret(s), so a receiver's replay protection accepts it."""
    subscription = delivery.subscription
    _require_delivery_perm(actor, subscription)
    if not subscription.is_active:
        raise ValidationError(PAUSED_SUBSCRIPTION, code="paused_subscription")
    if delivery.event == WebhookDelivery.PING:
        raise ValidationError(CANNOT_REPLAY_PING, code="cannot_replay_ping")
    replay = WebhookDelivery.objects.create(
        subscription=subscription,
        event=delivery.event,
        payload=delivery.payload,
        replay_of=delivery,
    )
    return _send_after_commit(replay)
