"""Verdicts and their workflow steps."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import exceptions

from claims import serializers as ds
from claims import services
from claims.models import Verdict
from factcheck.desk_api import (
    DeskActionApi,
    DeskDetailApi,
    DeskListApi,
    desk_action_schema,
    desk_detail_schema,
    desk_list_schema,
)

# Verdicts -------------------------------------------------------------------------------

VERDICT_FILTERS = [
    OpenApiParameter("status", str, enum=Verdict.Status.values),
    OpenApiParameter("cursor", str),
]
VERDICT_PERMS = ("claims.view_verdict",)


def _verdicts() -> QuerySet[Verdict]:
    return Verdict.objects.select_related("rating", "author", "approved_by", "published_by")


@extend_schema(tags=["desk: verdicts"])
@extend_schema_view(
    **desk_list_schema(
        operation_id="desk_verdicts_list",
        page=ds.DeskVerdictPageSerializer,
        parameters=VERDICT_FILTERS,
        request=ds.DeskVerdictCreateInputSerializer,
        created=ds.DeskVerdictSerializer,
    )
)
class VerdictListApi(DeskListApi):
    required_perms = VERDICT_PERMS
    queryset = _verdicts()
    serializer_class = ds.DeskVerdictSerializer
    input_serializer = ds.DeskVerdictCreateInputSerializer
    list_parameters = VERDICT_FILTERS

    def get_queryset(self) -> QuerySet[Verdict]:
        queryset = super().get_queryset()
        wanted = self.request.query_params.get("status")
        if wanted:
            if wanted not in Verdict.Status.values:
                raise exceptions.ValidationError({"status": ["Unknown status."]})
            queryset = queryset.filter(status=wanted)
        return queryset

    def create_object(self, data: dict[str, Any]) -> Verdict:
        return services.verdict_create(author=self.request.user, **data)


@extend_schema(tags=["desk: verdicts"])
@extend_schema_view(
    **desk_detail_schema(ds.DeskVerdictSerializer, ds.DeskVerdictUpdateInputSerializer)
)
class VerdictDetailApi(DeskDetailApi):
    required_perms = VERDICT_PERMS
    queryset = _verdicts()
    serializer_class = ds.DeskVerdictSerializer
    update_serializer = ds.DeskVerdictUpdateInputSerializer

    def update_object(self, obj: Verdict, data: dict[str, Any]) -> Verdict:
        return services.verdict_update(verdict=obj, actor=self.request.user, **data)


class VerdictActionApi(DeskActionApi):
    # No docstring: each action's own is its description in the schema.
    required_perms = VERDICT_PERMS
    queryset = Verdict.objects.all()
    serializer_class = ds.DeskVerdictSerializer


@extend_schema(tags=["desk: verdicts"])
@extend_schema_view(
    post=desk_action_schema(
        operation_id="verdicts_submit",
        output=ds.DeskVerdictSerializer,
    )
)
class VerdictSubmitApi(VerdictActionApi):
    """Submit a draft."""

    def run(self, obj: Verdict, data: dict[str, Any]) -> Verdict:
        return services.verdict_submit(verdict=obj, actor=self.request.user)


@extend_schema(tags=["desk: verdicts"])
@extend_schema_view(
    post=desk_action_schema(
        operation_id="verdicts_approve",
        output=ds.DeskVerdictSerializer,
    )
)
class VerdictApproveApi(VerdictActionApi):
    """Approve a submitted verdict (never your own)."""

    def run(self, obj: Verdict, data: dict[str, Any]) -> Verdict:
        return services.verdict_approve(verdict=obj, actor=self.request.user)


@extend_schema(tags=["desk: verdicts"])
@extend_schema_view(
    post=desk_action_schema(
        operation_id="verdicts_reject",
        output=ds.DeskVerdictSerializer,
        request=ds.DeskVerdictRejectInputSerializer,
    )
)
class VerdictRejectApi(VerdictActionApi):
    """Send a submitted or approved verdict back to draft, with the reason its author reads."""

    input_serializer = ds.DeskVerdictRejectInputSerializer

    def run(self, obj: Verdict, data: dict[str, Any]) -> Verdict:
        return services.verdict_reject(verdict=obj, actor=self.request.user, reason=data["reason"])


@extend_schema(tags=["desk: verdicts"])
@extend_schema_view(
    post=desk_action_schema(
        operation_id="verdicts_withdraw",
        output=ds.DeskVerdictSerializer,
    )
)
class VerdictWithdrawApi(VerdictActionApi):
    """The author takes a submitted verdict back to draft."""

    def run(self, obj: Verdict, data: dict[str, Any]) -> Verdict:
        return services.verdict_withdraw(verdict=obj, actor=self.request.user)


@extend_schema(tags=["desk: verdicts"])
@extend_schema_view(
    post=desk_action_schema(
        operation_id="verdicts_publish",
        output=ds.DeskVerdictSerializer,
    )
)
class VerdictPublishApi(VerdictActionApi):
    """Publish an approved verdict."""

    def run(self, obj: Verdict, data: dict[str, Any]) -> Verdict:
        return services.verdict_publish(verdict=obj, actor=self.request.user)


@extend_schema(tags=["desk: verdicts"])
@extend_schema_view(
    post=desk_action_schema(
        operation_id="verdicts_correct",
        output=ds.DeskVerdictSerializer,
        request=ds.DeskVerdictCorrectInputSerializer,
        created=True,
    )
)
class VerdictCorrectApi(VerdictActionApi):
    """Start a correction of a published verdict (a new draft version with a public note)."""

    input_serializer = ds.DeskVerdictCorrectInputSerializer
    created = True

    def run(self, obj: Verdict, data: dict[str, Any]) -> Verdict:
        return services.verdict_correct(
            verdict=obj,
            actor=self.request.user,
            kind=data.pop("kind"),
            note=data.pop("note"),
            **data,
        )


@extend_schema(tags=["desk: verdicts"])
@extend_schema_view(
    post=desk_action_schema(
        operation_id="verdicts_retract",
        output=ds.DeskVerdictSerializer,
        request=ds.DeskVerdictRetractInputSerializer,
        created=True,
    )
)
class VerdictRetractApi(VerdictActionApi):
    """Retract a published verdict at once; returns the public retraction notice."""

    input_serializer = ds.DeskVerdictRetractInputSerializer
    created = True

    def run(self, obj: Verdict, data: dict[str, Any]) -> Verdict:
        return services.verdict_retract(verdict=obj, actor=self.request.user, note=data["note"])
