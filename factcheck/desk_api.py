"""The desk API's building blocks: permission, list/detail views with ETags, and the
POST endpoint that runs one workflow service."""

from __future__ import annotations

from typing import Any, ClassVar

from django.db import transaction
from django.db.models import Model, QuerySet
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import exceptions, permissions, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from factcheck.api import (
    ConditionalGetMixin,
    DeskCursorPagination,
    check_if_match,
    error_responses,
    reject_blank,
)

BAD_LOGIN = "Unable to log in with these credentials."
PUT_NEEDS_ALL = "PUT replaces every editable field; send this one too, or use PATCH."
READ_ERRORS = error_responses(401, 403, 404, 429)
LIST_ERRORS = error_responses(400, 401, 403, 429)
WRITE_ERRORS = error_responses(400, 401, 403, 404, 429)
PATCH_ERRORS = error_responses(400, 401, 403, 404, 412, 428, 429)
INVALID_CURSOR = "Invalid cursor."
NOT_AN_ID = "An id: a whole number."
# The largest value of a bigint primary key: anything longer is no id of ours.
MAX_ID = 2**63 - 1


def parse_id(raw: str) -> int | None:
    """``raw`` as a database id, or None. ``str.isdigit`` alone would accept "²", which
    ``int()`` then refuses."""
    if not (raw.isascii() and raw.isdigit()) or len(raw) > 19:
        return None
    value = int(raw)
    return value if 0 < value <= MAX_ID else None


def query_id(request: Request, name: str) -> int | None:
    """The id in query parameter ``name`` (None when absent); a 400 when it is not one."""
    raw = request.query_params.get(name)
    if not raw:
        return None
    value = parse_id(raw)
    if value is None:
        raise exceptions.ValidationError({name: [NOT_AN_ID]})
    return value


NOT_A_FLAG = "true or false."
FLAGS = {"true": True, "1": True, "false": False, "0": False}


def query_flag(request: Request, name: str) -> bool:
    """A true/false query parameter (absent: false); anything else is a 400, not ignored."""
    raw = request.query_params.get(name)
    if raw is None or raw == "":
        return False
    if raw.lower() not in FLAGS:
        raise exceptions.ValidationError({name: [NOT_A_FLAG]})
    return FLAGS[raw.lower()]


class DeskIdCursorPagination(DeskCursorPagination):
    """Desk lists page by id; a cursor whose position is no id is a 400, never handed to the
    database (where it was a 500)."""

    def decode_cursor(self, request):
        cursor = super().decode_cursor(request)
        if cursor is not None and cursor.position is not None and parse_id(cursor.position) is None:
            raise exceptions.ValidationError({"cursor": [INVALID_CURSOR]})
        return cursor


class DeskPermission(permissions.BasePermission):
    """A desk member holding the view permission of the endpoint's model.

    Read-only API keys authenticate no user, so they are refused here (403); the services
    check the finer write permissions (add/change/approve/publish/...).
    """

    def has_permission(self, request: Request, view: Any) -> bool:
        user = request.user
        if not (user and user.is_authenticated and user.is_active):
            return False
        return all(user.has_perm(p) for p in getattr(view, "required_perms", ()))


class DeskApi(ConditionalGetMixin, APIView):
    permission_classes = [DeskPermission]
    public_cache = False
    required_perms: ClassVar[tuple[str, ...]] = ()


class DeskListApi(DeskApi):
    """GET a cursor-paginated list; POST creates through ``create()``."""

    output_serializer: ClassVar[type[serializers.Serializer]]
    input_serializer: ClassVar[type[serializers.Serializer] | None] = None
    # What the 201 shows, when it says more than a read does (a webhook's secret, once).
    created_serializer: ClassVar[type[serializers.Serializer] | None] = None

    # The list's documentation: its page shape, query parameters and operation id.
    page_serializer: ClassVar[type[serializers.Serializer]]
    list_parameters: ClassVar[list] = []
    list_operation_id: ClassVar[str]

    def __init_subclass__(cls, **kwargs) -> None:
        """Document GET and POST from the class attributes (no override only to decorate)."""
        super().__init_subclass__(**kwargs)
        methods = {
            "get": extend_schema(
                operation_id=cls.list_operation_id,
                parameters=cls.list_parameters or None,
                responses={200: cls.page_serializer, **LIST_ERRORS},
            )
        }
        if cls.input_serializer is not None:
            created = cls.created_serializer or cls.output_serializer
            methods["post"] = extend_schema(
                request=cls.input_serializer, responses={201: created, **WRITE_ERRORS}
            )
        extend_schema_view(**methods)(cls)

    def get_queryset(self, request: Request) -> QuerySet:
        raise NotImplementedError

    def get(self, request: Request) -> Response:
        # A documented filter sent empty (``?status=``) is a 400, as on the public lists.
        reject_blank(request.query_params, [p.name for p in self.list_parameters])
        paginator = DeskIdCursorPagination()
        page = paginator.paginate_queryset(self.get_queryset(request), request, view=self)
        data = self.output_serializer(page, many=True, context={"request": request}).data
        return paginator.get_paginated_response(data)

    def post(self, request: Request) -> Response:
        if self.input_serializer is None:
            raise exceptions.MethodNotAllowed("POST")
        payload = self.input_serializer(data=request.data)
        payload.is_valid(raise_exception=True)
        obj = self.create(request, payload.validated_data)
        serializer = self.created_serializer or self.output_serializer
        data = serializer(obj, context={"request": request}).data
        return Response(data, status=status.HTTP_201_CREATED)

    def create(self, request: Request, data: dict[str, Any]) -> Model:
        raise NotImplementedError


