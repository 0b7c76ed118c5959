"""API plumbing shared by every endpoint: one error shape, renderers, pagination, throttles.

Every error any endpoint returns has the shape of :class:`ErrorSerializer`::

    {"status": 404, "code": "not_found", "detail": "Not found.", "errors": {}}

``errors`` maps field names to lists of messages for validation failures and is empty
otherwise. Conditional GET (ETag / Last-Modified / 304) and the public cache policy live in
:class:`ConditionalGetMixin`.
"""

from __future__ import annotations

import binascii
import datetime as dt
import decimal
import hashlib
import uuid
from base64 import b64decode
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from urllib import parse

import orjson
from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, RequestDataTooBig
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import OperationalError, connection, transaction
from django.http import Http404, HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.urls import Resolver404, resolve
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.functional import Promise
from django.utils.http import http_date
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.extensions import OpenApiSerializerExtension
from drf_spectacular.utils import OpenApiResponse
from rest_framework import exceptions, serializers, status
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.pagination import Cursor, CursorPagination
from rest_framework.renderers import BaseRenderer
from rest_framework.response import Response
from rest_framework.throttling import SimpleRateThrottle

PUBLIC_CACHE_CONTROL = "public, max-age=60, s-maxage=300, stale-while-revalidate=60"
INVALID_CURSOR = "Invalid cursor."
# PostgreSQL's SQLSTATE for a statement cancelled by statement_timeout.
QUERY_CANCELED = "57014"


class ErrorSerializer(serializers.Serializer):
    """The one error shape (documentation only)."""

    status = serializers.IntegerField()
    code = serializers.CharField()
    detail = serializers.CharField()
    errors = serializers.DictField(  # type: ignore[assignment]  # the field, not Serializer.errors
        child=serializers.ListField(child=serializers.CharField())
    )


def error_responses(*codes: int) -> dict[int, OpenApiResponse]:
    """``extend_schema(responses=...)`` entries for the error statuses an endpoint returns."""
    return {code: OpenApiResponse(ErrorSerializer, description="Error") for code in codes}


def _messages(value: Any) -> list[str]:
    if isinstance(value, list):
        out: list[str] = []
        for item in value:
            out.extend(_messages(item))
        return out
    if isinstance(value, dict):
        return [f"{k}: {m}" for k, v in value.items() for m in _messages(v)]
    return [str(value)]


def _from_django(exc: Exception) -> Exception:
    if isinstance(exc, DjangoValidationError):
        if hasattr(exc, "error_dict"):
            detail: Any = {
                ("non_field_errors" if k == NON_FIELD_ERRORS else k): [
                    m for e in v for m in e.messages
                ]
                for k, v in exc.error_dict.items()
            }
        else:
            detail = exc.messages
        code = getattr(exc, "code", None) or "invalid"
        return exceptions.ValidationError(detail=detail, code=code)
    if isinstance(exc, DjangoPermissionDenied):
        return exceptions.PermissionDenied(detail=str(exc) or None)
    if isinstance(exc, Http404):
        return exceptions.NotFound()
    if isinstance(exc, RequestDataTooBig):
        return RequestTooLarge()
    if isinstance(exc, OperationalError) and is_query_timeout(exc):
        return QueryTooSlow()
    return exc


def is_query_timeout(exc: BaseException) -> bool:
    """Whether a database error is PostgreSQL cancelling a statement at statement_timeout."""
    return getattr(exc.__cause__, "sqlstate", None) == QUERY_CANCELED


class RequestTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = "The request body is larger than this server accepts."
    default_code = "too_large"


class QueryTooSlow(exceptions.APIException):
    status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    default_detail = "This request took too long to answer; narrow it down and try again."
    default_code = "timeout"


