"""The desk API (knox token, desk API key or admin session) (under /api/v1/)."""

from django.urls import path

from claims import apis

urlpatterns = [
    path("auth/login/", apis.LoginApi.as_view(), name="login"),
    path("auth/logout/", apis.LogoutApi.as_view(), name="logout"),
    path("desk/claims/", apis.ClaimListApi.as_view(), name="desk_claim_list"),
    path("desk/claims/<int:pk>/", apis.ClaimDetailApi.as_view(), name="desk_claim_detail"),
    path("desk/claims/<int:pk>/assign/", apis.ClaimAssignApi.as_view(), name="desk_claim_assign"),
    path(
        "desk/claims/<int:pk>/dismiss/", apis.ClaimDismissApi.as_view(), name="desk_claim_dismiss"
    ),
    path(
        "desk/claims/<int:pk>/mark-checkworthy/",
        apis.ClaimMarkCheckworthyApi.as_view(),
        name="desk_claim_mark_checkworthy",
    ),
    path("desk/claims/<int:pk>/merge/", apis.ClaimMergeApi.as_view(), name="desk_claim_merge"),
    path("desk/speakers/", apis.SpeakerListApi.as_view(), name="desk_speaker_list"),
    path("desk/speakers/<int:pk>/", apis.SpeakerDetailApi.as_view(), name="desk_speaker_detail"),
    path("desk/sources/", apis.SourceListApi.as_view(), name="desk_source_list"),
    path("desk/sources/<int:pk>/", apis.SourceDetailApi.as_view(), name="desk_source_detail"),
    path("desk/evidence/", apis.EvidenceListApi.as_view(), name="desk_evidence_list"),
    path("desk/evidence/<int:pk>/", apis.EvidenceDetailApi.as_view(), name="desk_evidence_detail"),
    path("desk/verdicts/", apis.VerdictListApi.as_view(), name="desk_verdict_list"),
    path("desk/verdicts/<int:pk>/", apis.VerdictDetailApi.as_view(), name="desk_verdict_detail"),
    path(
        "desk/verdicts/<int:pk>/submit/",
        apis.VerdictSubmitApi.as_view(),
        name="desk_verdict_submit",
    ),
    path(
        "desk/verdicts/<int:pk>/approve/",
        apis.VerdictApproveApi.as_view(),
        name="desk_verdict_approve",
    ),
    path(
        "desk/verdicts/<int:pk>/reject/",
        apis.VerdictRejectApi.as_view(),
        name="desk_verdict_reject",
    ),
    path(
        "desk/verdicts/<int:pk>/withdraw/",
        apis.VerdictWithdrawApi.as_view(),
        name="desk_verdict_withdraw",
    ),
    path(
        "desk/verdicts/<int:pk>/publish/",
        apis.VerdictPublishApi.as_view(),
        name="desk_verdict_publish",
    ),
    path(
        "desk/verdicts/<int:pk>/correct/",
        apis.VerdictCorrectApi.as_view(),
        name="desk_verdict_correct",
    ),
    path(
        "desk/verdicts/<int:pk>/retract/",
        apis.VerdictRetractApi.as_view(),
        name="desk_verdict_retract",
    ),
]
