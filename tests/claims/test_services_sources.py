"""Sources as the desk edits them: what readers have seen of a cited source stays put."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse


def test_a_source_cited_by_a_published_fact_check_keeps_its_public_details(
    published_verdict, alice, client
):
    from claims.services.sources import SOURCE_IN_PUBLIC_USE, source_update

    source = published_verdict.cited_evidence.get().source
    with pytest.raises(ValidationError, match="cannot change under them"):
        source_update(source=source, actor=alice, url="https://evil.example/other")
    source_update(source=source, actor=alice, language="fr")  # not shown publicly: allowed
    client.force_login(alice)
    page = client.get(reverse("admin:sources_source_change", args=[source.pk]))
    assert b'name="url"' not in page.content
    assert SOURCE_IN_PUBLIC_USE
