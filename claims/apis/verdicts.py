"""Verdicts and their workflow steps."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions
from rest_framework.request import Request
from rest_framework.views import APIView

from claims import serializers as ds
from claims import services
from claims.models import Verdict
from factcheck.desk_api import (
    DeskDetailApi,
    DeskListApi,
    _action_api,
)

# Verdicts -------------------------------------------------------------------------------


def _verdicts() -> QuerySet[Verdict]:
    return Verdict.objects.select_related("rating", "author", "approved_by", "published_by")


@extend_schema(tags=["desk: verdicts"])
class VerdictListApi(DeskListApi):
    required_perms = ("claims.view_verdict",)
    output_serializer = ds.DeskVerdictSerializer
    input_serializer = ds.DeskVerdictCreateInputSerializer
    page_serializer = ds.DeskVerdictPageSerializer
    list_operation_id = "desk_verdicts_list"
    list_parameters = [
        OpenApiParameter("status", str, enum=Verdict.Status.values),
        OpenApiParameter("cursor", str),
    ]

    def get_queryset(self, request: Request) -> QuerySet[Verdict]:
        queryset = _verdicts()
        wanted = request.query_params.get("status")
        if wanted:
            if wanted not in Verdict.Status.values:
                raise exceptions.ValidationError({"status": ["Unknown status."]})
            queryset = queryset.filter(status=wanted)
        return queryset

    def create(self, request: Request, data: dict[str, Any]) -> Verdict:
        return services.verdict_create(author=request.user, **data)


@extend_schema(tags=["desk: verdicts"])
class VerdictDetailApi(DeskDetailApi):
    required_perms = ("claims.view_verdict",)
    model = Verdict
    output_serializer = ds.DeskVerdictSerializer
    update_serializer = ds.DeskVerdictUpdateInputSerializer

    def get_queryset(self) -> QuerySet[Verdict]:
        return _verdicts()

    def update(self, request: Request, obj: Verdict, data: dict[str, Any]) -> Verdict:
        return services.verdict_update(verdict=obj, actor=request.user, **data)


def _verdict_action(name: str, run, payload=None, created=False, doc="") -> type[APIView]:
    return _action_api(
        name=name,
        model=Verdict,
        output=ds.DeskVerdictSerializer,
        run=run,
        perms=("claims.view_verdict",),
        tag="desk: verdicts",
        payload=payload,
        created=created,
        doc=doc,
    )


VerdictSubmitApi = _verdict_action(
    "submit", lambda v, u, d: services.verdict_submit(verdict=v, actor=u), doc="Submit a draft."
)
VerdictApproveApi = _verdict_action(
    "approve",
    lambda v, u, d: services.verdict_approve(verdict=v, actor=u),
    doc="Approve a submitted verdict (never your own).",
)
VerdictRejectApi = _verdict_action(
    "reject",
    lambda v, u, d: services.verdict_reject(verdict=v, actor=u, reason=d["reason"]),
    ds.DeskVerdictRejectInputSerializer,
    doc="Send a submitted or approved verdict back to draft, with the reason its author reads.",
)
VerdictWithdrawApi = _verdict_action(
    "withdraw",
    lambda v, u, d: services.verdict_withdraw(verdict=v, actor=u),
    doc="The author takes a submitted verdict back to draft.",
)
VerdictPublishApi = _verdict_action(
    "publish",
    lambda v, u, d: services.verdict_publish(verdict=v, actor=u),
    doc="Publish an approved verdict.",
)
VerdictCorrectApi = _verdict_action(
    "correct",
    lambda v, u, d: services.verdict_correct(
        verdict=v, actor=u, kind=d.pop("kind"), note=d.pop("note"), **d
    ),
    ds.DeskVerdictCorrectInputSerializer,
    created=True,
    doc="Start a correction of a published verdict (a new draft version with a public note).",
)
VerdictRetractApi = _verdict_action(
    "retract",
    lambda v, u, d: services.verdict_retract(verdict=v, actor=u, note=d["note"]),
    ds.DeskVerdictRetractInputSerializer,
    created=True,
    doc="Retract a published verdict at once; returns the public retraction notice.",
)
