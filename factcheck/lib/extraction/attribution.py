"""Attributing each quotation to a speaker mention and a cue.

Order of preference for a quotation, all within the sentence(s) it sits in:
1. a cue before it ("Ryabkov said: "…"", "called it "a disgrace"") and that cue's subject;
2. a cue right after it, normal or inverted (""…," he said", ""…," said Ryabkov");
3. "according to X" anywhere in the sentence;
4. for a paragraph that opens with a quotation and has no cue: the previous paragraph's speaker
   (a continued quotation, or a paragraph that ended "X said:").
The words inside quotation marks are masked first, so a cue verb inside a quote never counts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .lexicon import CUE_VERBS, PARTICIPLE_CUES, TERM_MARKERS
from .mentions import _MASK, Mention, mention_after, mention_before
from .quotes import RawQuote

_CUE = re.compile(
    r"\b(?:[Aa]ccording to|" + "|".join(sorted(CUE_VERBS, key=len, reverse=True)) + r")\b"
)
_DASH = re.compile(r"[,.]?\s*[―—–-]{1,2}\s*(?=[A-Z])")
_BY = re.compile(r"[,.]?\s+by\s+")
_COMMA = re.compile(r",\s+")
_SPACE_COMMA = re.compile(r"^[\s,.;:!?\u2063—–-]*$")


@dataclass(slots=True)
class Attribution:
    """A quotation's mention (or None) and the cue word that tied them."""

    mention: Mention | None
    cue: str | None
    continued: bool = False


@dataclass(slots=True)
class Cue:
    word: str
    start: int
    end: int


def mask_quotes(text: str, quotes: list[RawQuote]) -> str:
    """Replace quoted spans (marks included) by a mask character, keeping every offset."""
    if not quotes:
        return text
    parts, pos = [], 0
    for q in quotes:
        parts.append(text[pos : q.outer_start])
        parts.append(_MASK * (q.outer_end - q.outer_start))
        pos = q.outer_end
    parts.append(text[pos:])
    return "".join(parts)


def find_cues(masked: str, start: int, end: int) -> list[Cue]:
    return [Cue(m.group().lower(), m.start(), m.end()) for m in _CUE.finditer(masked, start, end)]


def attribute(masked: str, q: RawQuote, window: tuple[int, int], cues: list[Cue]) -> Attribution:
    """Find the mention for one quotation inside its sentence window."""
    lo, hi = window
    before = [c for c in cues if lo <= c.start and c.end <= q.outer_start]
    after = [c for c in cues if c.start >= q.outer_end and c.end <= hi]
    for cue in reversed(before):
        mention = _mention_for(masked, cue, lo, before)
        if mention is not None:
            return Attribution(mention, cue.word)
    passive = _BY.match(masked, q.outer_end, hi)
    if before and passive:  # described as "heartbreaking" by the conservation department
        mention = mention_after(masked, passive.end(), hi)
        if mention is not None:
            return Attribution(mention, before[-1].word)
    if before:
        mention = _sentence_subject(masked, lo, before[-1].start)
        if mention is not None:
            return Attribution(mention, before[-1].word)
    for cue in after:
        if cue.word == "according to":
            mention = mention_after(masked, cue.end, hi)
        else:
            mention = mention_before(masked, q.outer_end, cue.start)
            if mention is None and _SPACE_COMMA.match(masked[q.outer_end : cue.start]):
                mention = mention_after(masked, cue.end, hi)
        if mention is not None:
            return Attribution(mention, cue.word)
    dash = _DASH.match(masked, q.outer_end, hi)
    if dash:
        mention = mention_after(masked, dash.end(), hi)
        if mention is not None:
            return Attribution(mention, "—")
    return Attribution(None, None)


def _mention_for(masked: str, cue: Cue, lo: int, before: list[Cue]) -> Mention | None:
    if cue.word == "according to":
        return mention_after(masked, cue.end, len(masked))
    mention = mention_before(masked, lo, cue.start)
    if mention is None and cue.word in PARTICIPLE_CUES:
        earlier = [c for c in before if c.start < cue.start and c.word not in PARTICIPLE_CUES]
        if earlier:
            return _mention_for(masked, earlier[-1], lo, before)
    return mention


def _sentence_subject(masked: str, lo: int, hi: int) -> Mention | None:
    """The sentence-initial name, for "Sherman in the talks on Sunday had stressed "…""."""
    starts = [lo, *[m.end() for m in _COMMA.finditer(masked, lo, hi)][:4]]
    for start in starts:
        mention = mention_after(masked, start, hi)
        if mention is not None and mention.kind == "name":
            return mention
    return None


def looks_like_term(text: str, q: RawQuote, words: int) -> bool:
    """A short quotation introduced as a term or title ("so-called "X"") is not speech."""
    if words > 4:
        return False
    return TERM_MARKERS.search(text, max(0, q.outer_start - 40), q.outer_start + 1) is not None


def is_title(quoted: str) -> bool:
    """Title Case without closing punctuation reads as a title of a work, not as speech."""
    words = quoted.split()
    if not 1 <= len(words) <= 6 or quoted[-1] in ".,!?…":
        return False
    caps = [w for w in words if w[:1].isupper()]
    small = {"of", "the", "a", "an", "and", "in", "on", "to", "for", "at", "with", "or"}
    return len(caps) >= 1 and all(w[:1].isupper() or w.lower() in small for w in words)
