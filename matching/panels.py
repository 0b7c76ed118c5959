"""The desk's "checked before?": a panel on the claim workspace and the ingest review page,
and the "possible duplicate of …" column of the claim list.

The claims app may not import this one (matching sits above it), so the workspace and the
list render what this module registers in ``factcheck.admin_site.admin_extensions`` when the
app is ready; the ingest review page (ingestion sits above matching) calls it directly.
Every row says whose fact-check it is, its rating and score, and the number difference when
there is one; our claims get a "merge into it" link to the confirmation page
(:mod:`matching.admin`), shown to those who may merge.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Model
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from django.utils.text import Truncator

from claims.models import Claim
from factcheck.admin_site import AdminColumn, AdminPanel, admin_extensions
from matching.models import ExternalReview, PossibleDuplicate
from matching.selectors import (
    CheckedBefore,
    Match,
    checked_before,
    external_claims_with_reviews,
    possible_duplicate_marks,
    published_verdicts_for,
)

PANEL_TEMPLATE = "admin/matching/checked_before_panel.html"
MERGE_PERMISSION = "claims.merge_claim"


@dataclass(slots=True)
class Row:
    """One line of the panel: a fact-check (ours or another desk's) or a claim of ours."""

    kind: str  # "claim" (ours) or "external"
    text: str
    score: float | None  # fused relevance (z-scores: 0 is the pool's average), or similarity
    number_warning: str | None
    claim: Claim | None = None  # ours
    rating: str = ""
    publisher: str = ""
    url: str = ""
    reviews: list[ExternalReview] = field(default_factory=list)  # another desk's
    merge_url: str = ""


@dataclass(slots=True)
class Panel:
    claim_id: int
    pending: bool  # the process is building its first index: matches are not known yet
    marks: list[Row]  # intake's "possible duplicate of …"
    matches: list[Row]  # published fact-checks, ours and other desks'
    similar: list[Row]  # our other claims, any status; scored by similarity


def panels_for(
    request: HttpRequest, claims: Sequence[Claim], *, limit: int = 5
) -> dict[int, Panel]:
    """The panel of each claim, read together: one index read, one query each for the marks,
    our matched claims, their published verdicts and other desks' reviews."""
    ready = checked_before([(c.pk, c.text) for c in claims], limit=limit, wait=False)
    found = ready or {c.pk: CheckedBefore(c.pk, [], []) for c in claims}
    marks = possible_duplicate_marks([c.pk for c in claims])
    ours = {m.claim_id for f in found.values() for m in f.matches if m.claim_id is not None}
    ours |= {d.match.claim_id for f in found.values() for d in f.duplicates}  # type: ignore[misc]
    claims_by_id = Claim.objects.in_bulk(ours - {None}) if ours else {}
    verdicts = published_verdicts_for(list(ours - {None})) if ours else {}
    external_ids = [
        m.external_claim_id
        for f in found.values()
        for m in f.matches
        if m.external_claim_id is not None
    ]
    externals = external_claims_with_reviews(external_ids) if external_ids else {}
    may_merge = request.user.has_perm(MERGE_PERMISSION)

    def merge_url(claim: Claim, into: Claim | None) -> str:
        if not may_merge or into is None or into.duplicate_of_id is not None:
            return ""
        return reverse("admin:matching_possibleduplicate_merge", args=[claim.pk, into.pk])

    def row(claim: Claim, match: Match) -> Row:
        if match.kind == "external":
            external = externals.get(match.external_claim_id)  # type: ignore[arg-type]
            reviews = list(external.reviews.all()) if external is not None else []
            first = reviews[0] if reviews else None
            return Row(
                "external",
                match.text,
                match.score,
                match.number_warning,
                rating=first.rating if first else "",
                publisher=first.publisher if first else "",
                url=first.url if first else "",
                reviews=reviews,
            )
        target = claims_by_id.get(match.claim_id)
        verdict = verdicts.get(match.claim_id or 0)
        return Row(
            "claim",
            match.text,
            match.score,
            match.number_warning,
            claim=target,
            rating=verdict.rating.label if verdict else "",
            publisher="This desk",
            merge_url=merge_url(claim, target),
        )

    panels: dict[int, Panel] = {}
    for claim in claims:
        result = found[claim.pk]
        panels[claim.pk] = Panel(
            claim.pk,
            ready is None,
            marks=[
                Row(
                    "claim",
                    mark.of.text,
                    mark.similarity,
                    mark.number_warning or None,
                    claim=mark.of,
                    merge_url=merge_url(claim, mark.of),
                )
                for mark in marks.get(claim.pk, [])
            ],
            matches=[row(claim, m) for m in result.matches],
            # Ours that are already listed as fact-checks above are not listed twice.
            similar=[
                _with_score(row(claim, d.match), d.similarity)
                for d in result.duplicates
                if d.match.claim_id not in {m.claim_id for m in result.matches}
            ],
        )
    return panels


def _with_score(row: Row, score: float) -> Row:
    row.score = score
    return row


def _workspace_context(request: HttpRequest, obj: Model) -> Mapping[str, Any] | None:
    assert isinstance(obj, Claim)
    if obj.duplicate_of_id is not None:
        return None  # merged away: its page says into which claim
    return {"panel": panels_for(request, [obj])[obj.pk], "claim": obj}


def _load_marks(request: HttpRequest, objs: Sequence[Model]) -> Mapping[int, PossibleDuplicate]:
    marks = possible_duplicate_marks([o.pk for o in objs])
    return {pk: found[0] for pk, found in marks.items() if found}


def _render_mark(mark: PossibleDuplicate | None) -> str:
    if mark is None:
        return "—"
    link = reverse("admin:claims_claim_change", args=[mark.of_id])
    if mark.number_warning:
        return format_html(
            '<a class="possible-duplicate" href="{}">Possible duplicate of “{}”</a>'
            '<br><small class="number-warning">{}</small>',
            link,
            Truncator(mark.of.claim_reviewed).chars(60),
            mark.number_warning,
        )
    return format_html(
        '<a class="possible-duplicate" href="{}">Possible duplicate of “{}”</a>',
        link,
        Truncator(mark.of.claim_reviewed).chars(60),
    )


WORKSPACE_PANEL = AdminPanel(PANEL_TEMPLATE, _workspace_context)
DUPLICATE_COLUMN = AdminColumn("Possible duplicate", _load_marks, _render_mark)


def register() -> None:
    """Called by ``MatchingConfig.ready``."""
    admin_extensions.register_panel("claims.claim", WORKSPACE_PANEL)
    admin_extensions.register_column("claims.claim", DUPLICATE_COLUMN)
