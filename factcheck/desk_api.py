"""The desk API's building blocks: permission, list/detail views with ETags, and the
POST endpoint that runs one workflow service."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

import orjson
from django.db import transaction
from django.db.models import Model, QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_serializer
from rest_framework import exceptions, generics, permissions, serializers, status
from rest_framework.metadata import SimpleMetadata
from rest_framework.request import Request
from rest_framework.response import Response

from factcheck.api import (
    ConditionalGetMixin,
    DeskCursorPagination,
    ORJSONRenderer,
    PreconditionRequired,
    check_if_match,
    error_responses,
    reject_blank,
)
from factcheck.parsers import JSONParser

BAD_LOGIN = "Unable to log in with these credentials."
PUT_NEEDS_ALL = "PUT replaces every editable field; send this one too, or use PATCH."
READ_ERRORS = error_responses(401, 403, 404, 429)
LIST_ERRORS = error_responses(400, 401, 403, 429)
WRITE_ERRORS = error_responses(400, 401, 403, 404, 429)
PATCH_ERRORS = error_responses(400, 401, 403, 404, 409, 412, 415, 428, 429)
PUT_ERRORS = error_responses(400, 401, 403, 404, 412, 428, 429)
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

    def get_schema_operation_parameters(self, view):
        """None: each desk list documents its own query parameters (``list_parameters``),
        the cursor and the page size among them where it takes them."""
        return []


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


class DeskMetadata(SimpleMetadata):
    """OPTIONS as the desk has always answered it: name, description and media types, no
    ``actions`` (DRF would describe a generic view's ``serializer_class`` there, which is the
    output, not what a POST or PUT takes)."""

    def determine_actions(self, request, view):
        return {}


class DeskApi(ConditionalGetMixin, generics.GenericAPIView):
    permission_classes = [DeskPermission]
    metadata_class = DeskMetadata
    pagination_class = DeskIdCursorPagination
    public_cache = False
    required_perms: ClassVar[tuple[str, ...]] = ()


def desk_list_schema(
    *,
    operation_id: str,
    page: type[serializers.Serializer],
    parameters: list | None = None,
    request: type[serializers.Serializer] | None = None,
    created: type[serializers.Serializer] | None = None,
) -> dict[str, Any]:
    """The documentation of a desk list (and of its POST when it takes ``request``), for
    ``@extend_schema_view(**desk_list_schema(...))``."""
    methods = {
        "get": extend_schema(
            operation_id=operation_id,
            parameters=parameters or None,
            responses={200: page, **LIST_ERRORS},
        )
    }
    if request is not None:
        methods["post"] = extend_schema(request=request, responses={201: created, **WRITE_ERRORS})
    return methods


class DeskListApi(DeskApi, generics.ListCreateAPIView):
    """GET a cursor-paginated list; POST creates through ``create()``."""

    # ``serializer_class`` shows the items of the list (and, unless ``created_serializer``
    # says more, the 201 of a POST).
    input_serializer: ClassVar[type[serializers.Serializer] | None] = None
    # What the 201 shows, when it says more than a read does (a webhook's secret, once).
    created_serializer: ClassVar[type[serializers.Serializer] | None] = None
    # The documented query parameters: one sent empty (``?status=``) is a 400.
    list_parameters: ClassVar[list] = []

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        # A documented filter sent empty (``?status=``) is a 400, as on the public lists.
        reject_blank(request.query_params, [p.name for p in self.list_parameters])
        return super().list(request, *args, **kwargs)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        if self.input_serializer is None:
            raise exceptions.MethodNotAllowed("POST")
        payload = self.input_serializer(data=request.data)
        payload.is_valid(raise_exception=True)
        obj = self.create_object(payload.validated_data)
        serializer = self.created_serializer or self.get_serializer_class()
        data = serializer(obj, context={"request": request}).data
        return Response(data, status=status.HTTP_201_CREATED)

    def create_object(self, data: dict[str, Any]) -> Model:
        """Run the workflow service that creates the object (it checks the actor's perms)."""
        raise NotImplementedError


# --- PATCH with per-field preconditions (JSON Patch) --------------------------------------

JSON_PATCH = "application/json-patch+json"
PATCH_DESCRIPTION = """\
Two ways to say which version the edit is based on; a PATCH with neither is refused (428).

* **`If-Match: "<ETag>"`** with a JSON object of the fields to change (`application/json`,
  merge semantics): the whole representation's version. Strict, as RFC 9110 says: any change
  since the GET, to any field (an assignment, a status step), is a `412` and nothing is
  written; its `ETag` header is the current version's. Fetch again and resend.
* **A JSON Patch** (RFC 6902, `Content-Type: application/json-patch+json`): an array of
  operations. Each `replace` (or `add`) of a field (`"path": "/headline"`) must come with a
  `test` of that field carrying the value the client loaded (for a nested one, a member of
  it will do: `/claimant/id` before replacing `/claimant` with a speaker id); a `test` may
  also name any other member of the representation. The tests are
  checked under the row lock, at write time: if all hold, the replaces are applied at once,
  even if other fields changed meanwhile (a colleague's assignment voids nothing); if one
  fails, nothing is written and the answer is `409` with, per failed path, what it holds
  now. `If-Match` may be sent as well and is then checked strictly too. Only `test`,
  `replace` and `add` of top-level fields are supported; anything else is a `400`.
"""
PATCH_NEEDS_TESTS = (
    'Each replaced field needs a test of the value you loaded (a JSON Patch "test" on the '
    "same path), or send If-Match with the ETag of the version you edited."
)
PATCH_NOT_A_LIST = "A JSON Patch is an array of operations."
PATCH_BAD_OP = "Supported operations: test, and replace or add of a top-level field."
PATCH_BAD_PATH = "Not a field of this resource."
PATCH_CONFLICT = "Changed since you loaded it; now: {now}."
PATCH_CONFLICT_DETAIL = "Someone changed these fields since you loaded them; nothing was saved."
_ABSENT = object()


class JSONPatchParser(JSONParser):
    """The same hardened JSON parser, for ``application/json-patch+json`` bodies."""

    media_type = JSON_PATCH


class PatchConflict(exceptions.ValidationError):
    """A JSON Patch ``test`` failed under the row lock: a colleague changed that field."""

    status_code = status.HTTP_409_CONFLICT
    default_code = "edit_conflict"


class JSONPatchOperationSerializer(serializers.Serializer):
    """One RFC 6902 operation (documentation of the PATCH body)."""

    op = serializers.ChoiceField(choices=["test", "replace", "add"])
    path = serializers.CharField(help_text='A JSON Pointer: "/headline", "/claimant/id".')
    value = serializers.JSONField()


def _pointer(path: Any) -> list[str] | None:
    """RFC 6901: ``"/a/b~1c"`` → ``["a", "b/c"]``; None when it is not a pointer."""
    if not isinstance(path, str) or not path.startswith("/"):
        return None
    return [part.replace("~1", "/").replace("~0", "~") for part in path[1:].split("/")]


def _resolve(document: Any, parts: list[str]) -> Any:
    for part in parts:
        if isinstance(document, dict) and part in document:
            document = document[part]
        elif isinstance(document, list) and part.isdigit() and int(part) < len(document):
            document = document[int(part)]
        else:
            return _ABSENT
    return document


@dataclass(frozen=True)
class JSONPatch:
    """A validated patch: the changes (field → raw value) and the tests (path → value)."""

    changes: dict[str, Any]
    tests: list[tuple[str, list[str], Any]]

    @classmethod
    def parse(cls, operations: Any, editable: set[str]) -> JSONPatch:
        if not isinstance(operations, list):
            raise exceptions.ValidationError({"non_field_errors": [PATCH_NOT_A_LIST]})
        changes: dict[str, Any] = {}
        tests: list[tuple[str, list[str], Any]] = []
        for i, operation in enumerate(operations):
            if not isinstance(operation, dict) or "value" not in operation:
                raise exceptions.ValidationError({str(i): [PATCH_BAD_OP]})
            parts = _pointer(operation.get("path"))
            if parts is None:
                raise exceptions.ValidationError({str(i): [PATCH_BAD_PATH]})
            if operation.get("op") == "test":
                tests.append((operation["path"], parts, operation["value"]))
            elif operation.get("op") in ("replace", "add") and len(parts) == 1:
                if parts[0] not in editable:
                    raise exceptions.ValidationError({parts[0]: [NOT_SETTABLE]})
                changes[parts[0]] = operation["value"]
            else:
                raise exceptions.ValidationError({str(i): [PATCH_BAD_OP]})
        # A test of the field or of a member under it (``/claimant/id``) covers a replace.
        tested = {parts[0] for _, parts, _ in tests}
        if any(name not in tested for name in changes):
            raise PreconditionRequired(PATCH_NEEDS_TESTS)
        return cls(changes=changes, tests=tests)

    def check(self, current: Any) -> None:
        """RFC 6902 ``test``: each tested path holds the loaded value now, or a 409 naming
        every path that does not (nothing is applied)."""
        # The representation as a client reads it (dates as strings, ids as numbers).
        now = orjson.loads(ORJSONRenderer().render(current))
        failed = {}
        for path, parts, value in self.tests:
            found = _resolve(now, parts)
            if found is _ABSENT or found != value:
                shown = "absent" if found is _ABSENT else orjson.dumps(found).decode()
                failed[path.lstrip("/")] = [PATCH_CONFLICT.format(now=shown)]
        if failed:
            raise PatchConflict({"non_field_errors": [PATCH_CONFLICT_DETAIL], **failed})


def desk_detail_schema(
    output: type[serializers.Serializer], update: type[serializers.Serializer] | None = None
) -> dict[str, Any]:
    """The documentation of a desk detail's GET (and PATCH/PUT when it takes ``update``), for
    ``@extend_schema_view(**desk_detail_schema(...))``."""
    methods = {"get": extend_schema(responses={200: output, **READ_ERRORS})}
    if update is not None:
        methods["patch"] = extend_schema(
            description=PATCH_DESCRIPTION,
            request={
                "application/json": update,
                JSON_PATCH: JSONPatchOperationSerializer(many=True),
            },
            responses={200: output, **PATCH_ERRORS},
        )
        methods["put"] = extend_schema(request=update, responses={200: output, **PUT_ERRORS})
    return methods


class DeskDetailApi(DeskApi, generics.RetrieveUpdateAPIView):
    """GET one object with its ETag; PATCH it with ``If-Match`` through ``update()``."""

    # ``serializer_class`` shows the object; ``update_serializer`` reads a PATCH/PUT body.
    update_serializer: ClassVar[type[serializers.Serializer] | None] = None

    def get_parsers(self):
        if self.request is not None and getattr(self.request, "method", "") == "PATCH":
            return [*super().get_parsers(), JSONPatchParser()]
        return super().get_parsers()

    def get_queryset(self) -> QuerySet:
        queryset = super().get_queryset()
        if getattr(self.request, "method", None) in ("PATCH", "PUT"):
            # A write reads its row only inside ``update()``'s transaction: lock it so the
            # precondition and the write see the same version.
            queryset = queryset.select_for_update(of=("self",))
        return queryset

    def put(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """A full replacement of the editable fields: every one of them must be sent."""
        return self.update(request, *args, **kwargs)

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        partial = kwargs.pop("partial", False)
        if self.update_serializer is None:
            raise exceptions.MethodNotAllowed(request.method or "PATCH")
        patch: JSONPatch | None = None
        data = request.data
        if partial and request.content_type.split(";")[0].strip() == JSON_PATCH:
            patch = JSONPatch.parse(data, set(self.update_serializer().fields))
            data = patch.changes
        payload = self.update_serializer(data=data, partial=partial)
        if not partial and isinstance(data, dict):
            missing = set(payload.fields) - set(data)
            if missing:
                raise exceptions.ValidationError({name: [PUT_NEEDS_ALL] for name in missing})
        payload.is_valid(raise_exception=True)
        with transaction.atomic():
            obj = self.get_object()  # locked: see get_queryset()
            current = self.get_serializer(obj).data
            if patch is None or request.headers.get("If-Match"):
                check_if_match(request, current)
            if patch is not None:
                patch.check(current)
            obj = self.update_object(obj, payload.validated_data)
        return Response(self.get_serializer(obj).data)

    def update_object(self, obj: Any, data: dict[str, Any]) -> Model:
        """Run the workflow service that edits ``obj`` (under the row lock; it checks perms)."""
        raise NotImplementedError


def desk_action_schema(
    *,
    operation_id: str,
    output: type[serializers.Serializer],
    request: type[serializers.Serializer] | None = None,
    created: bool = False,
) -> Any:
    """The documentation of an action's POST, for ``@extend_schema_view(post=...)``."""
    return extend_schema(
        request=request,
        responses={(201 if created else 200): output, **error_responses(400, 401, 403, 404, 429)},
        operation_id=operation_id,
    )


class DeskActionApi(DeskApi):
    # No docstring: each action's own is its description in the schema.
    input_serializer: ClassVar[type[serializers.Serializer] | None] = None
    created: ClassVar[bool] = False

    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        obj = self.get_object()
        data: dict[str, Any] = {}
        if self.input_serializer is not None:
            payload = self.input_serializer(data=request.data)
            payload.is_valid(raise_exception=True)
            data = dict(payload.validated_data)
        result = self.run(obj, data)
        body = self.get_serializer(result).data
        return Response(
            body, status=status.HTTP_201_CREATED if self.created else status.HTTP_200_OK
        )

    def run(self, obj: Any, data: dict[str, Any]) -> Model:
        """Run the action's workflow service on ``obj`` as ``self.request.user``."""
        raise NotImplementedError


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
    """A cursor page of ``item`` (documentation of the list responses): already the page,
    so the schema does not wrap it in a list (``many=False``)."""
    fields = {
        "next": serializers.URLField(allow_null=True),
        "previous": serializers.URLField(allow_null=True),
        "results": item(many=True),
    }
    return extend_schema_serializer(many=False)(type(name, (serializers.Serializer,), fields))
