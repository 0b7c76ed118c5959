"""A small quantity finder: numerals, number words, vague magnitudes, money, percentages, ranks.

Written here rather than taken from quantulum3 because that library takes seconds to load and
milliseconds per sentence, while a wire feed needs thousands of articles a second. It follows
the corpus labelling rules: dates, years, clock times, time anchors ("nine months ago") and
numbers inside names ("FTSE 100", "Nord Stream 2") are not quantities.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from .lexicon import trie_pattern
from .results import Quantity

_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "dozen": 12, "half": 0.5,
    "twice": 2, "thrice": 3,
}  # fmt: skip
_SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "k": 1e3,
           "m": 1e6, "bn": 1e9, "mn": 1e6, "tn": 1e12, "hundred": 1e2}  # fmt: skip
_ORDINALS = (
    "second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|"
    "thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth"
)
_MONTHS = (
    r"Jan(?:uary|\.)?|Feb(?:ruary|\.)?|Mar(?:ch|\.)?|Apr(?:il|\.)?|May|June?|July?|"
    r"Aug(?:ust|\.)?|Sept?(?:ember|\.)?|Oct(?:ober|\.)?|Nov(?:ember|\.)?|Dec(?:ember|\.)?"
)
_WORD = "|".join(sorted(_UNITS, key=len, reverse=True))
_NUMERAL = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+"
_MODIFIER = (
    r"(?:more than|over|at least|nearly|almost|about|around|roughly|some|up to|fewer than|"
    r"less than|approximately|an estimated|as many as|as much as|at most|no more than|under|"
    r"just over|just under|close to|upwards of|below|above|exactly|only|just)\s+"
)
_QUANTITY = re.compile(
    r"(?:"
    rf"(?P<vague>\b(?:tens|hundreds|thousands|millions|billions|dozens|scores)"
    rf"(?:\s+of\s+(?:thousands|millions|billions))?(?=\s+of\b)|"
    rf"\b(?:several|a few|many)\s+(?:hundred|thousand|million|billion)\b)"
    rf"|(?P<rank>\b(?:{_ORDINALS}|\d+(?:st|nd|rd|th))(?:[- ](?:largest|biggest|highest|"
    rf"lowest|smallest|most|best|worst|straight|consecutive|richest|busiest|oldest|"
    rf"longest|deadliest|poorest|place|in)\b)|\b\d+(?:st|nd|rd|th)\b|"
    rf"(?<=\b(?:his|her|its|the) )(?:{_ORDINALS.replace('second|', '')})\b(?= [a-z]))"
    rf"|(?P<score>\b\d{{1,3}}-\d{{1,3}}\b(?![-\w]))"
    rf"|(?P<money>(?:US\$|[$€£¥])\s?(?:{_NUMERAL})(?:\s?(?:thousand|million|billion|trillion|"
    rf"bn|mn|tn|m|k)\b)?)"
    rf"|(?P<num>(?<![\w.,:/-])(?:{_NUMERAL})(?![\w:/]|[.,]\d)"
    rf"(?:\s?(?:thousand|million|billion|trillion|bn|mn|m|k)\b)?"
    rf"(?:\s?(?:%|percent\b|per cent\b|percentage points?\b))?)"
    rf"|(?P<word>\b(?:a\s+)?(?:{_WORD})(?:-(?:{_WORD}))?\b(?:\s+(?:thousand|million|billion|"
    rf"trillion)\b)?(?:\s+(?:percent|per cent)\b)?))",
    re.I,
)
_NUMBER_WORDS = frozenset(
    [
        *_UNITS,
        *_ORDINALS.split("|"),
        *["tens", "hundreds", "thousands", "millions", "billions", "dozens", "scores"],
    ]
)
# The same pattern for lower-cased text; its only upper-case literal is "US$".
_QUANTITY_LOWER = re.compile(_QUANTITY.pattern.replace("US\\$", "us\\$"))
_MOD_BEFORE = re.compile(rf"\b({_MODIFIER})$", re.I)
_UNIT_AFTER = re.compile(r"[ -](?:of\s+)?([a-z][a-z'’-]{1,20})")
_DATE_CONTEXT = re.compile(rf"(?:\b(?:{_MONTHS})\s*$)", re.I)
_DATE_AFTER = re.compile(rf"^\s*(?:{_MONTHS})\b|^(?:st|nd|rd|th)?,?\s+\d{{4}}", re.I)
_TIME_AFTER = re.compile(
    r"^(?:\s*(?:a\.m\.|p\.m\.|am\b|pm\b|GMT|EST|ET\b|o'clock))|"
    r"^\s+(?:years?|months?|weeks?|days?|hours?|minutes?|decades?)\s+(?:ago|earlier|later)\b",
    re.I,
)
_ANCHOR_BEFORE = re.compile(r"\b(?:within|in|over|for)\s+the\s+(?:next|past|last)\s+$", re.I)
_NAME_BEFORE = re.compile(r"(?:\b[A-Z][A-Za-z]*[ -]|\b[A-Z]{2,}-?|No\.\s?|#)$")
# Hyphenated numbers that name a thing rather than count it ("two-state solution").
_NAMED_COMPOUNDS = ("state", "pointer", "party", "way", "fold", "sided", "time")
_NOT_UNIT = frozenset(
    [
        "of",
        "the",
        "a",
        "an",
        "and",
        "or",
        "to",
        "in",
        "on",
        "at",
        "by",
        "for",
        "with",
        "from",
        "is",
        "are",
        "was",
        "were",
        "has",
        "have",
        "had",
        "will",
        "would",
        "percent",
        "per",
        "cent",
        "that",
        "this",
        "than",
        "as",
    ]
)
_APPROX = frozenset(
    [
        "nearly",
        "almost",
        "about",
        "around",
        "roughly",
        "some",
        "approximately",
        "an",
        "estimated",
        "close",
        "to",
        "upwards",
        "of",
        "several",
        "a",
        "few",
        "many",
    ]
)


# A digit or a number word anywhere: one scan of the whole body tells which sentences can
# hold a quantity at all, so the big pattern only runs on those.
NUMBER_HINT = re.compile(
    r"\d|(?<![a-z])(?:" + trie_pattern(_NUMBER_WORDS) + r")(?![a-z])",
    re.I,
)
# For a lower-cased body (``str.lower()`` kept every offset): the same positions, found with
# two scans that each start with a plain character set (digits; the number words' first letters).
DIGIT = re.compile(r"\d")
NUMBER_WORD_LOWER = re.compile(
    trie_pattern(_NUMBER_WORDS, guard=r"(?<![a-z].)") + r"(?![a-z])",
)


def number_hints(body: str, lowered: str | None) -> list[int]:
    """Start offsets of every ``NUMBER_HINT`` match in body, in order."""
    if lowered is None:
        return [m.start() for m in NUMBER_HINT.finditer(body)]
    digits = [m.start() for m in DIGIT.finditer(lowered)]
    words = [m.start() for m in NUMBER_WORD_LOWER.finditer(lowered)]
    return sorted(digits + words) if words else digits


def find_quantities(
    text: str,
    start: int,
    end: int,
    *,
    hinted: bool = False,
    lowered: str | None = None,
    hints: Sequence[int] | None = None,
) -> list[Quantity]:
    """Checkable quantities in text[start:end] (one sentence).

    ``hinted`` says the caller already knows (from ``NUMBER_HINT``) that the sentence holds a
    digit or a number word; ``lowered`` is ``text.lower()`` when that keeps every offset, which
    lets the pattern run case-sensitively (faster); spans and texts still come from ``text``.
    ``hints`` (with ``lowered``) are the sentence's ``number_hints`` offsets in order: the
    pattern then only runs from just before each hint (see ``_hinted_matches``)."""
    found: list[Quantity] = []
    if not hinted and NUMBER_HINT.search(text, start, end) is None:
        return found  # most sentences hold no number at all: skip the big pattern
    if lowered is not None:
        if hints and not any(lowered.find(w, start, end) >= 0 for w in _UNHINTED_SCALES):
            matches = _hinted_matches(lowered, start, end, hints)
        else:
            matches = _QUANTITY_LOWER.finditer(lowered, start, end)
    else:
        matches = _QUANTITY.finditer(text, start, end)
    for m in matches:
        q = _build(text, m, start)
        if q is not None:
            found.append(q)
    return found


# Scale words that are no hint but can end a vague match ("several thousand").
_UNHINTED_SCALES = ("thousand", "million", "billion")


def _hinted_matches(
    lowered: str, start: int, end: int, hints: Sequence[int]
) -> Iterator[re.Match[str]]:
    """What ``_QUANTITY_LOWER.finditer(lowered, start, end)`` yields, scanning less text.

    Every match holds a digit or a number word (a hint), except "several|a few|many" before
    one of ``_UNHINTED_SCALES`` (the caller checks those words first), and what a match may
    hold before its first hint is at most two whitespace-separated words ("a few hundred",
    "a dozen", "us$5"). So no match starts before the second word ahead of the first hint
    that lies after the previous match: each search starts there."""
    pos = start
    for h in hints:
        if h < pos:
            continue
        lo = h
        for _ in range(3):  # the hint's own word, then two words before it
            while lo > pos and lowered[lo - 1].isspace():
                lo -= 1
            while lo > pos and not lowered[lo - 1].isspace():
                lo -= 1
        m = _QUANTITY_LOWER.search(lowered, lo, end)
        if m is None:
            return
        yield m
        pos = m.end()


def _build(text: str, m: re.Match[str], sentence_start: int) -> Quantity | None:
    kind = m.lastgroup
    core = m.group(kind) if kind else m.group()
    if kind is None or _excluded(text, kind, core, m.start(), m.end(), sentence_start):
        return None
    mod_m = _MOD_BEFORE.search(text, max(sentence_start, m.start() - 25), m.start())
    mod = mod_m.group(1).strip().lower() if mod_m else ""
    begin = mod_m.start() if mod_m else m.start()
    unit, end = _unit(text, m.end(), kind, core)
    bound = _bound(mod)
    approx = kind == "vague" or mod in _APPROX or core.lower().split()[0] in _APPROX
    return Quantity(
        text=text[begin:end],
        value=_value(kind, core),
        unit=unit,
        approximate=approx,
        bound=bound,
        start=begin,
        end=end,
    )


def _excluded(text: str, kind: str, core: str, s: int, e: int, sentence_start: int) -> bool:
    before = text[max(sentence_start, s - 30) : s]
    after = text[e : e + 30]
    if kind in ("num", "word", "rank"):
        if _date_before(before) or _DATE_AFTER.match(after) or _TIME_AFTER.match(after):
            return True
        if _anchor_before(before):
            return True
    if kind == "num":
        return _excluded_numeral(core, before, after, s == sentence_start)
    if kind == "word":
        low = core.lower()
        if low in ("one", "a half", "half", "zero", "a one"):
            return True
        return after.startswith("-") and after[1:].lower().startswith(_NAMED_COMPOUNDS)
    if kind == "score":
        return bool(_NAME_BEFORE.search(before)) or bool(re.match(r"^\s*(?:years?\b)", after))
    return False


def _date_before(before: str) -> bool:
    """``_DATE_CONTEXT.search(before)``: a month name ends the text but for white space, so
    only the last nine characters before that space can hold its start."""
    tail = before.rstrip()
    return _DATE_CONTEXT.search(tail, max(0, len(tail) - 9)) is not None


def _anchor_before(before: str) -> bool:
    """``_ANCHOR_BEFORE.search(before)``, skipped when the word before the trailing white
    space is plainly not "next", "past" or "last"."""
    word = before.rstrip()[-4:]
    if word.isascii() and word.lower() not in ("next", "past", "last"):
        return False
    return _ANCHOR_BEFORE.search(before) is not None


def _excluded_numeral(core: str, before: str, after: str, at_start: bool) -> bool:
    digits = core.replace(",", "")
    plain = re.fullmatch(r"\d{4}", digits)
    if plain and 1700 <= int(digits) <= 2100 and not after.lstrip().startswith(("%", "per")):
        return True  # a year
    if at_start and re.fullmatch(r"\d{1,2}", digits) and after.startswith("."):
        return True  # a list number "2."
    if _NAME_BEFORE.search(before) and not at_start and not before.rstrip().endswith(("of", "to")):
        return True  # part of a name: "FTSE 100", "Nord Stream 2", "COVID-19"
    return after.startswith("-") and after[1:].lower().startswith(_NAMED_COMPOUNDS)


def _unit(text: str, end: int, kind: str, core: str) -> tuple[str | None, int]:
    low = core.lower()
    if "%" in core or "percent" in low or "per cent" in low:
        return "percent", end
    if kind == "money":
        return {"$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY"}.get(core.strip()[0], "USD"), end
    m = _UNIT_AFTER.match(text, end, end + 30)
    if m and m.group(1).lower() not in _NOT_UNIT:
        return m.group(1).lower(), m.end()
    return None, end


def _bound(mod: str) -> str | None:
    if mod in ("more than", "over", "at least", "upwards of", "above", "just over"):
        return "at_least"
    if mod in ("up to", "fewer than", "less than", "at most", "no more than", "under", "below"):
        return "at_most"
    return None


def _value(kind: str, core: str) -> float | None:
    low = core.lower().replace(",", "")
    if kind in ("vague", "rank", "score"):
        return None
    number = re.search(r"\d*\.?\d+", low)
    value: float | None = float(number.group()) if number else _word_value(low)
    if value is None:
        return None
    for word, scale, pattern in _SCALE_PATTERNS:
        if word in low and pattern.search(low) and not (word == "hundred" and not number):
            value *= scale
    return value


_SCALE_PATTERNS = [
    (word, scale, re.compile(rf"(?<=[\d\s]){word}\b")) for word, scale in _SCALES.items()
]


def _word_value(low: str) -> float | None:
    total = 0.0
    for part in re.split(r"[\s-]+", low):
        if part in _UNITS and part != "hundred":
            total += _UNITS[part]
        elif part == "hundred":
            total = (total or 1) * 100
    return total or None
