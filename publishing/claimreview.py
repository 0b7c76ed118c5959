"""schema.org ClaimReview, its DataFeed, and the Google Fact Check Tools shapes (pure).

Every builder takes the public fact-check dict assembled by ``publishing.selectors`` (never a
model instance) plus the organisation settings, so the same published data feeds the JSON-LD
on the public page, the ``application/ld+json`` endpoint, the DataFeed export and the
Google-compatible search.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlsplit

SCHEMA_CONTEXT = "https://schema.org"


def _iso(value: str | dt.date | dt.datetime | None) -> str | None:
    # A string is a date the database formatted already (``publishing.selectors.IsoUtc``).
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")
    return value.isoformat()


def organization(org: dict[str, str]) -> dict[str, Any]:
    out = {"@type": "Organization", "name": org["name"], "url": org["url"]}
    if org.get("publishing_principles"):
        out["publishingPrinciples"] = org["publishing_principles"]
    return out


def _claimant(claimant: dict[str, Any] | None) -> dict[str, Any] | None:
    if claimant is None:
        return None
    kind = "Organization" if claimant["kind"] == "organisation" else "Person"
    out: dict[str, Any] = {"@type": kind, "name": claimant["name"]}
    if claimant.get("role"):
        out["jobTitle"] = claimant["role"]
    if claimant.get("same_as"):
        out["sameAs"] = claimant["same_as"]
    return out


def _rating(rating: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {"@type": "Rating", "alternateName": rating["label"]}
    # Ratings outside the ordinal scale ("Unverifiable") carry only their label.
    if rating["value"] is not None:
        out.update(
            ratingValue=rating["value"], bestRating=rating["best"], worstRating=rating["worst"]
        )
    return out


def claim_review(fact_check: dict[str, Any], org: dict[str, str]) -> dict[str, Any]:
    """One ClaimReview object (without ``@context``; see :func:`claim_review_document`)."""
    claim = fact_check["claim"]
    appearances = fact_check["appearances"]
    item: dict[str, Any] = {"@type": "Claim"}
    author = _claimant(claim["claimant"])
    if author:
        item["author"] = author
    if claim["claim_date"]:
        item["datePublished"] = _iso(claim["claim_date"])
    urls = [a for a in appearances if a["url"]]
    first = next((a for a in urls if a["first"]), None)
    if first:
        item["firstAppearance"] = {"@type": "CreativeWork", "url": first["url"]}
    if urls:
        item["appearance"] = [{"@type": "CreativeWork", "url": a["url"]} for a in urls]
    return {
        "@type": "ClaimReview",
        "url": fact_check["url"],
        "claimReviewed": claim["claim_reviewed"],
        "headline": fact_check["headline"],
        "author": organization(org),
        "datePublished": _iso(fact_check["date_published"]),
        "dateModified": _iso(fact_check["date_modified"]),
        "inLanguage": claim["language"],
        "reviewRating": _rating(fact_check["rating"]),
        "itemReviewed": item,
    }


def claim_review_document(fact_check: dict[str, Any], org: dict[str, str]) -> dict[str, Any]:
    return {"@context": SCHEMA_CONTEXT, **claim_review(fact_check, org)}


def data_feed(
    fact_checks: list[dict[str, Any]], org: dict[str, str], modified: dt.datetime | None
) -> dict[str, Any]:
    """The Data Commons shape: ``dataFeedElement[].item[]`` holding ClaimReviews."""
    return {
        **data_feed_head(org, modified),
        "dataFeedElement": [data_feed_element(fc, org) for fc in fact_checks],
    }


def data_feed_head(org: dict[str, str], modified: dt.datetime | None) -> dict[str, Any]:
    return {
        "@context": SCHEMA_CONTEXT,
        "@type": "DataFeed",
        "name": f"{org['name']} fact-checks",
        "url": org["url"],
        "dateModified": _iso(modified),
    }


def data_feed_element(fact_check: dict[str, Any], org: dict[str, str]) -> dict[str, Any]:
    """One ``DataFeedItem``; a retracted fact-check is a tombstone (schema.org ``dateDeleted``)
    whose item names only the ClaimReview ``url`` a consumer must withdraw."""
    element: dict[str, Any] = {
        "@type": "DataFeedItem",
        "dateCreated": _iso(fact_check["date_published"]),
        "dateModified": _iso(fact_check["date_modified"]),
    }
    if fact_check["status"] == "retracted":
        element["dateDeleted"] = _iso(fact_check["date_modified"])
        element["item"] = [{"@type": "ClaimReview", "url": fact_check["url"]}]
    else:
        element["item"] = [claim_review(fact_check, org)]
    return element


def publisher_site(url: str) -> str:
    """Google's ``publisher.site``: the host without scheme or a leading ``www.``."""
    return (urlsplit(url).hostname or "").removeprefix("www.")


def google_claim(fact_check: dict[str, Any], org: dict[str, str]) -> dict[str, Any]:
    """One ``Claim`` of Google's ``FactCheckedClaimSearchResponse`` (empty fields omitted)."""
    claim = fact_check["claim"]
    # Google's ``text`` is the ClaimReview's ``claimReviewed``, not the verbatim quote.
    out: dict[str, Any] = {"text": claim["claim_reviewed"]}
    if claim["claimant"]:
        out["claimant"] = claim["claimant"]["name"]
    if claim["claim_date"]:
        out["claimDate"] = _iso(dt.datetime.combine(claim["claim_date"], dt.time(), tzinfo=dt.UTC))
    out["claimReview"] = [
        {
            "publisher": {"name": org["name"], "site": publisher_site(org["url"])},
            "url": fact_check["url"],
            "title": fact_check["headline"],
            "reviewDate": _iso(fact_check["date_modified"]),
            "textualRating": fact_check["rating"]["label"],
            "languageCode": claim["language"],
        }
    ]
    return out
