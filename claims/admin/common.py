"""Helpers the admin modules share."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest


def report_error(request: HttpRequest, exc: Exception, prefix: str = "") -> None:
    text = "; ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
    messages.error(request, prefix + (text or "You do not have permission to do this."))
