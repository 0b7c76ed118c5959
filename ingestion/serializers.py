"""Desk API shapes of article ingestion."""

from __future__ import annotations

from django.conf import settings
from rest_framework import serializers

from claims.serializers import DeskClaimSerializer, DeskSourceSerializer
from factcheck.desk_api import StrictInputSerializer
from factcheck.lib.extraction import looks_binary
from ingestion.services import BINARY_TEXT, BODY_TOO_LARGE


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
    (they come from copy-pasted PDFs and legacy CMS exports; they never carry meaning).

    Its limit is ``FACTCHECK_MAX_BODY_BYTES`` in UTF-8 bytes, the service's own limit, so
    raising the setting raises it here too; binary data sent as text is refused."""

    def run_validation(self, data=serializers.empty):
        if isinstance(data, str):
            limit = settings.FACTCHECK_MAX_BODY_BYTES
            if len(data) > limit or len(data.encode("utf-8", "replace")) > limit:
                raise serializers.ValidationError(BODY_TOO_LARGE.format(limit=limit))
            if looks_binary(data):
                raise serializers.ValidationError(BINARY_TEXT)
            data = data.replace("\x00", "")
        return super().run_validation(data)


class DeskArticleInputSerializer(StrictInputSerializer):
    text = ArticleTextField(trim_whitespace=False)
    format = serializers.ChoiceField(choices=["auto", "text", "markdown", "html"], default="auto")
    url = serializers.URLField(max_length=2000, required=False, allow_null=True)
    title = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")
    published_at = serializers.DateTimeField(required=False, allow_null=True)
    publisher_name = serializers.CharField(
        max_length=200, required=False, allow_blank=True, default=""
    )
    language = serializers.CharField(
        max_length=16,
        required=False,
        allow_blank=True,
        default="",
        help_text="ISO 639-1 code; left out, the language detected in the text.",
    )
