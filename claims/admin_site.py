"""The admin site of the desk: its landing page is the fact-checkers' dashboard."""

from __future__ import annotations

from django.db.models import Model
from django.http import HttpRequest
from django.template.response import TemplateResponse

from claims.selectors import dashboard_for, public_url_of
from factcheck.admin_site import WorkbenchAdminSite


class DeskAdminSite(WorkbenchAdminSite):
    def index(self, request: HttpRequest, extra_context: dict | None = None) -> TemplateResponse:
        context = {**(extra_context or {}), **dashboard_for(request.user)}
        return super().index(request, extra_context=context)

    def public_url_of(self, obj: Model) -> str | None:
        return public_url_of(obj)
