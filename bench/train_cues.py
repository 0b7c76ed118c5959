"""Learn the extra attribution cue verbs from the tuning part of the PolNeAR training split.

A word joins the list when annotators marked it as (part of) an attribution cue at least
``--min-count`` times in the tuning articles and at least ``--min-precision`` of its
occurrences there are cues. Only the counts are written (no text), to
``factcheck/lib/extraction/learned_cues.json``, which the extractor reads at import time.

    .venv/bin/python bench/train_cues.py --corpus ../shared/corpus/polnear-train-attrib

The tuning part is the first 600 articles by sorted file name; the last 240 are kept aside
to check the extractor and are never read here.
"""

from __future__ import annotations

import argparse
import itertools
import json
import re
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from factcheck.lib.extraction.lexicon import CUE_VERBS
from factcheck.lib.extraction.reported import REPORT_ONLY_VERBS

TUNE = 600
OUT = Path(__file__).resolve().parents[1] / "factcheck/lib/extraction/learned_cues.json"
_WORD = re.compile(r"[a-z]+")
# Words of a cue phrase that are not the verb ("has said", "also told", "according to").
_NOT_VERBS = frozenset(
    [
        "a",
        "an",
        "the",
        "to",
        "of",
        "in",
        "on",
        "at",
        "for",
        "by",
        "with",
        "from",
        "and",
        "or",
        "but",
        "not",
        "also",
        "has",
        "have",
        "had",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "will",
        "would",
        "could",
        "should",
        "may",
        "might",
        "can",
        "do",
        "does",
        "did",
        "that",
        "this",
        "it",
        "its",
        "his",
        "her",
        "their",
        "he",
        "she",
        "they",
        "we",
        "i",
        "you",
        "who",
        "which",
        "what",
        "as",
        "so",
        "just",
        "about",
        "into",
        "over",
        "than",
        "then",
        "there",
        "according",
    ]
)


def _verb_form(word: str, cues: Counter[str]) -> bool:
    """Inflected verb forms (and a base form whose inflections are cues too); no adverbs."""
    if len(word) <= 3 or word.endswith("ly"):
        return False
    if word.endswith(("ed", "ing", "es")) or (word.endswith("s") and not word.endswith("ss")):
        return True
    return any(cues[word + end] or cues[word + end[1:]] for end in ("es", "ed"))


_PREPOSITIONS = ("of", "about", "for", "on", "to", "with", "against")


def _phrases(names: list[str], a: argparse.Namespace) -> dict[str, list[int]]:
    """Two-word cues ending in a preposition ("called for", "questions about"): the content
    is the object that follows."""
    cues: Counter[str] = Counter()
    seen: Counter[str] = Counter()
    for name in names:
        words = _WORD.findall(body_of(a.corpus / f"{name}.txt").lower())
        seen.update(f"{x} {y}" for x, y in itertools.pairwise(words) if y in _PREPOSITIONS)
        gold = json.loads((a.corpus / f"{name}.gold.json").read_text(encoding="utf-8"))
        for att in gold.get("attributions", []):
            if att.get("kind") != "indirect":
                continue
            words = _WORD.findall((att.get("cue") or "").lower())
            if len(words) >= 2 and words[-1] in _PREPOSITIONS and words[-2] not in _NOT_VERBS:
                cues[" ".join(words[-2:])] += 1
    return {
        p: [n, seen[p]]
        for p, n in sorted(cues.items())
        if p != "according to" and n >= a.min_count and seen[p] and n / seen[p] >= a.min_precision
    }


def body_of(path: Path) -> str:
    text = path.read_text(encoding="utf-8")
    return text.split("\n\n", 1)[-1]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", type=Path, required=True)
    ap.add_argument("--min-count", type=int, default=4)
    ap.add_argument("--min-precision", type=float, default=0.3)
    a = ap.parse_args()
    names = sorted(p.name[: -len(".txt")] for p in a.corpus.glob("*.txt"))[:TUNE]
    cues: Counter[str] = Counter()
    seen: Counter[str] = Counter()
    for name in names:
        seen.update(_WORD.findall(body_of(a.corpus / f"{name}.txt").lower()))
        gold = json.loads((a.corpus / f"{name}.gold.json").read_text(encoding="utf-8"))
        for att in gold.get("attributions", []):
            words = [w for w in _WORD.findall((att.get("cue") or "").lower())]
            cues.update(w for w in words if w not in _NOT_VERBS)
    phrases = _phrases(names, a)
    known = CUE_VERBS | REPORT_ONLY_VERBS
    learned = {
        w: [n, seen[w]]
        for w, n in sorted(cues.items())
        if w not in known
        and n >= a.min_count
        and seen[w]
        and n / seen[w] >= a.min_precision
        and _verb_form(w, cues)
    }
    payload = {
        "about": "cue words learned by bench/train_cues.py: word -> [times a cue, times seen]",
        "articles": len(names),
        "min_count": a.min_count,
        "min_precision": a.min_precision,
        "cues": learned,
        "phrases": phrases,
    }
    OUT.write_text(json.dumps(payload, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"{len(learned)} cue words, {len(phrases)} phrases from {len(names)} articles -> {OUT}")


if __name__ == "__main__":
    main()
