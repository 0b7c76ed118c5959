"""BERT's uncased WordPiece tokenizer (``BertTokenizer``), read from a model's ``vocab.txt``.

The rules are Google's original ones: clean control characters, put spaces around CJK
ideographs, lower-case, strip accents, split on punctuation and whitespace, then take the
longest vocabulary piece first with ``##`` for word continuations.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

MAX_WORD_CHARS = 100


def _is_punctuation(char: str) -> bool:
    cp = ord(char)
    if 33 <= cp <= 47 or 58 <= cp <= 64 or 91 <= cp <= 96 or 123 <= cp <= 126:
        return True
    return unicodedata.category(char).startswith("P")


def _is_cjk(cp: int) -> bool:
    return (
        0x4E00 <= cp <= 0x9FFF
        or 0x3400 <= cp <= 0x4DBF
        or 0x20000 <= cp <= 0x2A6DF
        or 0x2A700 <= cp <= 0x2CEAF
        or 0xF900 <= cp <= 0xFAFF
        or 0x2F800 <= cp <= 0x2FA1F
    )


def _basic_tokens(text: str) -> list[str]:
    chars: list[str] = []
    for char in text:
        cp = ord(char)
        if (
            cp == 0
            or cp == 0xFFFD
            or (unicodedata.category(char).startswith("C") and char not in "\t\n\r")
        ):
            continue
        if char.isspace():
            chars.append(" ")
        elif _is_cjk(cp):
            chars.append(f" {char} ")
        else:
            chars.append(char)
    text = unicodedata.normalize("NFD", "".join(chars).lower())
    text = "".join(c for c in text if unicodedata.category(c) != "Mn")
    tokens: list[str] = []
    for word in text.split():
        current = ""
        for char in word:
            if _is_punctuation(char):
                if current:
                    tokens.append(current)
                    current = ""
                tokens.append(char)
            else:
                current += char
        if current:
            tokens.append(current)
    return tokens


class WordPiece:
    """Text to vocabulary ids, ``[CLS] ... [SEP]``, truncated to ``max_length`` ids."""

    def __init__(self, vocab_file: Path, *, max_length: int = 256):
        with vocab_file.open(encoding="utf-8") as fh:
            self.vocab = {line.rstrip("\n"): i for i, line in enumerate(fh)}
        self.max_length = max_length
        self.unk = self.vocab["[UNK]"]
        self.cls = self.vocab["[CLS]"]
        self.sep = self.vocab["[SEP]"]
        self.pad = self.vocab["[PAD]"]

    def _pieces(self, word: str) -> list[int]:
        if len(word) > MAX_WORD_CHARS:
            return [self.unk]
        pieces: list[int] = []
        start = 0
        while start < len(word):
            end = len(word)
            found = None
            while start < end:
                piece = word[start:end] if start == 0 else "##" + word[start:end]
                if piece in self.vocab:
                    found = self.vocab[piece]
                    break
                end -= 1
            if found is None:
                return [self.unk]
            pieces.append(found)
            start = end
        return pieces

    def encode(self, text: str) -> list[int]:
        ids: list[int] = []
        for word in _basic_tokens(text):
            ids.extend(self._pieces(word))
        return [self.cls, *ids[: self.max_length - 2], self.sep]
