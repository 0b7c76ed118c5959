"""Webhook payloads and signatures (pure helpers, no HTTP, no ORM writes).

A delivery is signed like Stripe's: ``X-Factcheck-Signature: t=<unix seconds>,v1=<hex>`` where
``hex = HMAC-SHA256(secret, "<t>." + body)``. Receivers recompute it and refuse a timestamp
older than a few minutes, which stops replays.

While a secret is being rotated the header carries one ``v1=`` per secret still valid, the
new one first (``t=…,v1=<new>,v1=<old>``, as Stripe does during a roll): a receiver that
still holds the old secret and one that already holds the new one both find a match, so the
receiver can be switched over at any time within the overlap period.
"""

from __future__ import annotations

import hashlib
import hmac
import time
from collections.abc import Sequence

SIGNATURE_HEADER = "X-Factcheck-Signature"
TOLERANCE_SECONDS = 300


def _mac(secret: str, body: bytes, timestamp: int) -> str:
    return hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()


def sign(secret: str | Sequence[str], body: bytes, timestamp: int | None = None) -> str:
    """The signature header value for ``body``; ``secret`` may be several secrets (the
    current one first), each giving its own ``v1=``."""
    timestamp = int(time.time()) if timestamp is None else timestamp
    secrets = [secret] if isinstance(secret, str) else list(secret)
    return ",".join([f"t={timestamp}", *(f"v1={_mac(s, body, timestamp)}" for s in secrets)])


def verify(secret: str, body: bytes, header: str, now: int | None = None) -> bool:
    """What a receiver does (and what our tests do): any ``v1=`` made with ``secret``."""
    timestamp: int | None = None
    signatures: list[str] = []
    for item in header.split(","):
        name, _, value = item.strip().partition("=")
        if name == "t":
            try:
                timestamp = int(value)
            except ValueError:
                return False
        elif name == "v1":
            signatures.append(value)
    if timestamp is None or not signatures:
        return False
    now = int(time.time()) if now is None else now
    if abs(now - timestamp) > TOLERANCE_SECONDS:
        return False
    expected = _mac(secret, body, timestamp)
    # Compare with every value (no early exit) so timing says nothing about which matched.
    return any([hmac.compare_digest(expected, s) for s in signatures])


def backoff_seconds(attempt: int) -> int:
    """30 s, 2 min, 8 min, 32 min, ~2 h: five attempts over about two and a half hours."""
    return 30 * 4 ** (attempt - 1)
