"""``import_claimreview URL``: a ClaimReview page or a DataFeed fetched under the outbound
address policy: public addresses only, every redirect vetted again, size and time limits."""

from __future__ import annotations

import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.management import CommandError, call_command

from factcheck.lib import fetch, netpolicy
from matching.models import ExternalClaim, ExternalReview
from tests.matching.test_services import CLAIM_REVIEW, _feed, _page

pytestmark = pytest.mark.django_db

OTHER_REVIEW = {
    **CLAIM_REVIEW,
    "url": "https://factcheck.example/bridge",
    "claimReviewed": "The bridge cost 4 million dollars.",
}


class _Pages(BaseHTTPRequestHandler):
    """Serves ``routes``: path -> (status, headers, body, delay in seconds)."""

    routes: dict[str, tuple[int, dict[str, str], bytes, float]] = {}
    requests: list[tuple[str, str]] = []

    def do_GET(self):
        self.requests.append((self.path, self.headers.get("Host", "")))
        status, headers, body, delay = self.routes.get(self.path, (404, {}, b"", 0.0))
        self.send_response(status)
        for name, value in {"Content-Length": str(len(body)), **headers}.items():
            if value:  # an empty value: the header is left out
                self.send_header(name, value)
        self.end_headers()
        if delay:
            for byte in body:  # drips: each byte in time for the socket, never in total
                self.wfile.write(bytes([byte]))
                self.wfile.flush()
                time.sleep(delay)
        else:
            self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def site():
    _Pages.routes, _Pages.requests = {}, []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Pages)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", _Pages
    server.shutdown()
    server.server_close()


@pytest.fixture
def local_allowed(settings):
    """The development setting that lets the command reach a server on this machine."""
    settings.MATCHING_IMPORT_ALLOW_PRIVATE_URLS = True


def _html(review: dict) -> tuple[int, dict[str, str], bytes, float]:
    return 200, {"Content-Type": "text/html; charset=utf-8"}, _page(review).encode(), 0.0


def test_it_imports_a_claimreview_page_from_a_url(site, local_allowed, capsys):
    base, pages = site
    pages.routes["/checks/13000"] = _html(CLAIM_REVIEW)
    call_command("import_claimreview", f"{base}/checks/13000")
    review = ExternalReview.objects.select_related("claim").get()
    assert review.claim.text == CLAIM_REVIEW["claimReviewed"]
    assert (review.publisher, review.rating) == ("Example Checks", "False")
    call_command("import_claimreview", f"{base}/checks/13000")  # idempotent
    assert ExternalReview.objects.count() == 1
    assert "0 claims created" in capsys.readouterr().out


def test_it_imports_a_datafeed_from_a_url(site, local_allowed):
    base, pages = site
    body = _feed(CLAIM_REVIEW, OTHER_REVIEW).encode()
    pages.routes["/feed.json"] = (200, {"Content-Type": "application/json"}, body, 0.0)
    call_command("import_claimreview", f"{base}/feed.json")
    assert ExternalClaim.objects.count() == 2


def test_it_follows_a_redirect_on_the_same_policy(site, local_allowed):
    base, pages = site
    pages.routes["/old"] = (301, {"Location": "/checks/13000"}, b"", 0.0)
    pages.routes["/checks/13000"] = _html(CLAIM_REVIEW)
    call_command("import_claimreview", f"{base}/old")
    assert ExternalClaim.objects.count() == 1


def test_it_refuses_a_private_address_by_default(site):
    base, pages = site
    pages.routes["/checks/13000"] = _html(CLAIM_REVIEW)
    with pytest.raises(CommandError) as info:
        call_command("import_claimreview", f"{base}/checks/13000")
    assert netpolicy.NON_PUBLIC_ADDRESS in str(info.value)
    assert pages.requests == []  # never connected
    assert not ExternalClaim.objects.exists()


def test_it_refuses_a_name_that_resolves_to_a_private_address(monkeypatch):
    def getaddrinfo(host, port, *args, **kwargs):
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("10.1.2.3", port))]

    def create_connection(*args, **kwargs):
        raise AssertionError("no connection may be opened")

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    monkeypatch.setattr(socket, "create_connection", create_connection)
    with pytest.raises(CommandError) as info:
        call_command("import_claimreview", "https://checks.example.org/feed.json")
    assert netpolicy.NON_PUBLIC_ADDRESS in str(info.value)


def test_a_redirect_to_a_private_address_is_vetted_again_and_refused(site, monkeypatch):
    """A public name (resolved here to a public address, the connection led to
    the local test server) answers with a redirect to the metadata address."""
    base, pages = site
    port = int(base.rsplit(":", 1)[1])
    pages.routes["/feed.json"] = (
        302, {"Location": "http://169.254.169.254/latest/meta-data/"}, b"", 0.0,
    )  # fmt: skip
    real_connect, real_getaddrinfo = socket.create_connection, socket.getaddrinfo

    def getaddrinfo(host, port_, *args, **kwargs):
        if host == "127.0.0.1":  # the test's own hop to its server
            return real_getaddrinfo(host, port_, *args, **kwargs)
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.216.34", port_))]

    def create_connection(address, *args, **kwargs):
        assert address[0] == "93.184.216.34", address  # never the redirect's target
        return real_connect(("127.0.0.1", port), *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    monkeypatch.setattr(socket, "create_connection", create_connection)
    with pytest.raises(CommandError) as info:
        call_command("import_claimreview", "http://checks.example.org:8080/feed.json")
    assert netpolicy.NON_PUBLIC_ADDRESS in str(info.value)
    assert pages.requests == [("/feed.json", "checks.example.org:8080")]


def test_it_refuses_a_page_over_the_size_limit(site, local_allowed, settings):
    settings.MATCHING_IMPORT_MAX_BYTES = 1000
    base, pages = site
    pages.routes["/big"] = (200, {"Content-Type": "text/html"}, b"x" * 5000, 0.0)
    with pytest.raises(CommandError) as info:
        call_command("import_claimreview", f"{base}/big")
    assert fetch.TOO_LARGE.format(limit=1000) in str(info.value)


def test_it_stops_reading_at_the_size_limit_when_no_length_is_declared(
    site, local_allowed, settings
):
    settings.MATCHING_IMPORT_MAX_BYTES = 1000
    base, pages = site
    pages.routes["/big"] = (200, {"Content-Length": ""}, b"y" * 5000, 0.0)  # until close
    with pytest.raises(CommandError) as info:
        call_command("import_claimreview", f"{base}/big")
    assert fetch.TOO_LARGE.format(limit=1000) in str(info.value)


def test_it_gives_up_on_a_page_that_drips_past_the_time_limit(site, local_allowed, settings):
    settings.MATCHING_IMPORT_TIMEOUT = 0.5
    base, pages = site
    pages.routes["/slow"] = (200, {"Content-Type": "text/html"}, b"a" * 40, 0.05)
    started = time.monotonic()
    with pytest.raises(CommandError) as info:
        call_command("import_claimreview", f"{base}/slow")
    assert fetch.TOO_SLOW.format(seconds=0.5) in str(info.value)
    assert time.monotonic() - started < 1.5


def test_it_reports_an_http_error(site, local_allowed):
    base, _ = site
    with pytest.raises(CommandError) as info:
        call_command("import_claimreview", f"{base}/missing")
    assert fetch.HTTP_ERROR.format(status=404) in str(info.value)
