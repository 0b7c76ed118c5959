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


# Titles that news copy puts before a name ("President Joe Biden"): they are the speaker's
# role, not their name. Longest first, so "Vice President" wins over "President".
_TITLES = sorted(
    [
        "President",
        "Vice President",
        "Prime Minister",
        "Deputy Prime Minister",
        "Minister",
        "Foreign Minister",
        "Deputy Foreign Minister",
        "Secretary of State",
        "Secretary",
        "Secretary General",
        "Secretary-General",
        "Chancellor",
        "Senator",
        "Sen.",
        "Representative",
        "Rep.",
        "Governor",
        "Gov.",
        "Mayor",
        "Ambassador",
        "General",
        "Gen.",
        "Speaker",
        "Chairman",
        "Chairwoman",
        "Chair",
        "Dr.",
        "Mr.",
        "Mrs.",
        "Ms.",
        "King",
        "Queen",
        "Prince",
        "Pope",
    ],
    key=len,
    reverse=True,
)
_TITLE = re.compile(
    r"^(?P<title>(?:" + "|".join(re.escape(t) for t in _TITLES) + r"))\s+(?=\S+\s+\S)"
)
_COURTESY = {"Dr.", "Mr.", "Mrs.", "Ms."}


def split_title(name: str) -> tuple[str, str]:
    """``"President Joe Biden"`` → ``("Joe Biden", "President")``. Only a title followed by
    at least two words is split off ("President Biden" could be a surname alone, and is kept
    whole). A courtesy title is dropped, not kept as a role."""
    name = _SPACE.sub(" ", name).strip()
    match = _TITLE.match(name)
    if not match:
        return name, ""
    title = match.group("title")
    return name[match.end() :], "" if title in _COURTESY else title


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
