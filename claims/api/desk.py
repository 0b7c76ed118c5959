"""The desk (staff) API: the same services and roles as the admin.

People authenticate with a knox token (``POST /api/v1/auth/login/``), integrations with a
desk-scoped API key that acts as its user. Views only translate HTTP: every write calls a
service in ``claims.services`` (or ``sources.services``/``integrations.services``), which
checks the actor's permission and the workflow rules. Editable objects carry an ETag and
refuse a PATCH without a matching ``If-Match`` (428/412), so two editors cannot overwrite
each other.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.contrib.auth import authenticate
from django.db import transaction
from django.db.models import Model, QuerySet
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from knox.models import AuthToken
from rest_framework import exceptions, permissions, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from claims import services
from claims.api import desk_serializers as ds
from claims.models import Claim, Evidence, Speaker, Verdict
from claims.services import edits
from factcheck.api import (
    ConditionalGetMixin,
    DeskCursorPagination,
    LoginAccountThrottle,
    LoginRateThrottle,
    PublicRateThrottle,
    check_if_match,
    error_responses,
)
from integrations.models import WebhookSubscription
from integrations.services import (
    webhook_subscription_create,
    webhook_subscription_delete,
    webhook_subscription_update,
)
from sources.models import Source
from sources.services import source_create, source_update

BAD_LOGIN = "Unable to log in with these credentials."
PUT_NEEDS_ALL = "PUT replaces every editable field; send this one too, or use PATCH."
READ_ERRORS = error_responses(401, 403, 404, 429)
LIST_ERRORS = error_responses(400, 401, 403, 429)
WRITE_ERRORS = error_responses(400, 401, 403, 404, 429)
PATCH_ERRORS = error_responses(400, 401, 403, 404, 412, 428, 429)


class DeskPermission(permissions.BasePermission):
    """A desk member holding the view permission of the endpoint's model.

    Read-only API keys authenticate no user, so they are refused here (403); the services
    check the finer write permissions (add/change/approve/publish/...).
    """

    def has_permission(self, request: Request, view: Any) -> bool:
        user = request.user
        if not (user and user.is_authenticated and user.is_active):
            return False
        return all(user.has_perm(p) for p in getattr(view, "required_perms", ()))


class DeskApi(ConditionalGetMixin, APIView):
    permission_classes = [DeskPermission]
    public_cache = False
    required_perms: ClassVar[tuple[str, ...]] = ()


class DeskListApi(DeskApi):
    """GET a cursor-paginated list; POST creates through ``create()``."""

    output_serializer: ClassVar[type[serializers.Serializer]]
    input_serializer: ClassVar[type[serializers.Serializer] | None] = None
    # What the 201 shows, when it says more than a read does (a webhook's secret, once).
    created_serializer: ClassVar[type[serializers.Serializer] | None] = None

    def get_queryset(self, request: Request) -> QuerySet:
        raise NotImplementedError

    def get(self, request: Request) -> Response:
        paginator = DeskCursorPagination()
        page = paginator.paginate_queryset(self.get_queryset(request), request, view=self)
        data = self.output_serializer(page, many=True, context={"request": request}).data
        return paginator.get_paginated_response(data)

    def post(self, request: Request) -> Response:
        if self.input_serializer is None:
            raise exceptions.MethodNotAllowed("POST")
        payload = self.input_serializer(data=request.data)
        payload.is_valid(raise_exception=True)
        obj = self.create(request, payload.validated_data)
        serializer = self.created_serializer or self.output_serializer
        data = serializer(obj, context={"request": request}).data
        return Response(data, status=status.HTTP_201_CREATED)

    def create(self, request: Request, data: dict[str, Any]) -> Model:
        raise NotImplementedError


class DeskDetailApi(DeskApi):
    """GET one object with its ETag; PATCH it with ``If-Match`` through ``update()``."""

    model: ClassVar[type[Model]]
    output_serializer: ClassVar[type[serializers.Serializer]]
    update_serializer: ClassVar[type[serializers.Serializer] | None] = None

    def get_queryset(self) -> QuerySet:
        return self.model.objects.all()

    def get_object(self, pk: int) -> Model:
        return get_object_or_404(self.get_queryset(), pk=pk)

    def represent(self, obj: Model) -> dict[str, Any]:
        return self.output_serializer(obj, context={"request": self.request}).data

    def get(self, request: Request, pk: int) -> Response:
        return Response(self.represent(self.get_object(pk)))

    def patch(self, request: Request, pk: int) -> Response:
        return self._write(request, pk, partial=True)

    def put(self, request: Request, pk: int) -> Response:
        """A full replacement of the editable fields: every one of them must be sent."""
        return self._write(request, pk, partial=False)

    def _write(self, request: Request, pk: int, *, partial: bool) -> Response:
        if self.update_serializer is None:
            raise exceptions.MethodNotAllowed(request.method)
        payload = self.update_serializer(data=request.data, partial=partial)
        if not partial and isinstance(request.data, dict):
            missing = set(payload.fields) - set(request.data)
            if missing:
                raise exceptions.ValidationError({name: [PUT_NEEDS_ALL] for name in missing})
        payload.is_valid(raise_exception=True)
        with transaction.atomic():
            # Lock the row so the If-Match check and the write see the same version.
            obj = get_object_or_404(self.get_queryset().select_for_update(of=("self",)), pk=pk)
            check_if_match(request, self.represent(obj))
            obj = self.update(request, obj, payload.validated_data)
        return Response(self.represent(obj))

    def update(self, request: Request, obj: Model, data: dict[str, Any]) -> Model:
        raise NotImplementedError


# Auth -----------------------------------------------------------------------------------


@extend_schema(
    tags=["desk: auth"],
    request=ds.DeskLoginInputSerializer,
    responses={200: ds.DeskTokenSerializer, **error_responses(400, 429)},
)
class LoginApi(APIView):
    """Exchange a desk member's username and password for a knox token."""

    authentication_classes: ClassVar[list] = []
    permission_classes = [permissions.AllowAny]
    throttle_classes = [PublicRateThrottle, LoginRateThrottle, LoginAccountThrottle]

    def post(self, request: Request) -> Response:
        payload = ds.DeskLoginInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        user = authenticate(request._request, **payload.validated_data)
        if user is None or not user.is_active:
            raise exceptions.ValidationError({"non_field_errors": [BAD_LOGIN]})
        instance, token = AuthToken.objects.create(user=user, prefix="fct_")
        return Response({"token": token, "expiry": instance.expiry})


