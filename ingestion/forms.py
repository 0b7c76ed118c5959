"""The admin's ingest and review forms: paste → confirm the parsed metadata → store → triage."""

from __future__ import annotations

from collections.abc import Sequence

from django import forms
from django.conf import settings

from claims.models import Appearance, Claim
from factcheck.lib import extraction
from factcheck.lib.metadata import ParsedArticle, normalise_newlines, parse_article
from ingestion.services import BINARY_TEXT, BODY_TOO_LARGE

PASTE_OR_UPLOAD = "Paste the article or upload a file."
FORMATS = [("auto", "Detect"), ("text", "Text"), ("markdown", "Markdown"), ("html", "HTML")]


class ArticleTextField(forms.CharField):
    """Article text with stray NUL characters dropped (as for uploads and the API) and line
    ends normalised. Not stripped: the text is hashed to recognise the article later."""

    def __init__(self, **kwargs) -> None:
        super().__init__(strip=False, **kwargs)

    def to_python(self, value):
        return normalise_newlines(super().to_python(value).replace("\x00", ""))


class IngestForm(forms.Form):
    """Step one: the article as pasted or uploaded, parsed but not stored."""

    text = ArticleTextField(
        widget=forms.Textarea(attrs={"rows": 16}),
        required=False,
        help_text="Paste plain text, Markdown or HTML. Title:/URL:/Date:/Outlet: header lines, "
        "--- front matter and HTML meta tags are read as the article's details.",
    )
    file = forms.FileField(required=False, help_text="…or upload a .txt, .md or .html file.")
    fmt = forms.ChoiceField(choices=FORMATS, initial="auto", label="Format")

    def clean(self):
        data = super().clean()
        upload = data.get("file")
        if upload is not None:
            if upload.size > settings.FACTCHECK_MAX_BODY_BYTES:
                raise forms.ValidationError(
                    BODY_TOO_LARGE.format(limit=settings.FACTCHECK_MAX_BODY_BYTES)
                )
            try:
                text = extraction.decode_bytes(upload.read())
            except extraction.ExtractionInputError as exc:
                raise forms.ValidationError(str(exc)) from exc
            text = normalise_newlines(text.replace("\x00", ""))
        else:
            text = data.get("text") or ""
            if extraction.looks_binary(text):
                raise forms.ValidationError(BINARY_TEXT)
        if not text.strip():
            raise forms.ValidationError(PASTE_OR_UPLOAD)
        data["parsed"] = parse_article(text, data.get("fmt") or "auto")
        return data


class ConfirmIngestForm(forms.Form):
    """Step two: the parsed details, editable, and the body that will be stored."""

    title = forms.CharField(required=False, max_length=500)
    url = forms.URLField(required=False, assume_scheme="https", label="URL")
    published_at = forms.DateTimeField(required=False, label="Published")
    publisher_name = forms.CharField(required=False, max_length=200, label="Publisher")
    language = forms.CharField(
        max_length=16, required=False, help_text="Leave blank to use the language detected."
    )
    body = ArticleTextField(
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text="What will be stored and searched for claims (header lines removed).",
    )
    fmt = forms.ChoiceField(choices=FORMATS, widget=forms.HiddenInput)

    @classmethod
    def for_article(cls, parsed: ParsedArticle) -> ConfirmIngestForm:
        meta = parsed.meta
        return cls(
            initial={
                "title": meta.title,
                "url": meta.url,
                "published_at": meta.published_at,
                "publisher_name": meta.publisher,
                "language": meta.language or "",
                "body": parsed.body,
                "fmt": parsed.fmt,
            }
        )


DECISIONS = [("", "Leave"), ("keep", "Keep"), ("dismiss", "Dismiss")]
KIND_DECISIONS = [("", "Decide one by one"), ("keep", "Keep all"), ("dismiss", "Dismiss all")]


class ReviewForm(forms.Form):
    """Keep (mark check-worthy) or dismiss each claim the extractor found, one by one or
    every claim of a kind at once (a decision on one claim wins over its kind's)."""

    def __init__(self, *args, appearances: Sequence[Appearance], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.appearances = appearances
        self.kinds = sorted({a.claim.kind for a in appearances})
        labels = dict(Claim.Kind.choices)
        for kind in self.kinds:
            self.fields[f"kind_{kind}"] = forms.ChoiceField(
                choices=KIND_DECISIONS, required=False, label=labels.get(kind, kind)
            )
        for a in appearances:
            self.fields[f"claim_{a.claim_id}"] = forms.ChoiceField(
                choices=DECISIONS,
                required=False,
                widget=forms.RadioSelect(attrs={"class": "review-decision"}),
                label=a.quote_text,
            )

    def decisions(self) -> list[tuple[Appearance, str]]:
        """Each appearance with what was decided for its claim ("keep" or "dismiss")."""
        out: list[tuple[Appearance, str]] = []
        seen: set[int] = set()
        for a in self.appearances:
            choice = self.cleaned_data.get(f"claim_{a.claim_id}") or self.cleaned_data.get(
                f"kind_{a.claim.kind}"
            )
            if choice and a.claim_id not in seen:
                seen.add(a.claim_id)
                out.append((a, choice))
        return out

    def kind_fields(self) -> list[forms.BoundField]:
        return [self[f"kind_{kind}"] for kind in self.kinds]
