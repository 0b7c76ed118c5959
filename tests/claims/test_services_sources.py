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


# --- Deleting a source -----------------------------------------------------------------


def _article_quoting(claim):
    """An article whose body quotes ``claim``, with the appearance recorded."""
    from claims.models import Appearance
    from tests.factories import SourceFactory

    body = f"Intro. {claim.text} Outro."
    source = SourceFactory(kind="news_article", body=body)
    start = body.index(claim.text)
    Appearance.objects.create(
        claim=claim, source=source, quote_text=claim.text, start=start, end=start + len(claim.text)
    )
    return source


@pytest.mark.django_db
def test_a_source_a_published_fact_check_quotes_cannot_be_deleted(published_verdict):
    from claims.models import Appearance
    from claims.services.sources import source_delete
    from sources.models import Source
    from tests.factories import make_admin

    article = _article_quoting(published_verdict.claim)
    with pytest.raises(ValidationError, match="fact-checks that are published") as exc:
        source_delete(source=article, actor=make_admin())
    assert exc.value.code == "source_in_use"
    assert Source.objects.filter(pk=article.pk).exists()
    assert Appearance.objects.filter(source=article).count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("step", ["submitted", "approved"])
def test_a_source_a_verdict_under_review_quotes_cannot_be_deleted(claim, alice, bob, step):
    from claims import services
    from claims.services.sources import source_delete
    from sources.models import Source
    from tests.factories import SourceFactory, make_admin, truth_rating

    article = _article_quoting(claim)
    services.evidence_add(claim=claim, source=SourceFactory(), stance="supports", actor=alice)
    verdict = services.verdict_create(
        claim=claim, rating=truth_rating(), headline="H", summary="S", rationale="R", author=alice
    )
    services.verdict_submit(verdict=verdict, actor=alice)
    if step == "approved":
        services.verdict_approve(verdict=verdict, actor=bob)
    with pytest.raises(ValidationError, match="cannot be deleted"):
        source_delete(source=article, actor=make_admin())
    assert Source.objects.filter(pk=article.pk).exists()


@pytest.mark.django_db
def test_a_source_no_fact_check_stands_on_is_deleted_with_its_appearances_in_history(claim):
    from claims.models import Appearance, Verdict
    from claims.services.sources import source_delete
    from sources.models import Source
    from tests.factories import VerdictFactory, make_admin

    VerdictFactory(claim=claim, status=Verdict.Status.DRAFT)  # a draft stands on nothing yet
    article = _article_quoting(claim)
    appearance = Appearance.objects.get(source=article)
    source_delete(source=article, actor=make_admin("ada"))
    assert not Source.objects.filter(pk=article.pk).exists()
    assert not Appearance.objects.filter(pk=appearance.pk).exists()
    gone = Appearance.history.filter(id=appearance.pk).latest("history_date")
    assert gone.history_type == "-" and gone.history_user.username == "ada"
    assert Source.history.filter(id=article.pk).latest("history_date").history_type == "-"


@pytest.mark.django_db
def test_the_database_refuses_to_drop_appearances_with_their_source(claim):
    from django.db.models import ProtectedError

    article = _article_quoting(claim)
    with pytest.raises(ProtectedError):
        article.delete()


@pytest.mark.django_db
def test_deleting_a_source_needs_the_delete_permission(claim, alice):
    from django.core.exceptions import PermissionDenied

    from claims.services.sources import source_delete

    with pytest.raises(PermissionDenied):
        source_delete(source=_article_quoting(claim), actor=alice)
