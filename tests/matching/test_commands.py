from __future__ import annotations

import json

import pytest
from django.core.management import call_command

from matching.models import Embedding, ExternalClaim
from tests.factories import ClaimFactory

pytestmark = pytest.mark.django_db


def _write(path, rows):
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    return str(path)


def test_it_runs_the_evaluation_contract(tmp_path, capsys):
    index = _write(
        tmp_path / "index.jsonl",
        [
            {
                "vclaim_id": "vclaim-1",
                "vclaim": "Eating carrots improves night vision.",
                "title": "Carrots",
            },
            {
                "vclaim_id": "vclaim-2",
                "vclaim": "The Great Wall is visible from space.",
                "title": "Wall",
            },
        ],
    )
    queries = _write(
        tmp_path / "queries.jsonl",
        [{"tweet_id": "t1", "tweet": "you can see the great wall of china from space #facts"}],
    )
    call_command("match_claims", index=index, queries=queries, top=10, jsonl=True)
    call_command("match_claims", index=index, queries=queries, top=10, jsonl=True)  # idempotent
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert lines[0] == lines[1]
    assert lines[0]["id"] == "t1"
    assert lines[0]["ranked"][0] == "vclaim-2"
    assert ExternalClaim.objects.count() == 2


def test_it_backfills_embeddings_with_a_progress_bar(capsys):
    ClaimFactory.create_batch(3)
    Embedding.objects.all().delete()
    call_command("embed_claims")
    out, err = capsys.readouterr()
    assert "Embedded 3 claims" in out
    assert "3/3" in err
    assert Embedding.objects.filter(claim__isnull=False).count() == 3
    call_command("embed_claims")
    assert "Embedded 0 claims" in capsys.readouterr().out
