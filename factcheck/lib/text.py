"""Small text helpers shared by services (pure; no ORM)."""

from __future__ import annotations

import hashlib
import re
import unicodedata

from django.utils.text import slugify

_NON_WORD = re.compile(r"[^\w\s]", re.UNICODE)
_SPACE = re.compile(r"\s+")


def name_key(name: str) -> str:
    """Fold a person's or organisation's name for deduplication.

    "Sergei  Ryabkov", "sergei ryabkov" and "Sergéi Ryabkov." give the same key; accents are
    dropped because news text spells foreign names both ways.
    """
    decomposed = unicodedata.normalize("NFKD", name)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _SPACE.sub(" ", _NON_WORD.sub(" ", stripped.casefold())).strip()


def sha256_hex(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def unique_slug(text: str, exists, max_length: int = 100) -> str:
    """A slug from ``text``; ``exists(slug)`` says whether it is taken, and a suffix is added."""
    base = slugify(text)[:max_length].strip("-") or "item"
    slug, n = base, 2
    while exists(slug):
        suffix = f"-{n}"
        slug = f"{base[: max_length - len(suffix)]}{suffix}"
        n += 1
    return slug


_EDGE_PUNCT = re.compile(r"^[\s\"'.,;:]+|[\s\"'.,;:]+$")


def normalise_statement(text: str) -> str:
    """The form two appearances of the same statement share.

    The extractor's canonical form (case, quote marks, dashes, whitespace, "13,000" =
    "13000"), less the punctuation a quotation carries at its edges ("difficult." in one
    article is "difficult," in another).
    """
    from factcheck.lib.extraction import normalise_claim_text

    return _EDGE_PUNCT.sub("", normalise_claim_text(text))


def statement_fingerprint(text: str) -> str:
    return sha256_hex(normalise_statement(text))
