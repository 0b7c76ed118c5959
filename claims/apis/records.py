"""Speakers, sources and evidence."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response

from claims import serializers as ds
from claims import services
from claims.models import Evidence, Speaker
from claims.services import edits
from claims.services.sources import source_update
from factcheck.api import ID_PARAMETER_SCHEMA
from factcheck.desk_api import (
    WRITE_ERRORS,
    DeskDetailApi,
    DeskListApi,
    query_id,
)
from sources.models import Source
from sources.services import source_create

# Speakers -------------------------------------------------------------------------------


@extend_schema(tags=["desk: speakers"])
class SpeakerListApi(DeskListApi):
    required_perms = ("claims.view_speaker",)
    output_serializer = ds.DeskSpeakerSerializer
    input_serializer = ds.DeskSpeakerCreateInputSerializer
    page_serializer = ds.DeskSpeakerPageSerializer
    list_operation_id = "desk_speakers_list"

    def get_queryset(self, request: Request) -> QuerySet[Speaker]:
        return Speaker.objects.all()

    def create(self, request: Request, data: dict[str, Any]) -> Speaker:
        speaker, _ = services.speaker_get_or_create(actor=request.user, **data)
        return speaker


@extend_schema(tags=["desk: speakers"])
class SpeakerDetailApi(DeskDetailApi):
    required_perms = ("claims.view_speaker",)
    model = Speaker
    output_serializer = ds.DeskSpeakerSerializer
    update_serializer = ds.DeskSpeakerUpdateInputSerializer

    def update(self, request: Request, obj: Speaker, data: dict[str, Any]) -> Speaker:
        return edits.speaker_update(speaker=obj, actor=request.user, **data)


# Sources --------------------------------------------------------------------------------


@extend_schema(tags=["desk: sources"])
class SourceListApi(DeskListApi):
    required_perms = ("sources.view_source",)
    output_serializer = ds.DeskSourceSerializer
    input_serializer = ds.DeskSourceInputSerializer
    page_serializer = ds.DeskSourcePageSerializer
    list_operation_id = "desk_sources_list"

    def get_queryset(self, request: Request) -> QuerySet[Source]:
        return Source.objects.all()

    def create(self, request: Request, data: dict[str, Any]) -> Source:
        return source_create(actor=request.user, **data)


@extend_schema(tags=["desk: sources"])
class SourceDetailApi(DeskDetailApi):
    required_perms = ("sources.view_source",)
    model = Source
    output_serializer = ds.DeskSourceSerializer
    update_serializer = ds.DeskSourceInputSerializer

    def update(self, request: Request, obj: Source, data: dict[str, Any]) -> Source:
        return source_update(source=obj, actor=request.user, **data)


# Evidence -------------------------------------------------------------------------------


@extend_schema(tags=["desk: evidence"])
class EvidenceListApi(DeskListApi):
    required_perms = ("claims.view_evidence",)
    output_serializer = ds.DeskEvidenceSerializer
    input_serializer = ds.DeskEvidenceCreateInputSerializer
    page_serializer = ds.DeskEvidencePageSerializer
    list_operation_id = "desk_evidence_list"
    list_parameters = [
        OpenApiParameter("claim", ID_PARAMETER_SCHEMA),
        OpenApiParameter("cursor", str),
    ]

    def get_queryset(self, request: Request) -> QuerySet[Evidence]:
        queryset = Evidence.objects.select_related("added_by")
        claim = query_id(request, "claim")
        if claim is not None:
            queryset = queryset.filter(claim_id=claim)
        return queryset

    def create(self, request: Request, data: dict[str, Any]) -> Evidence:
        return services.evidence_add(actor=request.user, **data)


@extend_schema(tags=["desk: evidence"])
class EvidenceDetailApi(DeskDetailApi):
    required_perms = ("claims.view_evidence",)
    model = Evidence
    output_serializer = ds.DeskEvidenceSerializer
    http_method_names = ["get", "delete", "head", "options"]

    @extend_schema(responses={204: None, **WRITE_ERRORS})
    def delete(self, request: Request, pk: int) -> Response:
        edits.evidence_remove(evidence=self.get_object(pk), actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)
