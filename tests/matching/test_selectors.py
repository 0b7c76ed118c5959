from __future__ import annotations

import pytest

from matching import selectors
from matching.embeddings import embeddings_refresh
from matching.selectors import match_claims, near_duplicates, near_duplicates_many
from matching.services import ExternalClaimData, external_claims_import
from tests.factories import ClaimFactory, publish

pytestmark = pytest.mark.django_db

INDEX = [
    ("flu", "13,000 people died of the flu in the state last winter."),
    ("vaccine", "The measles vaccine causes autism in young children."),
    ("wall", "The border wall has been fully paid for by Mexico."),
    ("moon", "The moon landing in 1969 was staged in a film studio."),
    ("tax", "The new law raises income tax for every household earning under 50,000 dollars."),
]


def _import(rows=INDEX):
    external_claims_import(
        items=[ExternalClaimData(key=k, text=t) for k, t in rows], enqueue_embedding=False
    )
    embeddings_refresh()


def test_it_finds_a_checked_claim_however_its_number_is_written(lexical_only):
    _import()
    for text in (
        "Did 13000 people really die of flu here?",
        "thirteen thousand died of the flu this winter",
        "13 thousand flu deaths in the state",
    ):
        assert match_claims(text, limit=3)[0].key == "flu"


def test_it_matches_lexically_without_an_encoder(lexical_only):
    _import()
    (first, *_) = match_claims("vaccines cause autism", limit=5)
    assert first.key == "vaccine"
    assert first.semantic_score is None


def test_it_matches_a_paraphrase_with_the_encoder():
    _import()
    (first, *_) = match_claims("Apollo astronauts never went to the moon, it was faked", limit=3)
    assert first.key == "moon"
    assert first.semantic_score is not None


def test_it_warns_when_a_match_states_another_number():
    _import()
    (first, *_) = match_claims("14,000 people died of the flu in the state last winter", limit=1)
    assert first.key == "flu"
    assert first.number_warning == "checked claim says 13,000; this text says 14,000"


def test_it_ranks_only_our_published_fact_checks(alice, bob, carol):
    published = ClaimFactory(text="The mayor cut the police budget by half.")
    ClaimFactory(text="The mayor cut the police budget by a third.")  # not published
    publish(published, alice, bob, carol)
    embeddings_refresh()
    matches = match_claims("mayor police budget cut", limit=5, include_external=False)
    assert [m.claim_id for m in matches] == [published.pk]


def test_it_leaves_external_fact_checks_out_when_asked(alice, bob, carol):
    _import()
    assert match_claims("flu deaths", limit=5, include_external=False) == []


def test_it_calls_a_reworded_statement_the_same_claim_at_intake():
    claim = ClaimFactory(text="Unemployment fell to its lowest level in fifty years last month.")
    embeddings_refresh()
    (duplicate,) = near_duplicates("Unemployment fell to its lowest level in 50 years last month.")
    assert duplicate.match.claim_id == claim.pk
    assert duplicate.same_claim


def test_it_shows_a_looser_rewording_as_a_possible_duplicate_only():
    ClaimFactory(text="Unemployment fell to its lowest level in fifty years last month.")
    embeddings_refresh()
    duplicates = near_duplicates(
        "Unemployment is now at its lowest in fifty years, the minister said."
    )
    assert duplicates and not any(d.same_claim for d in duplicates)


NUMBER_PAIRS = [
    ("13,000 people died in the floods.", "14,000 people died in the floods."),
    ("The city hired 200 new teachers.", "The city hired 300 new teachers."),
    ("Crime fell by 12% last year.", "Crime fell by 21% last year."),
    ("The bridge cost 4 million dollars.", "The bridge cost 40 million dollars."),
    ("Over 1,500 jobs were lost at the plant.", "Over 2,500 jobs were lost at the plant."),
    ("The hospital has 350 beds.", "The hospital has 530 beds."),
    ("Ten thousand people marched downtown.", "Twenty thousand people marched downtown."),
    (
        "The minimum wage rises to 12 dollars an hour.",
        "The minimum wage rises to 15 dollars an hour.",
    ),
    ("Inflation reached 9.1% in June.", "Inflation reached 8.1% in June."),
    ("The army has 80,000 soldiers.", "The army has 60,000 soldiers."),
    ("The school lost 3 million in funding.", "The school lost 5 million in funding."),
    ("About 45% of voters turned out.", "About 54% of voters turned out."),
    ("The company paid 7 billion in taxes.", "The company paid 2 billion in taxes."),
    ("Sixty refugees arrived by boat.", "Ninety refugees arrived by boat."),
    ("The dam holds 900 million litres.", "The dam holds 700 million litres."),
    ("Police made 250 arrests at the match.", "Police made 25 arrests at the match."),
    ("Rents rose 30% in the capital.", "Rents rose 13% in the capital."),
    ("The plan builds 100,000 homes.", "The plan builds 10,000 homes."),
    ("The storm left 40,000 homes without power.", "The storm left 45,000 homes without power."),
    (
        "The ministry spent 1.2 billion on consultants.",
        "The ministry spent 2.1 billion on consultants.",
    ),
]


def test_it_never_merges_claims_that_differ_in_one_number():
    claims = [ClaimFactory(text=checked) for checked, _ in NUMBER_PAIRS]
    embeddings_refresh()
    for claim, (_checked, incoming) in zip(claims, NUMBER_PAIRS, strict=True):
        duplicates = near_duplicates(incoming)
        assert duplicates, incoming
        top = duplicates[0]
        assert top.match.claim_id == claim.pk, incoming
        assert not top.same_claim, incoming
        assert top.match.number_warning and top.match.number_warning.startswith(
            "checked claim says"
        ), incoming


def test_it_never_merges_across_a_number_difference_without_an_encoder(lexical_only):
    checked, incoming = NUMBER_PAIRS[0]
    ClaimFactory(text=checked)
    (top,) = near_duplicates(incoming)
    assert not top.same_claim
    assert top.match.number_warning == "checked claim says 13,000; this text says 14,000"


def test_it_sees_a_fact_check_published_after_the_index_was_built(alice, bob, carol):
    claim = ClaimFactory(text="The harbour tunnel cost twice its budget.")
    embeddings_refresh()
    assert match_claims("harbour tunnel budget", include_external=False) == []
    publish(claim, alice, bob, carol)
    assert [m.claim_id for m in match_claims("harbour tunnel budget")] == [claim.pk]


def test_intake_finds_the_same_duplicates_reading_only_the_rarest_terms_postings(monkeypatch):
    """The 20 number pairs, checked as intake checks them (no embedding), with a postings
    budget so small that only each statement's rarest term is read: the same outcomes as with
    every term read."""
    claims = [ClaimFactory(text=checked) for checked, _ in NUMBER_PAIRS]
    ClaimFactory(text="People died and homes were lost in the capital last year.")
    incoming = [statement for _, statement in NUMBER_PAIRS]

    def outcomes(budget: int) -> list[list[tuple[int | None, bool, str | None]]]:
        monkeypatch.setattr(selectors, "NEAR_DUPLICATE_POSTINGS", budget)
        return [
            [(d.match.claim_id, d.same_claim, d.match.number_warning) for d in duplicates]
            for duplicates in near_duplicates_many(incoming, embed=False)
        ]

    exhaustive = outcomes(10**9)
    assert [found[0][0] for found in exhaustive] == [c.pk for c in claims]
    assert outcomes(1) == exhaustive
