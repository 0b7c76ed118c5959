"""The SSRF table: every URL the outbound policy must refuse, and the public ones it accepts.

Names never reach a real resolver: ``socket.getaddrinfo`` is replaced by a table that answers
the hostile address an attacker's DNS would. Literal hosts must not be looked up at all, and
no refused target may open a socket, through the policy or through a webhook delivery.
"""

from __future__ import annotations

import socket

import pytest
from django.core.exceptions import ValidationError

from factcheck.lib import netpolicy
from factcheck.lib.netpolicy import (
    CREDENTIALS_IN_URL,
    HOST_DOES_NOT_RESOLVE,
    INVALID_URL,
    NON_PUBLIC_ADDRESS,
    PORT_NOT_ALLOWED,
    UNSUPPORTED_SCHEME,
    vet_url,
)

PUBLIC_V4 = "93.184.216.34"
PUBLIC_V6 = "2606:2800:220:1:248:1893:25c8:1946"

# Hosts written as addresses, in every spelling the resolver accepts.
LITERAL_NON_PUBLIC = [
    "http://127.0.0.1/",
    "http://127.1/",
    "http://127.255.255.254:8080/",
    "http://2130706433/",  # decimal 127.0.0.1
    "http://0x7f000001/",  # hex
    "http://0x7f.1/",  # hex, two parts
    "http://017700000001/",  # octal
    "http://0177.0.0.1/",  # octal first part
    "http://0/",  # 0.0.0.0
    "http://0.0.0.0/",
    "http://10.0.0.1/",
    "http://012.0.0.1/",  # octal 10.0.0.1
    "http://172.16.0.1/",
    "http://172.31.255.255/",
    "http://192.168.1.1/",
    "http://3232235777/",  # decimal 192.168.1.1
    "http://169.254.169.254/latest/meta-data/",
    "http://0xa9fea9fe/",  # hex 169.254.169.254
    "http://2852039166/",  # decimal 169.254.169.254
    "http://100.64.0.1/",  # carrier-grade NAT
    "http://100.100.100.200/",  # a cloud metadata address inside CGNAT
    "http://192.0.0.8/",  # IETF protocol assignments
    "http://192.0.2.1/",  # documentation
    "http://198.51.100.7/",  # documentation
    "http://203.0.113.9/",  # documentation
    "http://198.18.0.1/",  # benchmarking
    "http://192.88.99.1/",  # 6to4 relay anycast
    "http://224.0.0.1/",  # multicast
    "http://239.255.255.250/",  # multicast (SSDP)
    "http://240.0.0.1/",  # reserved
    "http://255.255.255.255/",  # broadcast
    "http://[::1]/",
    "http://[::]/",
    "http://[0:0:0:0:0:0:0:1]/",
    "http://[::ffff:127.0.0.1]/",  # IPv4-mapped
    "http://[::ffff:7f00:1]/",  # IPv4-mapped, hex
    "http://[::ffff:169.254.169.254]/",
    "http://[::ffff:10.0.0.1]/",
    "http://[::127.0.0.1]/",  # IPv4-compatible
    "http://[::169.254.169.254]/",
    "http://[::a00:1]/",  # IPv4-compatible 10.0.0.1, hex
    "http://[::ffff:0:7f00:1]/",  # IPv4-translated
    "http://[64:ff9b::127.0.0.1]/",  # NAT64
    "http://[64:ff9b::a9fe:a9fe]/",  # NAT64 metadata
    "http://[64:ff9b::10.1.2.3]/",
    "http://[64:ff9b:1::808:808]/",  # NAT64 local-use prefix, whatever it embeds
    "http://[64:ff9b:1:7f00:0:100::]/",  # local-use /48 embedding 127.0.0.1 (RFC 6052)
    "http://[2002:7f00:1::]/",  # 6to4 of 127.0.0.1
    "http://[2002:a9fe:a9fe::1]/",  # 6to4 of the metadata address
    "http://[2002:c0a8:101::1]/",  # 6to4 of 192.168.1.1
    "http://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/",  # Teredo
    "http://[2001:2::1]/",  # benchmarking
    "http://[2001:db8::1]/",  # documentation
    "http://[3fff::1]/",  # documentation (RFC 9637)
    "http://[100::1]/",  # discard-only
    "http://[fc00::1]/",  # unique local
    "http://[fd00:ec2::254]/",  # a cloud metadata address (unique local)
    "http://[fe80::1]/",  # link-local
    "http://[fe80::1%25eth0]/",  # link-local with a zone
    "http://[fec0::1]/",  # site-local
    "http://[ff02::1]/",  # multicast
    "http://[ff05::1:3]/",  # multicast
    "http://[5f00::1]/",  # outside global unicast 2000::/3
]

