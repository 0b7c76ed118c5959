"""Quote, speaker, reported-speech and checkable-statement extraction from news text
(pure Python, no ORM).

It takes one article (plain text, Markdown or HTML, already decoded; ``decode_bytes`` decodes
raw bytes) and returns dataclasses: every quotation with its exact character span, whether it
is full or partial, the speaker mention at that spot, the resolved speaker and the attribution
cue; every attribution, quoted or not ("Sherman said the talks were underway", "according to
the ministry, ..."), as direct, mixed or indirect with its content, cue and speaker; the
distinct speakers with the roles the article gives them; and the sentences that assert
something checkable (numbers, promises with their promiser, predictions, comparisons) with the
quantities found and a documented check-worthiness score. It detects the article's language
and reads English only, saying so for any other language. It is rule-based (cue-verb lexicon
plus cue words and phrases learned from the PolNeAR training split by
``bench/train_cues.py``, name/role patterns, nearest-compatible-mention coreference, paragraph
continuation) so it is fast, linear in its input and explainable. It does not fetch anything
from the network, does not touch the database, does not verify any claim, and does not decide
whether two articles are the same story; ``normalise_claim_text`` only gives the ingestion
service a canonical form to match one statement across articles.
"""

from __future__ import annotations

from .core import extract, extract_or_none
from .inputs import HtmlPage, decode_bytes, detect_format, looks_binary, read_html
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
    "HtmlPage",
    "Quantity",
    "Quote",
    "Speaker",
    "Statement",
    "as_payload",
    "decode_bytes",
    "detect_format",
    "extract",
    "extract_or_none",
    "looks_binary",
    "normalise_claim_text",
    "read_html",
]
