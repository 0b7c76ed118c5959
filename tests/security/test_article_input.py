"""Article input from the admin: a stray NUL in an uploaded file is dropped (as the README
says), while binary data, uploaded or pasted, is refused with a clear error."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ingestion.services import BINARY_TEXT
from sources.models import Source
from tests.factories import ARTICLE

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00\x00\x00\x01\x00\x08\x06" * 30


def _ingest(client, **data):
    return client.post(reverse("admin:sources_source_ingest"), {"language": "en", **data})


def test_a_stray_nul_in_an_uploaded_file_is_dropped_not_refused_as_binary(client, alice):
    client.force_login(alice)
    body = ARTICLE.replace("Monday.", "Monday.\x00").encode()
    parsed = _ingest(client, file=SimpleUploadedFile("a.txt", body), fmt="auto")
    assert parsed.status_code == 200, parsed.content[:2000]
    form = parsed.context["form"]  # step two: the parsed details, confirmed as they are
    confirm = {name: form[name].value() or "" for name in form.fields}
    response = client.post(
        reverse("admin:sources_source_ingest"), {**confirm, "title": "Upload", "confirm": "1"}
    )
    assert response.status_code == 302, response.content[:2000]
    assert "\x00" not in Source.objects.get().body


def test_an_uploaded_png_is_refused_as_binary(client, alice):
    client.force_login(alice)
    response = _ingest(client, file=SimpleUploadedFile("a.txt", PNG))
    assert response.status_code == 200
    assert b"binary" in response.content
    assert not Source.objects.exists()


def test_png_bytes_pasted_as_text_are_refused_with_a_clear_error(client, alice):
    client.force_login(alice)
    response = _ingest(client, text=PNG.decode("latin-1").replace("\x00", ""))
    assert response.status_code == 200
    assert BINARY_TEXT.encode() in response.content.replace(b"&#x27;", b"'")
    assert not Source.objects.exists()
