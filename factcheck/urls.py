"""Project URLs: the admin workbench, public pages and the API."""

from typing import Any

from django.conf import settings
from django.contrib import admin
from django.http import HttpResponse
from django.urls import include, path, re_path
from django.views.decorators.csp import csp_override
from drf_spectacular.views import (
    SpectacularAPIView,
    SpectacularRedocView,
    SpectacularSwaggerSplitView,
)

from factcheck.api import api_not_found
from publishing.google import GoogleClaimSearchApi


class DocsOptionsMixin:
    """An ``OPTIONS`` of a docs page answers its methods (DRF's metadata would try to render
    itself through the page's HTML template, which has none for it: a 500)."""

    def options(self, request, *args, **kwargs):
        return HttpResponse(headers={"Allow": "GET, HEAD, OPTIONS"})


class ApiDocsView(DocsOptionsMixin, SpectacularSwaggerSplitView):
    pass


class ApiRedocView(DocsOptionsMixin, SpectacularRedocView):
    template_name = "api_docs/redoc.html"


# ReDoc styles itself with <style> elements it creates at run time (so they cannot carry the
# page's nonce) and runs its search in a blob: worker; its page alone relaxes those two.
REDOC_CSP: dict[str, Any] = {
    **settings.SECURE_CSP,
    "style-src": ["'self'", "'unsafe-inline'"],
    "worker-src": ["'self'", "blob:"],
}

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", include("factcheck.api_urls")),
    path("v1alpha1/claims:search", GoogleClaimSearchApi.as_view(), name="google_claims_search"),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", ApiDocsView.as_view(url_name="schema"), name="swagger-ui"),
    path(
        "api/docs/redoc/",
        csp_override(REDOC_CSP)(ApiRedocView.as_view(url_name="schema")),
        name="redoc",
    ),
    # Last of the API routes: anything else under the API prefixes is a JSON 404.
    re_path(r"^(?:api|v1alpha1)/(?P<rest>.*)$", api_not_found, name="api_not_found"),
    path("", include("publishing.urls")),
]

handler400 = "factcheck.api.bad_request_handler"
handler404 = "factcheck.api.not_found_handler"
handler500 = "factcheck.api.server_error_handler"
