"""ClaimReview items out of JSON-LD pages and Data Commons DataFeed files.

Accepts what fact-checkers publish: an HTML page with ``<script type="application/ld+json">``
blocks, a bare JSON-LD document (one object, a list, or an ``@graph``), or a DataFeed whose
``dataFeedElement`` items carry ClaimReview objects. Returns plain dataclasses; it stores
nothing and fetches nothing.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

_SCRIPT = re.compile(
    r"<script[^>]*type\s*=\s*['\"]application/ld\+json['\"][^>]*>(.*?)</script>",
    re.IGNORECASE | re.DOTALL,
)


@dataclass(frozen=True, slots=True)
class Review:
    key: str
    url: str
    publisher: str
    publisher_site: str
    title: str
    rating: str
    review_date: dt.date | None
    language: str


@dataclass(frozen=True, slots=True)
class ReviewedClaim:
    text: str
    claimant: str
    claim_date: dt.date | None
    language: str
    review: Review


def _objects(value: Any) -> Iterator[dict[str, Any]]:
    """Every JSON object in a JSON-LD value, depth first (lists, ``@graph``, feed items)."""
    if isinstance(value, list):
        for item in value:
            yield from _objects(item)
    elif isinstance(value, dict):
        yield value
        for name in ("@graph", "dataFeedElement", "item", "mainEntity"):
            if name in value:
                yield from _objects(value[name])


def _is(obj: dict[str, Any], kind: str) -> bool:
    types = obj.get("@type", [])
    return kind in (types if isinstance(types, list) else [types])


def _name(value: Any) -> str:
    if isinstance(value, list):
        value = value[0] if value else ""
    if isinstance(value, dict):
        value = value.get("name", "")
    return str(value or "").strip()


def _date(value: Any) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _language(value: Any) -> str:
    if isinstance(value, dict):
        value = value.get("alternateName") or value.get("name", "")
    return str(value or "")[:16]


def _review(obj: dict[str, Any], fallback_key: str) -> ReviewedClaim | None:
    text = " ".join(str(obj.get("claimReviewed") or "").split())
    if not text:
        return None
    author = obj.get("author") or {}
    if isinstance(author, list):
        author = author[0] if author else {}
    rating = obj.get("reviewRating") or {}
    url = str(obj.get("url") or "")
    item = obj.get("itemReviewed") or {}
    if isinstance(item, list):
        item = item[0] if item else {}
    language = _language(obj.get("inLanguage"))
    site = str(author.get("url", "")) if isinstance(author, dict) else ""
    review = Review(
        key=url or fallback_key,
        url=url,
        publisher=_name(author),
        publisher_site=urlsplit(site).hostname or site,
        title=html.unescape(str(obj.get("name") or obj.get("headline") or "")),
        rating=str(rating.get("alternateName") or rating.get("ratingExplanation") or "")[:300]
        if isinstance(rating, dict)
        else "",
        review_date=_date(obj.get("datePublished")),
        language=language,
    )
    return ReviewedClaim(
        text=text,
        claimant=_name(item.get("author")) if isinstance(item, dict) else "",
        claim_date=_date(item.get("datePublished")) if isinstance(item, dict) else None,
        language=language,
        review=review,
    )


def parse_claim_reviews(content: str, *, origin: str = "") -> list[ReviewedClaim]:
    """The ClaimReview items in an HTML page or a JSON(-LD) document.

    ``origin`` (a file name or URL) names items that have no URL of their own, so importing the
    same file twice finds them again.
    """
    stripped = content.lstrip()
    if stripped.startswith(("{", "[")):
        documents = [json.loads(stripped)]
    else:
        documents = []
        for block in _SCRIPT.findall(content):
            try:
                documents.append(json.loads(html.unescape(block.strip())))
            except json.JSONDecodeError:
                continue  # one broken block does not hide the others
    found: list[ReviewedClaim] = []
    for document in documents:
        for obj in _objects(document):
            if _is(obj, "ClaimReview"):
                review = _review(obj, f"{origin}#{len(found)}")
                if review is not None:
                    found.append(review)
    return found
