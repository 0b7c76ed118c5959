"""DRF authentication for integration API keys.

``Authorization: Api-Key fck_<prefix>.<secret>`` (or ``X-Api-Key``, or Google's ``key=`` on
the Google-compatible endpoint). A read key authenticates the *request* but no user, so it
can never reach desk data; a desk key acts as its user with that user's role. Because it
does, only that user, a superuser or the workbench itself may issue one
(``integrations.services.api_key_create``): an Admin cannot mint a key to approve as an editor.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from rest_framework import authentication, exceptions

from integrations.models import ApiKey
from integrations.services import KEY_PREFIX, api_key_check

INVALID_KEY = "Invalid or revoked API key."


class ApiKeyAuthentication(authentication.BaseAuthentication):
    keyword = "Api-Key"
    allow_query_param = False

    def _raw(self, request) -> str | None:
        header = authentication.get_authorization_header(request).decode("latin-1")
        if header.startswith(self.keyword + " "):
            return header[len(self.keyword) + 1 :].strip()
        raw = request.META.get("HTTP_X_API_KEY")
        if raw:
            return raw.strip()
        if self.allow_query_param:
            raw = request.query_params.get("key")
            # Google's clients always send key=; only a key of ours is treated as one.
            if raw and raw.startswith(KEY_PREFIX):
                return raw
        return None

    def authenticate(self, request):
        raw = self._raw(request)
        if raw is None:
            return None
        key = api_key_check(raw)
        if key is None:
            raise exceptions.AuthenticationFailed(INVALID_KEY)
        if key.scope == ApiKey.Scope.DESK:
            return (key.user, key)
        return (AnonymousUser(), key)

    def authenticate_header(self, request) -> str:
        return self.keyword


class QueryParamApiKeyAuthentication(ApiKeyAuthentication):
    allow_query_param = True
