"""Speakers, sources and evidence."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
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
    desk_detail_schema,
    desk_list_schema,
    query_id,
)
from sources.models import Source
from sources.services import source_create

# Speakers -------------------------------------------------------------------------------


@extend_schema(tags=["desk: speakers"])
@extend_schema_view(
    **desk_list_schema(
        operation_id="desk_speakers_list",
        page=ds.DeskSpeakerPageSerializer,
        request=ds.DeskSpeakerCreateInputSerializer,
        created=ds.DeskSpeakerSerializer,
    )
)
class SpeakerListApi(DeskListApi):
    required_perms = ("claims.view_speaker",)
    queryset = Speaker.objects.all()
    serializer_class = ds.DeskSpeakerSerializer
    input_serializer = ds.DeskSpeakerCreateInputSerializer

    def create_object(self, data: dict[str, Any]) -> Speaker:
        speaker, _ = services.speaker_get_or_create(actor=self.request.user, **data)
        return speaker


@extend_schema(tags=["desk: speakers"])
@extend_schema_view(
    **desk_detail_schema(ds.DeskSpeakerSerializer, ds.DeskSpeakerUpdateInputSerializer)
)
class SpeakerDetailApi(DeskDetailApi):
    required_perms = ("claims.view_speaker",)
    queryset = Speaker.objects.all()
    serializer_class = ds.DeskSpeakerSerializer
    update_serializer = ds.DeskSpeakerUpdateInputSerializer

    def update_object(self, obj: Speaker, data: dict[str, Any]) -> Speaker:
        return edits.speaker_update(speaker=obj, actor=self.request.user, **data)


# Sources --------------------------------------------------------------------------------


@extend_schema(tags=["desk: sources"])
@extend_schema_view(
    **desk_list_schema(
        operation_id="desk_sources_list",
        page=ds.DeskSourcePageSerializer,
        request=ds.DeskSourceInputSerializer,
        created=ds.DeskSourceSerializer,
    )
)
class SourceListApi(DeskListApi):
    required_perms = ("sources.view_source",)
    queryset = Source.objects.all()
    serializer_class = ds.DeskSourceSerializer
    input_serializer = ds.DeskSourceInputSerializer

    def create_object(self, data: dict[str, Any]) -> Source:
        return source_create(actor=self.request.user, **data)


@extend_schema(tags=["desk: sources"])
@extend_schema_view(**desk_detail_schema(ds.DeskSourceSerializer, ds.DeskSourceInputSerializer))
class SourceDetailApi(DeskDetailApi):
    required_perms = ("sources.view_source",)
    queryset = Source.objects.all()
    serializer_class = ds.DeskSourceSerializer
    update_serializer = ds.DeskSourceInputSerializer

    def update_object(self, obj: Source, data: dict[str, Any]) -> Source:
        return source_update(source=obj, actor=self.request.user, **data)


# Evidence -------------------------------------------------------------------------------

EVIDENCE_FILTERS = [
    OpenApiParameter("claim", ID_PARAMETER_SCHEMA),
    OpenApiParameter("cursor", str),
]


@extend_schema(tags=["desk: evidence"])
@extend_schema_view(
    **desk_list_schema(
        operation_id="desk_evidence_list",
        page=ds.DeskEvidencePageSerializer,
        parameters=EVIDENCE_FILTERS,
        request=ds.DeskEvidenceCreateInputSerializer,
        created=ds.DeskEvidenceSerializer,
    )
)
class EvidenceListApi(DeskListApi):
    required_perms = ("claims.view_evidence",)
    queryset = Evidence.objects.select_related("added_by")
    serializer_class = ds.DeskEvidenceSerializer
    input_serializer = ds.DeskEvidenceCreateInputSerializer
    list_parameters = EVIDENCE_FILTERS

    def get_queryset(self) -> QuerySet[Evidence]:
        queryset = super().get_queryset()
        claim = query_id(self.request, "claim")
        if claim is not None:
            queryset = queryset.filter(claim_id=claim)
        return queryset

    def create_object(self, data: dict[str, Any]) -> Evidence:
        return services.evidence_add(actor=self.request.user, **data)


@extend_schema(tags=["desk: evidence"])
@extend_schema_view(**desk_detail_schema(ds.DeskEvidenceSerializer))
class EvidenceDetailApi(DeskDetailApi):
    required_perms = ("claims.view_evidence",)
    queryset = Evidence.objects.all()
    serializer_class = ds.DeskEvidenceSerializer
    http_method_names = ["get", "delete", "head", "options"]

    @extend_schema(responses={204: None, **WRITE_ERRORS})
    def delete(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        edits.evidence_remove(evidence=self.get_object(), actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)
