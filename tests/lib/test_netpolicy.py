"""The outbound policy's pieces and the pinned connection (no database; loopback only)."""

from __future__ import annotations

import socket
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.core.exceptions import ValidationError

from factcheck.lib import netpolicy
from factcheck.lib.netpolicy import (
    HOST_DOES_NOT_RESOLVE,
    NON_PUBLIC_ADDRESS,
    check_url,
    is_public_address,
    pinned_connection,
    vet_url,
)


class _Echo(BaseHTTPRequestHandler):
    seen: list = []

    def do_GET(self):
        type(self).seen.append((self.path, self.headers["Host"]))
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def loopback_server():
    _Echo.seen = []
    server = HTTPServer(("127.0.0.1", 0), _Echo)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def resolve_to(monkeypatch):
    """``resolve_to(address)`` makes every name answer ``address``; returns the lookups."""
    lookups: list[str] = []

    def install(address: str) -> list[str]:
        def getaddrinfo(host, port, *args, **kwargs):
            lookups.append(host)
            family = socket.AF_INET6 if ":" in address else socket.AF_INET
            return [(family, socket.SOCK_STREAM, 6, "", (address, port))]

        monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
        return lookups

    return install


@pytest.mark.parametrize(
    "address",
    ["8.8.8.8", "1.1.1.1", "2606:4700:4700::1111", "::ffff:8.8.8.8", "64:ff9b::808:808"],
)
def test_it_calls_public_unicast_addresses_public(address):
    assert is_public_address(address)


@pytest.mark.parametrize(
    "address", ["127.0.0.1", "::1", "fe80::1%eth0", "ff02::1", "::", "::ffff:10.0.0.1"]
)
def test_it_calls_every_other_address_non_public(address):
    assert not is_public_address(address)


def test_it_judges_an_ipv4_compatible_address_by_the_ipv4_it_embeds():
    assert not is_public_address("::10.0.0.1")
    assert not is_public_address("::")  # embeds 0.0.0.0


def test_it_sends_the_idna_form_of_an_international_host(resolve_to):
    lookups = resolve_to("93.184.216.34")
    target = vet_url("https://bücher.example/hook")
    assert target.host == "xn--bcher-kva.example"
    assert lookups == ["xn--bcher-kva.example"]


def test_it_percent_encodes_a_non_ascii_path_and_keeps_what_is_encoded(resolve_to):
    resolve_to("93.184.216.34")
    target = vet_url("https://files.example.org/café/a%20b?q=é&r=1#frag")
    assert target.request_target == "/caf%C3%A9/a%20b?q=%C3%A9&r=1"


def test_check_url_does_not_resolve_and_leaves_the_address_empty_for_a_name(resolve_to):
    lookups = resolve_to("127.0.0.1")
    target = check_url("https://files.example.org/hook")
    assert (target.address, lookups) == ("", [])
    with pytest.raises(ValueError, match="vet_url"):
        pinned_connection(target, timeout=1)


def test_check_url_refuses_a_literal_non_public_address():
    with pytest.raises(ValidationError) as caught:
        check_url("http://[::ffff:169.254.169.254]/")
    assert caught.value.messages == [NON_PUBLIC_ADDRESS]


def test_it_treats_a_resolver_failure_as_a_host_that_does_not_resolve(monkeypatch):
    def broken(*args, **kwargs):
        raise socket.gaierror(socket.EAI_AGAIN, "Temporary failure in name resolution")

    monkeypatch.setattr(socket, "getaddrinfo", broken)
    with pytest.raises(ValidationError) as caught:
        vet_url("https://files.example.org/")
    assert caught.value.code == "host_does_not_resolve"
    assert caught.value.messages == [HOST_DOES_NOT_RESOLVE]


def test_a_pinned_connection_reaches_the_vetted_address_with_the_urls_host(
    loopback_server, resolve_to
):
    port = loopback_server.server_port
    lookups = resolve_to("127.0.0.1")
    target = vet_url(f"http://hooks.example.org:{port}/a?b=1", allow_non_public=True)
    connection = pinned_connection(target, timeout=5)
    try:
        connection.request("GET", target.request_target)
        assert connection.getresponse().status == 204
    finally:
        connection.close()
    assert _Echo.seen == [("/a?b=1", f"hooks.example.org:{port}")]
    assert lookups[0] == "hooks.example.org"
    assert set(lookups[1:]) <= {"127.0.0.1"}  # only the vetted literal, never the name again


def test_a_pinned_https_connection_checks_the_certificate_against_the_urls_host(
    loopback_server,
):
    import ssl

    import trustme

    ca = trustme.CA()
    server_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("hooks.example.org").configure_cert(server_context)
    loopback_server.socket = server_context.wrap_socket(loopback_server.socket, server_side=True)
    client_context = ssl.create_default_context()
    ca.configure_trust(client_context)
    port = loopback_server.server_port
    for host, ok in [("hooks.example.org", True), ("other.example.org", False)]:
        target = netpolicy.VettedTarget(
            url=f"https://{host}:{port}/",
            scheme="https",
            host=host,
            port=port,
            request_target="/",
            address="127.0.0.1",
        )
        connection = pinned_connection(target, timeout=5, tls_context=client_context)
        try:
            if ok:
                connection.request("GET", "/")
                assert connection.getresponse().status == 204
            else:
                with pytest.raises(ssl.SSLCertVerificationError):
                    connection.connect()
        finally:
            connection.close()
    assert _Echo.seen == [("/", f"hooks.example.org:{port}")]


def test_the_default_https_port_is_left_out_of_the_host_header():
    target = netpolicy.VettedTarget(
        url="https://hooks.example.org/",
        scheme="https",
        host="hooks.example.org",
        port=443,
        request_target="/",
        address="93.184.216.34",
    )
    connection = pinned_connection(target, timeout=1)
    sent: list[bytes] = []
    connection.send = sent.append  # capture the request instead of connecting
    connection.request("GET", "/")
    assert b"\r\nHost: hooks.example.org\r\n" in sent[0]
