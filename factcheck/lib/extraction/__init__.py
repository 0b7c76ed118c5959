"""Quote, speaker and checkable-statement extraction from news text (pure Python, no ORM).

It takes one article (plain text, Markdown or HTML, already decoded; ``decode_bytes`` decodes
raw bytes) and returns dataclasses: every quotation with its exact character span, whether it
is full or partial, the speaker mention at that spot, the resolved speaker and the attribution
cue; the distinct speakers with the roles the article gives them; and the sentences that assert
something checkable (numbers, promises, predictions, comparisons) with the quantities found and
a documented check-worthiness score. It is rule-based (cue-verb lexicon, name/role patterns,
nearest-compatible-mention coreference, paragraph continuation) so it is fast and explainable.
It does not fetch anything from the network, does not touch the database, does not verify any
claim, and does not decide whether two articles are the same story; ``normalise_claim_text``
only gives the ingestion service a canonical form to match one statement across articles.
"""

from __future__ import annotations

from .core import extract, extract_or_none
from .inputs import decode_bytes, detect_format
from .normalise import normalise_claim_text
from .results import (
    Attribution,
    Extraction,
    ExtractionInputError,
    Quantity,
    Quote,
    Speaker,
    Statement,
    as_payload,
)

__all__ = [
    "Attribution",
    "Extraction",
    "ExtractionInputError",
    "Quantity",
    "Quote",
    "Speaker",
    "Statement",
    "as_payload",
    "decode_bytes",
    "detect_format",
    "extract",
    "extract_or_none",
    "normalise_claim_text",
]
