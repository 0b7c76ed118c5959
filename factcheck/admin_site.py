"""The admin site is the fact-checkers' workbench: its landing page is their dashboard."""

from __future__ import annotations

import copy

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import connection
from django.template.response import TemplateResponse
from django.utils.functional import cached_property
from simple_history.admin import SimpleHistoryAdmin

from factcheck.login_limits import login_failed, login_refusal, login_succeeded


class EstimatedCountPaginator(Paginator):
    """Avoids ``COUNT(*)`` over a whole large table on unfiltered admin lists.

    PostgreSQL's planner statistics give the row count for free; they are only trusted
    when the table is large enough for an exact count to hurt. Filtered lists count exactly.
    """

    ESTIMATE_ABOVE = 10_000

    @cached_property
    def count(self) -> int:
        query = getattr(self.object_list, "query", None)
        if query is not None and not query.where and connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT reltuples::bigint FROM pg_class WHERE relname = %s",
                    [query.model._meta.db_table],
                )
                row = cursor.fetchone()
            if row and row[0] > self.ESTIMATE_ABOVE:
                return int(row[0])
        return super().count


class WorkbenchAdminSite(admin.AdminSite):
    site_header = "Factcheck Workbench"
    site_title = "Factcheck Workbench"
    index_title = "Desk"
    index_template = "admin/workbench_index.html"

    def login(self, request, extra_context=None):
        """The admin login spends the same failure budgets as the API login
        (``factcheck.login_limits``), so guessing cannot move to the form; a correct password
        from a device known to the account passes while strangers are locked out."""
        if request.method != "POST":
            return super().login(request, extra_context)
        refusal = login_refusal(request)
        if refusal is not None:
            response = TemplateResponse(
                request,
                "admin/login_throttled.html",
                {**self.each_context(request), "wait": refusal.wait, "title": "Log in"},
                status=429,
            )
            response["Retry-After"] = str(refusal.wait)
            return response
        response = super().login(request, extra_context)
        # Success is a redirect with the user logged in; anything else re-shows the form.
        if response.status_code == 302 and request.user.is_authenticated:
            login_succeeded(request, response, request.POST.get("username", ""))
        else:
            login_failed(request)
        return response


class WorkbenchAdminConfig(AdminConfig):
    # The desk's own site (its dashboard reads the desk's queues); named by string so that
    # this project-level module imports no app.
    default_site = "claims.admin_site.DeskAdminSite"

    def ready(self) -> None:
        super().ready()
        # The project's one AppConfig, so the project-wide credential rule is wired here.
        from factcheck import tokens

        tokens.connect()


class AuditHistoryAdmin(SimpleHistoryAdmin):
    """History pages as an audit trail: every version can be viewed, none written back.

    django-simple-history's version page saves whatever is POSTed to it even when its
    revert button is hidden, which would route old rows around the services.
    """

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST":
            raise PermissionDenied
        # django-simple-history passes the class's prepopulated_fields to the form as they
        # are, not get_prepopulated_fields(): when the prefilled field is read-only (a
        # public speaker's slug) the page was a KeyError. A read-only page needs no prefill;
        # a copy keeps the shared admin instance untouched by concurrent requests.
        view = copy.copy(self)
        view.prepopulated_fields = {}
        return SimpleHistoryAdmin.history_form_view(
            view, request, object_id, version_id, extra_context
        )
