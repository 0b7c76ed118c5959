"""Public reads for the API and the public pages: published fact-checks only.

Which verdicts are public is decided by ``Verdict.objects.published()``/``public()``
(``claims.managers``); this module only shapes them for readers. The hot path (the
fact-check list) reads plain rows with ``values()`` and assembles dicts, because model
instances and serializer objects cost several times the SQL itself. A page costs three
queries whatever its size: the verdict rows (with claim, claimant, rating and scale bounds
joined), the appearances and evidence of those claims (one UNION query), and the public
version history.

Lists are ordered by *first* publication (``PublicFactCheck.first_published_at``, kept by
``publishing.services``), so a correction published during a cursor walk neither moves the
fact-check past the cursor nor shows it twice; ``q=`` ranks by relevance over the index's
weighted search document. The DataFeed reads lighter rows (no rationale, no evidence, no
history) in keyset chunks, so its memory stays flat at any size.
"""

from __future__ import annotations

import datetime as dt
import operator
import re
from collections import defaultdict
from collections.abc import Iterator
from functools import lru_cache, reduce
from typing import Any, cast

from django.conf import settings
from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
from django.db.models import (
    CharField,
    Count,
    DateTimeField,
    F,
    FloatField,
    Func,
    IntegerField,
    Max,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    Window,
)
from django.db.models.functions import RowNumber
from django.urls import reverse

from claims.models import Appearance, Evidence, Rating, RatingScale, Speaker, Verdict
from factcheck.lib.markdown import render_markdown
from factcheck.lib.matching.numbers import find_numbers, spellings
from publishing.models import PublicFactCheck
from publishing.services import SEARCH_CONFIG

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
    "first_published_at",
)

# The stable keys of the public lists: first publication, then the claim (one row per claim).
NEWEST_FIRST = ("-first_published_at", "-claim_id")
OLDEST_FIRST = ("first_published_at", "claim_id")
BY_RELEVANCE = ("-rank", "-first_published_at", "-claim_id")

CURRENT_STATUSES = (PublicFactCheck.Status.PUBLISHED, PublicFactCheck.Status.RETRACTED)


def _scale_bound(order: str) -> Subquery:
    ratings = Rating.objects.filter(scale_id=OuterRef("rating__scale_id"), value__isnull=False)
    return Subquery(ratings.order_by(order).values("value")[:1], output_field=IntegerField())


def fact_check_queryset(*, include_retracted: bool = False) -> QuerySet[Verdict]:
    """Current published versions, with the scale bounds the ClaimReview rating needs.

    ``include_retracted`` adds fact-checks whose latest public version is a retraction, so
    that an incremental sync (``updated_since``) learns about withdrawals too. The public
    index names the current version; ``Verdict.objects`` still decides what is public.
    """
    verdicts: QuerySet[Verdict]
    if include_retracted:
        verdicts = Verdict.objects.public().filter(public_entry__status__in=CURRENT_STATUSES)
    else:
        verdicts = Verdict.objects.published().filter(
            public_entry__status=PublicFactCheck.Status.PUBLISHED
        )
    annotated = verdicts.annotate(
        scale_best=_scale_bound("-value"),
        scale_worst=_scale_bound("value"),
        first_published_at=F("public_entry__first_published_at"),
    )
    # The stubs lose the model through an annotation that follows a reverse relation.
    return cast("QuerySet[Verdict]", annotated)


def last_public_change() -> Subquery:
    """The newest public event (a publication, correction or retraction), as a subquery.

    Evaluated once per query (it is uncorrelated), so a list gets its ``Last-Modified`` from
    the rows query itself: the page's own dates would miss an item a retraction removed.
    """
    newest = PublicFactCheck.objects.order_by("-published_at").values("published_at")[:1]
    return Subquery(newest, output_field=DateTimeField())


def list_rows(
    queryset: QuerySet[Verdict], *, ranked: bool = False
) -> QuerySet[Verdict, dict[str, Any]]:
    """``values()`` rows for the list and search endpoints (the fields they assemble)."""
    return queryset.annotate(
        list_modified=last_public_change(), claimant_changed_at=CLAIMANT_CHANGED_AT
    ).values(
        *FACT_CHECK_FIELDS,
        "list_modified",
        "claimant_changed_at",
        *(("rank",) if ranked else ()),
    )


# The claimant's last save (``Speaker.updated_at``, bumped by ``speaker_update``): readers see
# a public speaker's ``sameAs`` (and role) as soon as it changes, without a new version, so
# ``Last-Modified`` must move with it. The speaker is joined already (its name, ``sameAs``).
CLAIMANT_CHANGED_AT = F("claim__claimant__updated_at")


