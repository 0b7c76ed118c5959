"""Request parsing that a hostile body cannot turn into a 500 or a stalled worker.

DRF's own ``JSONParser`` hands the body to :func:`json.load`, whose recursive decoder raises
``RecursionError`` (a 500) on a few thousand nested brackets, and it reads the stream without
looking at ``DATA_UPLOAD_MAX_MEMORY_SIZE`` (Django checks that limit only in
``HttpRequest.body``, which DRF does not use). This parser reads at most that many bytes,
decodes with orjson (C, no Python recursion; it also refuses lone surrogates, which
PostgreSQL could not store) and refuses documents nested deeper than
:data:`MAX_JSON_DEPTH`, all as 400/413 in the one error shape.
"""

from __future__ import annotations

from typing import Any

import orjson
from django.conf import settings
from rest_framework import parsers
from rest_framework.exceptions import ParseError

from factcheck.api import RequestTooLarge

# No request of this API nests deeper than a handful of levels; 32 leaves room for any
# reasonable client while bounding the work a document can ask for.
MAX_JSON_DEPTH = 32
TOO_DEEP = f"JSON nested deeper than {MAX_JSON_DEPTH} levels."
NOT_UTF8 = "JSON must be UTF-8."


def json_depth_exceeds(data: Any, limit: int = MAX_JSON_DEPTH) -> bool:
    """Whether ``data`` nests lists/objects deeper than ``limit`` (iterative: no recursion)."""
    stack: list[tuple[Any, int]] = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict):
            children: Any = value.values()
        elif isinstance(value, list):
            children = value
        else:
            continue
        if depth > limit:
            return True
        stack.extend((child, depth + 1) for child in children)
    return False


def read_limited(stream: Any, limit: int | None) -> bytes:
    """The body, or 413 once it is longer than ``limit`` bytes (None: no limit)."""
    if limit is None:
        return stream.read()
    body = stream.read(limit + 1)
    if len(body) > limit:
        raise RequestTooLarge()
    return body


class JSONParser(parsers.JSONParser):
    """DRF's JSON parser with a body limit, a depth limit and no recursion."""

    def parse(self, stream, media_type=None, parser_context=None) -> Any:
        body = read_limited(stream, settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
        encoding = (parser_context or {}).get("encoding", settings.DEFAULT_CHARSET)
        if encoding.lower().replace("_", "-") not in ("utf-8", "utf8"):
            try:
                body = body.decode(encoding).encode("utf-8")
            except (LookupError, UnicodeError) as exc:
                raise ParseError(NOT_UTF8) from exc
        try:
            data = orjson.loads(body)
        except orjson.JSONDecodeError as exc:
            if "recursion" in str(exc):
                raise ParseError(TOO_DEEP) from exc
            raise ParseError(f"JSON parse error - {exc}") from exc
        if json_depth_exceeds(data):
            raise ParseError(TOO_DEEP)
        return data