@extend_schema(tags=["desk: auth"], request=None, responses={204: None, **error_responses(401)})
class LogoutApi(APIView):
    """Revoke the knox token this request was made with."""

    permission_classes = [permissions.IsAuthenticated]

    def post(self, request: Request) -> Response:
        if not isinstance(request.auth, AuthToken):
            raise exceptions.NotAuthenticated("Log out needs a token.")
        request.auth.delete()
        return Response(status=status.HTTP_204_NO_CONTENT)


# Claims ---------------------------------------------------------------------------------

CLAIM_FILTERS = [
    OpenApiParameter("status", str, enum=Claim.Status.values),
    OpenApiParameter("assigned_to_me", bool),
    OpenApiParameter("cursor", str),
    OpenApiParameter("page_size", int),
]


def _claims() -> QuerySet[Claim]:
    return Claim.objects.select_related("claimant", "assignee")


@extend_schema(tags=["desk: claims"])
class ClaimListApi(DeskListApi):
    required_perms = ("claims.view_claim",)
    output_serializer = ds.DeskClaimSerializer
    input_serializer = ds.DeskClaimCreateInputSerializer

    def get_queryset(self, request: Request) -> QuerySet[Claim]:
        queryset = _claims()
        wanted = request.query_params.get("status")
        if wanted:
            if wanted not in Claim.Status.values:
                raise exceptions.ValidationError({"status": ["Unknown status."]})
            queryset = queryset.filter(status=wanted)
        if request.query_params.get("assigned_to_me") in ("true", "1"):
            queryset = queryset.filter(assignee=request.user)
        return queryset

    @extend_schema(
        operation_id="desk_claims_list",
        parameters=CLAIM_FILTERS,
        responses={200: ds.DeskClaimPageSerializer, **LIST_ERRORS},
    )
    def get(self, request: Request) -> Response:
        return super().get(request)

    @extend_schema(
        request=ds.DeskClaimCreateInputSerializer,
        responses={201: ds.DeskClaimSerializer, **WRITE_ERRORS},
    )
    def post(self, request: Request) -> Response:
        return super().post(request)

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

    @extend_schema(responses={200: ds.DeskClaimSerializer, **READ_ERRORS})
    def get(self, request: Request, pk: int) -> Response:
        return super().get(request, pk)

    @extend_schema(
        request=ds.DeskClaimUpdateInputSerializer,
        responses={200: ds.DeskClaimSerializer, **PATCH_ERRORS},
    )
    def patch(self, request: Request, pk: int) -> Response:
        return super().patch(request, pk)

    @extend_schema(
        request=ds.DeskClaimUpdateInputSerializer,
        responses={200: ds.DeskClaimSerializer, **PATCH_ERRORS},
    )
    def put(self, request: Request, pk: int) -> Response:
        return super().put(request, pk)

    def update(self, request: Request, obj: Claim, data: dict[str, Any]) -> Claim:
        return edits.claim_update(claim=obj, actor=request.user, **data)


