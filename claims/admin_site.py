"""The admin site of the desk: its landing page is the fact-checkers' dashboard."""

from __future__ import annotations

from django.db.models import Model
from django.http import HttpRequest, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse

from claims.selectors import dashboard_for, public_url_of
from claims.services import notification_mark_read
from factcheck.admin_site import WorkbenchAdminSite


class DeskAdminSite(WorkbenchAdminSite):
    def index(self, request: HttpRequest, extra_context: dict | None = None) -> TemplateResponse:
        context = {**(extra_context or {}), **dashboard_for(request.user)}
        return super().index(request, extra_context=context)

    def public_url_of(self, obj: Model) -> str | None:
        return public_url_of(obj)

    def get_urls(self):
        return [
            path(
                "notifications/read/",
                self.admin_view(self.notifications_read),
                name="notifications_read",
            ),
            *super().get_urls(),
        ]

    def notifications_read(self, request: HttpRequest) -> HttpResponseRedirect:
        """The dashboard's "mark as read" button: one notification, or all of them."""
        if request.method == "POST":
            one = request.POST.get("id")
            notification_mark_read(
                user=request.user,  # type: ignore[arg-type]  # admin_view: logged in
                ids=[int(one)] if one and one.isdigit() else None,
            )
        return HttpResponseRedirect(reverse("admin:index") + "#notifications")