# Names whose DNS answers a non-public address (the resolver table below).
RESOLVED_NON_PUBLIC = [
    ("http://localhost/", ["127.0.0.1"]),
    ("http://localhost./", ["127.0.0.1", "::1"]),
    ("http://metadata.google.internal/computeMetadata/v1/", ["169.254.169.254"]),
    ("https://intranet.example.org/", ["10.0.0.5"]),
    ("https://home.example.org/", ["192.168.0.1"]),
    ("https://mixed.example.org/", [PUBLIC_V4, "127.0.0.1"]),  # one bad answer is enough
    ("https://mixed6.example.org/", [PUBLIC_V6, "fd00::1"]),
    ("https://cgnat.example.org/", ["100.64.1.1"]),
    ("https://zero.example.org/", ["0.0.0.0"]),  # noqa: S104 (a DNS answer, not a bind)
    ("https://broadcast.example.org/", ["255.255.255.255"]),
    ("https://multicast.example.org/", ["224.0.0.251"]),
    ("https://loopback6.example.org/", ["::1"]),
    ("https://mapped.example.org/", ["::ffff:192.168.0.1"]),
    ("https://compatible.example.org/", ["::a9fe:a9fe"]),
    ("https://nat64.example.org/", ["64:ff9b::7f00:1"]),
    ("https://sixtofour.example.org/", ["2002:a00:1::1"]),
    ("https://teredo.example.org/", ["2001:0:4136:e378:8000:63bf:3fff:fdd2"]),
    ("https://ula.example.org/", ["fd12:3456:789a::1"]),
    ("https://linklocal.example.org/", ["fe80::1%eth0"]),
    ("https://multicast6.example.org/", ["ff02::fb"]),
    ("https://docs.example.org/", ["2001:db8::10"]),
]

SCHEMES_REFUSED = [
    "ftp://files.example.org/a",
    "ftps://files.example.org/a",
    "sftp://files.example.org/a",
    "file:///etc/passwd",
    "file://localhost/etc/passwd",
    "gopher://files.example.org:70/_x",
    "dict://files.example.org:11211/stat",
    "ldap://files.example.org/",
    "tftp://files.example.org/a",
    "ws://files.example.org/",
    "jar:http://files.example.org/a.jar!/",
    "javascript:alert(1)",
    "data:text/plain,hello",
]

CREDENTIALS_REFUSED = [
    "http://user:password@files.example.org/",
    "https://user@files.example.org/",
    "https://:password@files.example.org/",
    "https://files.example.org@127.0.0.1/",
    "https://files.example.org\\@169.254.169.254/",
]

PORTS_REFUSED = [
    "http://files.example.org:22/",
    "http://files.example.org:25/",
    "http://files.example.org:0/",
    "http://files.example.org:3306/",
    "http://files.example.org:5432/",
    "http://files.example.org:6379/",
    "http://files.example.org:11211/",
    "https://files.example.org:8000/",
    f"http://{PUBLIC_V4}:6379/",
]

