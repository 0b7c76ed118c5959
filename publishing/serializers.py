"""Output shapes of the public API.

The list and detail views build plain dicts (see ``publishing.selectors``); these serializers
document those shapes in the OpenAPI schema, and schemathesis checks that they agree.
"""

from __future__ import annotations

from rest_framework import serializers

from claims.models import Claim, Evidence, RatingScale, Speaker, Verdict


class PublicClaimantSerializer(serializers.Serializer):
    name = serializers.CharField()
    slug = serializers.CharField()
    kind = serializers.ChoiceField(choices=Speaker.Kind.choices)
    role = serializers.CharField(allow_blank=True)
    same_as = serializers.URLField(allow_null=True)


class PublicClaimSerializer(serializers.Serializer):
    text = serializers.CharField()
    claim_reviewed = serializers.CharField()
    kind = serializers.ChoiceField(choices=Claim.Kind.choices)
    language = serializers.CharField()
    claim_date = serializers.DateField(allow_null=True)
    claimant = PublicClaimantSerializer(allow_null=True)


class PublicRatingSerializer(serializers.Serializer):
    label = serializers.CharField()  # type: ignore[assignment]  # a field named like Field.label
    value = serializers.IntegerField(allow_null=True)
    best = serializers.IntegerField(allow_null=True)
    worst = serializers.IntegerField(allow_null=True)
    scale = serializers.CharField()
    scale_slug = serializers.CharField()


class PublicAppearanceSerializer(serializers.Serializer):
    url = serializers.URLField(allow_null=True)
    title = serializers.CharField(allow_blank=True)
    publisher = serializers.CharField(allow_blank=True)
    published_at = serializers.DateTimeField(allow_null=True)
    quote = serializers.CharField()
    first = serializers.BooleanField(help_text="The earliest known appearance.")


class PublicEvidenceSerializer(serializers.Serializer):
    url = serializers.URLField(allow_null=True)
    title = serializers.CharField(allow_blank=True)
    publisher = serializers.CharField(allow_blank=True)
    published_at = serializers.DateTimeField(allow_null=True)
    stance = serializers.ChoiceField(choices=Evidence.Stance.choices)
    excerpt = serializers.CharField(allow_blank=True)


class PublicCorrectionSerializer(serializers.Serializer):
    version = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=Verdict.CorrectionKind.choices)
    note = serializers.CharField()
    published_at = serializers.DateTimeField(allow_null=True)


class FactCheckSerializer(serializers.Serializer):
    slug = serializers.CharField()
    url = serializers.URLField(help_text="The public page; the ClaimReview url.")
    status = serializers.ChoiceField(choices=["published", "retracted"])
    version = serializers.IntegerField()
    headline = serializers.CharField()
    summary = serializers.CharField()
    rationale_html = serializers.CharField(help_text="Sanitised HTML.")
    claim = PublicClaimSerializer()
    rating = PublicRatingSerializer()
    date_published = serializers.DateTimeField()
    date_modified = serializers.DateTimeField()
    appearances = PublicAppearanceSerializer(many=True)
    evidence = PublicEvidenceSerializer(many=True)
    corrections = PublicCorrectionSerializer(many=True)


class FactCheckPageSerializer(serializers.Serializer):
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = FactCheckSerializer(many=True)


class PublicSpeakerSerializer(serializers.Serializer):
    name = serializers.CharField()
    slug = serializers.CharField()
    kind = serializers.ChoiceField(choices=Speaker.Kind.choices)
    role = serializers.CharField(allow_blank=True)
    same_as = serializers.CharField(allow_blank=True)
    published_count = serializers.IntegerField()


class PublicSpeakerPageSerializer(serializers.Serializer):
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = PublicSpeakerSerializer(many=True)


class PublicRatingCountSerializer(serializers.Serializer):
    label = serializers.CharField()  # type: ignore[assignment]  # a field named like Field.label
    scale = serializers.CharField()
    count = serializers.IntegerField()


class PublicSpeakerDetailSerializer(PublicSpeakerSerializer):
    ratings = PublicRatingCountSerializer(many=True)


class PublicRatingLevelSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="The ``rating`` a desk verdict is written with.")
    label = serializers.CharField()  # type: ignore[assignment]  # a field named like Field.label
    value = serializers.IntegerField(allow_null=True)
    description = serializers.CharField(allow_blank=True)
    colour = serializers.CharField()


class PublicRatingScaleSerializer(serializers.Serializer):
    name = serializers.CharField()
    slug = serializers.CharField()
    kind = serializers.ChoiceField(choices=RatingScale.Kind.choices)
    description = serializers.CharField(allow_blank=True)
    methodology_html = serializers.CharField(allow_blank=True)
    best = serializers.IntegerField(allow_null=True)
    worst = serializers.IntegerField(allow_null=True)
    ratings = PublicRatingLevelSerializer(many=True)
