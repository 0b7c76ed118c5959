"""A learned tagger for the reported speech the rules miss or bound wrongly.

PolNeAR-style attributions are mostly indirect ("Republicans fear the nominee will ...",
"the report found ..."): far more cue words and shapes than rules can list. A linear-chain CRF
reads every sentence, one token per word (a quotation is one token), and labels its content
(C), cue (V) and source (S) tokens. Its features are the words around each token, their shape,
how far the nearest speech verb is, and what the rules already saw there (a frame, its speaker,
a cue), so it learns where the rules are right and where speech runs on without them.

It is trained with python-crfsuite (``bench/train_reported.py``, on the first part of
PolNeAR's training split) and shipped as its weights alone (``reported_tagger.npz``). Tagging
runs here, in NumPy: a token's emission scores are sums of per-word rows cached by word, and
Viterbi runs over all sentences of an article at once. pycrfsuite would spend ~12 ms per
article converting feature strings; this costs about a tenth of that, which keeps the
extractor's speed target. ``features`` (the strings crfsuite trains on) and ``Model.emissions``
(the same sums, by row) are built from the same attribute functions, and a test checks that both
decode to the same labels.
"""

from __future__ import annotations

import copy
import os
import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Any

import numpy as np

from .lexicon import CAP_STOPWORDS, CUE_VERBS, ORG_HEADS, PRONOUNS, ROLE_WORDS
from .mentions import _MASK
from .reported import LEARNED_CUES, REPORT_ONLY_VERBS

MODEL = Path(__file__).with_name("reported_tagger.npz")
# A word, or one punctuation mark; a run of masked (quoted) text is one token.
_TOKEN = re.compile(rf"{_MASK}+|\w+(?:['’]\w+)*|[^\w\s]")
# Sentences longer than this are read only in part: the cost of a sentence stays bounded.
MAX_TOKENS = 120
OFFSETS = (-3, -2, -1, 0, 1, 2, 3)
LABELS = ("O", "B-C", "I-C", "B-V", "I-V", "B-S", "I-S")
_SPEECH = CUE_VERBS | LEARNED_CUES | REPORT_ONLY_VERBS
_FAR = 99  # the distance standing for "no speech verb on that side"
_MAX_DISTANCE = MAX_TOKENS + _FAR  # every distance a sentence can produce is below this


@dataclass(slots=True)
class Tagged:
    """One content span the tagger found, with its nearest cue and source spans."""

    start: int
    end: int
    cue: tuple[int, int] | None
    source: tuple[int, int] | None


def tokens(masked: str, s: int, e: int) -> list[tuple[int, int]]:
    return [m.span() for m in islice(_TOKEN.finditer(masked, s, e), MAX_TOKENS)]


def may_report(masked: str, toks: list[tuple[int, int]]) -> bool:
    """Whether a sentence holds a speech verb at all: the tagger reads no other sentence."""
    speech = _SPEECH
    return any(masked[a:b].lower() in speech for a, b in toks)


def _shape(word: str) -> str:
    if word[0] == _MASK:
        return "Q"
    if word.isdigit():
        return "d"
    if not word[0].isalnum():
        return word[0]
    if word.isupper() and len(word) > 1:
        return "XX"
    if word[0].isupper():
        return "Xx"
    return "x"


def word_text(masked: str, a: int, b: int) -> str:
    """A token's text as the tagger reads it: one mask character for any quotation (they all
    read alike) and at most 40 characters (a longer word's own text is in no model)."""
    if masked[a] == _MASK:
        return _MASK
    return masked[a:b] if b - a <= 40 else masked[a : a + 20] + masked[b - 20 : b]


def _low(word: str) -> str:
    return "<q>" if word[0] == _MASK else word.lower()


def word_attrs(word: str, d: int) -> list[str]:
    """The attributes a word gives the token d places before it (d = 0: the word's own)."""
    low = _low(word)
    if d == 0:
        shape = _shape(word)
        out = ["w=" + low, "sh=" + shape, "s3=" + low[-3:], "s2=" + low[-2:], "p3=" + low[:3]]
        if low in _SPEECH:
            out.append("cue")
            if low in CUE_VERBS:
                out.append("cue0")
        if low in PRONOUNS:
            out.append("pron")
        if low in ROLE_WORDS:
            out.append("role")
        if low in ORG_HEADS:
            out.append("org")
        if shape == "Xx" and low not in CAP_STOPWORDS:
            out.append("cap")
        return out
    out = [f"w{d}=" + low]
    if -2 <= d <= 2:
        out.append(f"sh{d}=" + _shape(word))
    if d in (-1, 1) and low in _SPEECH:
        out.append(f"cue{d}")
    return out


