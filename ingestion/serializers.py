"""Desk API shapes of article ingestion."""

from __future__ import annotations

from rest_framework import serializers

from claims.serializers import DeskClaimSerializer, DeskSourceSerializer
from factcheck.desk_api import StrictInputSerializer


class DeskIngestSpanSerializer(serializers.Serializer):
    start = serializers.IntegerField()
    end = serializers.IntegerField()
    quote_text = serializers.CharField()
    speaker_mention = serializers.CharField(allow_blank=True)


class DeskIngestedClaimSerializer(serializers.Serializer):
    claim = DeskClaimSerializer()
    spans = DeskIngestSpanSerializer(many=True)


class DeskIngestResultSerializer(serializers.Serializer):
    source = DeskSourceSerializer()  # type: ignore[assignment]  # a field named like Field.source
    created = serializers.BooleanField()
    claims = DeskIngestedClaimSerializer(many=True)


class ArticleTextField(serializers.CharField):
    """Article text with stray NUL characters dropped, as the file and command-line paths do
    (they come from copy-pasted PDFs and legacy CMS exports; they never carry meaning)."""

    def run_validation(self, data=serializers.empty):
        if isinstance(data, str):
            data = data.replace("\x00", "")
        return super().run_validation(data)


class DeskArticleInputSerializer(StrictInputSerializer):
    text = ArticleTextField(max_length=5_000_000, trim_whitespace=False)
    format = serializers.ChoiceField(choices=["auto", "text", "markdown", "html"], default="auto")
    url = serializers.URLField(max_length=2000, required=False, allow_null=True)
    title = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")
    published_at = serializers.DateTimeField(required=False, allow_null=True)
    publisher_name = serializers.CharField(
        max_length=200, required=False, allow_blank=True, default=""
    )
    language = serializers.CharField(max_length=16, required=False, default="en")
