"""Public reads for the API and the public pages: published fact-checks only.

Which verdicts are public is decided by ``Verdict.objects.published()``/``public()``
(``claims.managers``); this module only shapes them for readers. The hot path (the
fact-check list) reads plain rows with ``values()`` and assembles dicts, because model
instances and serializer objects cost several times the SQL itself. A page costs three
queries whatever its size: the verdict rows (with claim, claimant, rating and scale bounds
joined), the appearances and evidence of those claims (one UNION query), and the public
version history.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db import connection
from django.db.models import (
    CharField,
    Count,
    Exists,
    F,
    IntegerField,
    Max,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.urls import reverse

from claims.models import Appearance, Evidence, Rating, RatingScale, Speaker, Verdict
from factcheck.lib.markdown import render_markdown

FACT_CHECK_FIELDS = (
    "id",
    "status",
    "version",
    "headline",
    "summary",
    "rationale",
    "published_at",
    "updated_at",
    "correction_kind",
    "correction_note",
    "claim_id",
    "claim__slug",
    "claim__text",
    "claim__claim_reviewed",
    "claim__kind",
    "claim__language",
    "claim__claim_date",
    "claim__claimant__name",
    "claim__claimant__slug",
    "claim__claimant__kind",
    "claim__claimant__role",
    "claim__claimant__same_as",
    "rating__label",
    "rating__value",
    "rating__scale__name",
    "rating__scale__slug",
    "scale_best",
    "scale_worst",
)


def _scale_bound(order: str) -> Subquery:
    ratings = Rating.objects.filter(scale_id=OuterRef("rating__scale_id"), value__isnull=False)
    return Subquery(ratings.order_by(order).values("value")[:1], output_field=IntegerField())


def fact_check_queryset(*, include_retracted: bool = False) -> QuerySet[Verdict]:
    """Current published versions, with the scale bounds the ClaimReview rating needs.

    ``include_retracted`` adds fact-checks whose latest public version is a retraction, so
    that an incremental sync (``updated_since``) learns about withdrawals too.
    """
    if include_retracted:
        newer = Verdict.objects.public().filter(
            claim_id=OuterRef("claim_id"), version__gt=OuterRef("version")
        )
        verdicts = Verdict.objects.filter(
            status__in=(Verdict.Status.PUBLISHED, Verdict.Status.RETRACTED)
        ).filter(~Exists(newer))
    else:
        verdicts = Verdict.objects.published()
    return verdicts.annotate(scale_best=_scale_bound("-value"), scale_worst=_scale_bound("value"))


@lru_cache(maxsize=1)
def _unfiltered_rows_template() -> QuerySet[Verdict]:
    # Resolving the annotations and values() of this queryset costs ~2 ms of Python per
    # request; built once, it is only cloned. It is never evaluated itself.
    return fact_check_queryset().values(*FACT_CHECK_FIELDS)


def fact_check_rows() -> QuerySet[Verdict]:
    """The unfiltered public list as ``values()`` rows (the hot path)."""
    return _unfiltered_rows_template().all()


def search_claims(queryset: QuerySet[Verdict], query: str) -> QuerySet[Verdict]:
    """Full-text search of the claim on PostgreSQL (GIN index ``claim_fts_idx``), else icontains."""
    if connection.vendor == "postgresql":
        vector = SearchVector("claim__claim_reviewed", "claim__text", config="english")
        return queryset.annotate(_doc=vector).filter(
            _doc=SearchQuery(query, config="english", search_type="websearch")
        )
    return queryset.filter(
        Q(claim__text__icontains=query) | Q(claim__claim_reviewed__icontains=query)
    )


@lru_cache(maxsize=8192)
def rationale_html(text: str) -> str:
    """Published rationales never change in place, so their sanitised HTML is memoised."""
    return str(render_markdown(text))


_SLUG_MARK = "slug-placeholder"


@lru_cache(maxsize=4)
def _public_url_template(base: str) -> tuple[str, str]:
    path = reverse("public:fact_check_detail", kwargs={"slug": _SLUG_MARK})
    head, _, tail = (base.rstrip("/") + path).partition(_SLUG_MARK)
    return head, tail


def public_url(slug: str) -> str:
    """The public page of a fact-check (reverse() once per process, not once per row)."""
    head, tail = _public_url_template(settings.FACTCHECK_ORGANIZATION["url"])
    return head + slug + tail


def _source_rows(verdict_ids: list[int]) -> list[tuple]:
    """Appearances of the claims as they stood when the version shown was published (one
    the desk links later, a new article or a merged duplicate, is public from the next
    version), and the evidence each version was published with (its snapshot: evidence
    added later stays internal until a correction publishes it), in one UNION query."""
    columns = (
        "claim_id",
        "row_kind",
        "source__url",
        "source__title",
        "source__publisher_name",
        "source__publisher_site",
        "source__published_at",
        "row_stance",
        "row_excerpt",
        "id",
    )
    appearances = (
        Appearance.objects.filter(
            claim__verdicts__id__in=verdict_ids,
            created_at__lte=F("claim__verdicts__published_at"),
        )
        .annotate(
            row_kind=Value("a", output_field=CharField()),
            row_stance=Value("", output_field=CharField()),
            row_excerpt=F("quote_text"),
        )
        .values_list(*columns)
        .order_by()
    )
    cited = Evidence.objects.filter(cited_by__in=verdict_ids)
    evidence = (
        cited.annotate(
            row_kind=Value("e", output_field=CharField()),
            row_stance=F("stance"),
            row_excerpt=F("excerpt"),
        )
        .values_list(*columns)
        .order_by()
    )
    return list(appearances.union(evidence, all=True).order_by())


def _sources_by_claim(
    claim_ids: list[int], verdict_ids: list[int]
) -> dict[int, dict[str, list[dict[str, Any]]]]:
    """Appearances and evidence of many claims in one UNION query (internal notes excluded)."""
    out: dict[int, dict[str, list[dict[str, Any]]]] = defaultdict(
        lambda: {"appearances": [], "evidence": []}
    )
    rows = sorted(_source_rows(verdict_ids), key=lambda r: (r[0], r[1], r[9]))
    for claim_id, kind, url, title, pub, site, pub_at, stance, excerpt, _id in rows:
        item = {
            "url": url,
            "title": title,
            "publisher": pub or site,
            "published_at": pub_at,
        }
        if kind == "a":
            item["quote"] = excerpt
            out[claim_id]["appearances"].append(item)
        else:
            item["stance"] = stance
            item["excerpt"] = excerpt
            out[claim_id]["evidence"].append(item)
    for group in out.values():
        _mark_first(group["appearances"])
    return out


def _mark_first(appearances: list[dict[str, Any]]) -> None:
    far = dt.datetime.max.replace(tzinfo=dt.UTC)
    dated = sorted(
        range(len(appearances)), key=lambda i: (appearances[i]["published_at"] or far, i)
    )
    for position, index in enumerate(dated):
        appearances[index]["first"] = position == 0


def _history_rows(claim_ids: list[int]) -> list[tuple]:
    return list(
        Verdict.objects.public()
        .filter(claim_id__in=claim_ids)
        .order_by("claim_id", "version")
        .values_list("claim_id", "version", "correction_kind", "correction_note", "published_at")
    )


def _history_by_claim(claim_ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    out: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for claim_id, version, kind, note, published_at in _history_rows(claim_ids):
        out[claim_id].append(
            {"version": version, "kind": kind, "note": note, "published_at": published_at}
        )
    return out


def _claimant(row: dict[str, Any]) -> dict[str, Any] | None:
    if not row["claim__claimant__slug"]:
        return None
    return {
        "name": row["claim__claimant__name"],
        "slug": row["claim__claimant__slug"],
        "kind": row["claim__claimant__kind"],
        "role": row["claim__claimant__role"],
        "same_as": row["claim__claimant__same_as"] or None,
    }


def assemble_fact_checks(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Turn verdict rows into public fact-check dicts (two queries for the whole page)."""
    if not rows:
        return []
    claim_ids = [r["claim_id"] for r in rows]
    sources = _sources_by_claim(claim_ids, [r["id"] for r in rows])
    history = _history_by_claim(claim_ids)
    return [_assemble(r, sources.get(r["claim_id"]), history.get(r["claim_id"], [])) for r in rows]


