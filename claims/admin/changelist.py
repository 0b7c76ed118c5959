"""The claim list at archive size: a page costs the same at claim 50 and at claim 900,000.

* No count over every claim: the unfiltered list uses PostgreSQL's row estimate, a filtered
  one counts at most ``COUNT_CAP`` rows (shown as "more than 1000").
* Per-row figures (appearances, current rating) are subqueries, so PostgreSQL computes them
  for the page's 50 rows only, after the ``LIMIT``.
* Deep pages are reached by keyset (``?after=<check-worthiness>_<id>``, the "Next" link),
  which reads from the index where the last page ended instead of skipping rows; numbered
  pages stop at ``COUNT_CAP``.
* The claimant filter is an autocomplete box (the admin's select2), not a link per
  speaker.
"""

from __future__ import annotations

import math
from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import PAGE_VAR, ChangeList
from django.contrib.admin.widgets import AutocompleteSelect
from django.db.models import Exists, FloatField, Func, OuterRef, Q, QuerySet, Value
from django.http import HttpRequest
from django.utils.functional import cached_property
from django.utils.html import format_html

from claims.models import Appearance, Claim, Speaker
from factcheck.admin_site import EstimatedCountPaginator
from sources.models import Source

AFTER_VAR = "after"
COUNT_CAP = 1_000
# The list's own order; the keyset follows it, so another order turns keyset paging off.
LIST_ORDERING = ("-checkworthiness", "-id")


class CappedCountPaginator(EstimatedCountPaginator):
    """The estimate for the whole table; for a filtered list, a count that stops at
    ``COUNT_CAP`` (PostgreSQL stops reading there) and at most that many rows in pages."""

    @cached_property
    def count(self) -> int:
        query = getattr(self.object_list, "query", None)
        if query is not None and not query.where:
            return super().count
        # Ids only, in no order: the page's per-row subqueries and sort are not paid for
        # the rows that are only counted, and PostgreSQL stops at the cap.
        rows = self.object_list.values("pk").order_by()  # type: ignore[attr-defined]  # a QuerySet
        return rows[: COUNT_CAP + 1].count()

    def page(self, number):
        """The page's rows found by id first, then read: a deferred join in one query.

        The list's filters (a publisher, a rating) are checked claim by claim while
        PostgreSQL walks the list's index until it has a page. Selecting whole rows, each
        claim walked past is also read from the table; selecting ids, the walk reads the
        index alone (``claim_cw_id_idx`` holds the score and the id) and only the page's 50
        rows are read, by id. At 1,000,000 claims, for a publisher behind 1% of them
        (12,000 claims walked past), the page's query went from 116 to 94 ms."""
        page = super().page(number)
        rows = page.object_list
        if isinstance(rows, QuerySet):
            ids = rows.values("pk")  # still sliced: the LIMIT/OFFSET is the subquery's
            page.object_list = self.object_list.filter(pk__in=ids)
        return page

    @property
    def capped(self) -> bool:
        return self.count > COUNT_CAP

    @cached_property
    def num_pages(self) -> int:
        rows = min(self.count, COUNT_CAP)
        return max(1, math.ceil(rows / self.per_page)) if rows or self.allow_empty_first_page else 0


class Row(Func):
    """A row value, ``(a, b)``: compared as a whole, ``(checkworthiness, id) < (x, y)`` is one
    index range on PostgreSQL (and SQLite), however many claims share a score."""

    template = "(%(expressions)s)"
    output_field = FloatField()


def parse_after(value: str | None) -> tuple[float, int] | None:
    """``"0.55_1234"`` → ``(0.55, 1234)``; anything else is ignored (the first page)."""
    score, _, pk = (value or "").partition("_")
    try:
        key = (float(score), int(pk))
    except ValueError:
        return None
    return key if math.isfinite(key[0]) else None


def after_key(claim: Claim) -> str:
    return f"{claim.checkworthiness!r}_{claim.pk}"


def claims_after(queryset: QuerySet[Claim], key: tuple[float, int]) -> QuerySet[Claim]:
    """Claims that come after ``key`` in the list's order (descending score, then id)."""
    return queryset.alias(list_key=Row("checkworthiness", "id")).filter(
        list_key__lt=Row(Value(key[0]), Value(key[1]))
    )


class KeysetChangeList(ChangeList):
    """The admin's change list plus the "Next" keyset link (the rest is Django's)."""

    def __init__(self, request: HttpRequest, *args: Any, **kwargs: Any) -> None:
        self.after = getattr(request, "claim_list_after", None)
        super().__init__(request, *args, **kwargs)

    @property
    def keyset_applies(self) -> bool:
        return not self.params.get("o")

    def get_queryset(self, request, exclude_parameters=None):
        queryset = super().get_queryset(request, exclude_parameters)
        if self.after is not None and self.keyset_applies:
            queryset = claims_after(queryset, self.after)
        return queryset

    def next_url(self) -> str | None:
        """The keyset link to the rows after this page's last one."""
        rows = list(self.result_list)
        if not self.keyset_applies or len(rows) < self.list_per_page:
            return None
        return self.get_query_string({AFTER_VAR: after_key(rows[-1])}, remove=[PAGE_VAR])

    def first_url(self) -> str | None:
        return self.get_query_string(remove=[PAGE_VAR]) if self.after is not None else None


def pop_after(request: HttpRequest) -> HttpRequest:
    """Take ``?after=`` out of the query string before Django's change list reads it (it would
    be taken for a field lookup) and keep it on the request."""
    if AFTER_VAR in request.GET:
        params = request.GET.copy()
        request.claim_list_after = parse_after(params.pop(AFTER_VAR)[-1])  # type: ignore[attr-defined]
        request.GET = params  # type: ignore[assignment]  # a copy, as Django's own views make
    return request