INVALID = [
    "",
    "http://",
    "http:///path",
    "http://files example.org/",
    "http://files.example.org/a b",
    "http://files.example.org\n.evil/",
    "http://files.example.org:99999/",
    "http://files.example.org:port/",
    "http://%31%32%37.0.0.1/",  # percent-encoded host
    "http://a..b/",
    "http://[::1/",
    "http://-leading.example.org/",
    "//files.example.org/no-scheme",
    "files.example.org/no-scheme",
    "/just/a/path",
]

ACCEPTED = [
    ("https://files.example.org/hook", [PUBLIC_V4], PUBLIC_V4),
    ("http://files.example.org/", [PUBLIC_V4, PUBLIC_V6], PUBLIC_V4),
    ("https://files.example.org:8443/x?y=1", [PUBLIC_V6], PUBLIC_V6),
    ("http://files.example.org:8080/", [PUBLIC_V4], PUBLIC_V4),
    ("https://FILES.example.org./", [PUBLIC_V4], PUBLIC_V4),
    (f"http://{PUBLIC_V4}/", [], PUBLIC_V4),
    (f"https://[{PUBLIC_V6}]/", [], PUBLIC_V6),
    ("http://134744072/", [], "8.8.8.8"),  # decimal spelling of a public address
    ("http://[::ffff:8.8.8.8]/", [], "::ffff:808:808"),  # mapped public IPv4
    ("http://[64:ff9b::808:808]/", [], "64:ff9b::808:808"),  # NAT64 of a public IPv4
    ("http://[2002:808:808::1]/", [], "2002:808:808::1"),  # 6to4 of a public IPv4
]


@pytest.fixture
def resolver(monkeypatch):
    """Answers ``resolver.answers[name]``; a name not in it does not resolve. Records every
    lookup, and fails the test if anything tries to open a socket."""

    class Resolver:
        answers: dict[str, list[str]] = {}
        lookups: list[str] = []

    def getaddrinfo(host, port, *args, **kwargs):
        Resolver.lookups.append(host)
        if host not in Resolver.answers:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return [
            (socket.AF_INET6 if ":" in a else socket.AF_INET, socket.SOCK_STREAM, 6, "", (a, port))
            for a in Resolver.answers[host]
        ]

    def no_sockets(*args, **kwargs):
        pytest.fail(f"a refused target opened a socket: {args}")

    Resolver.answers, Resolver.lookups = {}, []
    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    monkeypatch.setattr(socket, "create_connection", no_sockets)
    return Resolver


def _refusal(url: str) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        vet_url(url)
    return caught.value


def test_the_table_holds_at_least_sixty_refused_cases():
    refused = (
        LITERAL_NON_PUBLIC
        + RESOLVED_NON_PUBLIC
        + SCHEMES_REFUSED
        + CREDENTIALS_REFUSED
        + PORTS_REFUSED
        + INVALID
    )
    assert len(refused) >= 60
    assert len(LITERAL_NON_PUBLIC) + len(RESOLVED_NON_PUBLIC) >= 60  # addresses alone


@pytest.mark.parametrize("url", LITERAL_NON_PUBLIC)
def test_it_refuses_a_literal_non_public_address_without_a_lookup(url, resolver):
    assert _refusal(url).messages == [NON_PUBLIC_ADDRESS]
    assert resolver.lookups == []


@pytest.mark.parametrize(("url", "answers"), RESOLVED_NON_PUBLIC)
def test_it_refuses_a_name_that_resolves_to_a_non_public_address(url, answers, resolver):
    host = url.split("/")[2].lower()
    resolver.answers = {host: answers}
    assert _refusal(url).messages == [NON_PUBLIC_ADDRESS]
    assert resolver.lookups == [host]


@pytest.mark.parametrize("url", SCHEMES_REFUSED)
def test_it_refuses_every_scheme_but_http_and_https(url, resolver):
    assert _refusal(url).messages == [UNSUPPORTED_SCHEME]
    assert resolver.lookups == []


