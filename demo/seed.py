"""The shipped seed article, ingested through the same path as any other article."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from factcheck.lib.permissions import SYSTEM, Actor
from ingestion.services import IngestResult, source_ingest

DEMO_DIR = Path(__file__).resolve().parent / "demo_data"
SEED_FILE = DEMO_DIR / "000_1d8ce3911553a107.txt"
SEED_GOLD = DEMO_DIR / "000_1d8ce3911553a107.gold.json"
SEED_URL = (
    "https://www.themoscowtimes.com/2022/01/10/us-russia-hold-high-stakes-talks-on-ukraine-a75997"
)


def ingest_seed_article(actor: Actor = SYSTEM) -> IngestResult:
    return source_ingest(
        text=SEED_FILE.read_bytes(),
        fmt="markdown",
        url=SEED_URL,
        title="U.S., Russia Hold High-Stakes Talks on Ukraine",
        publisher_name="AFP (via The Moscow Times)",
        authors=["Nina Larson", "Michael Mainville", "Shaun Tandon"],
        published_at=datetime(2022, 1, 10, tzinfo=UTC),
        actor=actor,
    )
