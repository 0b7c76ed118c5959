"""Claims and their triage actions."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions
from rest_framework.request import Request
from rest_framework.views import APIView

from claims import serializers as ds
from claims import services
from claims.models import Claim
from claims.services import edits
from factcheck.api import PAGE_SIZE_PARAMETER_SCHEMA
from factcheck.desk_api import (
    DeskDetailApi,
    DeskListApi,
    _action_api,
    query_flag,
)

# Claims ---------------------------------------------------------------------------------

CLAIM_FILTERS = [
    OpenApiParameter("status", str, enum=Claim.Status.values),
    OpenApiParameter("assigned_to_me", bool),
    OpenApiParameter("cursor", str),
    OpenApiParameter("page_size", PAGE_SIZE_PARAMETER_SCHEMA),
]


def _claims() -> QuerySet[Claim]:
    return Claim.objects.select_related("claimant", "assignee")


@extend_schema(tags=["desk: claims"])
class ClaimListApi(DeskListApi):
    required_perms = ("claims.view_claim",)
    output_serializer = ds.DeskClaimSerializer
    input_serializer = ds.DeskClaimCreateInputSerializer
    page_serializer = ds.DeskClaimPageSerializer
    list_operation_id = "desk_claims_list"
    list_parameters = CLAIM_FILTERS

    def get_queryset(self, request: Request) -> QuerySet[Claim]:
        queryset = _claims()
        wanted = request.query_params.get("status")
        if wanted:
            if wanted not in Claim.Status.values:
                raise exceptions.ValidationError({"status": ["Unknown status."]})
            queryset = queryset.filter(status=wanted)
        if query_flag(request, "assigned_to_me"):
            queryset = queryset.filter(assignee=request.user.pk)
        return queryset

    def create(self, request: Request, data: dict[str, Any]) -> Claim:
        claim, _ = services.claim_create(actor=request.user, **data)
        return claim


@extend_schema(tags=["desk: claims"])
class ClaimDetailApi(DeskDetailApi):
    required_perms = ("claims.view_claim",)
    model = Claim
    output_serializer = ds.DeskClaimSerializer
    update_serializer = ds.DeskClaimUpdateInputSerializer

    def get_queryset(self) -> QuerySet[Claim]:
        return _claims()

    def update(self, request: Request, obj: Claim, data: dict[str, Any]) -> Claim:
        return edits.claim_update(claim=obj, actor=request.user, **data)


def _claim_action(name: str, run, payload=None, doc: str = "") -> type[APIView]:
    return _action_api(
        name=name,
        model=Claim,
        output=ds.DeskClaimSerializer,
        run=run,
        perms=("claims.view_claim",),
        tag="desk: claims",
        payload=payload,
        doc=doc,
    )


ClaimAssignApi = _claim_action(
    "assign",
    lambda c, u, d: services.claim_assign(claim=c, assignee=d["assignee"], actor=u),
    ds.DeskClaimAssignInputSerializer,
    "Assign the claim to a desk member (or to nobody with null).",
)
ClaimDismissApi = _claim_action(
    "dismiss", lambda c, u, d: services.claim_dismiss(claim=c, actor=u), doc="Dismiss the claim."
)
ClaimMarkCheckworthyApi = _claim_action(
    "mark_checkworthy",
    lambda c, u, d: services.claim_mark_checkworthy(claim=c, actor=u),
    doc="Mark the claim check-worthy.",
)
ClaimMergeApi = _claim_action(
    "merge",
    lambda c, u, d: services.claim_merge(duplicate=c, into=d["into"], actor=u),
    ds.DeskClaimMergeInputSerializer,
    "Merge this claim into another; returns the surviving claim.",
)
