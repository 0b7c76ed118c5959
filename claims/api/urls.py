"""API routes under /api/v1/: the public read API and the desk API."""

from django.urls import path

from claims.api import desk, public

app_name = "api"

urlpatterns = [
    # Public (anonymous or newsroom API key).
    path("fact-checks/", public.FactCheckListApi.as_view(), name="fact_check_list"),
    path("fact-checks/feed/", public.DataFeedApi.as_view(), name="fact_check_feed"),
    path("fact-checks/<slug:slug>/", public.FactCheckDetailApi.as_view(), name="fact_check_detail"),
    path(
        "fact-checks/<slug:slug>/claimreview/",
        public.ClaimReviewApi.as_view(),
        name="fact_check_claimreview",
    ),
    path("speakers/", public.SpeakerListApi.as_view(), name="speaker_list"),
    path("speakers/<slug:slug>/", public.SpeakerDetailApi.as_view(), name="speaker_detail"),
    path("rating-scales/", public.RatingScaleListApi.as_view(), name="rating_scale_list"),
    # Desk (knox token, desk API key or admin session).
    path("auth/login/", desk.LoginApi.as_view(), name="login"),
    path("auth/logout/", desk.LogoutApi.as_view(), name="logout"),
    path("articles/", desk.ArticleIngestApi.as_view(), name="article_ingest"),
    path("desk/claims/", desk.ClaimListApi.as_view(), name="desk_claim_list"),
    path("desk/claims/<int:pk>/", desk.ClaimDetailApi.as_view(), name="desk_claim_detail"),
    path("desk/claims/<int:pk>/assign/", desk.ClaimAssignApi.as_view(), name="desk_claim_assign"),
    path(
        "desk/claims/<int:pk>/dismiss/", desk.ClaimDismissApi.as_view(), name="desk_claim_dismiss"
    ),
    path(
        "desk/claims/<int:pk>/mark-checkworthy/",
        desk.ClaimMarkCheckworthyApi.as_view(),
        name="desk_claim_mark_checkworthy",
    ),
    path("desk/claims/<int:pk>/merge/", desk.ClaimMergeApi.as_view(), name="desk_claim_merge"),
    path("desk/speakers/", desk.SpeakerListApi.as_view(), name="desk_speaker_list"),
    path("desk/speakers/<int:pk>/", desk.SpeakerDetailApi.as_view(), name="desk_speaker_detail"),
    path("desk/sources/", desk.SourceListApi.as_view(), name="desk_source_list"),
    path("desk/sources/<int:pk>/", desk.SourceDetailApi.as_view(), name="desk_source_detail"),
    path("desk/evidence/", desk.EvidenceListApi.as_view(), name="desk_evidence_list"),
    path("desk/evidence/<int:pk>/", desk.EvidenceDetailApi.as_view(), name="desk_evidence_detail"),
    path("desk/verdicts/", desk.VerdictListApi.as_view(), name="desk_verdict_list"),
    path("desk/verdicts/<int:pk>/", desk.VerdictDetailApi.as_view(), name="desk_verdict_detail"),
    path(
        "desk/verdicts/<int:pk>/submit/",
        desk.VerdictSubmitApi.as_view(),
        name="desk_verdict_submit",
    ),
    path(
        "desk/verdicts/<int:pk>/approve/",
        desk.VerdictApproveApi.as_view(),
        name="desk_verdict_approve",
    ),
    path(
        "desk/verdicts/<int:pk>/reject/",
        desk.VerdictRejectApi.as_view(),
        name="desk_verdict_reject",
    ),
    path(
        "desk/verdicts/<int:pk>/publish/",
        desk.VerdictPublishApi.as_view(),
        name="desk_verdict_publish",
    ),
    path(
        "desk/verdicts/<int:pk>/correct/",
        desk.VerdictCorrectApi.as_view(),
        name="desk_verdict_correct",
    ),
    path(
        "desk/verdicts/<int:pk>/retract/",
        desk.VerdictRetractApi.as_view(),
        name="desk_verdict_retract",
    ),
    path("desk/webhooks/", desk.WebhookListApi.as_view(), name="desk_webhook_list"),
    path("desk/webhooks/<int:pk>/", desk.WebhookDetailApi.as_view(), name="desk_webhook_detail"),
]
