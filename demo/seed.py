"""The shipped seed article, ingested through the same path as any other article, and a small
feed of other desks' fact-checks, imported through the same path as ``import_claimreview``.

The feed (``demo_data/other_desks_feed.json``, a Data Commons DataFeed) was written for the
demo: its publishers are fictional (``.example`` sites) and its checks touch the seed article's
topics (the death toll in eastern Ukraine, NATO's eastward expansion, the 2008 summit, the troop
build-up), so the desk's "checked before?" panel and ``GET /api/v1/fact-checks/match/`` have
something to show, including a match whose numbers differ (14,000 against the article's
13,000).
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from factcheck.lib.matching.claimreview import parse_claim_reviews
from factcheck.lib.permissions import SYSTEM, Actor
from ingestion.services import IngestResult, source_ingest
from matching.services import (
    ExternalClaimData,
    ImportResult,
    external_claims_import,
    group_claim_reviews,
)

DEMO_DIR = Path(__file__).resolve().parent / "demo_data"
SEED_FILE = DEMO_DIR / "000_1d8ce3911553a107.txt"
SEED_GOLD = DEMO_DIR / "000_1d8ce3911553a107.gold.json"
OTHER_DESKS_FEED = DEMO_DIR / "other_desks_feed.json"
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


def other_desks_fact_checks() -> list[ExternalClaimData]:
    """The demo feed's claims, each with its reviews, as ``import_claimreview`` reads them."""
    items = parse_claim_reviews(
        OTHER_DESKS_FEED.read_text(encoding="utf-8"), origin=OTHER_DESKS_FEED.name
    )
    return group_claim_reviews(items)


def import_other_desks_fact_checks() -> ImportResult:
    """The demo feed, stored as ``import_claimreview`` stores it (idempotent: a second import
    finds every claim and review by its key and writes nothing)."""
    return external_claims_import(items=other_desks_fact_checks())