def _action_api(
    *,
    name: str,
    model: type[Model],
    output: type[serializers.Serializer],
    run,
    perms: tuple[str, ...],
    tag: str,
    payload: type[serializers.Serializer] | None = None,
    created: bool = False,
    doc: str = "",
) -> type[APIView]:
    """A POST endpoint that runs one workflow service on one object."""

    @extend_schema(
        tags=[tag],
        request=payload,
        responses={(201 if created else 200): output, **error_responses(400, 401, 403, 404, 429)},
        operation_id=f"{tag.split(': ')[1]}_{name}",
    )
    def post(self, request: Request, pk: int) -> Response:
        obj = get_object_or_404(model.objects.all(), pk=pk)
        data: dict[str, Any] = {}
        if payload is not None:
            serializer = payload(data=request.data)
            serializer.is_valid(raise_exception=True)
            data = dict(serializer.validated_data)
        result = run(obj, request.user, data)
        body = output(result, context={"request": request}).data
        return Response(body, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)

    attrs = {"post": post, "required_perms": perms, "__doc__": doc or f"{name} (workflow)."}
    return type(f"{model.__name__}{name.title().replace('_', '')}Api", (DeskApi,), attrs)


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


# Speakers -------------------------------------------------------------------------------


@extend_schema(tags=["desk: speakers"])
class SpeakerListApi(DeskListApi):
    required_perms = ("claims.view_speaker",)
    output_serializer = ds.DeskSpeakerSerializer
    input_serializer = ds.DeskSpeakerCreateInputSerializer

    def get_queryset(self, request: Request) -> QuerySet[Speaker]:
        return Speaker.objects.all()

    @extend_schema(
        operation_id="desk_speakers_list",
        responses={200: ds.DeskSpeakerPageSerializer, **LIST_ERRORS},
    )
    def get(self, request: Request) -> Response:
        return super().get(request)

    @extend_schema(
        request=ds.DeskSpeakerCreateInputSerializer,
        responses={201: ds.DeskSpeakerSerializer, **WRITE_ERRORS},
    )
    def post(self, request: Request) -> Response:
        return super().post(request)

    def create(self, request: Request, data: dict[str, Any]) -> Speaker:
        speaker, _ = services.speaker_get_or_create(actor=request.user, **data)
        return speaker


