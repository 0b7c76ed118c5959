"""Log in for a knox token, log out.

Login attempts are limited by failures only (``factcheck.login_limits``): a correct password
from a device that has logged in before passes even while strangers are guessing. The
response carrying the token is never cached (``Cache-Control: no-store``).
"""

from __future__ import annotations

from django.contrib.auth import authenticate
from drf_spectacular.utils import extend_schema
from knox.models import AuthToken
from rest_framework import exceptions, permissions, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from claims import serializers as ds
from factcheck.api import PublicRateThrottle, error_responses
from factcheck.desk_api import BAD_LOGIN
from factcheck.login_limits import (
    LoginAccountThrottle,
    LoginRateThrottle,
    login_failed,
    login_succeeded,
)

# Auth -----------------------------------------------------------------------------------


@extend_schema(
    tags=["desk: auth"],
    request=ds.DeskLoginInputSerializer,
    responses={200: ds.DeskTokenSerializer, **error_responses(400, 429)},
)
class LoginApi(APIView):
    """Exchange a desk member's username and password for a knox token."""

    authentication_classes = []
    permission_classes = [permissions.AllowAny]
    throttle_classes = [PublicRateThrottle, LoginRateThrottle, LoginAccountThrottle]

    def post(self, request: Request) -> Response:
        payload = ds.DeskLoginInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        user = authenticate(request._request, **payload.validated_data)
        if user is None or not user.is_active:
            login_failed(request)
            raise exceptions.ValidationError({"non_field_errors": [BAD_LOGIN]})
        instance, token = AuthToken.objects.create(user=user, prefix="fct_")
        response = Response({"token": token, "expiry": instance.expiry})
        # A bearer credential: no browser, proxy or CDN may keep a copy.
        response["Cache-Control"] = "no-store"
        login_succeeded(request, response, payload.validated_data["username"])
        return response


@extend_schema(tags=["desk: auth"], request=None, responses={204: None, **error_responses(401)})
class LogoutApi(APIView):
    """Revoke the knox token this request was made with."""

    permission_classes = [permissions.IsAuthenticated]

    def post(self, request: Request) -> Response:
        if not isinstance(request.auth, AuthToken):
            raise exceptions.NotAuthenticated("Log out needs a token.")
        request.auth.delete()
        return Response(status=status.HTTP_204_NO_CONTENT)
