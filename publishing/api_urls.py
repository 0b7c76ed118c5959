"""The public read API (anonymous or newsroom API key) (under /api/v1/)."""

from django.urls import path

from publishing import apis

urlpatterns = [
    path("fact-checks/", apis.FactCheckListApi.as_view(), name="fact_check_list"),
    path("fact-checks/feed/", apis.DataFeedApi.as_view(), name="fact_check_feed"),
    path("fact-checks/<slug:slug>/", apis.FactCheckDetailApi.as_view(), name="fact_check_detail"),
    path(
        "fact-checks/<slug:slug>/claimreview/",
        apis.ClaimReviewApi.as_view(),
        name="fact_check_claimreview",
    ),
    path("speakers/", apis.SpeakerListApi.as_view(), name="speaker_list"),
    path("speakers/<slug:slug>/", apis.SpeakerDetailApi.as_view(), name="speaker_detail"),
    path("rating-scales/", apis.RatingScaleListApi.as_view(), name="rating_scale_list"),
]
