"""API routes under /api/v1/ (namespace "api"): each app lists its own endpoints."""

from django.urls import include, path

app_name = "api"

urlpatterns = [
    # Before publishing: its fact-checks/<slug>/ would otherwise take fact-checks/match/.
    path("", include("matching.api_urls")),
    path("", include("publishing.api_urls")),
    path("", include("claims.api_urls")),
    path("", include("ingestion.api_urls")),
    path("", include("integrations.api_urls")),
]
