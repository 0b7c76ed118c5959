"""Login limits (factcheck/login_limits.py): strangers guessing cannot lock the owner out, only
failures count, and the counts are shared by every worker through Redis."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.core import signing
from django.urls import reverse
from rest_framework.settings import api_settings
from rest_framework.test import APIClient

from factcheck.login_limits import DEVICE_COOKIE

pytestmark = pytest.mark.django_db

LOGIN = "/api/v1/auth/login/"
ROOT = Path(__file__).resolve().parents[2]
# A database of its own: the test never flushes it (keys expire within a minute).
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def _login(client: APIClient, username: str, password: str, addr: str = "192.0.2.1"):
    return client.post(
        LOGIN, {"username": username, "password": password}, format="json", REMOTE_ADDR=addr
    )


def _strangers_guess(username: str, times: int) -> list[int]:
    """Wrong passwords for ``username`` from as many addresses (a botnet)."""
    return [
        _login(APIClient(), username, "guess", addr=f"198.51.100.{n}").status_code
        for n in range(times)
    ]


def test_strangers_guessing_do_not_lock_the_owner_out_of_a_device_they_used_before(alice):
    owner = APIClient()
    assert _login(owner, "alice", "pw").status_code == 200  # sets the device cookie
    assert _strangers_guess("alice", 8)[-3:] == [429, 429, 429]
    again = _login(owner, "alice", "pw", addr="192.0.2.99")
    assert again.status_code == 200, again.json()
    assert again.json()["token"]


def test_the_admin_login_lets_the_owner_in_from_a_known_device_while_strangers_guess(client, alice):
    url = reverse("admin:login")
    good = {"username": "alice", "password": "pw", "next": "/admin/"}
    assert client.post(url, good).status_code == 302
    device = client.cookies[DEVICE_COOKIE].value
    client.logout()  # which forgets every cookie; the browser keeps the device's
    client.cookies[DEVICE_COOKIE] = device
    assert _strangers_guess("alice", 8)[-1] == 429
    assert client.post(url, good).status_code == 302


def test_a_new_device_waits_while_the_account_is_under_attack(alice):
    assert _strangers_guess("alice", 6)[-1] == 429
    refused = _login(APIClient(), "alice", "pw", addr="192.0.2.50")
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0


def test_only_failed_logins_count(alice, monkeypatch):
    monkeypatch.setitem(api_settings.DEFAULT_THROTTLE_RATES, "login", "3/min")
    codes = [_login(APIClient(), "alice", "pw").status_code for _ in range(6)]
    assert codes == [200] * 6


def test_a_known_device_guessing_uses_up_only_its_own_budget(alice, bob, monkeypatch):
    monkeypatch.setitem(api_settings.DEFAULT_THROTTLE_RATES, "login_device", "2/min")
    device = APIClient()
    assert _login(device, "alice", "pw").status_code == 200
    codes = [_login(device, "alice", "wrong").status_code for _ in range(3)]
    assert codes == [400, 400, 429]
    assert _login(APIClient(), "alice", "pw", addr="192.0.2.7").status_code == 200


def test_a_device_cookie_of_another_account_or_a_forged_one_counts_for_nothing(alice, bob):
    forged = signing.dumps({"u": "x", "d": "y"}, salt="not-ours")
    for cookie in (forged, "garbage"):
        client = APIClient()
        client.cookies[DEVICE_COOKIE] = cookie
        assert _login(client, "bob", "pw").status_code == 200
    bobs = APIClient()
    assert _login(bobs, "bob", "pw").status_code == 200
    assert _strangers_guess("alice", 6)[-1] == 429
    assert _login(bobs, "alice", "pw").status_code == 429


def test_the_device_cookie_is_http_only_and_strict(alice):
    response = _login(APIClient(), "alice", "pw")
    cookie = response.cookies[DEVICE_COOKIE]
    assert cookie["httponly"] and cookie["samesite"] == "Strict"


def _redis_or_skip() -> None:
    redis = pytest.importorskip("redis")
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.exceptions.ConnectionError:
        pytest.skip(f"Redis is not reachable at {REDIS_URL} (CI starts it in .ci/run)")


_OTHER_WORKER = """
import django, os, sys
django.setup()
from django.test.utils import override_settings
from rest_framework.test import APIRequestFactory
from rest_framework.request import Request
from rest_framework.parsers import JSONParser
from factcheck.login_limits import login_failed
caches = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                      "LOCATION": sys.argv[1], "KEY_PREFIX": sys.argv[2]}}
with override_settings(CACHES=caches):
    for n in range(int(sys.argv[3])):
        raw = APIRequestFactory().post("/api/v1/auth/login/",
            {"username": "alice", "password": "x"}, format="json",
            REMOTE_ADDR="198.51.100.%d" % n)
        login_failed(Request(raw, parsers=[JSONParser()]))
"""


def test_the_account_limit_is_shared_by_every_worker_through_redis(alice, settings):
    """Failures recorded by another process (another gunicorn worker) lock this one's door:
    with a per-process cache each worker would allow its own five."""
    _redis_or_skip()
    prefix = f"test-{uuid.uuid4().hex}"
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": prefix,
        }
    }
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "factcheck.test_settings"}
    subprocess.run(  # noqa: S603 - our own interpreter
        [sys.executable, "-c", _OTHER_WORKER, REDIS_URL, prefix, "5"],
        cwd=ROOT,
        env=env,
        check=True,
        timeout=60,
    )
    assert _login(APIClient(), "alice", "pw", addr="192.0.2.77").status_code == 429
