"""Login limits that slow password guessing without handing an attacker the owner's lock.

Only *failed* logins count, in three budgets kept in the shared cache (Redis in production,
so every worker sees the same counts):

* per address (``THROTTLE_LOGIN``): one address guessing at many accounts;
* per account, for devices the account has never logged in from (``THROTTLE_LOGIN_ACCOUNT``):
  many addresses guessing at one account;
* per known device (``THROTTLE_LOGIN_DEVICE``): a successful login sets a signed device cookie
  naming the account; from then on that browser or client spends its own budget only. So when
  strangers exhaust the account's budget, the owner's correct password from a device they
  have logged in from before still gets in.

This is the device-cookie scheme of OWASP's "Slow Down Online Guessing Attacks with Device
Cookies". The cookie is signed with ``SECRET_KEY`` (no row per device), so it cannot be forged
for another account; a stolen one only gives its thief the device's own small budget.

The API login (``claims.apis.auth``) and the admin's login form
(``factcheck.admin_site``) both check :func:`login_refusal` before authenticating and call
:func:`login_failed` / :func:`login_succeeded` afterwards.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from rest_framework.settings import api_settings
from rest_framework.throttling import BaseThrottle

DEVICE_COOKIE = "fc_login_device"
DEVICE_COOKIE_AGE = 60 * 60 * 24 * 365  # a year: a device is "known" for that long
_SALT = "factcheck.login-device"


def _username(request: Any) -> str:
    # A DRF request has .data (already parsed); the admin's login form is a Django request.
    data = getattr(request, "data", None)
    data = data if isinstance(data, dict) else getattr(request, "POST", {})
    return str(data.get("username", "")).strip().casefold()[:150]


def _digest(value: str) -> str:
    # Usernames and cookie nonces are arbitrary input: hashed, they are safe cache-key parts.
    return hashlib.sha256(value.encode("utf-8", "replace")).hexdigest()[:32]


def known_device(request: Any, username: str) -> str | None:
    """The id of the device cookie ``request`` carries for ``username``, if it is genuine."""
    raw = getattr(request, "COOKIES", {}).get(DEVICE_COOKIE)
    if not raw or not username:
        return None
    try:
        value = signing.loads(raw, salt=_SALT, max_age=DEVICE_COOKIE_AGE)
    except signing.BadSignature:
        return None
    if not isinstance(value, dict) or value.get("u") != _digest(username):
        return None
    device = value.get("d")
    return device if isinstance(device, str) else None


def _rate(scope: str) -> tuple[int, int]:
    """``"5/min"`` as (5, 60), read from DRF's rates (DRF's own parsing, without its class)."""
    number, period = str(api_settings.DEFAULT_THROTTLE_RATES[scope]).split("/")
    return int(number), {"s": 1, "m": 60, "h": 3600, "d": 86400}[period[0]]


class FailureThrottle(BaseThrottle):
    """A DRF throttle that refuses once ``rate`` failures are recorded for a key; the request
    itself is not counted (``record_failure`` is, by the login view)."""

    scope = ""
    duration = 60

    def get_cache_key(self, request: Any) -> str | None:
        raise NotImplementedError

    def scope_for(self, request: Any) -> str:
        """The rate setting that applies to this request."""
        return self.scope

    def allow_request(self, request: Any, view: Any) -> bool:
        key = self.get_cache_key(request)
        if key is None:
            return True
        num_failures, self.duration = _rate(self.scope_for(request))
        return (cache.get(key) or 0) < num_failures

    def wait(self) -> float:
        # Fixed windows: at most one window away (the cache cannot say its remaining TTL).
        return float(self.duration)

    def record_failure(self, request: Any) -> None:
        key = self.get_cache_key(request)
        if key is None:
            return
        _, self.duration = _rate(self.scope_for(request))
        # add + incr are atomic in Redis, so concurrent failures on several workers all count.
        cache.add(key, 0, self.duration)
        try:
            cache.incr(key)
        except ValueError:  # expired between the two calls
            cache.set(key, 1, self.duration)


class LoginRateThrottle(FailureThrottle):
    """Failed logins per address, from devices not known to the account tried."""

    scope = "login"

    def get_cache_key(self, request: Any) -> str | None:
        if known_device(request, _username(request)):
            return None
        return f"login-fail:addr:{self.get_ident(request)}"


class LoginAccountThrottle(FailureThrottle):
    """Failed logins per account from unknown devices, or per known device from that device."""

    scope = "login_account"

    def scope_for(self, request: Any) -> str:
        if known_device(request, _username(request)) is not None:
            return "login_device"
        return self.scope

    def get_cache_key(self, request: Any) -> str | None:
        username = _username(request)
        if not username:
            return None
        device = known_device(request, username)
        if device is not None:
            return f"login-fail:device:{_digest(device)}"
        return f"login-fail:account:{_digest(username)}"


LOGIN_THROTTLES = (LoginRateThrottle, LoginAccountThrottle)


@dataclass(frozen=True)
class Refusal:
    wait: int  # seconds, for Retry-After


def login_refusal(request: Any) -> Refusal | None:
    """Whether a login attempt must be refused before the password is even checked."""
    for throttle_class in LOGIN_THROTTLES:
        throttle = throttle_class()
        if not throttle.allow_request(request, None):
            return Refusal(wait=int(throttle.wait()) + 1)
    return None


def login_failed(request: Any) -> None:
    for throttle_class in LOGIN_THROTTLES:
        throttle_class().record_failure(request)


def login_succeeded(request: HttpRequest, response: HttpResponse, username: str) -> None:
    """Mark the device as known to ``username``: its later attempts spend their own budget."""
    value = {"u": _digest(username.strip().casefold()), "d": secrets.token_urlsafe(16)}
    response.set_cookie(
        DEVICE_COOKIE,
        signing.dumps(value, salt=_SALT),
        max_age=DEVICE_COOKIE_AGE,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Strict",
    )
