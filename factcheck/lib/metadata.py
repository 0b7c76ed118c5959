"""Article metadata from front matter, header lines or HTML meta tags (pure; no ORM)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime

from django.utils.dateparse import parse_date, parse_datetime

_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|\Z)", re.DOTALL)
_HEADER_LINE = re.compile(
    r"^(title|url|date|outlet|publisher|author|authors|language):[ \t]*(.*)$", re.IGNORECASE
)
_KEY_VALUE = re.compile(r"^([A-Za-z_][\w-]*):[ \t]*(.*)$")
_DATE_FORMATS = ("%B %d, %Y", "%b %d, %Y", "%d %B %Y", "%Y/%m/%d", "%d.%m.%Y")


@dataclass
class ArticleMeta:
    title: str = ""
    url: str = ""
    published_at: datetime | None = None
    publisher: str = ""
    authors: tuple[str, ...] = ()
    language: str = ""


def parse_when(value: str) -> datetime | None:
    """ISO dates and datetimes, and the common English forms ("January 10, 2022")."""
    value = (value or "").strip().strip("\"'")
    if not value:
        return None
    try:
        parsed = parse_datetime(value)
    except ValueError:
        parsed = None
    if parsed is None:
        day = _parse_day(value)
        parsed = datetime(day.year, day.month, day.day) if day else None
    if parsed is not None and parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed


def _parse_day(value: str) -> date | None:
    try:
        day = parse_date(value[:10])
    except ValueError:
        day = None
    if day:
        return day
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    return None


def split_front_matter(text: str) -> tuple[ArticleMeta, str]:
    """Split ``---`` front matter or ``Title:``/``URL:`` header lines off a text article."""
    match = _FRONT_MATTER.match(text)
    if match:
        pairs = [_KEY_VALUE.match(line) for line in match.group(1).splitlines()]
        fields = {m.group(1).lower(): m.group(2).strip().strip("\"'") for m in pairs if m}
        return _meta(fields), text[match.end() :]
    lines = text.split("\n")
    fields = {}
    i = 0
    while i < len(lines) and (m := _HEADER_LINE.match(lines[i].strip())):
        fields[m.group(1).lower()] = m.group(2).strip()
        i += 1
    if fields and i < len(lines) and not lines[i].strip():
        return _meta(fields), "\n".join(lines[i + 1 :])
    return ArticleMeta(), text


def _meta(fields: dict[str, str]) -> ArticleMeta:
    authors = fields.get("authors") or fields.get("author") or ""
    return ArticleMeta(
        title=fields.get("title", ""),
        url=fields.get("url", ""),
        published_at=parse_when(fields.get("date", "")),
        publisher=fields.get("publisher") or fields.get("outlet", ""),
        authors=tuple(a.strip() for a in re.split(r",|;| and ", authors) if a.strip()),
        language=fields.get("language", ""),
    )


def html_meta(html: str) -> ArticleMeta:
    """Title, canonical URL, date, site name and authors from an HTML page's meta tags."""
    from trafilatura import extract_metadata

    try:
        doc = extract_metadata(html)
    except Exception:
        return ArticleMeta()
    if doc is None:
        return ArticleMeta()
    authors = tuple(a.strip() for a in (doc.author or "").split(";") if a.strip())
    return ArticleMeta(
        title=doc.title or "",
        url=doc.url or "",
        published_at=parse_when(doc.date or ""),
        publisher=doc.sitename or "",
        authors=authors,
        language=doc.language or "",
    )
