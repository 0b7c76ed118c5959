"""Speakers (with their aliases) and topics."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.utils.html import format_html, format_html_join

from claims import selectors, services
from claims.admin.common import report_error
from claims.models import (
    Claim,
    Speaker,
    SpeakerAlias,
    Topic,
)
from claims.services import edits
from claims.services.claims import NAME_TAKEN, speaker_name_conflict
from claims.services.edits import SPEAKER_EDITABLE_WHEN_PUBLIC
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


claims_per_speaker = (
    Claim.objects.filter(claimant=OuterRef("pk"))
    .order_by()
    .values("claimant")
    .annotate(n=Count("pk"))
    .values("n")
)


class SpeakerChangeList(ChangeList):
    """Each speaker on the page carries the speakers who may be the same person (one query
    for the page, not one per row)."""

    def get_results(self, request):
        super().get_results(request)
        near = selectors.speaker_near_duplicates(self.result_list)
        for speaker in self.result_list:
            speaker.near_duplicates = near.get(speaker.pk, [])


class SpeakerMergeForm(forms.Form):
    into = forms.ModelChoiceField(
        queryset=Speaker.objects.none(),
        widget=forms.RadioSelect,
        label="Keep",
        help_text="The others are merged into this speaker: their claims and aliases move "
        "over and their names become its aliases.",
    )

    def __init__(self, *args, speakers: QuerySet[Speaker], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["into"].queryset = speakers  # type: ignore[attr-defined]


def _is_autocomplete(request: HttpRequest) -> bool:
    """Whether this is the admin's ``autocomplete_view`` (select2's search), rather than the
    speaker list's own search box, which still finds merged speakers so their redirect can
    be seen."""
    match = request.resolver_match
    return match is not None and match.url_name == "autocomplete"


@admin.register(Speaker)
class SpeakerAdmin(AuditHistoryAdmin):
    """Speakers and their aliases are written by the speaker services, so the admin and the
    desk API refuse the same names and keep a public speaker's details alike."""

    form = SpeakerAdminForm
    list_display = ["name", "kind", "role", "claim_count", "possible_duplicates"]
    list_filter = ["kind"]
    actions = ["merge_into"]
    search_fields = ["name", "role", "aliases__name"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [SpeakerAliasInline]

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and selectors.speaker_is_public(obj):
            return [
                f for f in SpeakerAdminForm.Meta.fields if f not in SPEAKER_EDITABLE_WHEN_PUBLIC
            ]
        return self.readonly_fields

    def get_prepopulated_fields(self, request, obj=None):
        if obj is not None and selectors.speaker_is_public(obj):
            return {}
        return super().get_prepopulated_fields(request, obj)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Speaker]:
        return (
            super()
            .get_queryset(request)
            .select_related("merged_into")
            # A per-row subquery, not a join: counted for the page's rows only.
            .annotate(n_claims=Coalesce(Subquery(claims_per_speaker), 0))
        )

    def get_search_results(self, request, queryset, search_term):
        """Each word in the name, the role or an alias, like Django's search over
        ``search_fields``, but the alias as a semi-join instead of a join: a join duplicates
        speakers with several aliases, Django then adds DISTINCT, and DISTINCT makes
        PostgreSQL compute every matching speaker's claim count before it can cut a page.
        The claimant autocomplete (``autocomplete_view``) for "Speaker" over 20,000
        speakers took 5 s that way (``bench/claim_list.py``)."""
        if _is_autocomplete(request):
            # The claimant box on the claim form, the verdict form and the claim list's
            # filter: a merged-away speaker is no longer someone to pick.
            queryset = selectors.speakers_to_pick(queryset)
        words = search_term.split()[:8]
        for word in words:
            alias = SpeakerAlias.objects.filter(speaker=OuterRef("pk"), name__icontains=word)
            queryset = queryset.filter(
                Q(name__icontains=word) | Q(role__icontains=word) | Exists(alias)
            )
        return queryset, False

    @admin.display(description="Claims", ordering="n_claims")
    def claim_count(self, obj: Speaker) -> int:
        return obj.n_claims  # type: ignore[attr-defined]  # annotated by get_queryset

    def get_changelist(self, request, **kwargs):
        return SpeakerChangeList

    @admin.display(description="Possible duplicates")
    def possible_duplicates(self, obj: Speaker):
        if obj.merged_into_id is not None:
            return format_html(
                '<span class="speaker-merged">Merged into <a href="../{}/change/">{}</a></span>',
                obj.merged_into_id,
                obj.merged_into,
            )
        near = getattr(obj, "near_duplicates", [])
        if not near:
            return "—"
        links = format_html_join(", ", '<a href="../{}/change/">{}</a>', ((s.pk, s) for s in near))
        return format_html('<span class="speaker-near-duplicate">⚠ {}</span>', links)

    @admin.action(description="Merge selected speakers into…", permissions=["merge"])
    def merge_into(self, request, queryset):
        speakers = queryset.order_by("name")
        if speakers.count() < 2:
            messages.error(request, "Select at least two speakers to merge.")
            return None
        form = SpeakerMergeForm(request.POST if "into" in request.POST else None, speakers=speakers)
        if form.is_bound and form.is_valid():
            into = form.cleaned_data["into"]
            merged = 0
            for source in speakers.exclude(pk=into.pk):
                try:
                    services.speaker_merge(source=source, into=into, actor=request.user)
                    merged += 1
                except (ValidationError, PermissionDenied) as exc:
                    report_error(request, exc, prefix=f"{source}: ")
            if merged:
                messages.success(request, f"Merged {merged} speaker(s) into “{into}”.")
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": "Merge speakers",
            "opts": self.opts,
            "form": form,
            "speakers": speakers,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/speakers/merge.html", context)

    def has_merge_permission(self, request):
        return request.user.has_perm("claims.change_speaker") and request.user.has_perm(
            "claims.change_claim"
        )

    def save_model(
        self, request: HttpRequest, obj: Speaker, form: forms.ModelForm, change: bool
    ) -> None:
        names = SpeakerAdminForm.Meta.fields
        if not change:
            fields = {f: form.cleaned_data[f] for f in names}
            speaker = services.speaker_create(actor=request.user, **fields)
        else:
            fields = {f: form.cleaned_data[f] for f in form.changed_data if f in names}
            if not fields:
                return
            speaker = edits.speaker_update(speaker=obj, actor=request.user, **fields)
        # The admin carries on (inlines, log entry, redirect) with the row the service saved.
        obj.__dict__.update(speaker.__dict__)

    def delete_model(self, request: HttpRequest, obj: Speaker) -> None:
        services.speaker_delete(speaker=obj, actor=request.user)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Speaker]) -> None:
        for speaker in queryset:
            services.speaker_delete(speaker=speaker, actor=request.user)

    def save_formset(
        self,
        request: HttpRequest,
        form: forms.ModelForm,
        formset: forms.BaseInlineFormSet,
        change: bool,
    ) -> None:
        changed = formset.save(commit=False)  # also lists the deleted rows
        # Deletions first, so that a name moved from one row to another is free again.
        for alias in formset.deleted_objects:
            services.speaker_alias_delete(alias=alias, actor=request.user)
        for alias in changed:
            if alias.pk is None:
                services.speaker_alias_add(
                    speaker=form.instance, name=alias.name, actor=request.user
                )
            else:
                services.speaker_alias_update(alias=alias, name=alias.name, actor=request.user)


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
