"""Turn the shipped seed article into a Source with its claims, through the services."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from claims import services
from claims.models import Claim
from sources.models import Source
from sources.services import source_create

SEED_URL = (
    "https://www.themoscowtimes.com/2022/01/10/us-russia-hold-high-stakes-talks-on-ukraine-a75997"
)


def ingest_seed_article(*, text: str, gold: dict[str, Any]) -> tuple[Source, list[Claim]]:
    source = Source.objects.filter(url=SEED_URL).first() or source_create(
        kind=Source.Kind.NEWS_ARTICLE,
        url=SEED_URL,
        title="U.S., Russia Hold High-Stakes Talks on Ukraine",
        publisher_name="AFP (via The Moscow Times)",
        authors=["Nina Larson", "Michael Mainville", "Shaun Tandon"],
        published_at=datetime(2022, 1, 10, tzinfo=UTC),
        body=text,
    )
    claims: list[Claim] = []
    cursor = 0
    for quote in gold["quotes"]:
        start = text.find(quote["text"], cursor)
        if start < 0:
            continue
        cursor = start + len(quote["text"])
        speaker, _ = services.speaker_get_or_create(name=quote["speaker"])
        claim, _ = services.claim_create(
            text=quote["text"],
            kind=Claim.Kind.QUOTE,
            claimant=speaker,
            claim_date=source.published_at.date(),
            checkworthiness=0.4,
        )
        services.appearance_create(
            claim=claim,
            source=source,
            quote_text=quote["text"],
            start=start,
            end=cursor,
            speaker_mention=quote.get("speaker_mention") or "",
        )
        claims.append(claim)
    for numeric in gold["numeric_claims"]:
        start = text.find(numeric["sentence"])
        if start < 0:
            continue
        claim, _ = services.claim_create(
            text=numeric["sentence"],
            kind=Claim.Kind.STATISTIC,
            claim_date=source.published_at.date(),
            checkworthiness=0.8,
        )
        services.appearance_create(
            claim=claim,
            source=source,
            quote_text=numeric["sentence"],
            start=start,
            end=start + len(numeric["sentence"]),
            is_direct_quote=False,
        )
        claims.append(claim)
    return source, claims
