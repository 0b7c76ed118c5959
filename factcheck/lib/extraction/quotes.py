"""Finding quotation spans: which characters are quote marks and which are apostrophes.

A single left-to-right scan per paragraph (linear time, no backtracking) that pairs opening and
closing double marks of every style (“…”, "…", „…“, «…», ‘‘…’’, ``…''), ignores single marks
nested inside a double quotation, accepts curly single marks as top-level quotes only when they
pair up around words (so "Ukraine's" and "teachers’ union" stay apostrophes), and lets a
quotation that is still open at the end of a paragraph end there (the next paragraph reopens
it, as news style does for multi-paragraph quotes).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_MARKS = re.compile("[“”„«»\"‘’`']")
_OPEN_BEFORE = frozenset(" \t\n([{—–-/:;") | {"", "\u00a0"}


@dataclass(slots=True)
class RawQuote:
    """A quotation's content span (marks excluded) and the span including its marks."""

    start: int
    end: int
    outer_start: int
    outer_end: int
    closed: bool
    single: bool


def stray_openers(text: str, paragraphs: list[tuple[int, int]]) -> bool:
    """Whether the paragraph-initial straight marks of this text are not quotation marks.

    Some bodies prefix excerpted or transcribed paragraphs with a lone straight mark that is
    never closed. When such a paragraph itself contains a curly double quotation (“…”), the
    straight mark cannot be an outer quotation (a nested one would use single marks), so the
    text uses these marks as a block marker: every lone paragraph-initial straight mark of the
    text is then ignored.
    """
    for s, e in paragraphs:
        if text[s] == '"' and text.find('"', s + 1, e) < 0:
            left = text.find("“", s, e)
            if left >= 0 and text.find("”", left, e) >= 0:
                return True
    return False


def lone_opener(text: str, start: int, end: int) -> bool:
    """A straight mark opening the paragraph with no other straight mark in it but, at most,
    one closing the whole paragraph."""
    if text[start] != '"':
        return False
    other = text.find('"', start + 1, end)
    return other < 0 or (other == end - 1 and text.find('"', start + 1, end - 1) < 0)


def find_quotes(text: str, start: int, end: int, *, skip_first: bool = False) -> list[RawQuote]:
    """Quotation spans in text[start:end] (one paragraph), in order.

    ``skip_first`` ignores a mark at ``start`` (a block marker, see ``stray_openers``)."""
    found: list[RawQuote] = []
    open_at: int | None = None  # index of the content start of an open double quotation
    single_at: int | None = None
    skip_to = start + 1 if skip_first else start
    for m in _MARKS.finditer(text, start, end):
        i = m.start()
        if i < skip_to:
            continue  # the second half of a doubled mark such as ‘‘
        c = text[i]
        width, kind = _classify(text, i, end, c, open_at is not None)
        if kind == "open" and open_at is None:
            open_at, single_at = i + width, None
        elif kind == "close" and open_at is not None:
            _add(found, text, open_at, i, open_at - _mark_width(text, open_at), i + width, True)
            open_at = None
        elif kind == "sopen" and open_at is None:
            single_at = i + 1
        elif kind == "sclose" and open_at is None and single_at is not None:
            _add(found, text, single_at, i, single_at - 1, i + 1, True, single=True)
            single_at = None
        skip_to = i + width
    if open_at is not None:
        _add(found, text, open_at, end, open_at - _mark_width(text, open_at), end, False)
    return found


def _mark_width(text: str, content_start: int) -> int:
    pair = text[content_start - 2 : content_start]
    return 2 if pair in ("‘‘", "``", "''", "’’") else 1


def _add(
    found: list[RawQuote],
    text: str,
    s: int,
    e: int,
    outer_s: int,
    outer_e: int,
    closed: bool,
    single: bool = False,
) -> None:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    if any(ch.isalnum() for ch in text[s:e]):
        found.append(RawQuote(s, e, outer_s, outer_e, closed, single))


def _classify(text: str, i: int, end: int, c: str, inside: bool) -> tuple[int, str]:
    """Return (width, kind) for the character at i; kind "" means not a quote mark here."""
    if c in "“”„«»\"‘’`'":
        nxt = text[i + 1] if i + 1 < end else ""
        prev = text[i - 1] if i > 0 else ""
        if c == nxt and c in "‘’`'":
            if c == "'":  # ASCII ''…'': the same mark both ways, so the context decides
                after = text[i + 2] if i + 2 < end else ""
                opens = not inside and prev in _OPEN_BEFORE and after and not after.isspace()
                return 2, "open" if opens else "close"
            return 2, ("open" if c in "‘`" else "close")
        if c in "„«":
            return 1, "open"
        if c == "»":
            return 1, "close"
        if c == "”":
            return 1, "close"
        if c == "“":
            looks_close = inside and not prev.isspace() and not nxt.isalnum()
            return 1, "close" if looks_close else "open"
        if c == '"':
            if inside:
                return 1, "close"
            return 1, "open" if nxt and not nxt.isspace() else ""
        if c == "‘" and prev in _OPEN_BEFORE and nxt.isalnum():
            return 1, "sopen"
        if c == "’" and not nxt.isalnum() and prev and not prev.isspace():
            return 1, "sclose"
    return 1, ""
