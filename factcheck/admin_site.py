"""The admin site is the fact-checkers' workbench: its landing page is their dashboard."""

from __future__ import annotations

import copy
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Model
from django.http import Http404, HttpRequest, HttpResponseRedirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.functional import cached_property
from django.utils.safestring import SafeString
from simple_history.admin import SimpleHistoryAdmin
from simple_history.models import DeletedObject
from simple_history.template_utils import HistoricalRecordContextHelper

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

    # One answer for an id that does not exist and one the viewer may not see, so the
    # shortcut cannot be used to learn which drafts exist.
    NOT_ON_SITE = "There is no public page for this."

    def get_urls(self):
        """Django's view-on-site shortcut redirects any staff account to any object's public
        URL, which for a draft spells out what is being checked; this one asks the object's
        model admin whether the viewer may see it and ``public_url_of`` whether readers can."""
        urls = [u for u in super().get_urls() if getattr(u, "name", None) != "view_on_site"]
        shortcut = path(
            "r/<int:content_type_id>/<path:object_id>/",
            self.admin_view(self.view_on_site),
            name="view_on_site",
        )
        return [shortcut, *urls]

    def view_on_site(self, request: HttpRequest, content_type_id: int, object_id: str):
        obj = self._visible_object(request, content_type_id, object_id)
        url = self.public_url_of(obj) if obj is not None else None
        if url is None:
            raise Http404(self.NOT_ON_SITE)
        return HttpResponseRedirect(url)

    def _visible_object(
        self, request: HttpRequest, content_type_id: int, object_id: str
    ) -> Model | None:
        # By name: this module holds the admin's AppConfig, loaded before any model is.
        content_types = apps.get_model("contenttypes", "ContentType")
        try:
            model = content_types.objects.get_for_id(content_type_id).model_class()
        except content_types.DoesNotExist:
            return None
        model_admin = self._registry.get(model) if model is not None else None
        if model_admin is None or not model_admin.has_view_permission(request):
            return None
        try:
            obj = model_admin.get_queryset(request).filter(pk=object_id).first()
        except (ValueError, ValidationError):
            return None
        if obj is None or not model_admin.has_view_permission(request, obj):
            return None
        return obj

    def public_url_of(self, obj: Model) -> str | None:
        """The page readers see for ``obj``, or None when they see none (the default: a
        site names what is public)."""
        return None


class WorkbenchAdminConfig(AdminConfig):
    # The desk's own site (its dashboard reads the desk's queues); named by string so that
    # this project-level module imports no app.
    default_site = "claims.admin_site.DeskAdminSite"

    def ready(self) -> None:
        super().ready()
        # The project's one AppConfig, so the project-wide credential rule is wired here.
        from factcheck import tokens

        tokens.connect()


class AuditHistoryContextHelper(HistoricalRecordContextHelper):
    """History changes in words: a status's label ("Submitted", not ``submitted``), and an
    empty reference (no assignee, no editor yet) as "—" instead of simple-history's
    "Deleted user (pk=None)"."""

    def prepare_delta_change_value(self, change, value):
        value = super().prepare_delta_change_value(change, value)
        if isinstance(value, DeletedObject) and value.pk is None:
            return "—"
        field = self.model._meta.get_field(change.field)
        choices = dict(getattr(field, "flatchoices", None) or ())
        if choices and not isinstance(value, list):
            return choices.get(value, value)
        return value


class AuditHistoryAdmin(SimpleHistoryAdmin):
    """History pages as an audit trail: every version can be viewed, none written back.

    django-simple-history's version page saves whatever is POSTed to it even when its
    revert button is hidden, which would route old rows around the services.
    """

    # The history list says "system" for work the workbench did itself (ingestion, the demo).
    object_history_list_template = "admin/audit_history_list.html"

    def get_historical_record_context_helper(self, request, historical_record):
        return AuditHistoryContextHelper(self.model, historical_record)

    def get_view_on_site_url(self, obj=None):
        """ "View on site" only for what readers can see (the site's ``public_url_of``)."""
        public_url_of = getattr(self.admin_site, "public_url_of", None)
        if obj is not None and (public_url_of is None or public_url_of(obj) is None):
            return None
        return super().get_view_on_site_url(obj)

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


# --- Extension points ----------------------------------------------------------------------
# An app may only import the apps below it, yet some pages of a lower app want what a higher
# one knows (the claim workspace wants claim matching's "checked before?" panel). As with
# ``admin.site.register``, the higher app registers into a registry that lives down here, in
# its ``AppConfig.ready()``, and the lower page renders whatever was registered for it.


@dataclass(frozen=True, slots=True)
class AdminPanel:
    """A block of a change page: ``context(request, obj)`` gives the template's context, or
    None when the panel has nothing to show for ``obj`` (or the viewer may not see it)."""

    template_name: str
    context: Callable[[HttpRequest, Model], Mapping[str, Any] | None]


@dataclass(frozen=True, slots=True)
class AdminColumn:
    """A column of a change list: ``load(request, objs)`` reads what the page's rows need in
    one go (``{pk: value}``), ``render(value)`` shows one (``value`` is None when absent)."""

    description: str
    load: Callable[[HttpRequest, Sequence[Model]], Mapping[Any, Any]]
    render: Callable[[Any], str]


class AdminExtensions:
    def __init__(self) -> None:
        self._panels: dict[str, list[AdminPanel]] = defaultdict(list)
        self._columns: dict[str, list[AdminColumn]] = defaultdict(list)

    def register_panel(self, label: str, panel: AdminPanel) -> None:
        """Show ``panel`` on the change page of the model ``label`` ("claims.claim")."""
        if panel not in self._panels[label]:
            self._panels[label].append(panel)

    def register_column(self, label: str, column: AdminColumn) -> None:
        if column not in self._columns[label]:
            self._columns[label].append(column)

    def panels(self, label: str, request: HttpRequest, obj: Model) -> list[SafeString]:
        rendered = []
        for panel in self._panels.get(label, ()):
            context = panel.context(request, obj)
            if context is not None:
                rendered.append(render_to_string(panel.template_name, context, request=request))
        return rendered

    def columns(self, label: str) -> list[AdminColumn]:
        return list(self._columns.get(label, ()))


admin_extensions = AdminExtensions()


class ExtensibleAdminMixin:
    """Renders what other apps registered for this model in :data:`admin_extensions`: panels
    as ``extension_panels`` in the change form's context, columns after ``list_display``
    (their values read once per page, not once per row)."""

    opts: Any

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            context["extension_panels"] = admin_extensions.panels(
                self.opts.label_lower, request, obj
            )
        return super().render_change_form(request, context, add, change, form_url, obj)

    def get_list_display(self, request):
        base = list(super().get_list_display(request))
        return base + [_column_field(c) for c in admin_extensions.columns(self.opts.label_lower)]

    def get_changelist_instance(self, request):
        changelist = super().get_changelist_instance(request)
        rows = list(changelist.result_list)
        for column in admin_extensions.columns(self.opts.label_lower):
            values = column.load(request, rows)
            for row in rows:
                row.__dict__[_attr(column)] = values.get(row.pk)
        return changelist


def _attr(column: AdminColumn) -> str:
    return f"_extension_column_{id(column)}"


def _column_field(column: AdminColumn) -> Callable[[Model], str]:
    attr = _attr(column)

    def field(obj: Model) -> str:
        return column.render(obj.__dict__.get(attr))

    field.short_description = column.description  # type: ignore[attr-defined]
    field.__name__ = attr
    return field