def boundary_attr(d: int) -> str:
    """The attribute for an offset that falls outside the sentence."""
    return f"w{d}=<s>"


def _bucket(d: int) -> str:
    if d <= 3:
        return str(d)
    if d <= 6:
        return "4-6"
    if d <= 12:
        return "7-12"
    return "far" if d < _FAR else "none"


def _layout(
    cue: Sequence[bool], that_word: Sequence[bool]
) -> tuple[list[int], list[int], list[bool]]:
    """Per token: distance to the nearest speech verb on the left and on the right, and
    whether a "that" has come since the nearest one on the left ("said that ...")."""
    n = len(cue)
    left, right, that = [0] * n, [0] * n, [False] * n
    last, last_that = -_FAR, -1
    for i in range(n):
        if cue[i]:
            last = i
        elif that_word[i]:
            last_that = i
        left[i] = i - last
        that[i] = last >= 0 and last_that > last
    nxt = n + _FAR
    for i in range(n - 1, -1, -1):
        if cue[i]:
            nxt = i
        right[i] = min(nxt - i, _FAR)
    return left, right, that


def features(
    masked: str, toks: list[tuple[int, int]], marks: dict[int, list[str]]
) -> list[list[str]]:
    """One attribute list per token, as crfsuite trains on them. ``marks`` maps a token index
    to what the rules saw there."""
    words = [word_text(masked, a, b) for a, b in toks]
    n = len(words)
    lows = [_low(w) for w in words]
    left, right, that = _layout([w in _SPEECH for w in lows], [w == "that" for w in lows])
    out = []
    for i in range(n):
        f = ["b", "l=" + _bucket(left[i]), "r=" + _bucket(right[i])]
        f += ["pos=" + _bucket(i), "end=" + _bucket(n - 1 - i)]
        if that[i]:
            f.append("that")
        for d in OFFSETS:
            j = i + d
            f.extend(word_attrs(words[j], d) if 0 <= j < n else [boundary_attr(d)] if d else [])
        f.extend(marks.get(i, ()))
        out.append(f)
    return out


def spans(toks: list[tuple[int, int]], labels: Sequence[str]) -> list[Tagged]:
    """Read BIO labels back as content spans, each with the nearest cue and source run."""
    runs: dict[str, list[tuple[int, int]]] = {"C": [], "V": [], "S": []}
    cur: tuple[str, int] | None = None
    for i, label in enumerate([*labels, "O"]):
        kind = label[2:] if label != "O" else ""
        if cur is not None and (label == "O" or label.startswith("B-") or kind != cur[0]):
            runs[cur[0]].append((toks[cur[1]][0], toks[i - 1][1]))
            cur = None
        if label != "O" and cur is None:
            cur = (kind, i)
    return [
        Tagged(a, b, _nearest(runs["V"], a, b), _nearest(runs["S"], a, b)) for a, b in runs["C"]
    ]


def _nearest(found: list[tuple[int, int]], a: int, b: int) -> tuple[int, int] | None:
    best = None
    for s, e in found:
        d = a - e if e <= a else s - b if s >= b else 0
        if d >= 0 and (best is None or d < best[0]):
            best = (d, (s, e))
    return best[1] if best else None


