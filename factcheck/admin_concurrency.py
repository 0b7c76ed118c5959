"""Optimistic concurrency for admin change forms, field by field: no lost saves, and no
refusals for changes that do not collide.

The form carries the values of its own fields as the editor loaded them (a signed token in
the hidden ``loaded_version`` field). When it is posted, the row is locked
(``select_for_update`` inside the admin's transaction, so the lock is held until the write
commits) and each field is looked at against the locked row:

- a field the editor did not change takes the row's current value, so whatever a colleague
  wrote meanwhile (an assignment, a status step, another field) survives and voids nothing;
- a field the editor changed is saved, unless a colleague changed *that same field* to
  something else since the page was loaded: a real conflict. The form is refused, keeps
  what was typed, shows "their change / your change" side by side, and carries a renewed
  token so that saving again keeps the editor's version on purpose.

Why compare values rather than keep a version counter: a counter has to be told which
writes count (ingestion, triage and workflow steps touch a row without touching what the
form shows), so every service would have to bump it and one forgotten path would bring back
either lost saves or needless refusals. Comparing the form's own fields needs no
bookkeeping. The services the admin calls take the same loaded values (``expected``) and
run ``check_unchanged`` under their own lock, so every caller gets the rule, not only forms.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from django import forms
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.db.models.query import QuerySet
from django.http import QueryDict
from django.utils.functional import cached_property

EDIT_CONFLICT = (
    "Someone else changed this record after you opened it. Reload the page to see their "
    "changes, then make yours again."
)
EDIT_CONFLICT_FIELDS = (
    "Someone else changed this record after you opened it, in the fields below. What you "
    "typed is kept: compare their change with yours, then save again to keep yours."
)
_SALT = "factcheck.admin_concurrency"


@dataclass(frozen=True)
class Conflict:
    """One field two people changed differently: what is stored now and what was posted."""

    field: str
    label: str
    theirs: str
    yours: str


class EditConflict(ValidationError):
    """A save refused because a colleague changed the same field meanwhile."""

    def __init__(self, conflicts: list[Conflict]) -> None:
        self.conflicts = conflicts
        names = ", ".join(c.label for c in conflicts)
        super().__init__(f"{EDIT_CONFLICT_FIELDS} ({names})", code="edit_conflict")


def plain(value: Any) -> Any:
    """A value as JSON would carry it, so loaded, stored and posted values compare equal."""
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, (list, tuple, set, QuerySet)):
        return sorted(plain(v) for v in value)
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))


def shown(value: Any) -> str:
    """A value as a person reads it in the side-by-side comparison."""
    if value is None or value == "":
        return "—"
    if isinstance(value, (list, tuple, set, QuerySet)):
        return ", ".join(str(v) for v in value) or "—"
    return str(value)


def field_value(instance: models.Model, name: str) -> Any:
    """The value of model field ``name`` as a person reads it (related objects, not ids)."""
    field = instance._meta.get_field(name)
    if field.many_to_many:
        return list(getattr(instance, name).all()) if instance.pk else []
    return getattr(instance, name)


def check_unchanged(instance: models.Model, expected: dict[str, Any], changes: dict) -> None:
    """Refuse ``changes`` to the (locked) ``instance`` where a colleague changed the same
    field since the editor loaded ``expected``; fields missing from ``expected`` are not
    checked. Raises ``EditConflict``."""
    conflicts = []
    for name, new in changes.items():
        if name not in expected:
            continue
        current = field_value(instance, name)
        if plain(current) != expected[name] and plain(current) != plain(new):
            label = str(getattr(instance._meta.get_field(name), "verbose_name", name)).capitalize()
            conflicts.append(Conflict(name, label, shown(current), shown(new)))
    if conflicts:
        raise EditConflict(conflicts)


class OptimisticFormMixin(forms.ModelForm):
    loaded_version = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.conflicts: list[Conflict] = []
        self.locked: models.Model | None = None
        self.loaded: dict[str, Any] | None = None
        if not self.instance.pk:
            return
        if not self.is_bound:
            self.initial["loaded_version"] = self._token(self.instance)
            return
        self.loaded = self._read_token(self.data.get(self.add_prefix("loaded_version"), ""))
        if self.loaded is not None:
            # "Changed" means changed from what the editor loaded, not from the row as it
            # is now: Django's own ``changed_data`` then says what this editor typed.
            for name, value in self.loaded.items():
                field = self.fields.get(name)
                if field is not None and not field.disabled:
                    self.initial[name] = _as_initial(field, value)

    @cached_property
    def changed_data(self) -> list[str]:
        # The loaded version is bookkeeping, not an edit: a form is unchanged without it.
        return [name for name in super().changed_data if name != "loaded_version"]

    def _model_fields(self) -> list[str]:
        # The primary key is the row itself, not a value anyone edits.
        names = {
            f.name for f in self.instance._meta.get_fields() if not getattr(f, "primary_key", False)
        }
        return [n for n in self.fields if n in names and n != "loaded_version"]

    def _token(self, instance: models.Model) -> str:
        values = {n: plain(field_value(instance, n)) for n in self._model_fields()}
        return signing.dumps(values, salt=_SALT, compress=True)

    @staticmethod
    def _read_token(token: str) -> dict[str, Any] | None:
        try:
            values = signing.loads(token, salt=_SALT)
        except signing.BadSignature:
            return None
        return values if isinstance(values, dict) else None

    def loaded_values(self, names: list[str] | None = None) -> dict[str, Any]:
        """What the editor loaded, for the services' own check under their lock."""
        loaded = self.loaded or {}
        return {n: v for n, v in loaded.items() if names is None or n in names}

    def clean(self):
        data = super().clean()
        if not self.instance.pk:
            return data
        if self.loaded is None:
            raise forms.ValidationError(EDIT_CONFLICT, code="edit_conflict")
        self.locked = self._lock()
        if self.locked is None:
            raise forms.ValidationError(EDIT_CONFLICT, code="edit_conflict")
        mine = set(self.changed_data)
        for name in self._model_fields():
            if name not in mine and name in data:
                data[name] = field_value(self.locked, name)  # keep a colleague's change
        try:
            check_unchanged(
                self.locked, self.loaded, {n: data[n] for n in mine if n in self.loaded}
            )
        except EditConflict as exc:
            self._refuse(exc)
        return data

    def _lock(self) -> models.Model | None:
        """Lock the row for the rest of the admin's transaction and carry its current state
        into the instance, so fields outside the form are written back as they are now."""
        rows = type(self.instance)._default_manager.filter(pk=self.instance.pk)
        if transaction.get_connection().in_atomic_block:
            rows = rows.select_for_update()
        locked = rows.first()
        if locked is not None:
            for field in self.instance._meta.concrete_fields:
                setattr(self.instance, field.attname, getattr(locked, field.attname))
        return locked

    def _refuse(self, exc: EditConflict) -> None:
        self.conflicts = exc.conflicts
        assert self.locked is not None
        # Saving again after reading the comparison keeps this editor's version.
        if isinstance(self.data, QueryDict):
            data = self.data.copy()
            data[self.add_prefix("loaded_version")] = self._token(self.locked)
            self.data = data
        raise forms.ValidationError(exc.messages[0], code="edit_conflict")


def _as_initial(field: forms.Field, value: Any) -> Any:
    """A loaded JSON value back in the type the form field compares (dates, not strings)."""
    if isinstance(field, (forms.DateField, forms.DateTimeField)) and isinstance(value, str):
        try:
            return field.to_python(value)
        except ValidationError:
            return value
    return value
