"""Checkable statements: which sentences a fact-checker should look at, and how urgently.

Check-worthiness is a transparent additive score in [0, 1], so a fact-checker can see why a
sentence ranks where it does:

* +0.50 the sentence asserts at least one quantity (a count, money, percentage, rank, score);
  +0.05 for each further quantity, up to +0.10;
* +0.20 it is a promise, prediction or comparison (cue words below);
* +0.10 it is attributed to a named speaker, +0.05 it is (partly) a direct quotation;
* +0.30 it reports a promise whose promiser is named ("a 2008 promise by NATO to ..."), so a
  commitment someone can be held to ranks with a number;
* -0.20 it is a question, -0.15 it is shorter than six words.

The management command lists statements scoring at least 0.5, which in practice means every
sentence with a quantity plus strongly worded promises and predictions by named speakers.
"""

from __future__ import annotations

import re
from bisect import bisect_left

from .lexicon import word_start_alternation
from .results import Quantity

_PROMISE_WORDS = (
    "promise[sd]?",
    "pledge[sd]?",
    "vow(?:s|ed)?",
    "commit(?:s|ted)? to",
    "guarantee[sd]?",
    "will (?:not )?(?:never )?(?:build|cut|raise|create|end|ban|stop|give|invest|deliver)",
)
_PREDICTION_WORDS = (
    "will",
    "is expected to",
    "are expected to",
    "is likely to",
    "forecasts?",
    "predicts?",
    "projected",
    "on track to",
    "set to",
    "could reach",
    r"by 20\d\d",
)
_COMPARATIVES = ("more", "less", "fewer", "higher", "lower", "bigger", "smaller", "larger")
_SUPERLATIVES = ("largest", "biggest", "highest", "lowest", "smallest", "most", "least")
_COMPARISON_WORDS = (
    *(rf"{word}\s+than" for word in (*_COMPARATIVES, "greater", "worse", "better")),
    *_SUPERLATIVES,
    *("record", "doubled", "tripled", "halved"),
)
_WORDINGS = (_PROMISE_WORDS, _PREDICTION_WORDS, _COMPARISON_WORDS)
_PROMISE, _PREDICTION, _COMPARISON = (
    re.compile(r"\b(?:" + "|".join(words) + r")\b", re.I) for words in _WORDINGS
)
# The same patterns for text already lower-cased (none of them holds an upper-case letter),
# written to start with a character set so that the scan skips most positions quickly.
_LOWER_PATTERNS = tuple(re.compile(word_start_alternation(words) + r"\b") for words in _WORDINGS)


class CueIndex:
    """Where the promise, prediction and comparison wordings occur in a whole body.

    One scan per pattern over the body replaces one search per sentence; ``classify_span``
    then asks whether a match lies inside a sentence's span."""

    __slots__ = ("_marks",)

    def __init__(self, body: str, lowered: str | None = None) -> None:
        if lowered is not None:  # body.lower() of the same length: case-sensitive is faster
            patterns, text = _LOWER_PATTERNS, lowered
        else:
            patterns, text = (_PROMISE, _PREDICTION, _COMPARISON), body
        self._marks = [[(m.start(), m.end()) for m in p.finditer(text)] for p in patterns]

    def _inside(self, which: int, start: int, end: int) -> bool:
        marks = self._marks[which]
        i = bisect_left(marks, (start, -1))
        return i < len(marks) and marks[i][1] <= end

    def classify_span(self, start: int, end: int, quantities: list[Quantity]) -> str:
        """``classify`` for body[start:end], from the precomputed matches."""
        if self._inside(0, start, end):
            return "promise"
        if quantities:
            return "comparison" if self._inside(2, start, end) else "statistic"
        if self._inside(1, start, end):
            return "prediction"
        if self._inside(2, start, end):
            return "comparison"
        return "other"


def classify(sentence: str, quantities: list[Quantity]) -> str:
    """The statement's kind; "other" sentences are not reported."""
    if _PROMISE.search(sentence):
        return "promise"
    if quantities:
        return "comparison" if _COMPARISON.search(sentence) else "statistic"
    if _PREDICTION.search(sentence):
        return "prediction"
    if _COMPARISON.search(sentence):
        return "comparison"
    return "other"


def checkworthiness(
    sentence: str,
    kind: str,
    quantities: list[Quantity],
    *,
    named: bool,
    quoted: bool,
    promiser: bool = False,
) -> float:
    """The additive score documented in this module's docstring."""
    score = 0.0
    if quantities:
        score += 0.5 + min(0.10, 0.05 * (len(quantities) - 1))
    if kind in ("promise", "prediction", "comparison"):
        score += 0.2
    score += 0.1 if named else 0.0
    score += 0.05 if quoted else 0.0
    score += 0.3 if promiser else 0.0
    if sentence.rstrip("\"”’' ").endswith("?") and not promiser:
        score -= 0.2
    if len(sentence.split()) < 6:
        score -= 0.15
    return round(min(1.0, max(0.0, score)), 2)
