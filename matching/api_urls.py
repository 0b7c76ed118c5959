"""Matching endpoints under /api/v1/."""

from django.urls import path

from matching import apis

urlpatterns = [
    path("fact-checks/match/", apis.FactCheckMatchApi.as_view(), name="fact_check_match"),
]
