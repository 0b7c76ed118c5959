"""Print the extractor's throughput in articles per second on one core.

Articles of ~800 words are built from sentences written here (quotes, attributions, numbers,
abbreviations), so the figure needs no corpus. HTML boilerplate removal is not included: the
input is plain text, as it is after trafilatura has run once per page.

    .venv/bin/python bench/extraction_speed.py [--articles 2000] [--corpus DIR]

``--corpus`` reads the bodies of NNN.txt files in DIR at run time instead (e.g. the shared
evaluation corpus; nothing from it is stored in the repository).
"""

from __future__ import annotations

import argparse
import os
import random
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from factcheck.lib.extraction import extract
from factcheck.lib.extraction.language import load_model

SENTENCES = [
    "U.S. Deputy Secretary of State Wendy Holt met Russian Deputy Foreign Minister Ivan Lebed "
    "in Geneva at 8:55 a.m. on Jan. 10.",
    '"We will not discuss European security without our allies," Holt said.',
    "Moscow amassed tens of thousands of troops at the border, officials said.",
    "More than 13,000 people have died since the conflict began in 2014.",
    '"The talks were difficult," said Lebed, adding: "We expect little."',
    "The ministry said prices rose 4.5 percent, the fastest pace in a decade.",
    "Dr. Anna Berg of the U.N. agency warned the economy could shrink by $2.3 billion.",
    "NATO chief Jens Ahlqvist said the alliance would warn of the \u201csevere costs\u201d.",
    "He said he did not expect the talks to \u201csolve all the issues,\u201d but wanted progress.",
    "Nearly 300 school districts closed because of the rally, according to the unions.",
    "The company promised to build 1,200 homes by 2030 and cut emissions by half.",
    "It was the third straight victory for the team, which scored 112 points.",
]


def article(rng: random.Random, words: int = 800) -> str:
    paragraphs, count = [], 0
    while count < words:
        para = " ".join(rng.choice(SENTENCES) for _ in range(rng.randint(1, 3)))
        paragraphs.append(para)
        count += len(para.split())
    return "\n\n".join(paragraphs)


def corpus(folder: Path) -> list[str]:
    """Article bodies: the text after the header lines and the first blank line."""
    bodies = []
    for path in sorted(folder.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        bodies.append(text.split("\n\n", 1)[-1])
    return bodies


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--corpus", type=Path, default=None)
    args = parser.parse_args()
    rng = random.Random(7)
    articles = corpus(args.corpus) if args.corpus else [article(rng) for _ in range(200)]
    extract(articles[0])  # warm up regex caches outside the timing
    load_model()  # and the language model, loaded once per process
    start = time.process_time()
    for i in range(args.articles):
        extract(articles[i % len(articles)], fmt="text")
    cpu = time.process_time() - start
    words = sum(len(a.split()) for a in articles) / len(articles)
    print(f"articles={args.articles} mean_words={words:.0f} cpu_seconds={cpu:.2f}")
    print(f"extraction: {args.articles / cpu:.0f} articles/s per core (pid {os.getpid()})")
    print(f"floor, one regex word scan: {floor(articles, args.articles):.0f} articles/s per core")


def floor(articles: list[str], n: int) -> float:
    """Articles/s for a single ``re.findall(r"\\w+")`` over each body: what this machine's
    Python spends just reading every word once, the least any Python-level extractor pays."""
    words = re.compile(r"\w+")
    start = time.process_time()
    for i in range(n):
        words.findall(articles[i % len(articles)])
    return n / (time.process_time() - start)


if __name__ == "__main__":
    main()
