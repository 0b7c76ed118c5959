"""Log in for a knox token, log out."""

from __future__ import annotations

from django.contrib.auth import authenticate
from drf_spectacular.utils import extend_schema
from knox.models import AuthToken
from rest_framework import exceptions, permissions, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from claims import serializers as ds
from factcheck.api import (
    LoginAccountThrottle,
    LoginRateThrottle,
    PublicRateThrottle,
    error_responses,
)
from factcheck.desk_api import (
    BAD_LOGIN,
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
            raise exceptions.ValidationError({"non_field_errors": [BAD_LOGIN]})
        instance, token = AuthToken.objects.create(user=user, prefix="fct_")
        return Response({"token": token, "expiry": instance.expiry})


@extend_schema(tags=["desk: auth"], request=None, responses={204: None, **error_responses(401)})
class LogoutApi(APIView):
    """Revoke the knox token this request was made with."""

    permission_classes = [permissions.IsAuthenticated]

    def post(self, request: Request) -> Response:
        if not isinstance(request.auth, AuthToken):
            raise exceptions.NotAuthenticated("Log out needs a token.")
        request.auth.delete()
        return Response(status=status.HTTP_204_NO_CONTENT)
