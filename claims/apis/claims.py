"""Claims and their triage actions."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import exceptions

from claims import serializers as ds
from claims import services
from claims.models import Claim
from claims.services import edits
from factcheck.api import PAGE_SIZE_PARAMETER_SCHEMA
from factcheck.desk_api import (
    DeskActionApi,
    DeskDetailApi,
    DeskListApi,
    desk_action_schema,
    desk_detail_schema,
    desk_list_schema,
    query_flag,
)

# Claims ---------------------------------------------------------------------------------

CLAIM_FILTERS = [
    OpenApiParameter("status", str, enum=Claim.Status.values),
    OpenApiParameter("assigned_to_me", bool),
    OpenApiParameter("cursor", str),
    OpenApiParameter("page_size", PAGE_SIZE_PARAMETER_SCHEMA),
]
CLAIM_PERMS = ("claims.view_claim",)


def _claims() -> QuerySet[Claim]:
    return Claim.objects.select_related("claimant", "assignee")


@extend_schema(tags=["desk: claims"])
@extend_schema_view(
    **desk_list_schema(
        operation_id="desk_claims_list",
        page=ds.DeskClaimPageSerializer,
        parameters=CLAIM_FILTERS,
        request=ds.DeskClaimCreateInputSerializer,
        created=ds.DeskClaimSerializer,
    )
)
class ClaimListApi(DeskListApi):
    required_perms = CLAIM_PERMS
    queryset = _claims()
    serializer_class = ds.DeskClaimSerializer
    input_serializer = ds.DeskClaimCreateInputSerializer
    list_parameters = CLAIM_FILTERS

    def get_queryset(self) -> QuerySet[Claim]:
        queryset = super().get_queryset()
        wanted = self.request.query_params.get("status")
        if wanted:
            if wanted not in Claim.Status.values:
                raise exceptions.ValidationError({"status": ["Unknown status."]})
            queryset = queryset.filter(status=wanted)
        if query_flag(self.request, "assigned_to_me"):
            queryset = queryset.filter(assignee=self.request.user.pk)
        return queryset

    def create_object(self, data: dict[str, Any]) -> Claim:
        claim, _ = services.claim_create(actor=self.request.user, **data)
        return claim


@extend_schema(tags=["desk: claims"])
@extend_schema_view(**desk_detail_schema(ds.DeskClaimSerializer, ds.DeskClaimUpdateInputSerializer))
class ClaimDetailApi(DeskDetailApi):
    required_perms = CLAIM_PERMS
    queryset = _claims()
    serializer_class = ds.DeskClaimSerializer
    update_serializer = ds.DeskClaimUpdateInputSerializer

    def update_object(self, obj: Claim, data: dict[str, Any]) -> Claim:
        return edits.claim_update(claim=obj, actor=self.request.user, **data)


class ClaimActionApi(DeskActionApi):
    # No docstring: each action's own is its description in the schema.
    required_perms = CLAIM_PERMS
    queryset = Claim.objects.all()
    serializer_class = ds.DeskClaimSerializer


@extend_schema(tags=["desk: claims"])
@extend_schema_view(
    post=desk_action_schema(
        operation_id="claims_assign",
        output=ds.DeskClaimSerializer,
        request=ds.DeskClaimAssignInputSerializer,
    )
)
class ClaimAssignApi(ClaimActionApi):
    """Assign the claim to a desk member (or to nobody with null)."""

    input_serializer = ds.DeskClaimAssignInputSerializer

    def run(self, obj: Claim, data: dict[str, Any]) -> Claim:
        return services.claim_assign(claim=obj, assignee=data["assignee"], actor=self.request.user)


@extend_schema(tags=["desk: claims"])
@extend_schema_view(
    post=desk_action_schema(operation_id="claims_dismiss", output=ds.DeskClaimSerializer)
)
class ClaimDismissApi(ClaimActionApi):
    """Dismiss the claim."""

    def run(self, obj: Claim, data: dict[str, Any]) -> Claim:
        return services.claim_dismiss(claim=obj, actor=self.request.user)


@extend_schema(tags=["desk: claims"])
@extend_schema_view(
    post=desk_action_schema(operation_id="claims_mark_checkworthy", output=ds.DeskClaimSerializer)
)
class ClaimMarkCheckworthyApi(ClaimActionApi):
    """Mark the claim check-worthy."""

    def run(self, obj: Claim, data: dict[str, Any]) -> Claim:
        return services.claim_mark_checkworthy(claim=obj, actor=self.request.user)


@extend_schema(tags=["desk: claims"])
@extend_schema_view(
    post=desk_action_schema(
        operation_id="claims_merge",
        output=ds.DeskClaimSerializer,
        request=ds.DeskClaimMergeInputSerializer,
    )
)
class ClaimMergeApi(ClaimActionApi):
    """Merge this claim into another; returns the surviving claim."""

    input_serializer = ds.DeskClaimMergeInputSerializer

    def run(self, obj: Claim, data: dict[str, Any]) -> Claim:
        return services.claim_merge(duplicate=obj, into=data["into"], actor=self.request.user)