@contextmanager
def public_statement_timeout() -> Iterator[None]:
    """Bound the queries of a public request that its parameters can make expensive.

    ``SET LOCAL`` (through ``set_config(..., true)``) inside a transaction: the limit ends
    with the transaction, so it never leaks to another request on a persistent connection,
    and desk, admin and ingestion work keeps the server's default. A cancelled statement
    becomes a 503 in the one error shape (:class:`QueryTooSlow`).
    """
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT set_config('statement_timeout', %s, true)",
                    [f"{settings.FACTCHECK_PUBLIC_STATEMENT_TIMEOUT_MS}ms"],
                )
        yield


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """Turn every error into the one shape; Django's errors from services included."""
    # Imported here: rest_framework.views reads the renderer setting, which points at this
    # module, so a module-level import would be circular.
    from rest_framework.views import exception_handler as drf_exception_handler

    exc = _from_django(exc)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    assert isinstance(exc, exceptions.APIException)
    data = response.data
    errors: dict[str, list[str]] = {}
    if isinstance(exc, exceptions.ValidationError):
        detail = "Invalid input."
        if isinstance(data, dict):
            for field, value in data.items():
                errors[str(field)] = _messages(value)
            non_field = errors.get("non_field_errors")
            if non_field and len(errors) == 1:
                detail = non_field[0]
        else:
            messages = _messages(data)
            errors["non_field_errors"] = messages
            detail = messages[0] if messages else detail
        codes = exc.get_codes()
        code = codes if isinstance(codes, str) else _first_code(codes)
    else:
        detail = (
            str(exc.detail) if not isinstance(exc.detail, (list, dict)) else str(exc.default_detail)
        )
        code = getattr(exc.detail, "code", None) or exc.default_code
    response.data = {
        "status": response.status_code,
        "code": str(code),
        "detail": str(detail),
        "errors": errors,
    }
    if isinstance(exc, PreconditionFailed) and exc.etag:
        response["ETag"] = exc.etag
    return response


def _first_code(codes: Any) -> str:
    if isinstance(codes, str):
        return codes
    if isinstance(codes, list) and codes:
        return _first_code(codes[0])
    if isinstance(codes, dict) and codes:
        return _first_code(next(iter(codes.values())))
    return "invalid"


def _orjson_default(obj: Any) -> Any:
    # Only the types DRF's own encoder knows; anything else is a bug and must fail loudly
    # (drf-orjson-renderer silently writes null instead).
    if isinstance(obj, Promise):
        return str(obj)
    if isinstance(obj, decimal.Decimal):
        return str(obj)
    if isinstance(obj, uuid.UUID):
        return str(obj)
    if isinstance(obj, dt.timedelta):
        return str(obj.total_seconds())
    raise TypeError(f"Object of type {type(obj).__name__} is not JSON serializable")


class ORJSONRenderer(BaseRenderer):
    media_type = "application/json"
    format = "json"
    charset = None

    def render(self, data: Any, accepted_media_type: str | None = None, renderer_context=None):
        if data is None:
            return b""
        return orjson.dumps(data, default=_orjson_default, option=orjson.OPT_NON_STR_KEYS)


class JSONLDRenderer(ORJSONRenderer):
    media_type = "application/ld+json"
    format = "jsonld"


class PublicCursorPagination(CursorPagination):
    """Keyset pagination: no COUNT(*), stable under inserts, ``page_size`` capped at 100.

    The view names its ordering (``cursor_ordering``); a cursor that this server did not
    issue, or that no longer fits the ordering, is a 400, never a silent first page.
    """

    page_size = 20
    max_page_size = 100
    page_size_query_param = "page_size"
    ordering: tuple[str, ...] = ("-published_at", "-id")

    def get_ordering(self, request, queryset, view):
        return getattr(view, "cursor_ordering", self.ordering)

    def decode_cursor(self, request):
        encoded = request.query_params.get(self.cursor_query_param)
        if encoded is None:
            return None
        try:
            querystring = b64decode(encoded.encode("ascii"), validate=True).decode("ascii")
            tokens = parse.parse_qs(querystring, keep_blank_values=True, strict_parsing=True)
            offset = int(tokens.get("o", ["0"])[0])
            reverse = bool(int(tokens.get("r", ["0"])[0]))
            position = tokens.get("p", [None])[0]
        except (TypeError, ValueError, UnicodeError, binascii.Error):
            raise exceptions.ValidationError({"cursor": [INVALID_CURSOR]}) from None
        if offset < 0 or (position is not None and "\x00" in position):
            raise exceptions.ValidationError({"cursor": [INVALID_CURSOR]})
        return Cursor(offset=min(offset, self.offset_cutoff), reverse=reverse, position=position)

    def paginate_queryset(self, queryset, request, view=None):
        if self.cursor_query_param not in request.query_params:
            return super().paginate_queryset(queryset, request, view)
        try:
            return super().paginate_queryset(queryset, request, view)
        except (ValueError, TypeError, DjangoValidationError):
            # A well-formed cursor whose position is not a value of the ordering's field.
            raise exceptions.ValidationError({"cursor": [INVALID_CURSOR]}) from None

    def get_page_size(self, request):
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        try:
            size = int(raw)
        except ValueError:
            raise exceptions.ValidationError(
                {"page_size": ["A whole number between 1 and 100."]}
            ) from None
        if size < 1:
            raise exceptions.ValidationError({"page_size": ["A whole number between 1 and 100."]})
        return min(size, self.max_page_size)


