"""``possible_duplicates_record``: intake's "possible duplicate of …" marks, inserted in one
go (COPY on PostgreSQL from 20 rows), and still recorded when a racing ingestion marked one of
the pairs first."""

from __future__ import annotations

import pytest

from factcheck.bulk import COPY_ABOVE
from factcheck.lib.permissions import SYSTEM
from matching.models import PossibleDuplicate
from matching.selectors import Duplicate, Match
from matching.services import possible_duplicates_record
from tests.factories import ClaimFactory

pytestmark = pytest.mark.django_db


def _duplicate(of_id: int, warning: str | None = None) -> Duplicate:
    match = Match("claim", of_id, None, f"c{of_id}", "text", 1.0, 1.0, None, warning)
    return Duplicate(match, False, 0.6)


@pytest.mark.parametrize("count", [3, COPY_ABOVE + 5])
def test_every_pair_is_marked_once_with_its_number_warning(count):
    stored = ClaimFactory()
    new = [ClaimFactory() for _ in range(count)]
    pairs = [(c, _duplicate(stored.pk, "checked claim says 3; this text says 4")) for c in new]
    pairs += [(new[0], _duplicate(stored.pk)), (stored, _duplicate(stored.pk))]  # twice; itself
    marked = possible_duplicates_record(pairs=pairs, actor=SYSTEM)
    assert len(marked) == count
    rows = PossibleDuplicate.objects.filter(of=stored)
    assert sorted(rows.values_list("claim_id", flat=True)) == sorted(c.pk for c in new)
    assert set(rows.values_list("number_warning", flat=True)) == {
        "checked claim says 3; this text says 4"
    }
    assert all(m.created_at is not None for m in rows)


@pytest.mark.parametrize("count", [3, COPY_ABOVE + 5])
def test_a_pair_a_racing_ingestion_marked_first_is_skipped_and_the_rest_recorded(count):
    stored = ClaimFactory()
    new = [ClaimFactory() for _ in range(count)]
    PossibleDuplicate.objects.create(claim=new[0], of=stored, similarity=0.9)
    possible_duplicates_record(pairs=[(c, _duplicate(stored.pk)) for c in new], actor=SYSTEM)
    assert PossibleDuplicate.objects.filter(of=stored).count() == count
    assert PossibleDuplicate.objects.get(claim=new[0]).similarity == 0.9
