"""The outbound address policy: which URLs the server may fetch or post to, and how it connects.

Every outbound request the server makes on someone else's say-so (webhook deliveries today,
ingestion by URL later) goes through ``vet_url`` and then ``pinned_connection``:

- ``vet_url`` accepts only absolute ``http``/``https`` URLs without user or password, on an
  allowed port, whose host resolves (once) to public unicast addresses only. Literal and integer
  host spellings (``2130706433``, ``0x7f.1``, ``017700000001``) are read as the C resolver
  reads them (``inet_aton``) and judged like any other address; IPv6 forms that embed an IPv4
  address (mapped, compatible, NAT64, 6to4) are judged by the embedded address.
- ``pinned_connection`` connects to the address that was vetted, never to a second lookup
  (which could answer differently: DNS rebinding); TLS still verifies the certificate against
  the URL's host name and sends it as SNI. It never follows redirects or uses a proxy.

Refusals are ``ValidationError`` with one of the message constants below. Pure: no ORM.
"""

from __future__ import annotations

import dataclasses
import http.client
import ipaddress
import re
import socket
import ssl
from urllib.parse import SplitResult, quote, urlsplit

from django.core.exceptions import ValidationError

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

INVALID_URL = "Refused: this is not a valid absolute URL."
UNSUPPORTED_SCHEME = "Refused: only http and https URLs are allowed."
CREDENTIALS_IN_URL = "Refused: a URL must not carry a user name or password."
PORT_NOT_ALLOWED = "Refused: only the ports 80, 443, 8080 and 8443 are allowed."
HOST_DOES_NOT_RESOLVE = "Refused: the host does not resolve."
NON_PUBLIC_ADDRESS = "Refused: the host is, or resolves to, a non-public address."

SCHEMES = frozenset({"http", "https"})
DEFAULT_PORTS = {"http": 80, "https": 443}
# An allow-list, not a deny-list (OWASP ASVS 1.3.6): the standard web ports and their IANA
# alternates. An HTTP client aimed at any other port is the classic cross-protocol attack
# (SMTP on 25, Redis on 6379, memcached on 11211), and a deny-list always misses one. A
# receiver listening elsewhere can sit behind 443.
ALLOWED_PORTS = frozenset({80, 443, 8080, 8443})

_net = ipaddress.ip_network
# Refused whatever Python's ``is_global`` says in a given release (3.12.1 calls multicast,
# 64:ff9b::/96 and ::a.b.c.d global). IANA special-purpose registries, RFC 6890 and successors.
REFUSED_IPV4 = tuple(
    _net(n)
    for n in (
        "0.0.0.0/8",  # "this network", including the unspecified address
        "10.0.0.0/8",  # private
        "100.64.0.0/10",  # carrier-grade NAT (shared address space)
        "127.0.0.0/8",  # loopback
        "169.254.0.0/16",  # link-local, including cloud metadata at 169.254.169.254
        "172.16.0.0/12",  # private
        "192.0.0.0/24",  # IETF protocol assignments
        "192.0.2.0/24",  # documentation (TEST-NET-1)
        "192.88.99.0/24",  # deprecated 6to4 relay anycast
        "192.168.0.0/16",  # private
        "198.18.0.0/15",  # benchmarking
        "198.51.100.0/24",  # documentation (TEST-NET-2)
        "203.0.113.0/24",  # documentation (TEST-NET-3)
        "224.0.0.0/4",  # multicast
        "240.0.0.0/4",  # reserved, including the broadcast address 255.255.255.255
    )
)
# IPv6 must be global unicast (2000::/3) outside these; the forms that embed an IPv4 address
# are unwrapped first (see ``_embedded_ipv4``).
GLOBAL_UNICAST_IPV6 = _net("2000::/3")
REFUSED_IPV6 = tuple(
    _net(n)
    for n in (
        "64:ff9b:1::/48",  # NAT64 local-use prefixes (RFC 8215), never globally routed
        "100::/64",  # discard-only
        "2001::/23",  # IETF protocol assignments, including Teredo 2001::/32 and benchmarking
        "2001:db8::/32",  # documentation
        "3fff::/20",  # documentation (RFC 9637)
        "fc00::/7",  # unique local
        "fe80::/10",  # link-local
        "fec0::/10",  # site-local (deprecated)
        "ff00::/8",  # multicast
    )
)
IPV4_COMPATIBLE = _net("::/96")  # ::a.b.c.d (deprecated), which also holds :: and ::1
NAT64_WELL_KNOWN = _net("64:ff9b::/96")
SIXTOFOUR = _net("2002::/16")

