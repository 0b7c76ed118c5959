"""API tokens end with the password they were obtained with.

Django already ends every *session* of a user whose password changes (the session keeps an
HMAC of the password hash and ``get_user`` compares it), except the one that made the change
(``update_session_auth_hash``). Knox tokens have no such link, so a token stolen before a
password reset kept working for its whole TTL. :func:`revoke_tokens_on_password_change` deletes
a user's knox tokens whenever their stored password hash changes, by whatever path: the admin's
password form, ``manage.py changepassword``, ``set_password()`` + ``save()``, a password reset.

Desk API keys are not touched: they are integration credentials, issued on purpose and
revoked on purpose (``integrations.services.api_key_revoke``).
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db.models.signals import pre_save
from knox.models import AuthToken


def revoke_tokens_on_password_change(
    sender: Any, instance: Any, raw: bool = False, update_fields: Any = None, **kwargs: Any
) -> None:
    """``pre_save`` receiver on the user model (connected by the admin app's ``ready``)."""
    if raw or instance.pk is None:
        return
    if update_fields is not None and "password" not in update_fields:
        return  # e.g. the last_login stamp of every login: no password can have changed
    stored = sender._default_manager.filter(pk=instance.pk).values_list("password", flat=True)
    old = stored.first()
    if old is not None and old != instance.password:
        AuthToken.objects.filter(user_id=instance.pk).delete()


def connect() -> None:
    pre_save.connect(
        revoke_tokens_on_password_change,
        sender=get_user_model(),
        dispatch_uid="factcheck.tokens.revoke_on_password_change",
    )