def rows_last_modified(rows: list[dict[str, Any]]) -> dt.datetime | None:
    """``Last-Modified`` of a page of :func:`list_rows`: the newest public event anywhere (an
    item a retraction removed is not on the page) or the newest change to a claimant shown
    on the page, whichever is later."""
    if not rows:
        return None
    return _latest(rows[0]["list_modified"], *(r["claimant_changed_at"] for r in rows))


def _latest(*dates: dt.datetime | None) -> dt.datetime | None:
    known = [d for d in dates if d is not None]
    return max(known) if known else None


@lru_cache(maxsize=1)
def _unfiltered_rows_template() -> QuerySet[Verdict, dict[str, Any]]:
    # Resolving the annotations and values() of this queryset costs ~2 ms of Python per
    # request; built once, it is only cloned. It is never evaluated itself.
    return list_rows(fact_check_queryset())


def fact_check_rows() -> QuerySet[Verdict, dict[str, Any]]:
    """The unfiltered public list as ``values()`` rows (the hot path)."""
    return _unfiltered_rows_template().all()


def search_fact_checks(queryset: QuerySet[Verdict], query: str) -> QuerySet[Verdict]:
    """Fact-checks matching ``query`` (websearch syntax), annotated with their ``rank``.

    On PostgreSQL: the index's stored document (claim wording weighted A, headline and
    claimant B, rationale C) through its GIN index, ranked with ``ts_rank``. Elsewhere: a
    case-insensitive match on the same fields, every rank equal.
    """
    if connection.vendor == "postgresql":
        search = _full_text_query(query)
        return queryset.filter(public_entry__document=search).annotate(
            rank=SearchRank(F("public_entry__document"), search)
        )
    fields = ("claim__text", "claim__claim_reviewed", "headline", "claim__claimant__name")
    match = Q()
    for field in fields:
        match |= Q(**{f"{field}__icontains": query})
    return queryset.filter(match).annotate(rank=Value(0.0, output_field=FloatField()))


# Quotes, "or" and a leading "-" are websearch operators: a query using them is taken as written.
_OPERATORS = re.compile(r'"|(?:^|\s)-|\bor\b', re.IGNORECASE)


def _full_text_query(query: str) -> SearchQuery:
    """``query`` as a websearch query whose numbers match however a fact-check wrote them.

    The stored document reads words: "13,000" is the two words "13" and "000", "13000" one,
    "13 thousand" two others. Each quantity of the query (years aside: a year is written one
    way) becomes an OR of its spellings (:func:`factcheck.lib.matching.numbers.spellings`,
    the matching module's own reading of numbers), ANDed with the rest of the query: still
    one ``tsquery``, the same GIN index and the same one SQL query.
    """
    numbers = [n for n in find_numbers(query) if not n.is_year]
    if not numbers or _OPERATORS.search(query):
        return SearchQuery(query, config=SEARCH_CONFIG, search_type="websearch")
    words, last = [], 0
    for number in numbers:
        words.append(query[last : number.start])
        last = number.end
    words.append(query[last:])
    rest = " ".join(" ".join(words).split())
    parts = [SearchQuery(rest, config=SEARCH_CONFIG, search_type="websearch")] if rest else []
    for number in numbers:
        parts.append(
            reduce(
                operator.or_,
                [
                    SearchQuery(form, config=SEARCH_CONFIG, search_type="phrase")
                    for form in spellings(number)
                ],
            )
        )
    return reduce(operator.and_, parts)


def language_subtag(code: str) -> str:
    """The primary language subtag of a BCP-47 tag, lower-cased: ``en-GB`` and ``EN`` are en."""
    return code.strip().replace("_", "-").split("-")[0].lower()


