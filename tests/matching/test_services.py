from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from factcheck.lib.matching.claimreview import Review, parse_claim_reviews
from matching.embeddings import text_hash
from matching.models import Embedding, ExternalClaim, ExternalReview
from matching.services import (
    EMPTY_CLAIM_TEXT,
    ExternalClaimData,
    external_claims_import,
    group_claim_reviews,
)

CLAIM_REVIEW = {
    "@context": "https://schema.org",
    "@type": "ClaimReview",
    "url": "https://factcheck.example/13000-deaths",
    "claimReviewed": "13,000 people died of the flu in the state last winter.",
    "name": "No, the flu did not kill 13,000 people here",
    "datePublished": "2024-02-03",
    "inLanguage": "en",
    "author": {
        "@type": "Organization",
        "name": "Example Checks",
        "url": "https://factcheck.example",
    },
    "reviewRating": {"@type": "Rating", "alternateName": "False"},
    "itemReviewed": {
        "@type": "Claim",
        "author": {"@type": "Person", "name": "A Senator"},
        "datePublished": "2024-01-20",
    },
}


def _page(review: dict) -> str:
    return (
        "<html><head><script type='application/ld+json'>"
        + json.dumps(review)
        + "</script></head><body>Story</body></html>"
    )


def _feed(*reviews: dict) -> str:
    return json.dumps(
        {
            "@context": "https://schema.org",
            "@type": "DataFeed",
            "dataFeedElement": [{"@type": "DataFeedItem", "item": [r]} for r in reviews],
        }
    )


def test_it_reads_a_claimreview_page():
    (item,) = parse_claim_reviews(_page(CLAIM_REVIEW))
    assert item.text.startswith("13,000 people died")
    assert item.claimant == "A Senator"
    assert item.claim_date == dt.date(2024, 1, 20)
    assert item.review.publisher == "Example Checks"
    assert item.review.publisher_site == "factcheck.example"
    assert item.review.rating == "False"
    assert item.review.review_date == dt.date(2024, 2, 3)


def test_it_groups_several_reviews_of_one_claim():
    other = {**CLAIM_REVIEW, "url": "https://other.example/flu", "author": {"name": "Other Desk"}}
    grouped = group_claim_reviews(parse_claim_reviews(_feed(CLAIM_REVIEW, other)))
    assert len(grouped) == 1
    assert [r.publisher for r in grouped[0].reviews] == ["Example Checks", "Other Desk"]


@pytest.mark.django_db
def test_it_imports_a_datafeed_file_idempotently(tmp_path, capsys):
    other = {**CLAIM_REVIEW, "url": "https://other.example/flu", "author": {"name": "Other Desk"}}
    (tmp_path / "feed.json").write_text(_feed(CLAIM_REVIEW, other))
    (tmp_path / "page.html").write_text(
        _page({**CLAIM_REVIEW, "url": "https://third.example/x", "claimReviewed": "Another claim."})
    )
    call_command("import_claimreview", str(tmp_path))
    call_command("import_claimreview", str(tmp_path))
    assert "0 claims created, 0 updated, 2 unchanged" in capsys.readouterr().out
    assert ExternalClaim.objects.count() == 2
    assert ExternalReview.objects.count() == 3
    claim = ExternalClaim.objects.get(text__startswith="13,000")
    assert claim.reviews.count() == 2


@pytest.mark.django_db
def test_it_updates_a_changed_review_in_place():
    review = Review("https://x.example/1", "https://x.example/1", "X", "", "T", "False", None, "en")
    external_claims_import(items=[ExternalClaimData("k1", "A claim.", reviews=(review,))])
    changed = Review(
        "https://x.example/1", "https://x.example/1", "X", "", "T", "Mostly false", None, "en"
    )
    result = external_claims_import(items=[ExternalClaimData("k1", "A claim.", reviews=(changed,))])
    assert (result.created, result.unchanged, result.reviews_updated) == (0, 1, 1)
    assert ExternalReview.objects.get().rating == "Mostly false"


@pytest.mark.django_db
def test_it_rejects_an_external_claim_without_text():
    with pytest.raises(ValidationError) as info:
        external_claims_import(items=[ExternalClaimData("k1", "  ")])
    assert info.value.messages == [EMPTY_CLAIM_TEXT]
    assert not ExternalClaim.objects.exists()


@pytest.mark.django_db
def test_it_embeds_imported_claims_in_the_background(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        external_claims_import(items=[ExternalClaimData("k1", "The moon is made of cheese.")])
    embedding = Embedding.objects.get(external_claim__key="k1")
    assert len(bytes(embedding.vector)) == 384 * 4
    assert embedding.model.startswith("all-MiniLM-L6-v2:")


@pytest.mark.django_db
def test_it_embeds_a_claim_of_ours_when_it_is_saved(django_capture_on_commit_callbacks):
    from tests.factories import ClaimFactory

    with django_capture_on_commit_callbacks(execute=True):
        claim = ClaimFactory(text="The river flooded 300 homes.")
    assert Embedding.objects.filter(claim=claim).exists()
    with django_capture_on_commit_callbacks(execute=True):
        claim.text = "The river flooded 400 homes."
        claim.save()
    embedding = Embedding.objects.get(claim=claim)
    assert embedding.text_hash == text_hash("The river flooded 400 homes.")
