"""Turning raw input (bytes; plain text, Markdown or HTML) into the body the extractor reads.

Plain text is returned unchanged so that spans index the caller's own text. Markdown and HTML
are cleaned into plain paragraphs separated by blank lines; spans then index that cleaned body,
which ``Extraction.body`` returns.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from functools import lru_cache

from .results import ExtractionInputError

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Text may legitimately hold tabs/newlines; other C0 controls in bulk mean a binary file.
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f]")
# What binary bytes turn into when pasted or posted as text: C0 controls, DEL and the U+FFFD
# a decoder puts for every byte it could not read (a PNG or zip pasted into a form).
_BINARYISH = re.compile(r"[\x00-\x08\x0e-\x1f\x7f\ufffd]")
_HTML_SIGNS = re.compile(
    r"<!doctype\s+html|<html[\s>]|<body[\s>]|<(?:p|div|br|span|article|h[1-6])[\s>/]", re.I
)
_MD_SIGNS = re.compile(
    r"^#{1,6}\s+\S|\*\*[^*\n]+\*\*|\[[^\]\n]+\]\([^)\s]*\)|^Original url:", re.M | re.I
)


def decode_bytes(data: bytes, declared: str | None = None) -> str:
    """Decode article bytes: the declared encoding, else a BOM or UTF-8, else detection.

    Raises ExtractionInputError on binary, NUL-heavy or undecodable input, because ingesting
    mojibake would create claims nobody can match or read.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _checked(_try_decode(data, encoding), encoding)
    # A few stray NULs (copy-pasted PDFs, legacy CMS exports) are dropped, as for pasted
    # text; many mean a binary file (or BOM-less UTF-16) and are refused.
    nuls = data.count(b"\x00")
    if nuls > max(3, len(data) // 1000):
        raise ExtractionInputError("input contains NUL bytes; it looks like a binary file")
    data = data.replace(b"\x00", b"")
    text = _try_decode(data, declared) if declared else None
    if text is None:
        text = _try_decode(data, "utf-8")
    if text is None:
        text = _detect(data)
    return _checked(text, declared or "utf-8")


def looks_binary(text: str) -> bool:
    """Whether already-decoded text is really binary data (a file pasted as text)."""
    head = text[:20000]
    return len(_BINARYISH.findall(head)) > max(3, len(head) // 100)


def _try_decode(data: bytes, encoding: str | None) -> str | None:
    try:
        return data.decode(encoding or "utf-8")
    except (LookupError, UnicodeDecodeError):
        return None


def _detect(data: bytes) -> str:
    from charset_normalizer import from_bytes  # only undecodable input pays for the import

    best = from_bytes(data).best()
    if best is None:
        raise ExtractionInputError("input is not text in any encoding that could be detected")
    return str(best)


def _checked(text: str | None, encoding: str) -> str:
    if text is None:
        raise ExtractionInputError(f"input could not be decoded as {encoding}")
    if text and len(_CONTROL.findall(text[:20000])) > max(3, len(text[:20000]) // 100):
        raise ExtractionInputError("input is full of control characters; it looks binary")
    if "\x00" in text:
        raise ExtractionInputError("input contains NUL characters")
    return text


def detect_format(text: str) -> str:
    """Guess "html", "markdown" or "text" from the first few kilobytes."""
    head = text[:5000]
    if _HTML_SIGNS.search(head):
        return "html"
    if _MD_SIGNS.search(head):
        return "markdown"
    return "text"


# --- Markdown -------------------------------------------------------------------------------

# Link text holds no bracket and a link target no parenthesis, so a run of "[" or "](" (a
# hostile paste) fails at the next bracket instead of rescanning the rest of the line.
_MD_DROP_LINE = re.compile(
    r"^\s*(?:original url:.*|<?https?://\S+>?|!\[[^\[\]]*\]\([^()]*\)|by\s+(?:\[[^\[\]]+\]\([^()]*\)"
    r"|[A-Z][\w.'-]+)(?:[\s,]+(?:and\s+)?(?:\[[^\[\]]+\]\([^()]*\)|[A-Z][\w.'-]+))*"
    r"(?:\s+for\s+\S+)?\s*|[-*_]{3,}\s*)$",
    re.I,
)
_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+|\s+#+\s*$")
_MD_LINK = re.compile(r"!?\[([^\[\]\n]*)\]\([^()\n]*\)")
# Emphasis spans are short; the bound keeps an unclosed "**" from rescanning a long line.
_MD_EMPHASIS = re.compile(
    r"(\*\*|__)(?=\S)([^\n]{0,120}?\S)\1|(?<![\w*])\*(?=\S)([^*\n]{0,120}?\S)\*(?!\w)"
)
_MD_BULLET = re.compile(r"^\s{0,3}(?:[-*+]|>)\s+")


def clean_markdown(text: str) -> str:
    """Strip Markdown markup line by line, keeping paragraphs separated by blank lines."""
    out: list[str] = []
    for line in text.splitlines():
        if _MD_DROP_LINE.match(line):
            continue
        line = _MD_HEADING.sub("", line)
        line = _MD_BULLET.sub(_bullet, line)
        line = _MD_LINK.sub(r"\1", line)
        line = _MD_EMPHASIS.sub(lambda m: m.group(2) or m.group(3) or "", line)
        out.append(line.strip())
    return _join_paragraphs(out)


def _bullet(m: re.Match[str]) -> str:
    """A list item keeps a bullet (the extractor reads it as no statement); a blockquote
    marker goes."""
    return "" if m.group().strip() == ">" else "• "


def _join_paragraphs(lines: list[str]) -> str:
    paragraphs: list[str] = []
    current: list[str] = []
    for line in [*lines, ""]:
        if line:
            current.append(line)
        elif current:
            paragraphs.append(" ".join(current))
            current = []
    return "\n\n".join(paragraphs)


# --- HTML -----------------------------------------------------------------------------------

_TAG = re.compile(r"<(script|style)\b[^>]*>.*?</\1\s*>|<[^>]{0,2000}>", re.S | re.I)
# A Markdown table's header rule ("|---|---|"), which trafilatura writes under a table's head
# row: no reader's text, and no sentence for the extractor.
_TABLE_RULE = re.compile(r"^\|(?:\s*:?-+:?\s*\|)+$")
_LD_PUBLISHED = re.compile(r'"datePublished"\s*:\s*"([^"]+)"')
_BLOCK_TAG = re.compile(r"</?(?:p|div|br|li|h[1-6]|tr|blockquote|section|article)\b[^>]*>", re.I)


@dataclass(frozen=True, slots=True)
class HtmlPage:
    """What one parse of an HTML page gives: the cleaned body text (tables kept, as Markdown
    rows) and the page's metadata as trafilatura reads it (JSON-LD and Open Graph before
    ``<title>`` and Twitter tags). ``published`` is the structured data's full timestamp when
    it falls on the day trafilatura found, else that day alone (ISO strings, or "")."""

    body: str
    title: str = ""
    url: str = ""
    published: str = ""
    sitename: str = ""
    author: str = ""
    language: str = ""


@lru_cache(maxsize=8)
def read_html(html: str) -> HtmlPage:
    """Parse a page once (one lxml tree, one trafilatura call) for its body and metadata.

    Ingestion reads a page's metadata and then cleans its body; the small cache makes the
    second read of the same page free instead of a second parse. trafilatura gets a string
    and never fetches anything, so no network is touched here.
    """
    try:
        import trafilatura  # heavy import: only HTML input pays for it
        from trafilatura.utils import load_html

        tree = load_html(html)
        published = _structured_time(tree) if tree is not None else ""
        doc = trafilatura.bare_extraction(
            tree if tree is not None else html,
            include_comments=False,
            include_tables=True,
            with_metadata=True,
        )
        if doc is None and tree is not None:
            # No body found (a bare page): its metadata still counts, as before.
            doc = trafilatura.extract_metadata(tree)
    except Exception:
        doc = None
    if doc is None or isinstance(doc, dict):
        return HtmlPage(body=_strip_tags(html))
    day = doc.date or ""
    return HtmlPage(
        body=getattr(doc, "text", None) or _strip_tags(html),
        title=doc.title or "",
        url=doc.url or "",
        published=published if day and published.startswith(day[:10]) else day,
        sitename=doc.sitename or "",
        author=doc.author or "",
        language=doc.language or "",
    )


def clean_html(html: str) -> str:
    """The page's body as plain paragraphs; tag stripping when trafilatura finds nothing."""
    text = read_html(html).body
    lines = [line.strip() for line in text.replace("\n", "\n\n").splitlines()]
    return _join_paragraphs([line for line in lines if not _TABLE_RULE.match(line)])


def _structured_time(tree) -> str:
    """The publication time in the page's structured data (JSON-LD ``datePublished``, then
    ``article:published_time``), which htmldate cuts to the day."""
    for script in tree.iterfind(".//script[@type='application/ld+json']"):
        if match := _LD_PUBLISHED.search(script.text or ""):
            return match.group(1)
    for meta in tree.iterfind(".//meta[@property='article:published_time']"):
        if value := (meta.get("content") or "").strip():
            return value
    return ""


def _strip_tags(html: str) -> str:
    import html as html_module

    text = _BLOCK_TAG.sub("\n", html)
    text = _TAG.sub("", text)
    return html_module.unescape(text)
