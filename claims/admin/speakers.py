"""Speakers (with their aliases) and topics."""

from __future__ import annotations

from django import forms
from django.contrib import admin

from claims import selectors
from claims.models import (
    Speaker,
    SpeakerAlias,
    Topic,
)
from claims.services.claims import NAME_TAKEN, speaker_name_conflict
from factcheck.admin_concurrency import OptimisticFormMixin
from factcheck.admin_site import AuditHistoryAdmin
from factcheck.lib.text import name_key

# --- Speakers and topics ---------------------------------------------------------------


class SpeakerAdminForm(OptimisticFormMixin, forms.ModelForm):
    class Meta:
        model = Speaker
        fields = ["name", "slug", "kind", "role", "description", "same_as"]

    def clean_name(self):
        name = self.cleaned_data["name"]
        if speaker_name_conflict(name=name, speaker_id=self.instance.pk):
            raise forms.ValidationError(NAME_TAKEN, code="name_taken")
        return name


class SpeakerAliasFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        seen: set[str] = set()
        for form in self.forms:
            name = form.cleaned_data.get("name") if form.cleaned_data else None
            if not name or form.cleaned_data.get("DELETE"):
                continue
            key = name_key(name)
            taken = Speaker.objects.filter(name_key=key).exclude(pk=self.instance.pk).exists()
            taken |= (
                SpeakerAlias.objects.filter(name_key=key)
                .exclude(speaker_id=self.instance.pk)
                .exclude(pk=form.instance.pk)
                .exists()
            )
            if taken or key in seen:
                form.add_error("name", NAME_TAKEN)
            seen.add(key)


class SpeakerAliasInline(admin.TabularInline):
    model = SpeakerAlias
    formset = SpeakerAliasFormSet
    fields = ["name"]
    extra = 0


@admin.register(Speaker)
class SpeakerAdmin(AuditHistoryAdmin):
    form = SpeakerAdminForm

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and selectors.speaker_is_public(obj):
            return [*SpeakerAdminForm.Meta.fields]
        return self.readonly_fields

    def get_prepopulated_fields(self, request, obj=None):
        if obj is not None and selectors.speaker_is_public(obj):
            return {}
        return super().get_prepopulated_fields(request, obj)

    list_display = ["name", "kind", "role", "claim_count"]
    list_filter = ["kind"]
    search_fields = ["name", "role", "aliases__name"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [SpeakerAliasInline]

    def get_queryset(self, request):
        from django.db.models import Count

        return super().get_queryset(request).annotate(n_claims=Count("claims"))

    @admin.display(description="Claims", ordering="n_claims")
    def claim_count(self, obj: Speaker) -> int:
        return obj.n_claims

    def save_model(self, request, obj, form, change):
        obj.name_key = name_key(obj.name)
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        for alias in formset.save(commit=False):
            alias.name_key = name_key(alias.name)
            alias.save()
        for alias in formset.deleted_objects:
            alias.delete()


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
