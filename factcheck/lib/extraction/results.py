"""Result dataclasses: the boundary between the extractor and its callers.

They are plain dataclasses (no ORM, no library types) so that the ingestion service, the
management command and the tests can all consume them and ``dataclasses.asdict`` turns any of
them into JSON-ready data.
"""

from __future__ import annotations

from dataclasses import dataclass, field


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
    speaker: str | None = None


@dataclass(slots=True)
class Speaker:
    """A distinct person or organisation quoted or credited in the article."""

    name: str
    role: str | None
    kind: str  # "person" | "organisation"
    mentions: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Extraction:
    """Everything extracted from one article; all spans index ``body``."""

    body: str
    quotes: list[Quote]
    statements: list[Statement]
    speakers: list[Speaker]
