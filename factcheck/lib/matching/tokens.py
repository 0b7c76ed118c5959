"""Lexical terms for BM25: lower-cased words, each stated number one term, stop words out.

Numbers are replaced by their canonical key before splitting, so "30,000" is one term (a
plain tokenizer makes it "30" and "000") and "30 thousand" is the same term. Social-media
noise (links, ``pic.twitter.com`` references, the ``#`` and ``@`` signs, CamelCase hashtags)
is cleaned the same way for claims and for queries. Words are reduced with the S-stemmer
(Harman, 1991: plurals only), which helps recall without the over-stemming of Porter's rules.
"""

from __future__ import annotations

import re

from .numbers import find_numbers

STOP_WORDS = frozenset(
    """
    a about above after again against all am an and any are as at be because been before
    being below between both but by can could did do does doing down during each few for
    from further had has have having he her here hers herself him himself his how i if in
    into is it its itself just me more most my myself no nor not of off on once only or
    other our ours ourselves out over own same she should so some such than that the their
    theirs them themselves then there these they this those through to too under until up
    very was we were what when where which while who whom why will with would you your yours
    yourself yourselves rt via amp
    """.split()  # noqa: SIM905  (a word list reads better as text)
)
_LINK = re.compile(r"https?://\S+|pic\.twitter\.com/\S+|www\.\S+", re.IGNORECASE)
_TAG = re.compile(r"[#@](\w+)")
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
_WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)?|\x00\d+(?:\.\d+)?%?\x00")


def clean_text(text: str) -> str:
    """``text`` without links and with hashtags and handles as words ("#FakeNews" → "Fake
    News"): what both the lexical and the semantic side should read."""
    text = _LINK.sub(" ", text)
    return _TAG.sub(lambda m: _CAMEL.sub(" ", m.group(1)), text)


def _stem(word: str) -> str:
    if len(word) <= 3 or not word.endswith("s") or word.endswith(("ss", "us", "is")):
        return word
    if word.endswith("ies") and not word.endswith(("eies", "aies")):
        return word[:-3] + "y"
    if word.endswith("es") and not word.endswith(("aes", "ees", "oes")):
        return word[:-1]
    return word[:-1]


def tokenize(text: str) -> list[str]:
    """The BM25 terms of ``text``: numbers as ``#<canonical>`` terms, words stemmed."""
    text = clean_text(text)
    parts: list[str] = []
    last = 0
    for number in find_numbers(text):
        parts.append(text[last : number.start])
        parts.append(f" \x00{number.key}\x00 ")
        last = number.end
    parts.append(text[last:])
    terms: list[str] = []
    for token in _WORD.findall("".join(parts).lower()):
        if token.startswith("\x00"):
            terms.append("#" + token.strip("\x00"))
        else:
            token = token.removesuffix("'s")
            if token not in STOP_WORDS and len(token) > 1:
                terms.append(_stem(token.replace("'", "")))
    return terms
