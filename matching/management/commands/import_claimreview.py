"""``manage.py import_claimreview FILE_OR_DIR ...``: other desks' fact-checks, idempotently.

Reads ClaimReview JSON-LD (HTML pages with ``application/ld+json`` blocks, ``.json`` /
``.jsonld`` documents) and Data Commons DataFeed files; a directory is read recursively.
Files only: fetching pages is a crawler's job, outside this command.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from factcheck.lib.matching.claimreview import ReviewedClaim, parse_claim_reviews
from matching.services import external_claims_import, group_claim_reviews

SUFFIXES = {".json", ".jsonld", ".html", ".htm"}


def _files(paths: list[str]) -> list[Path]:
    found: list[Path] = []
    for name in paths:
        path = Path(name)
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*") if p.suffix.lower() in SUFFIXES))
        elif path.is_file():
            found.append(path)
        else:
            raise CommandError(f"No such file or directory: {name}")
    return found


class Command(BaseCommand):
    help = "Import ClaimReview JSON-LD pages and DataFeed files as external fact-checks."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="+", help="Files or directories.")

    def handle(self, *args: Any, **options: Any) -> None:
        items: list[ReviewedClaim] = []
        for path in _files(options["paths"]):
            try:
                items.extend(
                    parse_claim_reviews(path.read_text(encoding="utf-8"), origin=path.name)
                )
            except (ValueError, UnicodeDecodeError) as exc:
                raise CommandError(f"{path}: not JSON-LD or HTML ({exc})") from exc
        result = external_claims_import(items=group_claim_reviews(items))
        self.stdout.write(
            self.style.SUCCESS(
                f"{len(items)} reviews read: {result.created} claims created, "
                f"{result.updated} updated, {result.unchanged} unchanged; "
                f"{result.reviews_created} reviews created, {result.reviews_updated} updated."
            )
        )
