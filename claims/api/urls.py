"""API routes: /api/v1/ (public and desk), the Google-compatible /v1alpha1/ and the docs."""

from django.urls import path

from claims.api import public

app_name = "api"

urlpatterns = [
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
]
