"""URL normalisation and the private-address guard (no database)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from factcheck.lib.urls import normalise_url, resolves_to_private_address


def test_it_normalises_case_tracking_parameters_fragment_and_trailing_slash():
    url = "HTTPS://Example.ORG:443/a/b/?utm_source=x&b=2&a=1&fbclid=z#top"
    assert normalise_url(url) == "https://example.org/a/b?a=1&b=2"


@pytest.mark.parametrize("bad", ["", "javascript:alert(1)", "ftp://x.org/a", "not a url"])
def test_it_rejects_what_is_not_an_http_url(bad):
    with pytest.raises(ValidationError):
        normalise_url(bad)


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/x",
        "http://localhost:8000/",
        "http://10.1.2.3/",
        "http://[::1]/",
        "http://169.254.169.254/latest/meta-data/",
        "http://192.168.0.10/hook",
    ],
)
def test_private_and_loopback_targets_are_recognised(url):
    assert resolves_to_private_address(url)


def test_a_public_literal_address_is_allowed():
    assert not resolves_to_private_address("https://93.184.216.34/hook")