@extend_schema(tags=["desk: speakers"])
class SpeakerDetailApi(DeskDetailApi):
    required_perms = ("claims.view_speaker",)
    model = Speaker
    output_serializer = ds.DeskSpeakerSerializer
    update_serializer = ds.DeskSpeakerUpdateInputSerializer

    @extend_schema(responses={200: ds.DeskSpeakerSerializer, **READ_ERRORS})
    def get(self, request: Request, pk: int) -> Response:
        return super().get(request, pk)

    @extend_schema(
        request=ds.DeskSpeakerUpdateInputSerializer,
        responses={200: ds.DeskSpeakerSerializer, **PATCH_ERRORS},
    )
    def patch(self, request: Request, pk: int) -> Response:
        return super().patch(request, pk)

    @extend_schema(
        request=ds.DeskSpeakerUpdateInputSerializer,
        responses={200: ds.DeskSpeakerSerializer, **PATCH_ERRORS},
    )
    def put(self, request: Request, pk: int) -> Response:
        return super().put(request, pk)

    def update(self, request: Request, obj: Speaker, data: dict[str, Any]) -> Speaker:
        return edits.speaker_update(speaker=obj, actor=request.user, **data)


# Sources --------------------------------------------------------------------------------


@extend_schema(tags=["desk: sources"])
class SourceListApi(DeskListApi):
    required_perms = ("sources.view_source",)
    output_serializer = ds.DeskSourceSerializer
    input_serializer = ds.DeskSourceInputSerializer

    def get_queryset(self, request: Request) -> QuerySet[Source]:
        return Source.objects.all()

    @extend_schema(
        operation_id="desk_sources_list",
        responses={200: ds.DeskSourcePageSerializer, **LIST_ERRORS},
    )
    def get(self, request: Request) -> Response:
        return super().get(request)

    @extend_schema(
        request=ds.DeskSourceInputSerializer,
        responses={201: ds.DeskSourceSerializer, **WRITE_ERRORS},
    )
    def post(self, request: Request) -> Response:
        return super().post(request)

    def create(self, request: Request, data: dict[str, Any]) -> Source:
        return source_create(actor=request.user, **data)


@extend_schema(tags=["desk: sources"])
class SourceDetailApi(DeskDetailApi):
    required_perms = ("sources.view_source",)
    model = Source
    output_serializer = ds.DeskSourceSerializer
    update_serializer = ds.DeskSourceInputSerializer

    @extend_schema(responses={200: ds.DeskSourceSerializer, **READ_ERRORS})
    def get(self, request: Request, pk: int) -> Response:
        return super().get(request, pk)

    @extend_schema(
        request=ds.DeskSourceInputSerializer,
        responses={200: ds.DeskSourceSerializer, **PATCH_ERRORS},
    )
    def patch(self, request: Request, pk: int) -> Response:
        return super().patch(request, pk)

    @extend_schema(
        request=ds.DeskSourceInputSerializer,
        responses={200: ds.DeskSourceSerializer, **PATCH_ERRORS},
    )
    def put(self, request: Request, pk: int) -> Response:
        return super().put(request, pk)

    def update(self, request: Request, obj: Source, data: dict[str, Any]) -> Source:
        return source_update(source=obj, actor=request.user, **data)


# Evidence -------------------------------------------------------------------------------


@extend_schema(tags=["desk: evidence"])
class EvidenceListApi(DeskListApi):
    required_perms = ("claims.view_evidence",)
    output_serializer = ds.DeskEvidenceSerializer
    input_serializer = ds.DeskEvidenceCreateInputSerializer

    def get_queryset(self, request: Request) -> QuerySet[Evidence]:
        queryset = Evidence.objects.select_related("added_by")
        claim = request.query_params.get("claim")
        if claim:
            if not claim.isdigit():
                raise exceptions.ValidationError({"claim": ["A claim id."]})
            queryset = queryset.filter(claim_id=int(claim))
        return queryset

    @extend_schema(
        operation_id="desk_evidence_list",
        parameters=[OpenApiParameter("claim", int), OpenApiParameter("cursor", str)],
        responses={200: ds.DeskEvidencePageSerializer, **LIST_ERRORS},
    )
    def get(self, request: Request) -> Response:
        return super().get(request)

    @extend_schema(
        request=ds.DeskEvidenceCreateInputSerializer,
        responses={201: ds.DeskEvidenceSerializer, **WRITE_ERRORS},
    )
    def post(self, request: Request) -> Response:
        return super().post(request)

    def create(self, request: Request, data: dict[str, Any]) -> Evidence:
        return services.evidence_add(actor=request.user, **data)