_URL_SAFE = "/%:@!$&'()*+,;=-._~?"
_HOST_LABEL = re.compile(r"[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?")


@dataclasses.dataclass(frozen=True)
class VettedTarget:
    """A URL that passed the policy, with the address to connect to instead of its host."""

    url: str
    scheme: str
    host: str  # the URL's host (IDNA-encoded): the Host header, SNI and certificate check use it
    port: int
    request_target: str  # path and query, what goes on the request line
    address: str  # the vetted IP address the connection goes to


def is_public_address(address: str | IPAddress) -> bool:
    """Whether ``address`` is public unicast (the only kind the server may connect to)."""
    ip = ipaddress.ip_address(address) if isinstance(address, str) else address
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.scope_id:
            return False  # a zone only means something on a link
        embedded = _embedded_ipv4(ip)
        if embedded is not None:
            return is_public_address(embedded)
        return (
            ip in GLOBAL_UNICAST_IPV6
            and not any(ip in net for net in REFUSED_IPV6)
            and ip.is_global
        )
    return not any(ip in net for net in REFUSED_IPV4) and ip.is_global


def _embedded_ipv4(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address that an IPv4-mapped, -compatible, NAT64 or 6to4 address reaches.

    Such an address is worth exactly what its IPv4 address is worth: a dual-stack socket, a
    NAT64 gateway or a 6to4 relay delivers it there."""
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip in IPV4_COMPATIBLE or ip in NAT64_WELL_KNOWN:
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return ip.sixtofour  # None outside 2002::/16


def check_url(url: str, *, allow_non_public: bool = False) -> VettedTarget:
    """Everything ``vet_url`` checks that needs no DNS lookup. ``address`` is empty unless the
    host is a literal address (so ``pinned_connection`` refuses a target from here).

    ``allow_non_public`` (development, where the receiver runs on this machine) lifts the
    address and port rules; the scheme, credential and syntax rules always hold."""
    target = _parse(url)
    if not allow_non_public:
        if target.address:
            _require_public([ipaddress.ip_address(target.address)])
        _require_allowed_port(target.port)
    return target


def vet_url(url: str, *, allow_non_public: bool = False) -> VettedTarget:
    """``url`` checked and its host resolved once; refuses (``ValidationError``) unless every
    address the host resolves to is public. Connect to the returned ``address``."""
    target = _parse(url)
    if target.address:
        addresses = [ipaddress.ip_address(target.address)]
    else:
        addresses = resolve(target.host, target.port)
    if not allow_non_public:
        _require_public(addresses)
        _require_allowed_port(target.port)
    return dataclasses.replace(target, address=str(addresses[0]))


def _require_public(addresses: list[IPAddress]) -> None:
    # One private answer is enough: a resolver that mixes them is choosing for us.
    if not all(is_public_address(a) for a in addresses):
        raise ValidationError(NON_PUBLIC_ADDRESS, code="non_public_address")


def _require_allowed_port(port: int) -> None:
    if port not in ALLOWED_PORTS:
        raise ValidationError(PORT_NOT_ALLOWED, code="port_not_allowed")


def _parse(url: str) -> VettedTarget:
    """The parts of ``url`` a connection needs, or ``ValidationError`` for anything but an
    absolute http(s) URL with a well-formed host and no credentials."""
    parts = _split(url)
    host = _host_of(parts)
    literal = _literal_address(host)
    # Non-ASCII is percent-encoded (what is already encoded stays) so the request line is ASCII.
    path = quote(parts.path or "/", safe=_URL_SAFE)
    query = f"?{quote(parts.query, safe=_URL_SAFE)}" if parts.query else ""
    return VettedTarget(
        url=url,
        scheme=parts.scheme,
        host=host,
        port=_port_of(parts),
        request_target=path + query,
        address=str(literal) if literal is not None else "",
    )


def resolve(host: str, port: int) -> list[IPAddress]:
    """The host's IPv4 and IPv6 addresses from one ``getaddrinfo`` call, zones kept."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as exc:
        raise ValidationError(HOST_DOES_NOT_RESOLVE, code="host_does_not_resolve") from exc
    addresses = [
        ipaddress.ip_address(sockaddr[0])
        for family, *_, sockaddr in infos
        if family in (socket.AF_INET, socket.AF_INET6)
    ]
    if not addresses:
        raise ValidationError(HOST_DOES_NOT_RESOLVE, code="host_does_not_resolve")
    return addresses


def _split(url: str) -> SplitResult:
    # urlsplit silently drops tabs and newlines and strips control characters; a URL that
    # needs that is refused rather than read differently by different parsers.
    if not isinstance(url, str) or any(c.isspace() or ord(c) < 0x20 for c in url):
        raise ValidationError(INVALID_URL, code="invalid_url")
    try:
        parts = urlsplit(url)
    except ValueError as exc:
        raise ValidationError(INVALID_URL, code="invalid_url") from exc
    if not parts.scheme:  # a relative reference
        raise ValidationError(INVALID_URL, code="invalid_url")
    if parts.scheme.lower() not in SCHEMES:
        raise ValidationError(UNSUPPORTED_SCHEME, code="unsupported_scheme")
    if "@" in parts.netloc:
        raise ValidationError(CREDENTIALS_IN_URL, code="credentials_in_url")
    return parts._replace(scheme=parts.scheme.lower())


def _host_of(parts: SplitResult) -> str:
    """The host, lower-cased; a name must be a valid DNS name once IDNA-encoded, and is
    returned encoded."""
    host = parts.hostname or ""
    if not host:
        raise ValidationError(INVALID_URL, code="invalid_url")
    if _literal_address(host) is not None:
        return host
    try:
        ascii_host = host.encode("idna").decode("ascii")
    except UnicodeError as exc:
        raise ValidationError(INVALID_URL, code="invalid_url") from exc
    labels = ascii_host.removesuffix(".").split(".")
    if len(ascii_host) > 253 or not all(_HOST_LABEL.fullmatch(label) for label in labels):
        raise ValidationError(INVALID_URL, code="invalid_url")
    return ascii_host  # the A-label form goes into the lookup, the Host header and SNI


def _port_of(parts: SplitResult) -> int:
    try:
        port = parts.port
    except ValueError as exc:  # not a number, or outside 0-65535
        raise ValidationError(INVALID_URL, code="invalid_url") from exc
    return DEFAULT_PORTS[parts.scheme] if port is None else port


def _literal_address(host: str) -> IPAddress | None:
    """The address a literal host stands for, read as ``getaddrinfo`` reads it: IPv6 in
    brackets, dotted quads, and the BSD ``inet_aton`` spellings (``2130706433``, ``0x7f.1``,
    ``017700000001``), or None for a name."""
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        pass
    try:
        return ipaddress.IPv4Address(socket.inet_aton(host))
    except (OSError, UnicodeError, ValueError):
        return None


class PinnedHTTPConnection(http.client.HTTPConnection):
    """An HTTP connection to a vetted address; the Host header keeps the URL's host."""

    def __init__(self, target: VettedTarget, *, timeout: float) -> None:
        super().__init__(target.host, target.port, timeout=timeout)
        self.target = target

    def _connect_pinned(self) -> socket.socket:
        return socket.create_connection((self.target.address, self.port), self.timeout)

    def connect(self) -> None:
        self.sock = self._connect_pinned()
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)


class PinnedHTTPSConnection(PinnedHTTPConnection):
    """As above over TLS, which verifies the certificate for the URL's host name (SNI too)."""

    default_port = http.client.HTTPS_PORT

    def __init__(
        self, target: VettedTarget, *, timeout: float, tls_context: ssl.SSLContext | None = None
    ) -> None:
        super().__init__(target, timeout=timeout)
        self.tls_context = tls_context or ssl.create_default_context()

    def connect(self) -> None:
        super().connect()
        self.sock = self.tls_context.wrap_socket(self.sock, server_hostname=self.target.host)


def pinned_connection(
    target: VettedTarget, *, timeout: float, tls_context: ssl.SSLContext | None = None
) -> PinnedHTTPConnection:
    """An unopened ``http.client`` connection for ``target`` that goes to ``target.address``.

    ``http.client`` never follows redirects and never reads proxy settings, so the request
    reaches the vetted address and nothing else. ``tls_context`` defaults to the system trust
    store with host name checks."""
    if not target.address:
        raise ValueError("pinned_connection needs a target from vet_url (it has no address)")
    if target.scheme == "https":
        return PinnedHTTPSConnection(target, timeout=timeout, tls_context=tls_context)
    return PinnedHTTPConnection(target, timeout=timeout)
