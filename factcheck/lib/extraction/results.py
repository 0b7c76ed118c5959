"""Result dataclasses: the boundary between the extractor and its callers.

They are plain dataclasses (no ORM, no library types) so that the ingestion service, the
management command and the tests can all consume them and ``dataclasses.asdict`` turns any of
them into JSON-ready data.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


class ExtractionInputError(ValueError):
    """Raised for input that cannot be turned into text (binary, NUL-heavy, undecodable)."""


@dataclass(slots=True)
class Quantity:
    """A number found in a sentence, with what it counts and how exact it claims to be."""

    text: str
    value: float | None
    unit: str | None
    approximate: bool
    bound: str | None  # "at_least" | "at_most" | None
    start: int
    end: int


@dataclass(slots=True)
class Quote:
    """One quotation span (one per paragraph for a multi-paragraph quote)."""

    text: str
    start: int
    end: int
    is_direct: bool
    speaker: str | None
    speaker_mention: str | None
    mention_start: int | None
    mention_end: int | None
    cue: str | None
    paragraph: int


@dataclass(slots=True)
class Statement:
    """A sentence asserting something a fact-checker could verify."""

    text: str
    start: int
    end: int
    kind: str  # "statistic" | "promise" | "prediction" | "comparison" | "quote" | "other"
    quantities: list[Quantity]
    checkworthiness: float
    speaker: str | None = None  # for a promise, the promiser
    promise: str | None = None  # for a promise, what was promised ("to consider membership")


@dataclass(slots=True)
class Speaker:
    """A distinct person or organisation quoted or credited in the article."""

    name: str
    role: str | None
    kind: str  # "person" | "organisation"
    mentions: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Attribution:
    """Who said (or promised) what: one reported statement, quoted or not.

    ``kind`` is "direct" (every word inside quotation marks), "mixed" (a reported clause with a
    partial quotation in it) or "indirect" (reported speech, no quotation marks: "Sherman said
    the talks were underway"). ``text`` is the reported content, without the cue or the
    speaker; ``promise`` marks a commitment ("a promise by NATO to consider ...") whose speaker
    is the one who made it."""

    text: str
    start: int
    end: int
    kind: str  # "direct" | "mixed" | "indirect"
    speaker: str | None
    speaker_mention: str | None
    mention_start: int | None
    mention_end: int | None
    cue: str | None
    paragraph: int
    promise: bool = False
    spans: list[tuple[int, int]] = field(default_factory=list)


@dataclass(slots=True)
class Extraction:
    """Everything extracted from one article; all spans index ``body``.

    ``language`` is the detected ISO 639-1 code ("en"), or "und" when the text is too short
    or mixed to tell; ``supported`` is False for a language the rules do not read, and then
    every list is empty rather than full of nonsense."""

    body: str
    quotes: list[Quote]
    statements: list[Statement]
    speakers: list[Speaker]
    attributions: list[Attribution] = field(default_factory=list)
    language: str = "en"
    supported: bool = True


def as_payload(result: Extraction, min_score: float = 0.5) -> dict[str, Any]:
    """The JSON shape of ``extract_claims --json``: quotes, claims (statements scoring at least
    ``min_score``), speakers, attributions (direct, mixed and indirect), language."""
    claims = [asdict(s) for s in result.statements if s.checkworthiness >= min_score]
    return {
        "language": result.language,
        "supported": result.supported,
        "quotes": [asdict(q) for q in result.quotes],
        "claims": claims,
        "speakers": [asdict(s) for s in result.speakers],
        "attributions": [asdict(a) for a in result.attributions],
    }