@extend_schema(tags=["desk: evidence"])
class EvidenceDetailApi(DeskDetailApi):
    required_perms = ("claims.view_evidence",)
    model = Evidence
    output_serializer = ds.DeskEvidenceSerializer
    http_method_names = ["get", "delete", "head", "options"]

    @extend_schema(responses={200: ds.DeskEvidenceSerializer, **READ_ERRORS})
    def get(self, request: Request, pk: int) -> Response:
        return super().get(request, pk)

    @extend_schema(responses={204: None, **WRITE_ERRORS})
    def delete(self, request: Request, pk: int) -> Response:
        edits.evidence_remove(evidence=self.get_object(pk), actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


# Verdicts -------------------------------------------------------------------------------


def _verdicts() -> QuerySet[Verdict]:
    return Verdict.objects.select_related("rating", "author", "approved_by", "published_by")


@extend_schema(tags=["desk: verdicts"])
class VerdictListApi(DeskListApi):
    required_perms = ("claims.view_verdict",)
    output_serializer = ds.DeskVerdictSerializer
    input_serializer = ds.DeskVerdictCreateInputSerializer

    def get_queryset(self, request: Request) -> QuerySet[Verdict]:
        queryset = _verdicts()
        wanted = request.query_params.get("status")
        if wanted:
            if wanted not in Verdict.Status.values:
                raise exceptions.ValidationError({"status": ["Unknown status."]})
            queryset = queryset.filter(status=wanted)
        return queryset

    @extend_schema(
        operation_id="desk_verdicts_list",
        parameters=[
            OpenApiParameter("status", str, enum=Verdict.Status.values),
            OpenApiParameter("cursor", str),
        ],
        responses={200: ds.DeskVerdictPageSerializer, **LIST_ERRORS},
    )
    def get(self, request: Request) -> Response:
        return super().get(request)

    @extend_schema(
        request=ds.DeskVerdictCreateInputSerializer,
        responses={201: ds.DeskVerdictSerializer, **WRITE_ERRORS},
    )
    def post(self, request: Request) -> Response:
        return super().post(request)

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

    @extend_schema(responses={200: ds.DeskVerdictSerializer, **READ_ERRORS})
    def get(self, request: Request, pk: int) -> Response:
        return super().get(request, pk)

    @extend_schema(
        request=ds.DeskVerdictUpdateInputSerializer,
        responses={200: ds.DeskVerdictSerializer, **PATCH_ERRORS},
    )
    def patch(self, request: Request, pk: int) -> Response:
        return super().patch(request, pk)

    @extend_schema(
        request=ds.DeskVerdictUpdateInputSerializer,
        responses={200: ds.DeskVerdictSerializer, **PATCH_ERRORS},
    )
    def put(self, request: Request, pk: int) -> Response:
        return super().put(request, pk)

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
    lambda v, u, d: services.verdict_reject(verdict=v, actor=u),
    doc="Send a submitted or approved verdict back to draft.",
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


# Webhooks -------------------------------------------------------------------------------


@extend_schema(tags=["desk: webhooks"])
class WebhookListApi(DeskListApi):
    required_perms = ("integrations.view_webhooksubscription",)
    output_serializer = ds.DeskWebhookSubscriptionSerializer
    input_serializer = ds.DeskWebhookCreateInputSerializer
    created_serializer = ds.DeskWebhookCreatedSerializer

    def get_queryset(self, request: Request) -> QuerySet[WebhookSubscription]:
        return WebhookSubscription.objects.all()

    @extend_schema(
        operation_id="desk_webhooks_list",
        responses={200: ds.DeskWebhookPageSerializer, **LIST_ERRORS},
    )
    def get(self, request: Request) -> Response:
        return super().get(request)

    @extend_schema(
        request=ds.DeskWebhookCreateInputSerializer,
        responses={201: ds.DeskWebhookCreatedSerializer, **WRITE_ERRORS},
    )
    def post(self, request: Request) -> Response:
        return super().post(request)

    def create(self, request: Request, data: dict[str, Any]) -> WebhookSubscription:
        return webhook_subscription_create(actor=request.user, **data)


@extend_schema(tags=["desk: webhooks"])
class WebhookDetailApi(DeskDetailApi):
    required_perms = ("integrations.view_webhooksubscription",)
    model = WebhookSubscription
    output_serializer = ds.DeskWebhookSubscriptionSerializer
    update_serializer = ds.DeskWebhookUpdateInputSerializer

    @extend_schema(responses={200: ds.DeskWebhookSubscriptionSerializer, **READ_ERRORS})
    def get(self, request: Request, pk: int) -> Response:
        return super().get(request, pk)

    @extend_schema(
        request=ds.DeskWebhookUpdateInputSerializer,
        responses={200: ds.DeskWebhookSubscriptionSerializer, **PATCH_ERRORS},
    )
    def patch(self, request: Request, pk: int) -> Response:
        return super().patch(request, pk)

    @extend_schema(
        request=ds.DeskWebhookUpdateInputSerializer,
        responses={200: ds.DeskWebhookSubscriptionSerializer, **PATCH_ERRORS},
    )
    def put(self, request: Request, pk: int) -> Response:
        return super().put(request, pk)

    def update(self, request, obj: WebhookSubscription, data) -> WebhookSubscription:
        return webhook_subscription_update(subscription=obj, actor=request.user, **data)

    @extend_schema(responses={204: None, **WRITE_ERRORS})
    def delete(self, request: Request, pk: int) -> Response:
        webhook_subscription_delete(subscription=self.get_object(pk), actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


# Articles -------------------------------------------------------------------------------


def _ingest_body(source: Source, created: bool, request: Request) -> dict[str, Any]:
    from claims.models import Appearance

    appearances = (
        Appearance.objects.filter(source=source)
        .select_related("claim__claimant", "claim__assignee")
        .order_by("start", "id")
    )
    by_claim: dict[int, dict[str, Any]] = {}
    for appearance in appearances:
        entry = by_claim.setdefault(appearance.claim_id, {"claim": appearance.claim, "spans": []})
        entry["spans"].append(appearance)
    return ds.DeskIngestResultSerializer(
        {"source": source, "created": created, "claims": list(by_claim.values())},
        context={"request": request},
    ).data


@extend_schema(
    tags=["desk: articles"],
    request=ds.DeskArticleInputSerializer,
    responses={
        201: ds.DeskIngestResultSerializer,
        200: ds.DeskIngestResultSerializer,
        **error_responses(400, 401, 403, 429),
    },
)
class ArticleIngestApi(DeskApi):
    """Ingest an article (text, Markdown or HTML) through the same service as the admin.

    Idempotent: sending the same URL or the same text again returns the stored source and
    its claims with 200 instead of 201.
    """

    required_perms = ("sources.add_source", "claims.add_claim")

    def post(self, request: Request) -> Response:
        from claims.services.ingest import source_ingest

        payload = ds.DeskArticleInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = dict(payload.validated_data)
        result = source_ingest(
            text=data["text"],
            fmt=data["format"],
            url=data.get("url"),
            title=data["title"],
            published_at=data.get("published_at"),
            publisher_name=data["publisher_name"],
            language=data["language"],
            actor=request.user,
        )
        return Response(
            _ingest_body(result.source, result.created, request),
            status=status.HTTP_201_CREATED if result.created else status.HTTP_200_OK,
        )