BLANK = "May not be blank."


def reject_blank(query_params: Any, names: Any) -> None:
    """400 for typed parameters sent empty (``?page_size=``): a blank is not a number, a
    date or a choice, and DRF and django-filter would otherwise read it as "not given"."""
    blank = [name for name in names if query_params.get(name) == ""]
    if blank:
        raise exceptions.ValidationError({name: [BLANK] for name in blank})


class StrictContentNegotiation(DefaultContentNegotiation):
    """``?format=`` naming no renderer of the view is 406 Not Acceptable (DRF says 404)."""

    def select_renderer(self, request, renderers, format_suffix=None):
        if request.query_params.get(self.settings.URL_FORMAT_OVERRIDE) == "":
            raise exceptions.NotAcceptable()
        return super().select_renderer(request, renderers, format_suffix)

    def filter_renderers(self, renderers, format):
        matching = [renderer for renderer in renderers if renderer.format == format]
        if not matching:
            raise exceptions.NotAcceptable(available_renderers=renderers)
        return matching


class PublicRateThrottle(SimpleRateThrottle):
    """Anonymous readers by IP, newsroom API keys by key, people by user (own rates each)."""

    def __init__(self) -> None:  # the scope, hence the rate, is only known per request
        pass

    def allow_request(self, request, view):
        key = getattr(request, "auth", None)
        if getattr(key, "is_api_key", False):
            self.scope, self.ident = "newsroom", f"key-{key.pk}"
        elif request.user and request.user.is_authenticated:
            self.scope, self.ident = "user", f"user-{request.user.pk}"
        else:
            self.scope, self.ident = "anon", self.get_ident(request)
        self.rate = self.get_rate()
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request, view)

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.ident}


PUBLIC_CORS_HEADERS = {
    # Public data, no cookies involved: any newsroom page may fetch it from a browser,
    # with an API key and conditional requests.
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Expose-Headers": "ETag, Last-Modified, Retry-After, Link",
}
PUBLIC_PREFLIGHT_HEADERS = {
    "Access-Control-Allow-Methods": "GET, HEAD, OPTIONS",
    "Access-Control-Allow-Headers": (
        "Authorization, If-None-Match, If-Modified-Since, If-Match, Content-Type"
    ),
    "Access-Control-Max-Age": "86400",
}


def add_public_cors_headers(request: Any, response: HttpResponse) -> HttpResponse:
    """CORS for public endpoints: on every answer (errors and 304s too), and a preflight."""
    for header, value in PUBLIC_CORS_HEADERS.items():
        response[header] = value
    if request.method == "OPTIONS":
        for header, value in PUBLIC_PREFLIGHT_HEADERS.items():
            response[header] = value
    return response


