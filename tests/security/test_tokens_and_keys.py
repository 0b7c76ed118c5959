"""Credentials: tokens end with the password, a desk key cannot be minted to act as someone
else, and the response carrying a token is never cached."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from knox.models import AuthToken
from rest_framework.test import APIClient

from factcheck.lib.permissions import SYSTEM
from integrations.models import ApiKey
from integrations.services import DESK_KEY_FOR_OTHERS, api_key_create, api_key_update
from tests.factories import make_admin

pytestmark = pytest.mark.django_db


def _token_client(username: str, password: str = "pw") -> APIClient:
    client = APIClient()
    login = client.post(
        "/api/v1/auth/login/", {"username": username, "password": password}, format="json"
    )
    assert login.status_code == 200
    client.credentials(HTTP_AUTHORIZATION=f"Token {login.json()['token']}")
    return client


def test_a_token_stops_working_when_its_users_password_changes(alice):
    client = _token_client("alice")
    assert client.get("/api/v1/desk/claims/").status_code == 200
    alice.set_password("a-new-long-passphrase")
    alice.save()
    assert client.get("/api/v1/desk/claims/").status_code == 401
    assert not AuthToken.objects.filter(user=alice).exists()


def test_a_password_changed_in_the_admin_ends_the_users_tokens_and_other_sessions(alice):
    token = _token_client("alice")
    other_browser = Client()
    other_browser.force_login(alice)
    admin = Client()
    admin.force_login(make_admin())
    url = f"/admin/auth/user/{alice.pk}/password/"
    new = "a-new-long-passphrase-42"
    response = admin.post(url, {"password1": new, "password2": new, "usable_password": "true"})
    assert response.status_code == 302, response.content[:500]
    assert token.get("/api/v1/desk/claims/").status_code == 401
    assert other_browser.get("/admin/").status_code == 302  # back to the login page


def test_a_last_login_stamp_keeps_the_other_tokens(alice):
    first = _token_client("alice")
    _token_client("alice")  # a second login saves last_login, not the password
    assert first.get("/api/v1/desk/claims/").status_code == 200


def test_an_admin_cannot_mint_a_desk_key_that_acts_as_an_editor(bob):
    admin = make_admin()
    with pytest.raises(PermissionDenied, match="only that user"):
        api_key_create(name="as bob", scope=ApiKey.Scope.DESK, user=bob, actor=admin)
    assert not ApiKey.objects.exists()


def test_an_admin_cannot_repoint_a_key_at_an_editor(bob):
    admin = make_admin()
    issued = api_key_create(name="own", scope=ApiKey.Scope.DESK, user=admin, actor=admin)
    with pytest.raises(PermissionDenied):
        api_key_update(api_key=issued.api_key, actor=admin, user=bob)
    read = api_key_create(name="read", actor=admin)
    with pytest.raises(PermissionDenied):
        api_key_update(api_key=read.api_key, actor=admin, scope=ApiKey.Scope.DESK, user=bob)


def test_the_admin_form_refuses_a_desk_key_for_someone_else(bob):
    client = Client()
    client.force_login(make_admin())
    response = client.post(
        "/admin/integrations/apikey/add/", {"name": "as bob", "scope": "desk", "user": bob.pk}
    )
    assert response.status_code == 403
    assert not ApiKey.objects.exists()


def test_a_desk_key_for_oneself_a_superusers_or_the_systems_is_issued(bob):
    admin = make_admin()
    assert api_key_create(name="mine", scope="desk", user=admin, actor=admin).api_key.pk
    root = make_admin("root")
    root.is_superuser = True
    root.save()
    assert api_key_create(name="for bob", scope="desk", user=bob, actor=root).api_key.pk
    assert api_key_create(name="ops", scope="desk", user=bob, actor=SYSTEM).api_key.pk
    assert DESK_KEY_FOR_OTHERS


def test_the_login_response_carrying_a_token_is_never_stored(alice):
    response = APIClient().post(
        "/api/v1/auth/login/", {"username": "alice", "password": "pw"}, format="json"
    )
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
