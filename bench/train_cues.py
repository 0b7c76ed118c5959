"""Learn the extra attribution cue verbs from the tuning part of the PolNeAR training split.

A word joins the list when annotators marked it as (part of) an attribution cue at least
``--min-count`` times in the tuning articles and at least ``--min-precision`` of its
occurrences there are cues. Only the counts are written (no text), to
``factcheck/lib/extraction/learned_cues.json``, which the extractor reads at import time.

A second pass then runs the extractor with those cues over the same tuning articles and
prunes every learned cue whose attributions there are mostly wrong (at least
``--prune-min-predictions`` of them, under ``--prune-precision`` matching a gold content with
token F1 >= 0.5): a word that annotators often mark ("launched", "picked") can still be a
poor cue for the rules that read its content.

    .venv/bin/python bench/train_cues.py --corpus ../shared/corpus/polnear-train-attrib

The tuning part is the first 600 articles by sorted file name; the last 240 are kept aside
to check the extractor and are never read here.
"""

from __future__ import annotations

import argparse
import itertools
import json
import re
import subprocess
import sys
import unicodedata
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


_TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
MIN_OVERLAP = 0.5


def _tokens(text: str) -> list[str]:
    text = unicodedata.normalize("NFKC", text).lower().replace("\u2019", "'")
    return _TOKEN.findall(text.replace("\u2018", "'"))


def _token_f1(a: list[str], b: list[str]) -> float:
    if not a or not b:
        return 0.0
    left = Counter(a)
    hit = 0
    for t in b:
        if left[t] > 0:
            hit += 1
            left[t] -= 1
    return 2 * hit / (len(a) + len(b))


def _matched(gold: list[list[str]], preds: list[list[str]]) -> set[int]:
    """The predictions matched one-to-one to a gold content, greedily by best token F1."""
    pairs = []
    for i, g in enumerate(gold):
        for j, p in enumerate(preds):
            f = _token_f1(g, p)
            if f >= MIN_OVERLAP:
                pairs.append((f, i, j))
    used_g: set[int] = set()
    used_p: set[int] = set()
    for _, i, j in sorted(pairs, reverse=True):
        if i not in used_g and j not in used_p:
            used_g.add(i)
            used_p.add(j)
    return used_p


def _prune(a: argparse.Namespace, names: list[str]) -> None:
    """Second pass, in a fresh process so that the extractor reads the cues just written."""
    from factcheck.lib.extraction import extract

    payload = json.loads(OUT.read_text(encoding="utf-8"))
    learned = {**payload["cues"], **payload["phrases"]}
    predicted: Counter[str] = Counter()
    right: Counter[str] = Counter()
    for name in names:
        gold = json.loads((a.corpus / f"{name}.gold.json").read_text(encoding="utf-8"))
        contents = [_tokens(g.get("content") or "") for g in gold.get("attributions", [])]
        found = extract(body_of(a.corpus / f"{name}.txt"), fmt="text").attributions
        hits = _matched(contents, [_tokens(x.text) for x in found])
        for j, x in enumerate(found):
            if x.cue in learned:
                predicted[x.cue] += 1
                right[x.cue] += j in hits
    pruned = {
        c: [n, right[c]]
        for c, n in sorted(predicted.items())
        if n >= a.prune_min_predictions and right[c] / n < a.prune_precision
    }
    for key in ("cues", "phrases"):
        payload[key] = {c: v for c, v in payload[key].items() if c not in pruned}
    payload["pruned"] = pruned
    payload["prune_precision"] = a.prune_precision
    payload["prune_min_predictions"] = a.prune_min_predictions
    OUT.write_text(json.dumps(payload, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"pruned {len(pruned)} cues whose attributions were mostly wrong: {sorted(pruned)}")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", type=Path, required=True)
    ap.add_argument("--min-count", type=int, default=4)
    ap.add_argument("--min-precision", type=float, default=0.2)
    ap.add_argument("--prune-precision", type=float, default=0.3)
    ap.add_argument("--prune-min-predictions", type=int, default=6)
    ap.add_argument("--no-prune", action="store_true", help="write the counted cues only")
    ap.add_argument("--prune-only", action="store_true", help=argparse.SUPPRESS)
    a = ap.parse_args()
    names = sorted(p.name[: -len(".txt")] for p in a.corpus.glob("*.txt"))[:TUNE]
    if a.prune_only:
        _prune(a, names)
        return
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
    if not a.no_prune:
        args = [f"--corpus={a.corpus}", f"--prune-precision={a.prune_precision}"]
        args += [f"--prune-min-predictions={a.prune_min_predictions}", "--prune-only"]
        subprocess.run([sys.executable, __file__, *args], check=True)


if __name__ == "__main__":
    main()
