"""Article metadata from front matter, header lines or HTML meta tags (pure; no ORM).

``parse_article`` is the one parser: ``manage.py ingest``, the admin's ingest page and the
desk API all call it, so an article yields the same title, URL, date, publisher and body
(and so the same stored copy) whichever way it comes in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime

from django.utils.dateparse import parse_date, parse_datetime

from factcheck.lib.extraction import detect_format, read_html

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


@dataclass
class ParsedArticle:
    """An article split into its metadata and the body that is handed to the extractor."""

    meta: ArticleMeta
    body: str
    fmt: str


def normalise_newlines(text: str) -> str:
    """CRLF and lone CR become LF: browsers post textareas with CRLF, files rarely have it,
    and the same article must hash the same whichever way it came in."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def normalise_article_text(text: str) -> str:
    """What is hashed and extracted: no NUL (PostgreSQL text cannot hold one; a stray one in
    an otherwise good article is dropped), LF line ends, no blank lines around the article,
    so a pasted copy (CRLF, trimmed by the browser) and a filed one (LF, a final newline)
    are recognised as one article."""
    return normalise_newlines(text.replace("\x00", "")).lstrip("\n").rstrip()


def parse_article(text: str, fmt: str = "auto", *, read_html_meta: bool = True) -> ParsedArticle:
    """Metadata and body of a decoded article: HTML meta tags (including JSON-LD and Open
    Graph, as trafilatura reads them) for HTML, front matter or header lines otherwise.
    Header lines are cut from the body, so they never become claims.

    ``read_html_meta=False`` leaves an HTML page's metadata unread (blank): for callers that
    hand the page to ingestion with ``ArticleIn.page_meta``, which reads it only once the page
    is known not to be stored already."""
    text = normalise_newlines(text)
    fmt = detect_format(text) if fmt == "auto" else fmt
    if fmt == "html":
        return ParsedArticle(html_meta(text) if read_html_meta else ArticleMeta(), text, fmt)
    meta, body = split_front_matter(text)
    return ParsedArticle(meta, body, fmt)


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
    # A blank line usually ends the header block; a title or URL line is a header even
    # when the article's first paragraph follows at once.
    if fields and (i == len(lines) or not lines[i].strip() or {"title", "url"} & set(fields)):
        return _meta(fields), "\n".join(lines[i:]).lstrip("\n")
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
    """Title, canonical URL, date (with its time when the structured data gives one), site
    name and authors from an HTML page: the same single parse that cleans its body."""
    page = read_html(html)
    authors = tuple(a.strip() for a in page.author.split(";") if a.strip())
    return ArticleMeta(
        title=page.title,
        url=page.url,
        published_at=parse_when(page.published),
        publisher=page.sitename,
        authors=authors,
        language=page.language,
    )