def _assemble(
    row: dict[str, Any], sources: dict[str, list] | None, history: list[dict[str, Any]]
) -> dict[str, Any]:
    first_published = history[0]["published_at"] if history else row["published_at"]
    # Only public events move "modified": publishing a version (a correction or retraction
    # is a new version). Desk activity on the claim (assignment, triage) never shows.
    modified = row["published_at"]
    return {
        "slug": row["claim__slug"],
        "url": public_url(row["claim__slug"]),
        "status": row["status"],
        "version": row["version"],
        "headline": row["headline"],
        "summary": row["summary"],
        "rationale_html": rationale_html(row["rationale"]),
        "claim": {
            "text": row["claim__text"],
            "claim_reviewed": row["claim__claim_reviewed"],
            "kind": row["claim__kind"],
            "language": row["claim__language"],
            "claim_date": row["claim__claim_date"],
            "claimant": _claimant(row),
        },
        "rating": {
            "label": row["rating__label"],
            "value": row["rating__value"],
            "best": row["scale_best"],
            "worst": row["scale_worst"],
            "scale": row["rating__scale__name"],
            "scale_slug": row["rating__scale__slug"],
        },
        "date_published": first_published,
        "date_modified": modified,
        "appearances": (sources or {}).get("appearances", []),
        "evidence": (sources or {}).get("evidence", []),
        "corrections": [h for h in history if h["kind"]],
    }


