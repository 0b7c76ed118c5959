"""Numbers as a claim states them, written one canonical way.

"13,000", "13000", "13 thousand", "thirteen thousand" and "13k" are all ``13000``; "1.5
million" is ``1500000``; "40%" and "40 per cent" are ``40%``. Years (1900-2099 written as four
bare digits) are found but flagged, because a claim repeated a year later is still the same
claim, while one whose count changed is not.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip
_SCALES = {
    "hundred": 100, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12,
    "k": 1e3, "m": 1e6, "mn": 1e6, "bn": 1e9, "tn": 1e12,
}  # fmt: skip
_WORD = "|".join(sorted(_UNITS, key=len, reverse=True))
_SCALE = "|".join(sorted(_SCALES, key=len, reverse=True))
# "one" alone is too often a pronoun ("the one who...") to count as a quantity.
_WORD_NUMBER = rf"(?:{_WORD})(?:[\s-]+(?:{_WORD}))*"
_NUMERAL = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_PATTERN = re.compile(
    rf"(?<![\w.,])(?P<cur>[$£€])?\s?(?:(?P<num>{_NUMERAL})|(?P<word>{_WORD_NUMBER})\b)"
    rf"(?:\s?(?P<scale>(?:{_SCALE})(?:\s+(?:{_SCALE}))*)\b)?"
    r"(?:\s?(?P<pct>%|per\s?cent\b|percent\b))?"
    r"(?![\w]*\d)",
    re.IGNORECASE,
)
_YEAR = re.compile(r"(?:19|20)\d\d")


@dataclass(frozen=True, slots=True)
class Number:
    """One quantity in a text: ``key`` is its canonical form, ``text`` what the text said."""

    key: str
    text: str
    start: int
    end: int
    is_year: bool


def _word_value(words: str) -> float | None:
    total = 0.0
    for word in re.split(r"[\s-]+", words.lower()):
        total += _UNITS[word]
    return total


def _canonical(value: float) -> str:
    if value == int(value):
        return str(int(value))
    return f"{value:.6f}".rstrip("0").rstrip(".")


def find_numbers(text: str) -> Iterator[Number]:
    """Every quantity in ``text``, in order, with its canonical key."""
    for m in _PATTERN.finditer(text):
        num, word = m.group("num"), m.group("word")
        if word is not None and word.lower() == "one" and not m.group("scale"):
            continue
        value = float(num.replace(",", "")) if num is not None else _word_value(word)
        if value is None:
            continue
        for scale in (m.group("scale") or "").lower().split():
            value *= _SCALES[scale]
        key = _canonical(value) + ("%" if m.group("pct") else "")
        is_year = bool(
            num is not None and _YEAR.fullmatch(num) and not m.group("scale") and not m.group("pct")
        )
        yield Number(key, m.group(0).strip(), m.start(), m.end(), is_year)


def number_keys(text: str, *, years: bool = False) -> list[str]:
    """The canonical keys of the quantities in ``text`` (years left out unless asked for)."""
    return [n.key for n in find_numbers(text) if years or not n.is_year]


@dataclass(frozen=True, slots=True)
class NumberDifference:
    """What a checked claim says against what the new text says, both as written."""

    checked: tuple[str, ...]
    this_text: tuple[str, ...]

    @property
    def message(self) -> str:
        checked = ", ".join(self.checked) or "no number"
        this = ", ".join(self.this_text) or "no number"
        return f"checked claim says {checked}; this text says {this}"


def number_difference(checked: str, text: str) -> NumberDifference | None:
    """How the numbers of ``checked`` and ``text`` differ (years aside), or None when they agree.

    Only numbers that both sides could disagree on count: when one side states no number at
    all, there is nothing to contradict.
    """
    a, b = dict(_stated(checked)), dict(_stated(text))
    if not a or not b or set(a) == set(b):
        return None
    only_a = tuple(v for k, v in a.items() if k not in b)
    only_b = tuple(v for k, v in b.items() if k not in a)
    if not only_a or not only_b:
        return None  # one states more numbers than the other, none contradicted
    return NumberDifference(only_a, only_b)


@lru_cache(maxsize=65_536)
def _stated(text: str) -> tuple[tuple[str, str], ...]:
    """The (key, as written) of the quantities of ``text``, years aside. Cached: intake
    compares each incoming statement with its top hits, and a wire brings the same stored
    claims up again and again (and the statement itself is compared with each of its hits)."""
    return tuple({n.key: n.text for n in find_numbers(text) if not n.is_year}.items())


_SPELLED_SCALES = ((1e9, ("billion", "bn")), (1e6, ("million", "m")), (1e3, ("thousand", "k")))


def spellings(number: Number) -> list[str]:
    """The ways a text may write ``number``, for a search that reads words, not quantities
    (PostgreSQL's full text makes "13,000" two words, "13" and "000"): "13000", "13,000",
    "13 thousand", "13k" and the number as written, each once, as written first. A
    percentage is its number ("40%", "40 per cent" and "40 percent" all hold the word "40")."""
    forms = [number.text]
    digits = number.key.removesuffix("%")
    value = float(digits)
    forms.append(digits)
    if value == int(value) and value >= 1000:
        forms.append(f"{int(value):,}")
    for scale, (word, short) in _SPELLED_SCALES:
        scaled = value / scale
        if scaled >= 1 and round(scaled, 3) == scaled:
            forms += [f"{_canonical(scaled)} {word}", f"{_canonical(scaled)}{short}"]
    return list(dict.fromkeys(forms))
