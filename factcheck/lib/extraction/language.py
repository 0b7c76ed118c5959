"""Which language an article is written in, and whether the extractor reads it.

The rules (cue verbs, name patterns, sentence splitting) are English; on another language they
would extract nonsense, so the pipeline asks here first. Detection is py3langid's naive Bayes
model, which ships inside its wheel (nothing is downloaded): it is loaded once, on first use,
and only a sample of the body is classified, so the cost per article stays well under a
millisecond whatever the article's length.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

SUPPORTED = frozenset(["en"])
UNDETERMINED = "und"
SAMPLE_CHARS = 300
MIN_LETTERS = 40
# A language other than English is reported only when the model is this sure; below it the
# language is "und" and the text is still read, since short or name-heavy English ("Obama,
# Clinton, Trump") is what confuses the model most and refusing it would lose real articles.
MIN_CONFIDENCE = 0.9
_LETTER = re.compile(r"[^\W\d_]")
# English function words that no other language's prose repeats: a sample holding this many
# of them is English (the model decides everything else).
_ENGLISH_WORDS = re.compile(
    r"\b(?:the|and|of|to|that|with|for|said|have|has|which|this|from|would|were|they|their|been)\b",
    re.I,
)
MIN_ENGLISH_WORDS = 6


@cache
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def load_model() -> None:
    """Load the language model now (about a second, once per process) rather than inside the
    first article that needs it: for worker processes and benchmarks."""
    _identifier()


def detect_language(body: str) -> str:
    """The body's ISO 639-1 code ("en", "fr"), or "und" when there is too little text."""
    sample = _sample(body)
    if len(_LETTER.findall(sample)) < MIN_LETTERS:
        return UNDETERMINED
    if len(_ENGLISH_WORDS.findall(sample)) >= MIN_ENGLISH_WORDS:
        return "en"  # prose dense with English function words: no need to ask the model
    code, confidence = _identifier().classify(sample)
    if code not in SUPPORTED and confidence < MIN_CONFIDENCE:
        return UNDETERMINED
    return str(code)


def is_supported(code: str) -> bool:
    """Whether the extractor's rules read this language (an undetermined one is tried)."""
    return code in SUPPORTED or code == UNDETERMINED


def _sample(body: str) -> str:
    """Up to SAMPLE_CHARS of running text: lines long enough to be prose come first, so a
    headline, a byline or a list of names does not decide alone."""
    parts: list[str] = []
    size = 0
    for line in body[: SAMPLE_CHARS * 20].splitlines():
        line = line.strip()
        if len(line) >= MIN_LETTERS:
            parts.append(line)
            size += len(line) + 1
            if size >= SAMPLE_CHARS:
                break
    return (" ".join(parts) or body)[:SAMPLE_CHARS]