def fact_check_detail(slug: str) -> dict[str, Any] | None:
    """The current public version of the fact-check of ``slug`` (published, else retracted)."""
    row = (
        Verdict.objects.public()
        .exclude(status=Verdict.Status.SUPERSEDED)
        .filter(claim__slug=slug)
        .annotate(scale_best=_scale_bound("-value"), scale_worst=_scale_bound("value"))
        .order_by("-version")
        .values(*FACT_CHECK_FIELDS)
        .first()
    )
    if row is None:
        return None
    return assemble_fact_checks([row])[0]


def fact_check_summaries(*, offset: int, limit: int) -> list[dict[str, Any]]:
    """Newest published fact-checks, light rows for the readers' front page (one query)."""
    rows = (
        Verdict.objects.published()
        .order_by("-published_at", "-id")
        .values(
            "headline",
            "summary",
            "published_at",
            slug=F("claim__slug"),
            statement=F("claim__claim_reviewed"),
            claimant=F("claim__claimant__name"),
            rating_label=F("rating__label"),
            rating_value=F("rating__value"),
        )[offset : offset + limit]
    )
    return [dict(row) for row in rows]


def speaker_list() -> QuerySet[Speaker, dict[str, Any]]:
    """Speakers with at least one published fact-check (no one else is public).

    Reads the count the verdict services keep on the speaker (``published_count``), through a
    partial index: most speakers found by ingestion never get a published fact-check, and an
    aggregate over every verdict per page grows with the whole archive."""
    return Speaker.objects.filter(published_count__gt=0).values(  # type: ignore[return-value]
        "id", "name", "slug", "kind", "role", "same_as", "published_count"
    )


def speaker_rating_breakdown(speaker_id: int) -> list[dict[str, Any]]:
    rows = (
        Verdict.objects.published()
        .filter(claim__claimant_id=speaker_id)
        .values(label=F("rating__label"), scale=F("rating__scale__name"))
        .annotate(count=Count("id"))
        .order_by("scale", "-count", "label")
    )
    return [dict(row) for row in rows]


def rating_scale_list() -> list[dict[str, Any]]:
    scales = list(
        RatingScale.objects.values("id", "name", "slug", "kind", "description", "methodology")
    )
    ratings: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for r in Rating.objects.order_by("scale_id", "order").values(
        "scale_id", "label", "value", "description", "colour"
    ):
        level: dict[str, Any] = dict(r)
        ratings[level.pop("scale_id")].append(level)
    bounds: dict[int, dict[str, Any]] = dict(
        (row["scale_id"], dict(row))
        for row in Rating.objects.filter(value__isnull=False)
        .values("scale_id")
        .annotate(best=Max("value"), worst=Min("value"))
    )
    return [
        {
            "name": s["name"],
            "slug": s["slug"],
            "kind": s["kind"],
            "description": s["description"],
            "methodology_html": rationale_html(s["methodology"]),
            "best": bounds.get(s["id"], {}).get("best"),
            "worst": bounds.get(s["id"], {}).get("worst"),
            "ratings": ratings[s["id"]],
        }
        for s in scales
    ]
