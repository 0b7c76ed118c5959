"""URL normalisation for deduplicating sources (pure; no ORM)."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from factcheck.lib.netpolicy import vet_url

# Query parameters that only track a click and never change the document.
TRACKING_PARAMS = frozenset(
    {"fbclid", "gclid", "mc_cid", "mc_eid", "ref", "ref_src", "igshid", "cmpid", "ocid"}
)
_validate = URLValidator(schemes=["http", "https"])

INVALID_URL = "Enter a valid http(s) URL."


def normalise_url(url: str) -> str:
    """Return a canonical form of ``url`` so that trivially different links compare equal.

    Lower-cases the scheme and host, drops the default port, the fragment, tracking
    parameters and a trailing slash, and sorts the remaining query parameters.
    Raises ``ValidationError`` for anything that is not an absolute http(s) URL.
    """
    url = (url or "").strip()
    try:
        _validate(url)
    except ValidationError as exc:
        raise ValidationError(INVALID_URL, code="invalid_url") from exc
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if parts.port and not (
        (parts.scheme == "http" and parts.port == 80)
        or (parts.scheme == "https" and parts.port == 443)
    ):
        host = f"{host}:{parts.port}"
    query = [
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if k.lower() not in TRACKING_PARAMS and not k.lower().startswith("utm_")
    ]
    path = parts.path.rstrip("/") or ""
    return urlunsplit((parts.scheme.lower(), host, path, urlencode(sorted(query)), ""))


def site_of(url: str) -> str:
    """The host of ``url`` without a leading ``www.`` (used as publisher site)."""
    host = (urlsplit(url).hostname or "").lower()
    return host.removeprefix("www.")


def public_address(url: str) -> str | None:
    """The vetted address to connect to for ``url``, or None when the outbound policy refuses
    it (kept for existing callers; new code calls ``factcheck.lib.netpolicy.vet_url``, which
    says why)."""
    try:
        return vet_url(url).address
    except ValidationError:
        return None


def resolves_to_private_address(url: str) -> bool:
    """Whether the outbound policy refuses ``url`` (see ``public_address``)."""
    return public_address(url) is None