@pytest.mark.parametrize("url", CREDENTIALS_REFUSED)
def test_it_refuses_a_url_with_a_user_or_password(url, resolver):
    assert _refusal(url).messages == [CREDENTIALS_IN_URL]
    assert resolver.lookups == []


@pytest.mark.parametrize("url", PORTS_REFUSED)
def test_it_refuses_a_port_outside_the_allow_list(url, resolver):
    resolver.answers = {"files.example.org": [PUBLIC_V4]}
    assert _refusal(url).messages == [PORT_NOT_ALLOWED]


@pytest.mark.parametrize("url", INVALID)
def test_it_refuses_what_is_not_a_well_formed_url(url, resolver):
    assert _refusal(url).messages == [INVALID_URL]
    assert resolver.lookups == []


def test_it_says_the_host_does_not_resolve_when_it_does_not(resolver):
    error = _refusal("https://nowhere.example.org/hook")
    assert error.messages == [HOST_DOES_NOT_RESOLVE] and error.code == "host_does_not_resolve"
    assert HOST_DOES_NOT_RESOLVE != NON_PUBLIC_ADDRESS


def test_it_says_the_host_does_not_resolve_when_dns_has_no_usable_answer(resolver):
    resolver.answers = {"empty.example.org": []}
    assert _refusal("https://empty.example.org/").messages == [HOST_DOES_NOT_RESOLVE]


def test_it_refuses_the_real_localhost_without_a_stub():
    """The machine's own resolver (``/etc/hosts``) answers loopback for localhost."""
    with pytest.raises(ValidationError) as caught:
        vet_url("http://localhost/")
    assert caught.value.messages == [NON_PUBLIC_ADDRESS]


@pytest.mark.parametrize(("url", "answers", "address"), ACCEPTED)
def test_it_accepts_a_public_target_and_pins_its_first_address(url, answers, address, resolver):
    host = url.split("/")[2].split(":")[0].lower()
    resolver.answers = {host: answers} if answers else {}
    target = vet_url(url)
    assert target.address == address
    assert resolver.lookups == ([host] if answers else [])  # resolved once, or not at all


def test_development_lifts_only_the_address_and_port_rules(resolver):
    resolver.answers = {"receiver.local": ["127.0.0.1"]}
    target = vet_url("http://receiver.local:9000/hook", allow_non_public=True)
    assert (target.address, target.port) == ("127.0.0.1", 9000)
    for url, message in [
        ("ftp://receiver.local/", UNSUPPORTED_SCHEME),
        ("http://u:p@receiver.local/", CREDENTIALS_IN_URL),
    ]:
        with pytest.raises(ValidationError) as caught:
            vet_url(url, allow_non_public=True)
        assert caught.value.messages == [message]


REFUSED_FOR_DELIVERY = LITERAL_NON_PUBLIC + [u for u, _ in RESOLVED_NON_PUBLIC] + SCHEMES_REFUSED


@pytest.mark.parametrize("url", REFUSED_FOR_DELIVERY + CREDENTIALS_REFUSED + PORTS_REFUSED)
def test_it_never_opens_a_socket_for_a_refused_webhook_target(url, resolver, settings):
    from integrations import tasks

    settings.WEBHOOK_ALLOW_PRIVATE_TARGETS = False
    resolver.answers = {
        host.split("/")[2].lower(): answers for host, answers in RESOLVED_NON_PUBLIC
    } | {"files.example.org": [PUBLIC_V4]}
    with pytest.raises(ValidationError):
        tasks._post(url, b"{}", {"Content-Type": "application/json"})


def test_the_policy_does_not_depend_on_pythons_is_global_for_what_it_refuses():
    """Python 3.12.1 calls multicast, NAT64 and ``::a.b.c.d`` global; the policy does not."""
    for address in ("224.0.0.1", "64:ff9b::7f00:1", "::7f00:1", "2002:7f00:1::1"):
        assert not netpolicy.is_public_address(address), address
