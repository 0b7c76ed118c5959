"""Render untrusted article text with marked spans, escaping everything (pure; no ORM)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    title: str = ""


def highlight(text: str, spans: Iterable[Span]) -> SafeString:
    """Escape ``text`` and wrap each span in ``<mark>``; overlapping spans are skipped."""
    out: list[str] = []
    cursor = 0
    for span in sorted(spans, key=lambda s: (s.start, -s.end)):
        if span.start < cursor or span.end > len(text) or span.start >= span.end:
            continue
        out.append(escape(text[cursor : span.start]))
        out.append(
            format_html('<mark title="{}">{}</mark>', span.title, text[span.start : span.end])
        )
        cursor = span.end
    out.append(escape(text[cursor:]))
    return mark_safe("".join(out))


def in_context(text: str, start: int, end: int, width: int = 240) -> SafeString:
    """The span with up to ``width`` characters either side, escaped and marked."""
    left = max(0, start - width)
    right = min(len(text), end + width)
    prefix = "…" if left else ""
    suffix = "…" if right < len(text) else ""
    return format_html(
        "{}{}<mark>{}</mark>{}{}",
        prefix,
        text[left:start],
        text[start:end],
        text[end:right],
        suffix,
    )
