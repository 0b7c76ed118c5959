"""Who may act: the permission check every service makes, and the system actor.

Every service takes an ``actor`` and checks it; there is no "no actor" path. Work the
workbench does by itself (``manage.py ingest``, feeds, the demo loader) acts as ``SYSTEM``,
which holds every permission and is recorded as no user in history and ``created_by``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

from django.core.exceptions import PermissionDenied

if TYPE_CHECKING:
    from django.contrib.auth.models import User

NOT_ALLOWED = "You do not have permission to do this."


class SystemActor:
    """The workbench acting on its own (see the module docstring)."""

    is_active = True
    is_authenticated = True
    is_staff = False
    is_superuser = False
    pk = None
    id = None
    username = "system"

    def has_perm(self, perm: str, obj: Any = None) -> bool:
        return True

    def __str__(self) -> str:
        return "system"


SYSTEM = SystemActor()


class Actor(Protocol):
    """Whoever a service acts for: a user (``request.user``, anonymous included) or ``SYSTEM``."""

    @property
    def is_active(self) -> bool: ...

    @property
    def is_authenticated(self) -> bool: ...

    @property
    def pk(self) -> Any: ...

    def has_perm(self, perm: str, obj: Any = None) -> bool: ...


def require_perm(actor: Actor | None, perm: str) -> None:
    """Raise ``PermissionDenied`` unless ``actor`` is active and holds ``perm``."""
    if actor is None or not actor.is_active or not actor.has_perm(perm):
        raise PermissionDenied(NOT_ALLOWED)


def recorded_user(actor: Actor | None) -> User | None:
    """The user to record as author (``created_by``, history): none for ``SYSTEM``."""
    if actor is None or isinstance(actor, SystemActor) or not actor.is_authenticated:
        return None
    return actor  # type: ignore[return-value]  # an authenticated actor is a User


def acting_user(actor: Actor) -> User:
    """The user behind ``actor``, for steps only a person may take (authoring, approving,
    publishing a verdict): ``SYSTEM`` and anonymous actors are refused."""
    user = recorded_user(actor)
    if user is None:
        raise PermissionDenied(NOT_ALLOWED)
    return user
