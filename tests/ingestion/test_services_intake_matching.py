"""Intake asks claim matching whether each new statement was seen before: a reworded repeat
becomes a new appearance of the stored claim, a near miss is marked "possible duplicate of …",
and a statement with other numbers is never folded into the claim it resembles."""

from __future__ import annotations

import pytest

from claims.models import Appearance, Claim
from factcheck.lib.extraction import Extraction, Statement
from factcheck.lib.permissions import SYSTEM
from ingestion.services import ArticleIn, source_ingest_many
from matching.embeddings import embeddings_refresh
from matching.models import PossibleDuplicate
from tests.factories import ClaimFactory
from tests.matching.test_selectors import NUMBER_PAIRS

pytestmark = pytest.mark.django_db


def _article(*statements: str) -> ArticleIn:
    """An article of these statements, one a paragraph, as the extractor would report them
    (the extractor's own choices are not what these tests pin)."""
    body = "\n\n".join(statements)
    found, start = [], 0
    for text in statements:
        found.append(Statement(text, start, start + len(text), "statistic", [], 0.8))
        start += len(text) + 2
    extracted = Extraction(body=body, quotes=[], statements=found, speakers=[])
    return ArticleIn(text=body, extracted=extracted)


def _ingest(*statements: str):
    (result,) = source_ingest_many([_article(*statements)], actor=SYSTEM)
    return result


def test_a_reworded_repeat_becomes_a_new_appearance_of_the_stored_claim():
    stored = ClaimFactory(text="Unemployment fell to its lowest level in fifty years last month.")
    result = _ingest("Unemployment fell to its lowest level in 50 years last month.")
    assert result.new_claims == 0
    assert [c.pk for c in result.claims] == [stored.pk]
    appearance = Appearance.objects.get(source=result.source)
    assert appearance.claim_id == stored.pk
    assert appearance.quote_text == "Unemployment fell to its lowest level in 50 years last month."


def test_no_incoming_statement_with_another_number_is_folded_into_the_claim_it_resembles():
    checked = [ClaimFactory(text=old) for old, _ in NUMBER_PAIRS]
    result = _ingest(*(new for _, new in NUMBER_PAIRS))
    assert result.new_claims == len(NUMBER_PAIRS) == 20
    for claim, (_, incoming) in zip(checked, NUMBER_PAIRS, strict=True):
        assert not claim.appearances.exists(), incoming
        new = Claim.objects.get(text=incoming)
        mark = PossibleDuplicate.objects.get(claim=new, of=claim)
        assert mark.number_warning.startswith("checked claim says"), incoming


def test_with_the_encoder_at_intake_no_number_difference_is_merged_either(settings):
    settings.MATCHING_INTAKE_EMBED = True
    checked = [ClaimFactory(text=old) for old, _ in NUMBER_PAIRS]
    embeddings_refresh()
    result = _ingest(*(new for _, new in NUMBER_PAIRS))
    assert result.new_claims == 20
    for claim, (_, incoming) in zip(checked, NUMBER_PAIRS, strict=True):
        mark = PossibleDuplicate.objects.get(claim__text=incoming, of=claim)
        assert mark.number_warning.startswith("checked claim says"), incoming


def test_it_says_how_the_numbers_differ_on_the_mark():
    claim = ClaimFactory(text="13,000 people died in the floods.")
    _ingest("14,000 people died in the floods.")
    mark = PossibleDuplicate.objects.get(of=claim)
    assert mark.number_warning == "checked claim says 13,000; this text says 14,000"


def test_a_negated_statement_is_never_the_same_claim():
    stored = ClaimFactory(text="The minister knew about the leaked report in March.")
    result = _ingest("The minister never knew about the leaked report in March.")
    assert result.new_claims == 1
    assert not stored.appearances.exists()
    assert PossibleDuplicate.objects.filter(of=stored).exists()


def test_a_claim_merged_away_is_no_target_for_intake():
    survivor = ClaimFactory(text="The port handled a record 9 million containers.")
    merged = ClaimFactory(
        text="The port handled a record 9 million containers this year.", duplicate_of=survivor
    )
    result = _ingest("This year the port handled a record 9 million containers.")
    assert merged.pk not in {c.pk for c in result.claims}
    assert not PossibleDuplicate.objects.filter(of=merged).exists()


def test_an_unrelated_statement_is_stored_as_a_new_claim_without_a_mark():
    ClaimFactory(text="The measles vaccine causes autism in young children.")
    result = _ingest("The harbour tunnel cost twice its budget.")
    assert result.new_claims == 1
    assert not PossibleDuplicate.objects.exists()


def test_a_batch_of_articles_makes_one_matching_call(monkeypatch):
    from ingestion import services

    calls: list[int] = []
    real = services.near_duplicates_many

    def spy(texts, **kwargs):
        calls.append(len(texts))
        return real(texts, **kwargs)

    monkeypatch.setattr(services, "near_duplicates_many", spy)
    ClaimFactory(text="The measles vaccine causes autism in young children.")
    articles = [
        _article("The harbour tunnel cost twice its budget.", "Rents rose 30% in the capital."),
        _article("The army has 80,000 soldiers.", "The storm left 40,000 homes without power."),
    ]
    source_ingest_many(articles, actor=SYSTEM)
    assert calls == [4]


def test_a_backfill_can_turn_the_intake_check_off(settings):
    settings.MATCHING_INTAKE_CHECK = False
    ClaimFactory(text="Unemployment fell to its lowest level in fifty years last month.")
    result = _ingest("Unemployment fell to its lowest level in 50 years last month.")
    assert result.new_claims == 1
    assert not PossibleDuplicate.objects.exists()
