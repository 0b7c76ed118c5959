"""Project URLs: the admin workbench, public pages and the API."""

from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import (
    SpectacularAPIView,
    SpectacularRedocView,
    SpectacularSwaggerSplitView,
)

from publishing.google import GoogleClaimSearchApi

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", include("factcheck.api_urls")),
    path("v1alpha1/claims:search", GoogleClaimSearchApi.as_view(), name="google_claims_search"),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="swagger-ui"),
    path("api/docs/redoc/", SpectacularRedocView.as_view(url_name="schema"), name="redoc"),
    path("", include("publishing.urls")),
]

handler404 = "factcheck.api.not_found_handler"
handler500 = "factcheck.api.server_error_handler"