class ConditionalGetMixin:
    """ETag (a hash of the body), Last-Modified and a CDN-friendly Cache-Control on GETs.

    ``self.last_modified`` may be set by the view while it builds the response. Public views
    set ``public_cache = True`` (and get CORS headers); desk views get ``private, no-cache``.
    """

    public_cache = True
    last_modified: dt.datetime | None = None

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        response = self._conditional(request, response)
        if self.public_cache:
            add_public_cors_headers(request, response)
        return response

    def _conditional(self, request, response):
        if response.status_code != status.HTTP_200_OK or not isinstance(response, Response):
            # A non-DRF response answers conditional requests itself (the feed).
            return response
        if request.method in ("PUT", "PATCH"):
            # The edited version's ETag, so the next edit needs no GET first.
            response.render()
            response["ETag"] = etag_of_body(response.content)
            return response
        if request.method not in ("GET", "HEAD"):
            return response
        if len(getattr(self, "renderer_classes", ())) > 1:
            patch_vary_headers(response, ["Accept"])
        response.render()
        etag = etag_of_body(response.content)
        response["ETag"] = etag
        if self.last_modified is not None:
            response["Last-Modified"] = http_date(self.last_modified.timestamp())
        response["Cache-Control"] = (
            PUBLIC_CACHE_CONTROL if self.public_cache else "private, no-cache"
        )
        conditional = get_conditional_response(
            request,
            etag=etag,
            last_modified=int(self.last_modified.timestamp()) if self.last_modified else None,
            response=response,
        )
        return conditional if conditional is not response else response


class PreconditionRequired(exceptions.APIException):
    status_code = 428
    default_detail = "Send If-Match with the ETag of the version you edited."
    default_code = "precondition_required"


class PreconditionFailed(exceptions.APIException):
    """A stale ``If-Match``. Carries the current version's ``etag``, which the answer sends as
    its ``ETag`` header, so a client can tell whether a re-fetch would differ from what it
    holds (and resend against that version) without guessing."""

    status_code = 412
    default_detail = "Someone changed this since you loaded it; reload and try again."
    default_code = "precondition_failed"

    def __init__(self, detail: Any = None, code: str | None = None, *, etag: str = "") -> None:
        super().__init__(detail, code)
        self.etag = etag


def etag_of_body(body: bytes) -> str:
    return '"' + hashlib.blake2b(body, digest_size=16).hexdigest() + '"'


def etag_of(data: Any) -> str:
    """The ETag :class:`ConditionalGetMixin` would send for a response carrying ``data``."""
    return etag_of_body(ORJSONRenderer().render(data))


def check_if_match(request, current: Any) -> None:
    """Optimistic concurrency: 428 without If-Match (or with ``*``, which names no version),
    412 when it names another version; the 412 carries the current version's ``ETag``.

    If-Match compares strongly (RFC 9110 §13.1.1): a weak tag (``W/"…"``) never matches, and
    ``*`` ("any version exists") would turn the lost-update check off, so it counts as no
    precondition at all.
    """
    header = request.headers.get("If-Match", "")
    wanted = {tag.strip() for tag in header.split(",")} - {""}
    if not wanted or "*" in wanted:
        raise PreconditionRequired()
    etag = etag_of(current)
    if etag not in wanted:
        raise PreconditionFailed(etag=etag)


class DeskCursorPagination(PublicCursorPagination):
    ordering: tuple[str, ...] = ("-id",)

    def get_ordering(self, request, queryset, view):
        return self.ordering


API_PREFIXES = ("/api/", "/v1alpha1/")


def _json_error(status_code: int, code: str, detail: str) -> HttpResponse:
    body = {"status": status_code, "code": code, "detail": detail, "errors": {}}
    return HttpResponse(orjson.dumps(body), status=status_code, content_type="application/json")


@csrf_exempt  # it changes nothing; a CSRF refusal would be an HTML 403 instead of this 404
def api_not_found(request: HttpRequest, rest: str = "") -> HttpResponse:
    """Every unmatched URL under the API prefixes (the URLconf's last API route).

    A route, not only ``handler404``: under DEBUG Django answers an unresolved URL with its
    HTML technical page. The slash redirect ``CommonMiddleware`` would have made is kept.
    """
    if settings.APPEND_SLASH and not request.path_info.endswith("/"):
        try:
            match = resolve(request.path_info + "/")
        except Resolver404:
            match = None
        if match is not None and match.func is not api_not_found:
            return HttpResponsePermanentRedirect(request.get_full_path(force_append_slash=True))
    return _json_error(404, "not_found", "Not found.")


def not_found_handler(request, exception=None):
    """Unmatched API URLs get the one JSON error shape; pages keep Django's HTML 404."""
    if request.path.startswith(API_PREFIXES):
        return _json_error(404, "not_found", "Not found.")
    from django.views.defaults import page_not_found

    return page_not_found(request, exception)


