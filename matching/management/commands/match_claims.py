"""``manage.py match_claims``: "has this been checked before?" from the command line.

The evaluation contract::

    manage.py match_claims --index CLAIMS.jsonl --queries QUERIES.jsonl --top 10 --jsonl

loads ``CLAIMS.jsonl`` (``{"vclaim_id", "vclaim", "title"}`` per line) into the configured
database as external fact-checks through the import service, embeds what needs it, and prints
``{"id", "ranked": [claim keys]}`` per query (``{"tweet_id", "tweet"}`` per line), ranked by
the same selector as the API. ``manage.py match_claims "some text"`` prints the matches.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from factcheck.lib.matching.claimreview import Review
from matching.embeddings import embeddings_refresh
from matching.management.commands._progress import ProgressBar
from matching.selectors import match_claims
from matching.services import ExternalClaimData, external_claims_import


def _lines(path: str) -> Iterator[dict[str, Any]]:
    with Path(path).open(encoding="utf-8") as fh:
        for number, line in enumerate(fh, 1):
            if line.strip():
                try:
                    yield json.loads(line)
                except json.JSONDecodeError as exc:
                    raise CommandError(f"{path}:{number}: not JSON ({exc})") from exc


def index_items(path: str) -> list[ExternalClaimData]:
    """The index file's lines as external claims, each with one review carrying its title."""
    items = []
    for row in _lines(path):
        key = str(row["vclaim_id"])
        review = Review(f"jsonl:{key}", "", "", "", str(row.get("title") or ""), "", None, "")
        items.append(ExternalClaimData(key=key, text=str(row["vclaim"]), reviews=(review,)))
    return items


class Command(BaseCommand):
    help = "Rank published fact-checks for texts (and run the evaluation contract)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("text", nargs="*", help="Texts to match.")
        parser.add_argument("--index", help="JSONL of {vclaim_id, vclaim, title} to import.")
        parser.add_argument("--queries", help="JSONL of {tweet_id, tweet} (or {id, text}).")
        parser.add_argument("--top", type=int, default=10)
        parser.add_argument("--jsonl", action="store_true", help="One JSON object per line.")
        parser.add_argument("--no-external", action="store_true", help="Our fact-checks only.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["index"]:
            self._load(options["index"])
        queries: list[tuple[str, str]] = [(str(i), t) for i, t in enumerate(options["text"], 1)]
        if options["queries"]:
            queries += [
                (str(q.get("tweet_id", q.get("id"))), str(q.get("tweet", q.get("text", ""))))
                for q in _lines(options["queries"])
            ]
        for query_id, text in queries:
            matches = match_claims(
                text, limit=options["top"], include_external=not options["no_external"]
            )
            if options["jsonl"]:
                ranked = [m.key for m in matches]
                self.stdout.write(json.dumps({"id": query_id, "ranked": ranked}))
                continue
            self.stdout.write(f"{query_id}: {text}")
            for rank, m in enumerate(matches, 1):
                warning = f"  [numbers differ: {m.number_warning}]" if m.number_warning else ""
                self.stdout.write(f"  {rank}. {m.score:.3f} {m.kind} {m.key}: {m.text}{warning}")

    def _load(self, path: str) -> None:
        items = index_items(path)
        result = external_claims_import(items=items, enqueue_embedding=False)
        sys.stderr.write(
            f"Index: {result.created} created, {result.updated} updated, "
            f"{result.unchanged} unchanged\n"
        )
        # Embedded here, not by the background worker, so that the ranking below sees them.
        embeddings_refresh(claim_ids=[], progress=ProgressBar("Embedding"))
