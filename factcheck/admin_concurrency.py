"""Optimistic concurrency for admin change forms: no silent lost updates between editors.

The form carries the ``updated_at`` the editor loaded; saving over a row that someone else
changed since then is refused with a message, and nothing is written.
"""

from __future__ import annotations

from django import forms
from django.db import transaction
from django.utils.dateparse import parse_datetime
from django.utils.functional import cached_property

EDIT_CONFLICT = (
    "Someone else changed this record after you opened it. Reload the page to see their "
    "changes, then make yours again."
)


class OptimisticFormMixin(forms.ModelForm):
    loaded_version = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["loaded_version"] = self.instance.updated_at.isoformat()

    @cached_property
    def changed_data(self) -> list[str]:
        # The loaded version is bookkeeping, not an edit: a form is unchanged without it.
        return [name for name in super().changed_data if name != "loaded_version"]

    def clean(self):
        data = super().clean()
        if self.instance.pk:
            loaded = parse_datetime(data.get("loaded_version") or "")
            rows = type(self.instance).objects.filter(pk=self.instance.pk)
            if transaction.get_connection().in_atomic_block:
                # The admin's change view is one transaction: locking the row here keeps it
                # until the save commits, so an API PATCH (which locks it too) cannot land
                # between this check and the write and be silently overwritten.
                rows = rows.select_for_update()
            stored = rows.values_list("updated_at", flat=True).first()
            if loaded is None or stored != loaded:
                raise forms.ValidationError(EDIT_CONFLICT, code="edit_conflict")
        return data