def bad_request_handler(request, exception=None):
    """A request Django refuses before any view (an unknown Host, a malformed request)."""
    if request.path.startswith(API_PREFIXES):
        return _json_error(400, "bad_request", "Bad request.")
    from django.views.defaults import bad_request

    return bad_request(request, exception)


def server_error_handler(request):
    if request.path.startswith(API_PREFIXES):
        return _json_error(500, "server_error", "Internal server error.")
    from django.views.defaults import server_error

    return server_error(request)


class StrictInputSchema(OpenApiSerializerExtension):
    """What the desk's input serializers (``StrictInputSerializer``) really accept.

    - Unknown fields are refused (a 400 naming each): ``additionalProperties: false``, so a
      generated client or a fuzzer reading the schema knows an extra field is an error.
    - A PUT replaces every editable field, so each one must be sent: the PUT body is its own
      component (``…ReplaceRequest``) with every field required (PATCH and POST keep theirs).
    - URL fields take ``http``/``https`` addresses only (Django's ``URLValidator``), which
      JSON Schema's ``format: uri`` alone does not say.
    """

    target_class = "factcheck.desk_api.StrictInputSerializer"
    match_subclasses = True

    def get_name(self, auto_schema, direction):
        if direction == "request" and auto_schema.method == "PUT":
            return type(self.target).__name__.removesuffix("Serializer") + "Replace"
        return None

    def map_serializer(self, auto_schema, direction):
        # The mapping drf-spectacular documents for serializer extensions.
        schema = auto_schema._map_basic_serializer(self.target, direction)
        schema["additionalProperties"] = False
        properties = schema.get("properties", {})
        if direction == "request" and auto_schema.method == "PUT":
            schema["required"] = sorted(properties)
        for name, field in self.target.fields.items():
            if name not in properties:
                continue
            if isinstance(field, serializers.ListField) and "items" in properties[name]:
                _constrain_text(field.child, properties[name]["items"])
            else:
                _constrain_text(field, properties[name])
        return schema


def _constrain_text(field: serializers.Field, schema: dict[str, Any]) -> None:
    """A text field's rule that ``maxLength``/``minLength`` cannot say: DRF strips the value
    first, so a non-blank field needs a character that is not white space."""
    if isinstance(field, serializers.URLField):
        schema["pattern"] = HTTP_URL_PATTERN
    elif (
        isinstance(field, serializers.CharField)
        and not isinstance(field, serializers.RegexField)
        and not field.allow_blank
        and field.trim_whitespace
        and "pattern" not in schema
    ):
        schema["pattern"] = r"\S"


# Query parameters documented with the bounds the views check (``parse_id``, the paginator).
ID_PARAMETER_SCHEMA = {"type": "integer", "minimum": 1, "maximum": 2**63 - 1}
PAGE_SIZE_PARAMETER_SCHEMA = {"type": "integer", "minimum": 1, "maximum": 100}


# The part of ``URLValidator``'s language a JSON Schema regex can say, kept to what is also
# a valid ``format: uri`` (RFC 3986): http(s), a host name of letters, digits and inner
# hyphens with a top-level domain, then a path of URI characters.
HTTP_URL_PATTERN = (
    r"^[Hh][Tt][Tt][Pp][Ss]?://([A-Za-z0-9]([A-Za-z0-9-]{0,20}[A-Za-z0-9])?\.)+"
    r"[A-Za-z]{2,20}(/[A-Za-z0-9._~!$&'()*+,;=:@/-]*)?$"
)


def document_common_errors(result, generator, request, public):
    """drf-spectacular post-processing hook: statuses every operation can return.

    Content negotiation (406) applies to every operation and parsing (415) to every one
    with a body; both come back in the one error shape, in each media type the operation
    answers in (a 406 is rendered by the view's first renderer).
    """
    schema = {"$ref": "#/components/schemas/Error"}
    for path in result.get("paths", {}).values():
        for operation in path.values():
            responses = operation.setdefault("responses", {})
            media_types = {"application/json"}
            for code, response in responses.items():
                if str(code).startswith("2"):
                    media_types.update(response.get("content", {}))
            error = {
                "description": "Error",
                "content": {media_type: {"schema": schema} for media_type in sorted(media_types)},
            }
            responses.setdefault("406", error)
            if "requestBody" in operation:
                responses.setdefault("415", error)
    return result


