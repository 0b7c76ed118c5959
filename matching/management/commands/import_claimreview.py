"""``manage.py import_claimreview FILE_DIR_OR_URL ...``: other desks' fact-checks, idempotently.

Reads ClaimReview JSON-LD (HTML pages with ``application/ld+json`` blocks, ``.json`` /
``.jsonld`` documents) and Data Commons DataFeed files; a directory is read recursively, an
``http(s)://`` URL is fetched (one page or feed, no crawling) under the outbound address
policy (``factcheck.lib.fetch``: public addresses only, pinned connection, redirects
re-vetted, size and time limits from ``matching.conf``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from factcheck.lib.fetch import fetch_public
from factcheck.lib.matching.claimreview import ReviewedClaim, parse_claim_reviews
from matching import conf
from matching.services import external_claims_import, group_claim_reviews

SUFFIXES = {".json", ".jsonld", ".html", ".htm"}


def _is_url(name: str) -> bool:
    return name.lower().startswith(("http://", "https://"))


def _fetched(url: str) -> str:
    try:
        return fetch_public(
            url,
            max_bytes=conf.import_max_bytes(),
            timeout=conf.import_timeout(),
            allow_non_public=conf.import_allow_private_urls(),
        ).text
    except ValidationError as exc:
        raise CommandError(f"{url}: {' '.join(exc.messages)}") from exc


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
        parser.add_argument("paths", nargs="+", help="Files, directories or http(s) URLs.")

    def handle(self, *args: Any, **options: Any) -> None:
        items: list[ReviewedClaim] = []
        urls = [p for p in options["paths"] if _is_url(p)]
        documents = [(url, _fetched(url)) for url in urls]
        for path in _files([p for p in options["paths"] if not _is_url(p)]):
            try:
                documents.append((path.name, path.read_text(encoding="utf-8")))
            except UnicodeDecodeError as exc:
                raise CommandError(f"{path}: not JSON-LD or HTML ({exc})") from exc
        for origin, text in documents:
            try:
                items.extend(parse_claim_reviews(text, origin=origin))
            except ValueError as exc:
                raise CommandError(f"{origin}: not JSON-LD or HTML ({exc})") from exc
        result = external_claims_import(items=group_claim_reviews(items))
        self.stdout.write(
            self.style.SUCCESS(
                f"{len(items)} reviews read: {result.created} claims created, "
                f"{result.updated} updated, {result.unchanged} unchanged; "
                f"{result.reviews_created} reviews created, {result.reviews_updated} updated."
            )
        )