class DeskDetailApi(DeskApi):
    """GET one object with its ETag; PATCH it with ``If-Match`` through ``update()``."""

    model: ClassVar[type[Model]]
    output_serializer: ClassVar[type[serializers.Serializer]]
    update_serializer: ClassVar[type[serializers.Serializer] | None] = None

    def __init_subclass__(cls, **kwargs) -> None:
        """Document GET, PATCH and PUT from the class attributes."""
        super().__init_subclass__(**kwargs)
        methods = {"get": extend_schema(responses={200: cls.output_serializer, **READ_ERRORS})}
        if cls.update_serializer is not None:
            write = extend_schema(
                request=cls.update_serializer,
                responses={200: cls.output_serializer, **PATCH_ERRORS},
            )
            methods |= {"patch": write, "put": write}
        extend_schema_view(**methods)(cls)

    def get_queryset(self) -> QuerySet:
        return self.model._default_manager.all()

    def get_object(self, pk: int) -> Any:
        return get_object_or_404(self.get_queryset(), pk=pk)

    def represent(self, obj: Model) -> dict[str, Any]:
        return self.output_serializer(obj, context={"request": self.request}).data

    def get(self, request: Request, pk: int) -> Response:
        return Response(self.represent(self.get_object(pk)))

    def patch(self, request: Request, pk: int) -> Response:
        return self._write(request, pk, partial=True)

    def put(self, request: Request, pk: int) -> Response:
        """A full replacement of the editable fields: every one of them must be sent."""
        return self._write(request, pk, partial=False)

    def _write(self, request: Request, pk: int, *, partial: bool) -> Response:
        if self.update_serializer is None:
            raise exceptions.MethodNotAllowed(request.method or "PATCH")
        payload = self.update_serializer(data=request.data, partial=partial)
        if not partial and isinstance(request.data, dict):
            missing = set(payload.fields) - set(request.data)
            if missing:
                raise exceptions.ValidationError({name: [PUT_NEEDS_ALL] for name in missing})
        payload.is_valid(raise_exception=True)
        with transaction.atomic():
            # Lock the row so the If-Match check and the write see the same version.
            obj = get_object_or_404(self.get_queryset().select_for_update(of=("self",)), pk=pk)
            check_if_match(request, self.represent(obj))
            obj = self.update(request, obj, payload.validated_data)
        return Response(self.represent(obj))

    def update(self, request: Request, obj: Any, data: dict[str, Any]) -> Model:
        raise NotImplementedError


def _action_api(
    *,
    name: str,
    model: type[Model],
    output: type[serializers.Serializer],
    run,
    perms: tuple[str, ...],
    tag: str,
    payload: type[serializers.Serializer] | None = None,
    created: bool = False,
    doc: str = "",
) -> type[APIView]:
    """A POST endpoint that runs one workflow service on one object."""

    @extend_schema(
        tags=[tag],
        request=payload,
        responses={(201 if created else 200): output, **error_responses(400, 401, 403, 404, 429)},
        operation_id=f"{tag.split(': ')[1]}_{name}",
    )
    def post(self, request: Request, pk: int) -> Response:
        obj = get_object_or_404(model._default_manager.all(), pk=pk)
        data: dict[str, Any] = {}
        if payload is not None:
            serializer = payload(data=request.data)
            serializer.is_valid(raise_exception=True)
            data = dict(serializer.validated_data)
        result = run(obj, request.user, data)
        body = output(result, context={"request": request}).data
        return Response(body, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)

    attrs = {"post": post, "required_perms": perms, "__doc__": doc or f"{name} (workflow)."}
    return type(f"{model.__name__}{name.title().replace('_', '')}Api", (DeskApi,), attrs)


NOT_SETTABLE = "This field cannot be set here."


NOT_AN_ID_OR_NULL = "An id, or null."


class StrictInputSerializer(serializers.Serializer):
    """Rejects unknown fields instead of silently ignoring them, and an empty string for an
    id (DRF reads ``""`` as null for a relation; the schema says an integer or null)."""

    def to_internal_value(self, data):
        if isinstance(data, dict):
            unknown = set(data) - set(self.fields)
            if unknown:
                raise serializers.ValidationError({name: [NOT_SETTABLE] for name in unknown})
            empty_ids = [
                name
                for name, field in self.fields.items()
                if isinstance(field, serializers.RelatedField) and data.get(name) == ""
            ]
            if empty_ids:
                raise serializers.ValidationError({name: [NOT_AN_ID_OR_NULL] for name in empty_ids})
            not_text = [
                name
                for name, field in self.fields.items()
                if name in data and not _is_text_for(field, data[name])
            ]
            if not_text:
                raise serializers.ValidationError({name: [NOT_TEXT] for name in not_text})
        return super().to_internal_value(data)


NOT_TEXT = "A string (JSON text), not a number or another type."


def _is_text_for(field: serializers.Field, value: Any) -> bool:
    """Whether ``value`` may go into ``field`` as far as its JSON type goes: DRF's
    ``CharField`` turns ``5`` into ``"5"``, which the schema (``type: string``) rules out."""
    if isinstance(field, serializers.ListField) and isinstance(value, list):
        return all(_is_text_for(field.child, item) for item in value)
    if isinstance(field, serializers.CharField):
        return isinstance(value, str) or (value is None and field.allow_null)
    return True


def page_serializer(item: type[serializers.Serializer], name: str) -> type[serializers.Serializer]:
    """A cursor page of ``item`` (documentation of the list responses)."""
    fields = {
        "next": serializers.URLField(allow_null=True),
        "previous": serializers.URLField(allow_null=True),
        "results": item(many=True),
    }
    return type(name, (serializers.Serializer,), fields)