class Model:
    """A trained CRF's weights: one row of label scores per attribute, and transitions."""

    word_cache = 100_000  # words whose rows are kept (emptied when a call would pass it)
    chunk = 256  # sentences decoded together: bounds the padded Viterbi arrays

    def __init__(self, labels: list[str], attrs: list[str], weights: np.ndarray, trans: np.ndarray):
        self.labels = labels
        self.index = {a: i for i, a in enumerate(attrs)}
        self.weights = weights.astype(np.float64)
        self.trans = trans.astype(np.float64)
        self._into = np.ascontiguousarray(self.trans.T)[None]
        width = len(labels)
        self._zero = np.zeros(width)
        # Scores that depend on a token's position only, by distance.
        self._bucketed = {
            name: np.stack([self.row(f"{name}={_bucket(d)}") for d in range(_MAX_DISTANCE + 1)])
            for name in ("l", "r", "pos", "end")
        }
        self._bias = self.row("b")
        self._that = self.row("that")
        self._boundary = np.stack(
            [self.row(boundary_attr(d)) if d else self._zero for d in OFFSETS]
        )
        # Per word: its rows for each offset, cached (bounded; cleared when full).
        self._word_ids: dict[str, int] = {}
        self._word_rows = np.zeros((1024, len(OFFSETS), width))
        self._word_flags = np.zeros((1024, 2), dtype=bool)  # (a speech verb, "that")
        self._word_rows[0] = self._boundary  # what an offset past the sentence's end reads

    @classmethod
    def from_crfsuite(cls, info: Any) -> Model:
        """The weights of a trained crfsuite model (``pycrfsuite.Tagger().info()``)."""
        labels = list(LABELS)
        col = {label: k for k, label in enumerate(labels)}
        attrs = sorted({a for a, _ in info.state_features})
        row = {a: i for i, a in enumerate(attrs)}
        weights = np.zeros((len(attrs), len(labels)), dtype=np.float32)
        for (a, label), w in info.state_features.items():
            weights[row[a], col[label]] = w
        trans = np.zeros((len(labels), len(labels)), dtype=np.float32)
        for (a, b), w in info.transitions.items():
            trans[col[a], col[b]] = w
        return cls(labels, attrs, weights, trans)

    @classmethod
    def load(cls, path: Path) -> Model:
        with np.load(path, allow_pickle=False) as data:
            labels = bytes(data["labels"]).decode().split("\n")
            attrs = bytes(data["attrs"]).decode().split("\n")
            return cls(labels, attrs, data["weights"], data["trans"])

    def save(self, path: Path) -> None:
        attrs = sorted(self.index, key=self.index.__getitem__)
        np.savez_compressed(
            path,
            labels=np.frombuffer("\n".join(self.labels).encode(), dtype=np.uint8),
            attrs=np.frombuffer("\n".join(attrs).encode(), dtype=np.uint8),
            weights=self.weights.astype(np.float32),
            trans=self.trans.astype(np.float32),
        )

    def fork(self) -> Model:
        """The same weights with caches of its own (one per thread: nothing shared is
        written)."""
        other = copy.copy(self)
        other._word_ids = {}
        other._word_rows = self._word_rows[:1024].copy()
        other._word_flags = np.zeros_like(self._word_flags[:1024])
        return other

    def row(self, attr: str) -> np.ndarray:
        i = self.index.get(attr)
        return self.weights[i] if i is not None else self._zero

    def _word(self, word: str) -> int:
        i = self._word_ids.get(word)
        if i is not None:
            return i
        i = len(self._word_ids) + 1  # row 0 is the sentence boundary
        if i >= len(self._word_rows):
            self._word_rows = np.concatenate([self._word_rows, np.zeros_like(self._word_rows)])
            self._word_flags = np.concatenate([self._word_flags, np.zeros_like(self._word_flags)])
        for k, d in enumerate(OFFSETS):
            rows = [self.index[a] for a in word_attrs(word, d) if a in self.index]
            self._word_rows[i, k] = self.weights[rows].sum(axis=0) if rows else 0.0
        low = _low(word)
        self._word_ids[word] = i
        self._word_flags[i] = (low in _SPEECH, low == "that")
        return i

    def emissions(self, sentences: list[tuple[list[str], dict[int, list[str]]]]) -> np.ndarray:
        """Every token's score for each label (the sum of its attributes' rows), for all
        sentences at once: one row per token, the sentences one after another."""
        lens = [len(words) for words, _ in sentences]
        if len(self._word_ids) + sum(lens) > self.word_cache:
            # Emptied only here, never during a call: ids handed out in this call stay valid.
            self._word_ids.clear()
        # The sentences one after another with boundary rows between them, so that every
        # offset is a plain shift: a token near a sentence's edge reads the boundary.
        pad = max(OFFSETS)
        word = self._word
        padded = [0] * pad
        for words, _ in sentences:
            padded.extend(word(w) for w in words)
            padded.extend((0,) * pad)
        rows = self._word_rows[padded]  # (padded tokens, offsets, labels)
        size = len(padded)
        total = rows[pad : size - pad, OFFSETS.index(0)].copy()
        for k, d in enumerate(OFFSETS):
            if d:
                total += rows[pad + d : size - pad + d, k]
        real = np.array(padded[pad : size - pad]) != 0
        at_real = np.flatnonzero(real)
        scores = total[at_real]
        ids = np.array(padded[pad : size - pad])[at_real]
        n = len(ids)
        at = np.arange(n)
        length = np.repeat(lens, lens)
        first = np.repeat(np.cumsum([0, *lens[:-1]]), lens)
        local = at - first
        flags = self._word_flags[ids]
        cue, that_word = flags[:, 0], flags[:, 1] & ~flags[:, 0]
        big = n + 10 * _MAX_DISTANCE
        last = np.maximum.accumulate(np.where(cue, at, -big))
        has_left = last >= first
        left = np.where(has_left, at - last, local + _FAR)
        nxt = np.minimum.accumulate(np.where(cue, at, big)[::-1])[::-1]
        right = np.where(nxt < first + length, np.minimum(nxt - at, _FAR), _FAR)
        last_that = np.maximum.accumulate(np.where(that_word, at, -big))
        that = has_left & (last_that > last)
        scores += self._bias
        scores += self._bucketed["l"][left] + self._bucketed["r"][right]
        scores += self._bucketed["pos"][local] + self._bucketed["end"][length - 1 - local]
        scores[that] += self._that
        at_token, mark_rows = [], []
        index = self.index
        base = 0
        for (_, marks), size in zip(sentences, lens, strict=True):
            for i, names in marks.items():
                for name in names:
                    row = index.get(name)
                    if row is not None:
                        at_token.append(base + i)
                        mark_rows.append(row)
            base += size
        if at_token:
            np.add.at(scores, at_token, self.weights[mark_rows])
        return scores

    def decode(self, scores: np.ndarray, lens: list[int]) -> list[list[str]]:
        """Viterbi over all sentences at once: one NumPy step per token position, each step
        reducing over the last (contiguous) axis."""
        if not lens:
            return []
        width = len(self.labels)
        count, longest = len(lens), max(lens)
        seg = np.repeat(np.arange(count), lens)
        local = np.arange(len(seg)) - np.repeat(np.cumsum([0, *lens[:-1]]), lens)
        emit = np.zeros((longest, count, width))
        emit[local, seg] = scores
        back = np.zeros((longest, count, width), dtype=np.intp)
        delta = np.empty((longest, count, width))
        delta[0] = emit[0]
        rows, cols = np.arange(count)[:, None], np.arange(width)[None, :]
        into = self._into  # into[y, p]: the score of moving from label p to label y
        for t in range(1, longest):
            cand = delta[t - 1][:, None, :] + into
            best = cand.argmax(axis=2, out=back[t])
            np.add(cand[rows, cols, best], emit[t], out=delta[t])
        # Each path ends at its sentence's own last token (the batch runs on past shorter
        # ones) and is read back from there, all sentences at once.
        last = np.array(lens) - 1
        everyone = np.arange(count)
        cur = delta[last, everyone].argmax(axis=1)
        path = np.zeros((longest, count), dtype=np.intp)
        for t in range(longest - 1, -1, -1):
            cur = np.where(last == t, delta[t].argmax(axis=1), cur) if t < longest - 1 else cur
            path[t] = cur
            if t:
                cur = back[t, everyone, cur]
        names = np.array(self.labels, dtype=object)[path.T]
        return [names[k, :size].tolist() for k, size in enumerate(lens)]

    def labels_of(
        self, masked: str, sentences: list[tuple[list[tuple[int, int]], dict[int, list[str]]]]
    ) -> list[list[str]]:
        """The label of every token of every (non-empty) sentence. Sentences of like length
        are decoded together, ``chunk`` at a time, so that memory follows the tokens."""
        order = sorted(range(len(sentences)), key=lambda k: len(sentences[k][0]))
        out: list[list[str]] = [[] for _ in sentences]
        for at in range(0, len(order), self.chunk):
            part = order[at : at + self.chunk]
            words = [
                ([word_text(masked, a, b) for a, b in sentences[k][0]], sentences[k][1])
                for k in part
            ]
            labels = self.decode(self.emissions(words), [len(w) for w, _ in words])
            for k, lab in zip(part, labels, strict=True):
                out[k] = lab
        return out

    def tag(
        self, masked: str, sentences: list[tuple[list[tuple[int, int]], dict[int, list[str]]]]
    ) -> list[list[Tagged]]:
        """The content spans of each sentence, given its (non-empty) tokens and rule marks."""
        if not sentences:
            return []
        labels = self.labels_of(masked, sentences)
        return [spans(toks, lab) for (toks, _), lab in zip(sentences, labels, strict=True)]


class _Local(threading.local):
    model: Model | None = None
    loaded: bool = False


_LOCAL = _Local()
_SHARED: dict[Path, Model | None] = {}
_LOCK = threading.Lock()


def model() -> Model | None:
    """The shipped model, or None without its file. The weights are read once per process;
    each thread gets its own word cache."""
    local = _LOCAL
    if not local.loaded:
        # FACTCHECK_TAGGER names another weights file (bench/train_reported.py --check).
        path = Path(os.environ.get("FACTCHECK_TAGGER") or MODEL)
        with _LOCK:
            if path not in _SHARED:
                _SHARED[path] = Model.load(path) if path.exists() else None
            shared = _SHARED[path]
        local.model = shared.fork() if shared is not None else None
        local.loaded = True
    return local.model
