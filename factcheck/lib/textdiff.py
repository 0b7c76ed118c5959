"""Word-level differences between two versions of a text, escaped for HTML (pure; no ORM).

Used to show what a correction changed against the version readers saw before it.
"""

from __future__ import annotations

import difflib
import re

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

_TOKENS = re.compile(r"\s+|[^\s]+")


def word_diff(old: str, new: str) -> list[tuple[str, str]]:
    """``(op, text)`` pieces turning ``old`` into ``new``: op is "equal", "delete" or
    "insert"; whitespace is kept, so joining the non-deleted pieces gives ``new``."""
    a, b = _TOKENS.findall(old or ""), _TOKENS.findall(new or "")
    pieces: list[tuple[str, str]] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            pieces.append(("equal", "".join(a[i1:i2])))
            continue
        if i2 > i1:
            pieces.append(("delete", "".join(a[i1:i2])))
        if j2 > j1:
            pieces.append(("insert", "".join(b[j1:j2])))
    return pieces


def diff_html(old: str, new: str) -> SafeString:
    """The difference as escaped HTML: ``<del>`` for removed words, ``<ins>`` for added."""
    tags = {"equal": "{}", "delete": "<del>{}</del>", "insert": "<ins>{}</ins>"}
    return format_html_join(
        "", "{}", ((format_html(tags[op], text),) for op, text in word_diff(old, new))
    )
