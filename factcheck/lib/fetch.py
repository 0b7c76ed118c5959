"""Fetch one public web page under the outbound address policy (``netpolicy``).

``fetch_public`` is a GET for a URL someone else named (a ClaimReview page, a DataFeed):
every hop is vetted by ``netpolicy.vet_url`` and connected to the vetted address only
(``pinned_connection``: no second lookup, no proxy); redirects are followed by hand, at most
``max_redirects``, each target vetted again; the body stops at ``max_bytes`` and the whole
exchange at ``timeout`` seconds. Refusals and failures are ``ValidationError`` with one of
the message constants below, or the policy's. Pure: no ORM.
"""

from __future__ import annotations

import http.client
import ssl
import time
from dataclasses import dataclass
from email.message import Message
from urllib.parse import urljoin

from django.core.exceptions import ValidationError

from factcheck.lib.netpolicy import pinned_connection, vet_url

TOO_LARGE = "Refused: the page is larger than the limit of {limit} bytes."
TOO_SLOW = "Refused: the page did not arrive within {seconds} seconds."
TOO_MANY_REDIRECTS = "Refused: more than {count} redirects."
HTTP_ERROR = "The page answered HTTP {status}."
UNREACHABLE = "The page could not be fetched: {error}."

REDIRECTS = frozenset({301, 302, 303, 307, 308})
CHUNK = 64 * 1024
USER_AGENT = "FactcheckWorkbench/1 (+claim matching import)"


@dataclass(frozen=True, slots=True)
class Fetched:
    url: str  # after redirects
    content_type: str  # the media type, lower-cased, without parameters
    text: str


def fetch_public(
    url: str,
    *,
    max_bytes: int,
    timeout: float,
    max_redirects: int = 3,
    allow_non_public: bool = False,
    tls_context: ssl.SSLContext | None = None,
) -> Fetched:
    """GET ``url`` and return its body decoded (the declared charset, else UTF-8)."""
    deadline = time.monotonic() + timeout
    for _ in range(max_redirects + 1):
        target = vet_url(url, allow_non_public=allow_non_public)
        connection = pinned_connection(
            target, timeout=_left(deadline, timeout), tls_context=tls_context
        )
        try:
            connection.request(
                "GET",
                target.request_target,
                headers={"User-Agent": USER_AGENT, "Accept": "text/html, application/json, */*"},
            )
            response = connection.getresponse()
            location = response.getheader("Location")
            if response.status in REDIRECTS and location:
                url = urljoin(url, location)
                continue
            if response.status != 200:
                raise ValidationError(HTTP_ERROR.format(status=response.status), code="http")
            body = _read(response, max_bytes=max_bytes, deadline=deadline, timeout=timeout)
            return _decoded(url, response.getheader("Content-Type") or "", body)
        except TimeoutError as exc:
            raise ValidationError(TOO_SLOW.format(seconds=timeout), code="too_slow") from exc
        except (OSError, http.client.HTTPException) as exc:
            raise ValidationError(UNREACHABLE.format(error=exc), code="unreachable") from exc
        finally:
            connection.close()
    raise ValidationError(TOO_MANY_REDIRECTS.format(count=max_redirects), code="redirects")


def _left(deadline: float, timeout: float) -> float:
    left = deadline - time.monotonic()
    if left <= 0:
        raise ValidationError(TOO_SLOW.format(seconds=timeout), code="too_slow")
    return left


def _read(
    response: http.client.HTTPResponse, *, max_bytes: int, deadline: float, timeout: float
) -> bytes:
    """The body, refused past ``max_bytes`` (declared or read) or past the deadline (a
    server dripping a byte at a time never trips the socket's own timeout)."""
    declared = response.getheader("Content-Length")
    if declared and declared.isdigit() and int(declared) > max_bytes:
        raise ValidationError(TOO_LARGE.format(limit=max_bytes), code="too_large")
    chunks: list[bytes] = []
    size = 0
    while chunk := response.read1(CHUNK):
        size += len(chunk)
        if size > max_bytes:
            raise ValidationError(TOO_LARGE.format(limit=max_bytes), code="too_large")
        _left(deadline, timeout)
        chunks.append(chunk)
    return b"".join(chunks)


def _decoded(url: str, content_type: str, body: bytes) -> Fetched:
    header = Message()
    header["Content-Type"] = content_type or "application/octet-stream"
    charset = header.get_content_charset() or "utf-8"
    try:
        text = body.decode(charset, errors="replace")
    except LookupError:  # an unknown charset name
        text = body.decode("utf-8", errors="replace")
    return Fetched(url, header.get_content_type(), text)
