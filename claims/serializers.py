"""Desk API shapes: output serializers (read-only) and strict input serializers.

Input serializers list exactly the fields a caller may set and reject anything else, so
status, versions, publication dates and authorship can only change through the workflow
actions (mass-assignment protection).
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from rest_framework import serializers

from claims.models import Claim, Evidence, Rating, Speaker, Verdict
from claims.services.verdicts import verdict_available_actions
from factcheck.desk_api import StrictInputSerializer, page_serializer
from sources.models import Source

User = get_user_model()


# Output ---------------------------------------------------------------------------------


class DeskSpeakerSerializer(serializers.ModelSerializer):
    # Blank is allowed, so not documented as format "uri".
    same_as = serializers.CharField(read_only=True)

    class Meta:
        model = Speaker
        fields = ["id", "name", "slug", "kind", "role", "description", "same_as", "created_at"]
        read_only_fields = fields


class DeskClaimSerializer(serializers.ModelSerializer):
    claimant = DeskSpeakerSerializer(read_only=True, allow_null=True)
    assignee: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="username", read_only=True, allow_null=True
    )
    duplicate_of: serializers.PrimaryKeyRelatedField[Any] = serializers.PrimaryKeyRelatedField(
        read_only=True, allow_null=True
    )

    class Meta:
        model = Claim
        fields = [
            "id",
            "slug",
            "text",
            "claim_reviewed",
            "kind",
            "status",
            "claimant",
            "claim_date",
            "language",
            "checkworthiness",
            "assignee",
            "duplicate_of",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class DeskSourceSerializer(serializers.ModelSerializer):
    archive_url = serializers.CharField(read_only=True)

    class Meta:
        model = Source
        fields = [
            "id",
            "kind",
            "url",
            "title",
            "publisher_name",
            "publisher_site",
            "authors",
            "published_at",
            "language",
            "archive_url",
            "archive_sha256",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class DeskEvidenceSerializer(serializers.ModelSerializer):
    added_by: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="username", read_only=True, allow_null=True
    )

    class Meta:
        model = Evidence
        fields = ["id", "claim", "source", "stance", "excerpt", "note", "added_by", "created_at"]
        read_only_fields = fields


class DeskVerdictSerializer(serializers.ModelSerializer):
    author: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="username", read_only=True
    )
    approved_by: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="username", read_only=True, allow_null=True
    )
    published_by: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="username", read_only=True, allow_null=True
    )
    rating_label = serializers.CharField(source="rating.label", read_only=True)
    correction_kind = serializers.CharField(
        read_only=True, help_text="Blank for a first version, else correction/clarification/..."
    )
    available_actions = serializers.SerializerMethodField()

    class Meta:
        model = Verdict
        fields = [
            "id",
            "claim",
            "version",
            "supersedes",
            "status",
            "rating",
            "rating_label",
            "headline",
            "summary",
            "rationale",
            "correction_kind",
            "correction_note",
            "claim_changes",
            "author",
            "approved_by",
            "published_by",
            "created_at",
            "updated_at",
            "submitted_at",
            "approved_at",
            "published_at",
            "available_actions",
        ]
        read_only_fields = fields

    def get_available_actions(self, verdict: Verdict) -> list[str]:
        return verdict_available_actions(verdict, self.context["request"].user)


class DeskTokenSerializer(serializers.Serializer):
    token = serializers.CharField()
    expiry = serializers.DateTimeField(allow_null=True)


DeskClaimPageSerializer = page_serializer(DeskClaimSerializer, "DeskClaimPageSerializer")
DeskSpeakerPageSerializer = page_serializer(DeskSpeakerSerializer, "DeskSpeakerPageSerializer")
DeskSourcePageSerializer = page_serializer(DeskSourceSerializer, "DeskSourcePageSerializer")
DeskEvidencePageSerializer = page_serializer(DeskEvidenceSerializer, "DeskEvidencePageSerializer")
DeskVerdictPageSerializer = page_serializer(DeskVerdictSerializer, "DeskVerdictPageSerializer")


# Input ----------------------------------------------------------------------------------


class DeskLoginInputSerializer(StrictInputSerializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=128, trim_whitespace=False)


class DeskClaimCreateInputSerializer(StrictInputSerializer):
    text = serializers.CharField(max_length=10_000)
    claim_reviewed = serializers.CharField(max_length=500, required=False, allow_blank=True)
    kind = serializers.ChoiceField(choices=Claim.Kind.choices, required=False)
    claimant = serializers.PrimaryKeyRelatedField(
        queryset=Speaker.objects.all(), required=False, allow_null=True
    )
    claim_date = serializers.DateField(required=False, allow_null=True)
    language = serializers.CharField(max_length=16, required=False)


class DeskClaimUpdateInputSerializer(StrictInputSerializer):
    claim_reviewed = serializers.CharField(max_length=500, required=False)
    kind = serializers.ChoiceField(choices=Claim.Kind.choices, required=False)
    claimant = serializers.PrimaryKeyRelatedField(
        queryset=Speaker.objects.all(), required=False, allow_null=True
    )
    claim_date = serializers.DateField(required=False, allow_null=True)
    language = serializers.CharField(max_length=16, required=False)


class DeskClaimAssignInputSerializer(StrictInputSerializer):
    assignee = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.filter(is_active=True), allow_null=True
    )


class DeskClaimMergeInputSerializer(StrictInputSerializer):
    into = serializers.PrimaryKeyRelatedField(queryset=Claim.objects.all())


class DeskSpeakerCreateInputSerializer(StrictInputSerializer):
    # A name needs a letter or a digit: punctuation alone folds to no name at all.
    name = serializers.RegexField(
        r"[^\W_]", max_length=200, error_messages={"invalid": "A speaker needs a name."}
    )
    role = serializers.CharField(max_length=300, required=False, allow_blank=True)
    kind = serializers.ChoiceField(choices=Speaker.Kind.choices, required=False)


class DeskSpeakerUpdateInputSerializer(StrictInputSerializer):
    kind = serializers.ChoiceField(choices=Speaker.Kind.choices, required=False)
    role = serializers.CharField(max_length=300, required=False, allow_blank=True)
    description = serializers.CharField(max_length=10_000, required=False, allow_blank=True)
    same_as = serializers.URLField(max_length=200, required=False, allow_blank=True)


class DeskSourceInputSerializer(StrictInputSerializer):
    kind = serializers.ChoiceField(choices=Source.Kind.choices, required=False)
    url = serializers.URLField(max_length=2000, required=False, allow_null=True)
    title = serializers.CharField(max_length=500, required=False, allow_blank=True)
    publisher_name = serializers.CharField(max_length=200, required=False, allow_blank=True)
    authors = serializers.ListField(
        child=serializers.CharField(max_length=200), required=False, max_length=50
    )
    published_at = serializers.DateTimeField(required=False, allow_null=True)
    language = serializers.CharField(max_length=16, required=False)
    archive_url = serializers.URLField(max_length=2000, required=False, allow_blank=True)
    archive_sha256 = serializers.CharField(max_length=64, required=False, allow_blank=True)


class DeskEvidenceCreateInputSerializer(StrictInputSerializer):
    claim = serializers.PrimaryKeyRelatedField(queryset=Claim.objects.all())
    source = serializers.PrimaryKeyRelatedField(queryset=Source.objects.all())  # type: ignore[assignment]
    stance = serializers.ChoiceField(choices=Evidence.Stance.choices)
    excerpt = serializers.CharField(max_length=10_000, required=False, allow_blank=True)
    note = serializers.CharField(max_length=10_000, required=False, allow_blank=True)


class DeskVerdictCreateInputSerializer(StrictInputSerializer):
    claim = serializers.PrimaryKeyRelatedField(queryset=Claim.objects.all())
    rating = serializers.PrimaryKeyRelatedField(queryset=Rating.objects.all())
    headline = serializers.CharField(max_length=300)
    summary = serializers.CharField(max_length=5_000)
    rationale = serializers.CharField(max_length=100_000)
    # Only after a retraction, for a claim readers have seen (applied on publication).
    claim_reviewed = serializers.CharField(max_length=500, required=False)
    claimant = serializers.PrimaryKeyRelatedField(
        queryset=Speaker.objects.all(), allow_null=True, required=False
    )


class DeskVerdictUpdateInputSerializer(StrictInputSerializer):
    rating = serializers.PrimaryKeyRelatedField(queryset=Rating.objects.all(), required=False)
    headline = serializers.CharField(max_length=300, required=False)
    summary = serializers.CharField(max_length=5_000, required=False)
    rationale = serializers.CharField(max_length=100_000, required=False)


class ClaimCorrectionFields(serializers.Serializer):
    """A claim readers have seen changes only with a new published version (see
    ``Verdict.claim_changes``): its wording and claimant can be set here."""

    claim_reviewed = serializers.CharField(max_length=500, required=False)
    claimant = serializers.PrimaryKeyRelatedField(
        queryset=Speaker.objects.all(), allow_null=True, required=False
    )


class DeskVerdictCorrectInputSerializer(ClaimCorrectionFields, DeskVerdictUpdateInputSerializer):
    kind = serializers.ChoiceField(
        choices=[
            Verdict.CorrectionKind.CORRECTION,
            Verdict.CorrectionKind.CLARIFICATION,
            Verdict.CorrectionKind.UPDATE,
        ]
    )
    note = serializers.CharField(max_length=5_000)


class DeskVerdictRetractInputSerializer(StrictInputSerializer):
    note = serializers.CharField(max_length=5_000)


class DeskVerdictRejectInputSerializer(StrictInputSerializer):
    reason = serializers.CharField(max_length=5_000)
