"""Paragraph and sentence boundaries as character spans.

A hand-written splitter: abbreviations (U.S., Dr., a.m., Jan.), decimals and initials must not
end a sentence, and it has to be fast and span-exact, which library splitters either are not
or re-tokenise the text to achieve.
"""

from __future__ import annotations

import re

from .lexicon import MONTH_ABBREVIATIONS

Span = tuple[int, int]

_BLANK_LINE = re.compile(r"\n[ \t\r\f\v]*\n")
_LINE = re.compile(r"[^\n]+")

# A candidate end: terminal punctuation, optional closing quotes/brackets, then whitespace.
_END = re.compile(r"[.!?…]+[\"”’'»)\]]*(?=\s)")
_NEXT_START = re.compile(r"\s+[\"“‘'«(\[]?[A-Z0-9\"“‘«']")
_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z.'’-]*)$")

# These abbreviations are normally followed by a name, so even a capital after them is not
# a new sentence ("Dr. Smith"); the rest may end a sentence when a capital follows.
_TITLE_ABBREVIATIONS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "gen",
        "lt",
        "col",
        "maj",
        "capt",
        "cmdr",
        "sgt",
        "adm",
        "gov",
        "sen",
        "rep",
        "pres",
        "supt",
        "insp",
        "det",
        "rev",
        "hon",
        "amb",
        "st",
        "mt",
        "ft",
        "no",
    ]
)

ABBREVIATIONS = _TITLE_ABBREVIATIONS | frozenset(
    [
        "a.d",
        "a.m",
        "approx",
        "ariz",
        "ark",
        "b.a",
        "b.c",
        "bros",
        "calif",
        "co",
        "colo",
        "conn",
        "corp",
        "d.c",
        "del",
        "dept",
        "e.g",
        "est",
        "etc",
        "fig",
        "fla",
        "fri",
        "ga",
        "i.e",
        "ill",
        "inc",
        "ind",
        "j.d",
        "jr",
        "kan",
        "ky",
        "l.a",
        "la",
        "ltd",
        "m.a",
        "mass",
        "md",
        "mich",
        "minn",
        "miss",
        "mo",
        "mon",
        "mont",
        "n.y",
        "neb",
        "nev",
        "nos",
        "okla",
        "ore",
        "p.m",
        "pa",
        "ph.d",
        "reps",
        "sat",
        "sr",
        "sun",
        "tenn",
        "tex",
        "thu",
        "thur",
        "thurs",
        "tue",
        "tues",
        "u.k",
        "u.n",
        "u.s",
        "u.s.a",
        "univ",
        "v",
        "va",
        "vol",
        "vs",
        "vt",
        "wash",
        "wed",
        "wis",
        "wyo",
        *MONTH_ABBREVIATIONS,
    ]
)


def paragraph_spans(text: str) -> list[Span]:
    """One paragraph per line, unless the text is hard-wrapped (then blank lines separate).

    News bodies put each paragraph on one line (with or without blank lines in between);
    hard-wrapped text has many lines and none of them long.
    """
    if _BLANK_LINE.search(text) and _hard_wrapped(text):
        spans, pos = [], 0
        for m in _BLANK_LINE.finditer(text):
            spans.append((pos, m.start()))
            pos = m.end()
        spans.append((pos, len(text)))
    else:
        spans = [(m.start(), m.end()) for m in _LINE.finditer(text)]
    return [trimmed for s, e in spans if (trimmed := _trim(text, s, e))[0] < trimmed[1]]


# A list item or footnote: a bullet, "1." / "(1)" / "[1]", or a superscript number first.
_LIST_ITEM = re.compile(r"(?:[•◦▪‣·*–-]\s+|\(?\d{1,3}[.)]\s+|\[\d{1,3}\]|[¹²³⁴⁵⁶⁷⁸⁹⁰]+\s*\S)")
# Lines around a story that are not part of it: links to other articles, credits.
_ASIDE = re.compile(
    r"(?:related(?:\s+(?:article|story|stories|coverage|content))?|read\s+more|see\s+also|"
    r"more\s+on\s+this(?:\s+story)?|watch|listen|recommended|sign\s+up|subscribe|"
    r"editor['’]s\s+note)\s*:",
    re.I,
)
MAX_HEADING_WORDS = 14
MAX_PLAIN_HEADING_WORDS = 8


def paragraph_kind(text: str, start: int, end: int) -> str:
    """ "heading" (a short line with no sentence punctuation at its end), "list" (a list item or
    a footnote), "aside" ("Related article: ..." lines) or "text"."""
    if _ASIDE.match(text, start, min(end, start + 40)):
        return "aside"
    if _LIST_ITEM.match(text, start, end):
        return "list"
    line = text[start:end].rstrip(" *_\"”’'»)]")
    if not line or line[-1] in ".!?…:;,":
        return "text"
    words = line.split()
    if len(words) > MAX_HEADING_WORDS or not line.lstrip("\"“‘'«(*_#")[:1].isupper():
        return "text"
    capitals = sum(1 for w in words if w.lstrip("\"“‘'«(")[:1].isupper())
    if len(words) > MAX_PLAIN_HEADING_WORDS and capitals * 2 < len(words):
        return "text"  # a long line in sentence case is a sentence that lost its full stop
    return "heading"


def _hard_wrapped(text: str) -> bool:
    lengths = [len(m.group()) for m in _LINE.finditer(text, 0, 200_000)]
    return len(lengths) >= 6 and max(lengths) <= 100


def _trim(text: str, start: int, end: int) -> Span:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def sentence_spans(text: str, start: int, end: int) -> list[Span]:
    """Sentence spans inside text[start:end] (one paragraph)."""
    spans: list[Span] = []
    pos = start
    for m in _END.finditer(text, start, end):
        if not _NEXT_START.match(text, m.end(), end) or _is_abbreviation(text, pos, m):
            continue
        spans.append(_trim(text, pos, m.end()))
        pos = m.end()
    spans.append(_trim(text, pos, end))
    return [s for s in spans if s[0] < s[1]]


def _is_abbreviation(text: str, sentence_start: int, m: re.Match[str]) -> bool:
    if m.group()[0] != ".":
        return False
    dot = m.start()
    if dot > 0 and text[dot - 1].isdigit() and text[m.end() : m.end() + 2].strip()[:1].isdigit():
        return True
    word_m = _WORD_BEFORE.search(text, max(sentence_start, dot - 20), dot)
    if not word_m:
        return False
    word = word_m.group(1).lower().rstrip(".")
    if len(word) == 1 and word.isalpha():
        return True  # an initial: "George W. Bush", "G.K. Butterfield"
    if "." in word and all(len(part) == 1 for part in word.split(".")):
        return True  # initials run together: "G.K. Butterfield", "J.R.R. Tolkien"
    if word not in ABBREVIATIONS:
        return False
    if word in _TITLE_ABBREVIATIONS or "." in word:
        return True
    if word == "del" and text[word_m.start() - 2 : word_m.start()] not in (", ", "-"):
        return True  # "said Del. Ann Lee": the title Delegate, not the state ("Dover, Del.")
    # "Jan. 10", "Inc. said": a lower-case or numeric continuation keeps the sentence going.
    following = text[m.end() : m.end() + 3].strip()[:1]
    return not following.isupper()