IF_MATCH_PARAMETER = {
    "in": "header",
    "name": "If-Match",
    "required": True,
    "schema": {"type": "string"},
    "description": (
        "The strong `ETag` of the version you edited (from a GET, or the last edit's "
        "answer). Without it, or with `*`, 428; with another version's or a weak tag, 412, "
        "whose `ETag` header is the current version's."
    ),
}


CURRENT_ETAG_HEADER = {
    "schema": {"type": "string"},
    "description": (
        "The strong `ETag` of the version as it stands now: compare it with yours, or GET "
        "and resend with it in `If-Match`."
    ),
}


def document_if_match(result, generator, request, public):
    """drf-spectacular post-processing hook: every edit that checks ``If-Match`` (it can
    answer 428) says that the header is required, so generated clients send it, and that its
    412 answer carries the current version's ``ETag``."""
    for path in result.get("paths", {}).values():
        for operation in path.values():
            if not isinstance(operation, dict) or "428" not in operation.get("responses", {}):
                continue
            parameters = operation.setdefault("parameters", [])
            if not any(p.get("in") == "header" and p.get("name") == "If-Match" for p in parameters):
                parameters.append(dict(IF_MATCH_PARAMETER))
            stale = operation["responses"].get("412")
            if isinstance(stale, dict):
                stale.setdefault("headers", {})["ETag"] = dict(CURRENT_ETAG_HEADER)
    return result


JSON_PATCH_MEDIA_TYPE = "application/json-patch+json"


def document_json_patch(result, generator, request, public):
    """drf-spectacular post-processing hook: a PATCH's JSON Patch body says exactly what it
    accepts.

    A serializer can only describe one loose operation (any ``op``, any ``path``, any
    ``value``). What the desk accepts is narrower, and generated clients and schemathesis
    should know it: a ``test`` of any JSON Pointer, or a ``replace``/``add`` of one editable
    field (the operation's ``application/json`` body names them) whose ``value`` has that
    field's own schema.
    """
    schemas = result.get("components", {}).get("schemas", {})
    for path in result.get("paths", {}).values():
        for operation in path.values():
            if not isinstance(operation, dict):
                continue
            content = operation.get("requestBody", {}).get("content", {})
            if JSON_PATCH_MEDIA_TYPE not in content:
                continue
            ref = content.get("application/json", {}).get("schema", {}).get("$ref", "")
            fields = schemas.get(ref.rsplit("/", 1)[-1], {}).get("properties", {})
            variants: list[dict[str, Any]] = [
                {
                    "type": "object",
                    "properties": {
                        "op": {"type": "string", "enum": ["test"]},
                        "path": {"type": "string", "pattern": "^/"},
                        "value": {},
                    },
                    "required": ["op", "path", "value"],
                    "additionalProperties": False,
                }
            ]
            for name, schema in fields.items():
                variants.append(
                    {
                        "type": "object",
                        "properties": {
                            "op": {"type": "string", "enum": ["replace", "add"]},
                            "path": {"type": "string", "enum": [f"/{name}"]},
                            "value": schema,
                        },
                        "required": ["op", "path", "value"],
                        "additionalProperties": False,
                    }
                )
            items = {"oneOf": variants}
            content[JSON_PATCH_MEDIA_TYPE]["schema"] = {"type": "array", "items": items}
    return result


def type_nullable_references(result, generator, request, public):
    """drf-spectacular post-processing hook: a nullable nested serializer that clients heed.

    drf-spectacular writes one as ``{"allOf": [{"$ref": ...}], "nullable": true}``, but in
    OpenAPI 3.0.3 ``nullable`` only counts next to an explicit ``type``: generated clients
    read such a field (``claim.claimant``) as never null. Every referenced schema here is an
    object (a serializer), so say so.
    """

    def visit(node: Any) -> None:
        if isinstance(node, dict):
            if node.get("nullable") and "allOf" in node and "type" not in node:
                node["type"] = "object"
            for value in node.values():
                visit(value)
        elif isinstance(node, list):
            for value in node:
                visit(value)

    visit(result.get("components", {}))
    visit(result.get("paths", {}))
    return result
