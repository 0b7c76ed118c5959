"""Input and output shapes of the public match endpoint (names unique in the schema)."""

from __future__ import annotations

from rest_framework import serializers

MAX_TEXT = 5000


class MatchQuerySerializer(serializers.Serializer):
    text = serializers.CharField(max_length=MAX_TEXT, help_text="The statement to look up.")
    limit = serializers.IntegerField(min_value=1, max_value=50, default=10)
    include_external = serializers.BooleanField(
        default=True, help_text="Include other desks' fact-checks (ClaimReview imports)."
    )


class ExternalReviewSerializer(serializers.Serializer):
    publisher = serializers.CharField()
    publisher_site = serializers.CharField()
    url = serializers.CharField()
    title = serializers.CharField()
    rating = serializers.CharField(help_text="The publisher's textual rating.")
    review_date = serializers.DateField(allow_null=True)
    language = serializers.CharField()


class OurFactCheckSerializer(serializers.Serializer):
    slug = serializers.CharField()
    claim_reviewed = serializers.CharField()
    headline = serializers.CharField()
    rating = serializers.CharField()
    url = serializers.CharField(help_text="The public fact-check page.")


class ExternalFactCheckSerializer(serializers.Serializer):
    key = serializers.CharField()
    text = serializers.CharField()
    claimant = serializers.CharField()
    claim_date = serializers.DateField(allow_null=True)
    language = serializers.CharField()
    reviews = ExternalReviewSerializer(many=True)


class ClaimMatchSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=["ours", "external"])
    score = serializers.FloatField(help_text="Fused score: comparable within one answer only.")
    similarity = serializers.FloatField(
        allow_null=True, help_text="Embedding cosine (-1 to 1); null when matching is lexical."
    )
    text = serializers.CharField(help_text="The checked claim.")
    number_warning = serializers.CharField(
        allow_null=True,
        help_text='Set when the numbers differ, e.g. "checked claim says 13,000; this text '
        'says 14,000": then it may not be the same claim.',
    )
    fact_check = OurFactCheckSerializer(allow_null=True, help_text="Set for ours.")
    external = ExternalFactCheckSerializer(allow_null=True, help_text="Set for other desks'.")


class ClaimMatchListSerializer(serializers.Serializer):
    text = serializers.CharField()
    results = ClaimMatchSerializer(many=True)
