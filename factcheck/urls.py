"""Project URLs: the admin workbench, public pages and the API."""

from django.contrib import admin
from django.urls import include, path, re_path
from drf_spectacular.views import (
    SpectacularAPIView,
    SpectacularRedocView,
    SpectacularSwaggerSplitView,
)

from factcheck.api import api_not_found
from publishing.google import GoogleClaimSearchApi

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", include("factcheck.api_urls")),
    path("v1alpha1/claims:search", GoogleClaimSearchApi.as_view(), name="google_claims_search"),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="swagger-ui"),
    path("api/docs/redoc/", SpectacularRedocView.as_view(url_name="schema"), name="redoc"),
    # Last of the API routes: anything else under the API prefixes is a JSON 404.
    re_path(r"^(?:api|v1alpha1)/(?P<rest>.*)$", api_not_found, name="api_not_found"),
    path("", include("publishing.urls")),
]

handler400 = "factcheck.api.bad_request_handler"
handler404 = "factcheck.api.not_found_handler"
handler500 = "factcheck.api.server_error_handler"
