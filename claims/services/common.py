"""Helpers shared by the claim and verdict services."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

NOT_ALLOWED = "You do not have permission to do this."


def require_perm(actor: AbstractBaseUser | None, perm: str) -> None:
    """Raise ``PermissionDenied`` unless ``actor`` is an active user holding ``perm``."""
    if actor is None or not actor.is_active or not actor.has_perm(perm):
        raise PermissionDenied(NOT_ALLOWED)