def filter_language(queryset: QuerySet[Verdict], code: str) -> QuerySet[Verdict]:
    """Claims in ``code``'s language, whatever region or case either side names."""
    language = language_subtag(code)
    if not language:
        return queryset
    return queryset.filter(
        Q(claim__language__iexact=language) | Q(claim__language__istartswith=language + "-")
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
    first_published = row["first_published_at"] or (
        history[0]["published_at"] if history else row["published_at"]
    )
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
    return fact_check_detail_modified(slug)[0]


def fact_check_detail_modified(slug: str) -> tuple[dict[str, Any] | None, dt.datetime | None]:
    """:func:`fact_check_detail` and its ``Last-Modified`` (one query for both): the later of
    its ``date_modified`` (the last public version) and its claimant's last change."""
    row = (
        Verdict.objects.public()
        .exclude(status=Verdict.Status.SUPERSEDED)
        .filter(claim__slug=slug)
        .annotate(
            scale_best=_scale_bound("-value"),
            scale_worst=_scale_bound("value"),
            first_published_at=F("public_entry__first_published_at"),
        )
        .annotate(claimant_changed_at=CLAIMANT_CHANGED_AT)
        .order_by("-version")
        .values(*FACT_CHECK_FIELDS, "claimant_changed_at")
        .first()
    )
    if row is None:
        return None, None
    fact_check = assemble_fact_checks([row])[0]
    return fact_check, _latest(fact_check["date_modified"], row["claimant_changed_at"])


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


def speaker_merged_slug_target(slug: str) -> str | None:
    """The public slug a merged speaker's old slug now leads to (merges can chain), or None
    when there is no merged speaker by that slug or the survivor is not public."""
    speaker = Speaker.objects.filter(slug=slug, merged_into__isnull=False).first()
    for _ in range(10):
        if speaker is None or speaker.merged_into_id is None:
            break
        speaker = Speaker.objects.filter(pk=speaker.merged_into_id).first()
    if speaker is None or speaker.merged_into_id is not None or speaker.published_count <= 0:
        return None
    return speaker.slug


def speaker_rating_breakdown(speaker_id: int) -> list[dict[str, Any]]:
    return [
        dict(row)
        for row in Verdict.objects.published()
        .filter(claim__claimant_id=speaker_id)
        .values(label=F("rating__label"), scale=F("rating__scale__name"))
        .annotate(count=Count("id"))
        .order_by("scale", "-count", "label")
    ]


def rating_scale_list() -> list[dict[str, Any]]:
    scales = list(
        RatingScale.objects.values("id", "name", "slug", "kind", "description", "methodology")
    )
    ratings: dict[int, list[dict[str, Any]]] = defaultdict(list)
    # The rating's id is what ``POST /api/v1/desk/verdicts/`` takes as ``rating``.
    for r in Rating.objects.order_by("scale_id", "order").values(
        "scale_id", "id", "label", "value", "description", "colour"
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


# The DataFeed: what a ClaimReview needs and nothing else (no rationale to render, no
# evidence, no history), read in keyset chunks of the index's primary key.
FEED_FIELDS = (
    "id",
    "status",
    "headline",
    "first_published",
    "shown_published",
    "claim_id",
    "claim__slug",
    "claim__claim_reviewed",
    "claim__language",
    "claim__claim_date",
    "claim__claimant__name",
    "claim__claimant__slug",
    "claim__claimant__kind",
    "claim__claimant__role",
    "claim__claimant__same_as",
    "rating__label",
    "rating__value",
    "rating__scale_id",
)


def _feed_entries(include_retracted: bool) -> QuerySet[PublicFactCheck]:
    statuses = CURRENT_STATUSES if include_retracted else (PublicFactCheck.Status.PUBLISHED,)
    return PublicFactCheck.objects.filter(status__in=statuses)


def feed_validators(*, include_retracted: bool) -> tuple[dt.datetime | None, str]:
    """``Last-Modified`` and a fingerprint of the feed, from two small aggregates.

    Every public change publishes a version (``PublicFactCheck.published_at`` moves; a
    retraction too, whether or not tombstones are asked for), a removed entry changes the
    count, and the claimant's name and ``sameAs`` come from the speaker (``updated_at``).
    """
    statuses = CURRENT_STATUSES if include_retracted else (PublicFactCheck.Status.PUBLISHED,)
    entries = PublicFactCheck.objects.aggregate(
        latest=Max("published_at"), count=Count("pk", filter=Q(status__in=statuses))
    )
    speakers = Speaker.objects.filter(published_count__gt=0).aggregate(latest=Max("updated_at"))
    dates = [d for d in (entries["latest"], speakers["latest"]) if d is not None]
    modified = max(dates) if dates else None
    stamp = modified.isoformat() if modified else "-"
    return modified, f"{stamp}|{entries['count']}"


def feed_page_end(*, include_retracted: bool, after: int, size: int) -> tuple[int | None, bool]:
    """The last claim id of a feed page of ``size`` after ``after``, and whether more follow."""
    ids = list(
        _feed_entries(include_retracted)
        .filter(claim_id__gt=after)
        .order_by("claim_id")
        .values_list("claim_id", flat=True)[size - 1 : size + 1]
    )
    return (ids[0] if ids else None), len(ids) > 1


def _scale_bounds() -> dict[int, tuple[int | None, int | None]]:
    rows = (
        Rating.objects.filter(value__isnull=False)
        .values("scale_id")
        .annotate(best=Max("value"), worst=Min("value"))
        .order_by()
    )
    return {r["scale_id"]: (r["best"], r["worst"]) for r in rows}


class IsoUtc(Func):
    """A timestamp as the ISO 8601 text ``claimreview`` writes (UTC, ``Z``, microseconds only
    when there are some: what ``datetime.isoformat`` gives), made by PostgreSQL.

    The feed formats two dates per fact-check; parsing them into ``datetime`` objects only to
    format them again was a third of its build time at 100,000 fact-checks.
    """

    output_field = CharField()
    template = (
        "CASE WHEN date_trunc('second', %(expressions)s) = %(expressions)s"
        " THEN to_char(%(expressions)s AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"
        " ELSE to_char(%(expressions)s AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')"
        " END"
    )


def _feed_dates() -> dict[str, Any]:
    """The feed's two dates of a fact-check: ISO text from PostgreSQL, ``datetime`` elsewhere
    (SQLite has no ``to_char``; ``claimreview`` formats either)."""
    if connection.vendor == "postgresql":
        return {
            "first_published": IsoUtc("public_entry__first_published_at"),
            "shown_published": IsoUtc("published_at"),
        }
    return {
        "first_published": F("public_entry__first_published_at"),
        "shown_published": F("published_at"),
    }


def feed_chunks(
    *, include_retracted: bool, after: int = 0, until: int | None = None, chunk: int = 1000
) -> Iterator[list[dict[str, Any]]]:
    """Feed entries in claim order after ``after`` (up to ``until``), ``chunk`` at a time.

    Each chunk costs two queries (rows, appearances); nothing is kept between chunks.
    """
    statuses = CURRENT_STATUSES if include_retracted else (PublicFactCheck.Status.PUBLISHED,)
    base = (
        Verdict.objects.public()
        .filter(public_entry__status__in=statuses)
        .annotate(**_feed_dates())
        .order_by("public_entry__claim_id")
    )
    if until is not None:
        base = base.filter(public_entry__claim_id__lte=until)
    bounds = _scale_bounds()
    while True:
        rows = list(base.filter(public_entry__claim_id__gt=after).values(*FEED_FIELDS)[:chunk])
        if not rows:
            return
        yield _feed_fact_checks(rows, bounds)
        if len(rows) < chunk:
            return
        after = rows[-1]["claim_id"]


def _appearances_by_claim(first: int, last: int) -> dict[int, list[dict[str, Any]]]:
    """Appearances of the published fact-checks with claim ids from ``first`` to ``last``,
    linked before the version shown was published, each marked ``first`` or not.

    A chunk is a run of claim ids, so this reads the range of them through the index that
    starts with the claim (``appearance_unique_span``), checks each against its public index
    row (by primary key), and lets PostgreSQL rank them: the first appearance is the earliest
    dated source (undated ones last, then by link order), as ``_mark_first`` says for a page.
    """
    appearances = (
        Appearance.objects.filter(
            claim_id__gte=first,
            claim_id__lte=last,
            claim__public_entry__status=PublicFactCheck.Status.PUBLISHED,
            claim__public_entry__published_at__gte=F("created_at"),
        )
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("claim_id")],
                order_by=[F("source__published_at").asc(nulls_last=True), F("id").asc()],
            )
        )
        .order_by("claim_id", "id")
        .values_list("claim_id", "source__url", "rank")
    )
    out: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for claim_id, url, rank in appearances:
        out[claim_id].append({"url": url, "first": rank == 1})
    return out


def _feed_fact_checks(
    rows: list[dict[str, Any]], bounds: dict[int, tuple[int | None, int | None]]
) -> list[dict[str, Any]]:
    """The subset of the public fact-check dict that ``claimreview.claim_review`` reads."""
    published = [r["claim_id"] for r in rows if r["status"] == Verdict.Status.PUBLISHED]
    appearances = _appearances_by_claim(published[0], published[-1]) if published else {}
    out = []
    for row in rows:
        claim_id = row["claim_id"]
        best, worst = bounds.get(row["rating__scale_id"], (None, None))
        out.append(
            {
                "slug": row["claim__slug"],
                "url": public_url(row["claim__slug"]),
                "status": row["status"],
                "headline": row["headline"],
                "claim": {
                    "claim_reviewed": row["claim__claim_reviewed"],
                    "language": row["claim__language"],
                    "claim_date": row["claim__claim_date"],
                    "claimant": _claimant(row),
                },
                "rating": {
                    "label": row["rating__label"],
                    "value": row["rating__value"],
                    "best": best,
                    "worst": worst,
                },
                "date_published": row["first_published"],
                "date_modified": row["shown_published"],
                "appearances": appearances.get(claim_id, []),
            }
        )
    return out
