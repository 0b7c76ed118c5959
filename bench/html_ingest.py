"""Print HTML ingestion throughput: pages/s for first ingestion and for a replay, with the
share of the time spent in metadata extraction and the number of HTML parses per page.

Generates N news pages (JSON-LD, Open Graph and Twitter tags, a ``<title>``, navigation and
footer boilerplate, paragraphs with quotes and figures, a table), writes them as .html files
to a temporary folder and runs ``manage.py ingest`` on it twice, under cProfile, into a
scratch database ``factcheck_htmlbench`` (recreated). The replay must add no row.

    .venv/bin/python bench/html_ingest.py [--pages 200]

"Metadata" is the time inside trafilatura's ``extract_metadata``; "parses" counts lxml's
``document_fromstring`` calls (whole-page parses, htmldate's own included).
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/factcheck_htmlbench")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
os.environ.setdefault("FACTCHECK_ENV", "development")
os.environ.setdefault("DEBUG", "0")

import django  # noqa: E402
from ingest_speed import recreate_database  # noqa: E402

SPEAKERS = ["Maria Lopez", "John Carter", "Aiko Tanaka", "Peter Brandt", "Grace Okafor"]
ROLES = ["the finance minister", "the mayor", "an opposition leader", "the health secretary"]
TOPICS = ["unemployment", "inflation", "hospital waiting lists", "rents", "exports"]


def page(i: int, rng: random.Random) -> str:
    """One news page as a CMS renders it; numbers differ per page so claims are new."""
    topic = rng.choice(TOPICS)
    title = f"{topic.capitalize()} row deepens as figures are disputed ({i})"
    day = f"2024-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    when = f"{day}T{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:00+00:00"
    paras = []
    for _ in range(rng.randint(8, 14)):
        who, role = rng.choice(SPEAKERS), rng.choice(ROLES)
        n, m = rng.randint(2, 99), rng.randint(100, 99_999)
        paras.append(
            rng.choice(
                [
                    f"&ldquo;{topic.capitalize()} has fallen by {n}% since we took office,"
                    f"&rdquo; said {who}, {role}, on {day}.",
                    f"{who} told reporters that {m} families had been helped this year. "
                    f'"We will cut {topic} by half before {2025 + n % 5}," {who} said.',
                    f"Official statistics show {topic} rose to {m} in the last quarter, "
                    f"up {n} percent on a year earlier.",
                    f"Critics disputed the figure. {who} said the real number was closer "
                    f"to {m + n * 10}, and accused the government of misleading voters.",
                ]
            )
        )
    rows = "".join(
        f"<tr><td>{r}</td><td>{rng.randint(100, 9999)}</td><td>{rng.randint(1, 40)}%</td></tr>"
        for r in ("North", "South", "East", "West")
    )
    body = "\n".join(f"<p>{p}</p>" for p in paras)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>{title} | The Daily Wire Example</title>
<meta property="og:title" content="{title}">
<meta property="og:site_name" content="Daily Wire Example">
<meta property="og:type" content="article">
<meta property="og:url" content="https://news.example/{day}/story-{i}">
<meta property="article:published_time" content="{when}">
<meta name="twitter:site" content="@dailywireexample">
<link rel="canonical" href="https://news.example/{day}/story-{i}">
<script type="application/ld+json">{{"@context": "https://schema.org", "@type": "NewsArticle",
"headline": "{title}", "datePublished": "{when}",
"author": {{"@type": "Person", "name": "{rng.choice(SPEAKERS)}"}},
"publisher": {{"@type": "Organization", "name": "Daily Wire Example"}}}}</script>
<style>body {{ font-family: serif; }}</style></head>
<body><header><nav><a href="/">Home</a> <a href="/politics">Politics</a>
<a href="/economy">Economy</a> <a href="/subscribe">Subscribe</a></nav></header>
<main><article><h1>{title}</h1><p class="byline">By staff, {day}</p>
{body}
<table><thead><tr><th>Region</th><th>Cases</th><th>Change</th></tr></thead>
<tbody>{rows}</tbody></table>
<p>The ministry said it would publish revised {topic} figures next month.</p>
</article></main>
<aside><h2>Most read</h2><ul><li><a href="/a">Storm warning</a></li>
<li><a href="/b">Cup final</a></li></ul></aside>
<footer><p>&copy; 2024 Daily Wire Example. All rights reserved.</p></footer>
</body></html>
"""


def run(folder: Path) -> tuple[float, pstats.Stats]:
    from django.core.management import call_command

    profile = cProfile.Profile()
    start = time.perf_counter()
    profile.enable()
    call_command("ingest", str(folder), verbosity=0)
    profile.disable()
    elapsed = time.perf_counter() - start
    return elapsed, pstats.Stats(profile)


def inside(stats: pstats.Stats, module: str, function: str) -> tuple[int, float]:
    """Calls and cumulative seconds of ``module.function`` in a profile."""
    calls, seconds = 0, 0.0
    for (path, _, name), (_, ncalls, _, cumtime, _) in stats.stats.items():  # type: ignore[attr-defined]
        if name == function and path.endswith(module):
            calls, seconds = calls + ncalls, seconds + cumtime
    return calls, seconds


def report(label: str, pages: int, elapsed: float, stats: pstats.Stats) -> None:
    _, meta = inside(stats, "trafilatura/metadata.py", "extract_metadata")
    parses, _ = inside(stats, "lxml/html/__init__.py", "document_fromstring")
    print(
        f"{label:>6}: {pages / elapsed:7.1f} pages/s  ({elapsed:5.2f} s, profiled; "
        f"metadata {meta:5.2f} s = {100 * meta / elapsed:4.1f}%, "
        f"{parses / pages:.1f} HTML parses/page)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=200)
    args = parser.parse_args()

    recreate_database(os.environ["DATABASE_URL"])
    django.setup()
    from django.core.management import call_command

    from sources.models import Source

    call_command("migrate", verbosity=0)
    rng = random.Random(9)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for i in range(args.pages):
            (folder / f"story-{i:05d}.html").write_text(page(i, rng), encoding="utf-8")
        import trafilatura  # noqa: F401  (its import is not the ingestion's cost)

        elapsed, stats = run(folder)
        stored = Source.objects.count()
        report("first", args.pages, elapsed, stats)
        elapsed, stats = run(folder)
        report("replay", args.pages, elapsed, stats)
    if stored != args.pages or Source.objects.count() != stored:
        sys.exit(f"expected {args.pages} sources, found {Source.objects.count()}")
    sample = Source.objects.order_by("pk").first()
    assert sample is not None
    print(
        f"stored: {stored} sources; e.g. title={sample.title!r} "
        f"published_at={sample.published_at} publisher={sample.publisher_name!r} "
        f"table kept={'North' in sample.body}"
    )


if __name__ == "__main__":
    main()
