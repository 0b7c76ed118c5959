"""Helpers the admin modules share."""

from __future__ import annotations

from dataclasses import replace

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest

from claims.models import Appearance
from factcheck.lib.highlight import in_context


def report_error(request: HttpRequest, exc: Exception, prefix: str = "") -> None:
    text = "; ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
    messages.error(request, prefix + (text or "You do not have permission to do this."))


def edit_conflicts(context: dict) -> list:
    """Every field conflict of a refused change form and its inlines, for the side-by-side
    table (``templates/admin/claims/includes/edit_conflicts.html``)."""
    adminform = context.get("adminform")
    found = list(getattr(adminform.form, "conflicts", [])) if adminform else []
    for inline in context.get("inline_admin_formsets", []):
        for form in inline.formset.forms:
            for conflict in getattr(form, "conflicts", []):
                label = f"{inline.opts.verbose_name.capitalize()}: {conflict.label}"
                found.append(replace(conflict, label=label))
    return found


def appearance_in_context(obj: Appearance) -> str:
    """The quote highlighted in its paragraph, or the stored quote when the body moved."""
    body = obj.source.body
    if body and body[obj.start : obj.end] == obj.quote_text:
        return in_context(body, obj.start, obj.end)
    return obj.quote_text
