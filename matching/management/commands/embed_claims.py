"""Backfill embeddings: ``manage.py embed_claims`` embeds every claim, ours and external,
that has no vector from the configured encoder for its current text."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from matching.embeddings import embeddings_refresh
from matching.encoders import get_encoder
from matching.management.commands._progress import ProgressBar


class Command(BaseCommand):
    help = "Embed the claims (ours and other desks') that have no current embedding."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch-size", type=int, default=256)

    def handle(self, *args: Any, **options: Any) -> None:
        encoder = get_encoder()
        if encoder is None:
            self.stdout.write("No sentence encoder installed: nothing to embed.")
            return
        count = embeddings_refresh(
            batch_size=options["batch_size"], progress=ProgressBar(f"Embedding ({encoder.name})")
        )
        self.stdout.write(self.style.SUCCESS(f"Embedded {count} claims with {encoder.name}."))