MAX_SPEAKERS = 200


def speaker_ids_matching(name: str) -> list[int]:
    """Speakers whose name or an alias contains ``name``. Ids, not a subquery: then
    ``claimant_id IN (…)`` is an index lookup on the claims, even inside an OR."""
    matches = Speaker.objects.filter(
        Q(name__icontains=name) | Q(aliases__name__icontains=name)
    ).values_list("pk", flat=True)
    return list(matches.distinct()[:MAX_SPEAKERS])


def claimant_widget(admin_site: admin.AdminSite, attrs: dict[str, str] | None = None):
    """The admin's own autocomplete (select2 over ``autocomplete_view``, which searches
    ``SpeakerAdmin.search_fields``: name, role and aliases, 20 at a time) for a claim's
    claimant; it renders only the selected speaker, never the list of them."""
    field = forms.ModelChoiceField(
        queryset=Speaker.objects.all(),
        required=False,
        widget=AutocompleteSelect(Claim._meta.get_field("claimant"), admin_site, attrs=attrs),
    )
    return field.widget


def claimant_filter_media(admin_site: admin.AdminSite) -> forms.Media:
    """select2 and Django's autocomplete.js, then the script that applies the choice."""
    return claimant_widget(admin_site).media + forms.Media(js=["claims/claimant_filter.js"])


def _speaker_id(value: str | None) -> int | None:
    if not value or not (value.isascii() and value.isdigit()) or len(value) > 18:
        return None
    return int(value)


class ClaimantFilter(admin.SimpleListFilter):
    """Claims by one speaker, picked with an autocomplete box: at thousands of speakers the
    page carries one ``<select>`` with the chosen speaker, not a link per speaker, and the
    filter is one lookup in ``claim_claimant_idx``."""

    title = "claimant"
    parameter_name = "claimant"
    template = "admin/claims/claimant_filter.html"

    def __init__(self, request, params, model, model_admin) -> None:
        self.admin_site = model_admin.admin_site
        super().__init__(request, params, model, model_admin)

    def lookups(self, request, model_admin):
        # One choice keeps the filter shown; the template renders the autocomplete box.
        return [(self.value() or "", self.value() or "")]

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        speaker = _speaker_id(self.value())
        if speaker is None:
            raise IncorrectLookupParameters(f"Not a speaker id: {self.value()!r}")
        return queryset.filter(claimant_id=speaker)

    def choices(self, changelist):
        selected = _speaker_id(self.value())
        widget = claimant_widget(
            self.admin_site,
            attrs={"id": "claimant-filter", "data-claimant-filter": self.parameter_name},
        )
        yield {
            "widget": widget.render(self.parameter_name, selected),
            "selected": selected,
            "clear_url": changelist.get_query_string(remove=[self.parameter_name, PAGE_VAR]),
        }


# Up to this many sources, the publisher filter names them by id (see ``PublisherFilter``).
MAX_PUBLISHER_SOURCES = 2_000


def publisher_source_ids(name: str) -> list[int] | None:
    """The ids of ``name``'s sources, or None when it has more than
    ``MAX_PUBLISHER_SOURCES`` (source_publisher_idx; index-only once vacuumed)."""
    ids = list(
        Source.objects.filter(publisher_name=name)
        .order_by()
        .values_list("pk", flat=True)[: MAX_PUBLISHER_SOURCES + 1]
    )
    return ids if len(ids) <= MAX_PUBLISHER_SOURCES else None


class PublisherFilter(admin.SimpleListFilter):
    """Claims that appeared in an article of one publisher.

    A semi-join (no DISTINCT over every matching claim before the page is cut) that
    PostgreSQL runs by walking the list's index and probing each claim's appearances. With
    the join to sources inside the probe, every probe also reads the source's row: for a
    publisher behind one claim in a hundred, the capped count probed ~100,000 claims and
    ~200,000 appearances that way (280-320 ms at 1,000,000 claims, ``EXPLAIN (ANALYZE,
    BUFFERS)`` in ``bench/claim_list.py``'s docstring). Naming the publisher's sources by id
    instead makes the probe one index-only lookup in ``appearance_unique_span``
    (``claim_id, source_id``) against a constant list, which PostgreSQL hashes: 27 ms. A
    publisher with more sources than ``MAX_PUBLISHER_SOURCES`` keeps the join: its claims
    are common enough that the walk meets them within a few rows, while a list that long
    would cost more to parse and plan than it saves."""

    title = "publisher"
    parameter_name = "publisher"

    def lookups(self, request, model_admin):
        names = (
            Source.objects.exclude(publisher_name="")
            .order_by("publisher_name")
            .values_list("publisher_name", flat=True)
            .distinct()[:100]
        )
        return [(n, n) for n in names]

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        ids = publisher_source_ids(self.value())
        by_name = Q(source__publisher_name=self.value())
        sources = by_name if ids is None else Q(source_id__in=ids)
        appeared = Appearance.objects.filter(sources, claim=OuterRef("pk"))
        return queryset.filter(Exists(appeared))


STATUS_CHIP = "chip chip-status-{}"


def status_chip(claim: Claim):
    return format_html(
        '<span class="{}">{}</span>', STATUS_CHIP.format(claim.status), claim.get_status_display()
    )


def rating_chip(label: str | None, value: int | None):
    if not label:
        return "—"
    return format_html(
        '<span class="chip chip-rating chip-rating-{}">{}</span>',
        value if value is not None else "none",
        label,
    )
