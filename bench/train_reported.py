"""Train the reported-speech tagger (factcheck/lib/extraction/reported_tagger.npz).

Trains a linear-chain CRF with python-crfsuite and writes its weights in the form the
extractor reads (``tagger.Model``: NumPy only at run time). Reads the tuning part of
PolNeAR's training split (the first 600 articles by file name, as
bench/extraction_accuracy.sh splits it; the last 240 are never read here) and labels each
sentence's tokens with the gold attributions' content (C), cue (V) and source mention (S), on
top of the features the rules give (see factcheck.lib.extraction.tagger).

    .venv/bin/python bench/train_reported.py            # train on 1-600, write the model
    .venv/bin/python bench/train_reported.py --check    # train on 1-480, write the model to
        /tmp/reported-check.npz and print content-token figures on 481-600; score the whole
        extractor on 481-600 with FACTCHECK_TAGGER=/tmp/reported-check.npz

Then ``make bench-accuracy`` scores the whole extractor with the shipped model.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")

import pycrfsuite  # noqa: E402

from factcheck.lib.extraction import core, tagger  # noqa: E402

TUNE = 600
CHECK = 480


def _shared() -> Path:
    for cand in (os.environ.get("FACTCHECK_SHARED"), ROOT.parent / "shared", "/work/shared"):
        if cand and Path(cand).is_dir():
            return Path(cand)
    raise SystemExit("no ../shared folder")


def body_of(path: Path) -> str:
    sys.path.insert(0, str(_shared() / "eval"))
    from score_extraction import body_of as read  # the scorer's own reading of a corpus file

    return str(read(str(path)))


def _find(body: str, needle: str, lo: int, hi: int, near: int) -> tuple[int, int] | None:
    """The occurrence of needle within [lo, hi) closest to position near."""
    if not needle:
        return None
    best = None
    pos = body.find(needle, lo, hi)
    while pos != -1:
        d = abs(pos - near)
        if best is None or d < best[0]:
            best = (d, pos)
        pos = body.find(needle, pos + 1, hi)
    return (best[1], best[1] + len(needle)) if best else None


def labelled(path: Path) -> list[tuple[list[list[str]], list[str]]]:
    return [
        (tagger.features(masked, toks, marks), labels)
        for (masked, toks, marks), labels in labelled_inputs(path)
    ]


def labelled_inputs(
    path: Path,
) -> list[tuple[tuple[str, list[tuple[int, int]], dict[int, list[str]]], list[str]]]:
    body = body_of(path)
    gold = json.loads(path.with_suffix("").with_suffix(".gold.json").read_text())
    content: list[tuple[int, int, int]] = []  # (start, end, attribution number)
    cues: list[tuple[int, int]] = []
    sources: list[tuple[int, int]] = []
    for n, a in enumerate(gold.get("attributions", [])):
        spans = a.get("content_spans") or []
        for s, e in spans:
            content.append((s, e, n))
        if not spans:
            continue
        first = spans[0][0]
        lo, hi = max(0, first - 400), min(len(body), spans[-1][1] + 400)
        c = _find(body, (a.get("cue") or "").strip(), lo, hi, first)
        if c:
            cues.append(c)
        m = _find(body, (a.get("source_mention") or "").strip(), lo, hi, first)
        if m:
            sources.append(m)
    out = []
    for masked, toks, marks in core.tagger_inputs(body):
        if not toks:
            continue
        labels = []
        prev = None
        for a, b in toks:
            mid = (a + b) // 2
            lab, who = "O", None
            for s, e, n in content:
                if s <= mid < e:
                    lab, who = "C", n
                    break
            else:
                if any(s <= mid < e for s, e in cues):
                    lab, who = "V", -1
                elif any(s <= mid < e for s, e in sources):
                    lab, who = "S", -2
            if lab == "O":
                labels.append("O")
            else:
                labels.append(("I-" if prev == (lab, who) else "B-") + lab)
            prev = (lab, who) if lab != "O" else None
        out.append(((masked, toks, marks), labels))
    return out


def train(paths: list[Path], out: Path, c1: float, c2: float, iterations: int) -> tagger.Model:
    trainer = pycrfsuite.Trainer(verbose=False)
    for path in paths:
        for xseq, yseq in labelled(path):
            trainer.append(xseq, yseq)
    trainer.set_params(
        {"c1": c1, "c2": c2, "max_iterations": iterations, "feature.possible_transitions": True}
    )
    with tempfile.TemporaryDirectory() as tmp:
        trainer.train(str(Path(tmp) / "model.crfsuite"))
        crf = pycrfsuite.Tagger()
        crf.open(str(Path(tmp) / "model.crfsuite"))
        model = tagger.Model.from_crfsuite(crf.info())
    model.save(out)
    return model


def check(paths: list[Path], model: tagger.Model) -> None:
    tp = fp = fn = 0
    for path in paths:
        rows = labelled_inputs(path)
        for (masked, toks, marks), yseq in rows:
            pred = model.labels_of(masked, [(toks, marks)])[0]
            for g, p in zip(yseq, pred, strict=True):
                gc, pc = g.endswith("C"), p.endswith("C")
                tp += gc and pc
                fp += pc and not gc
                fn += gc and not pc
    prec, rec = tp / max(1, tp + fp), tp / max(1, tp + fn)
    f1 = 2 * prec * rec / max(1e-9, prec + rec)
    print(f"content tokens on {len(paths)} articles: P={prec:.3f} R={rec:.3f} F1={f1:.3f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true")
    parser.add_argument("--c1", type=float, default=0.2)
    parser.add_argument("--c2", type=float, default=0.01)
    parser.add_argument("--iterations", type=int, default=150)
    parser.add_argument("--out", type=Path, default=tagger.MODEL)
    args = parser.parse_args()
    corpus = _shared() / "corpus" / "polnear-train-attrib"
    paths = sorted(corpus.glob("*.txt"))[:TUNE]
    started = time.perf_counter()
    if args.check:
        out = Path("/tmp/reported-check.npz") if args.out == tagger.MODEL else args.out
        model = train(paths[:CHECK], out, args.c1, args.c2, args.iterations)
        print(f"trained on {CHECK} articles in {time.perf_counter() - started:.0f} s -> {out}")
        check(paths[CHECK:], model)
        return
    train(paths, args.out, args.c1, args.c2, args.iterations)
    size = args.out.stat().st_size
    print(f"trained on {len(paths)} articles in {time.perf_counter() - started:.0f} s")
    print(f"wrote {args.out} ({size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
