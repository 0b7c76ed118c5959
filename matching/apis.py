"""``GET /api/v1/fact-checks/match?text=...``: "has this been checked before?" for newsrooms.

Public like the other fact-check reads (anonymous, throttled; newsroom API keys through the
project's default authentication classes); it ranks only published fact-checks, ours and
other desks', with the same selector as intake and the evaluation.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from factcheck.api import error_responses, reject_blank
from matching import serializers as io
from matching.selectors import (
    Match,
    external_claims_with_reviews,
    match_claims,
    published_verdicts_for,
)


def _ours(match: Match, verdicts: dict[int, Any]) -> dict[str, Any] | None:
    verdict = verdicts.get(match.claim_id or 0)
    if verdict is None:
        return None
    return {
        "slug": verdict.claim.slug,
        "claim_reviewed": verdict.claim.claim_reviewed,
        "headline": verdict.headline,
        "rating": verdict.rating.label,
        "url": verdict.get_absolute_url(),
    }


def _external(match: Match, externals: dict[int, Any]) -> dict[str, Any] | None:
    claim = externals.get(match.external_claim_id or 0)
    if claim is None:
        return None
    return {
        "key": claim.key,
        "text": claim.text,
        "claimant": claim.claimant,
        "claim_date": claim.claim_date,
        "language": claim.language,
        "reviews": [
            {
                "publisher": r.publisher,
                "publisher_site": r.publisher_site,
                "url": r.url,
                "title": r.title,
                "rating": r.rating,
                "review_date": r.review_date,
                "language": r.language,
            }
            for r in claim.reviews.all()
        ],
    }


def match_results(matches: list[Match]) -> list[dict[str, Any]]:
    """Matches with what a reader needs of each fact-check (three queries in all)."""
    verdicts = published_verdicts_for([m.claim_id for m in matches if m.claim_id])
    externals = external_claims_with_reviews(
        [m.external_claim_id for m in matches if m.external_claim_id]
    )
    results = []
    for m in matches:
        ours = _ours(m, verdicts) if m.kind == "claim" else None
        external = _external(m, externals) if m.kind == "external" else None
        if ours is None and external is None:
            continue  # unpublished or deleted since the index was built
        results.append(
            {
                "kind": "ours" if ours else "external",
                "score": round(m.score, 4),
                "similarity": None if m.semantic_score is None else round(m.semantic_score, 4),
                "text": m.text,
                "number_warning": m.number_warning,
                "fact_check": ours,
                "external": external,
            }
        )
    return results


class FactCheckMatchApi(APIView):
    """Published fact-checks (ours and other desks') ranked for a statement, best first."""

    permission_classes = [AllowAny]

    @extend_schema(
        operation_id="fact_checks_match",
        tags=["public"],
        parameters=[io.MatchQuerySerializer],
        responses={200: io.ClaimMatchListSerializer, **error_responses(400, 401, 429)},
    )
    def get(self, request: Request) -> Response:
        # ``?include_external=`` is no true or false (DRF would read it as the default).
        reject_blank(request.query_params, ("limit", "include_external"))
        query = io.MatchQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        text: str = query.validated_data["text"]
        matches = match_claims(
            text,
            limit=query.validated_data["limit"],
            include_external=query.validated_data["include_external"],
        )
        results = match_results(matches)
        for result in results:
            if result["fact_check"]:
                url = result["fact_check"]["url"]
                result["fact_check"]["url"] = request.build_absolute_uri(url)
        return Response({"text": text, "results": results})
