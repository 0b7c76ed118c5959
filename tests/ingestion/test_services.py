"""Ingestion: articles in, claims out, exactly once, and bad input refused cleanly."""

from __future__ import annotations

import json
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import override_settings

from claims.models import Appearance, Claim, Speaker
from demo.seed import SEED_GOLD, ingest_seed_article
from factcheck.lib.permissions import SYSTEM
from ingestion import services as rules
from ingestion.services import source_ingest
from sources.models import Source
from tests.factories import ARTICLE


def _row_counts() -> tuple[int, int, int, int]:
    return (
        Source.objects.count(),
        Claim.objects.count(),
        Appearance.objects.count(),
        Speaker.objects.count(),
    )


def test_it_stores_all_fifteen_seed_quotes_with_their_speakers(db):
    gold = json.loads(SEED_GOLD.read_text())
    result = ingest_seed_article(actor=SYSTEM)
    assert result.created
    found = {
        (a.quote_text, a.claim.claimant.name if a.claim.claimant else None)
        for a in result.appearances
    }
    for quote in gold["quotes"]:
        assert (quote["text"], quote["speaker"]) in found, quote
    assert Speaker.objects.get(name="Jens Stoltenberg").role == "NATO chief"
    assert Speaker.objects.get(name="Wendy Sherman").role == "U.S. Deputy Secretary of State"


def test_every_appearance_span_points_at_its_text_in_the_body(db):
    result = ingest_seed_article(actor=SYSTEM)
    body = result.source.body
    for appearance in result.appearances:
        assert body[appearance.start : appearance.end] == appearance.quote_text


def test_the_worked_statistic_becomes_a_statistic_claim(db):
    ingest_seed_article(actor=SYSTEM)
    claim = Claim.objects.get(text__contains="more than 13,000 people have died")
    assert claim.kind == Claim.Kind.STATISTIC
    assert claim.checkworthiness >= 0.5


def test_ingesting_the_same_url_twice_adds_nothing(db):
    first = source_ingest(text=ARTICLE, url="https://news.example/a?utm_source=x", actor=SYSTEM)
    before = _row_counts()
    again = source_ingest(text=ARTICLE + "\nEdited.", url="https://NEWS.example/a/", actor=SYSTEM)
    assert first.created and not again.created
    assert again.source == first.source
    assert _row_counts() == before


def test_ingesting_the_same_text_without_url_adds_nothing(db):
    source_ingest(text=ARTICLE, actor=SYSTEM)
    before = _row_counts()
    assert not source_ingest(text=ARTICLE.encode(), actor=SYSTEM).created
    assert _row_counts() == before


def test_the_same_statement_in_a_second_article_is_a_new_appearance(db):
    first = source_ingest(text=ARTICLE, url="https://a.example/1", actor=SYSTEM)
    second = source_ingest(
        text="Different intro here.\n\nMore than 13000 people have died in the conflict "
        "since 2014.\n",
        url="https://b.example/2",
        actor=SYSTEM,
    )
    claim = Claim.objects.get(text__startswith="More than 13,000")
    assert second.new_claims == 0
    assert claim.appearances.count() == 2
    assert {a.source for a in claim.appearances.all()} == {first.source, second.source}


def test_a_speaker_is_never_duplicated_across_articles(db):
    source_ingest(text=ARTICLE, url="https://a.example/1", actor=SYSTEM)
    source_ingest(
        text='"Prices will fall," Jane Doe said on Tuesday.',
        url="https://b.example/2",
        actor=SYSTEM,
    )
    assert Speaker.objects.filter(name="Jane Doe").count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_processes_ingesting_one_article_store_it_once():
    barrier = threading.Barrier(2)
    results = []

    def run():
        barrier.wait()
        try:
            results.append(source_ingest(text=ARTICLE, url="https://race.example/x", actor=SYSTEM))
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(r.created for r in results) == [False, True]
    assert Source.objects.count() == 1
    assert Appearance.objects.count() == results[0].source.appearances.count()


@pytest.mark.parametrize("text", ["", "   \n\t  ", b"", b"\n\n"])
def test_it_refuses_an_empty_article_and_writes_nothing(db, text):
    with pytest.raises(ValidationError, match=rules.EMPTY_BODY):
        source_ingest(text=text, actor=SYSTEM)
    assert _row_counts() == (0, 0, 0, 0)


def test_it_refuses_a_binary_file(db):
    with pytest.raises(ValidationError, match="binary"):
        source_ingest(text=bytes(range(256)) * 20, actor=SYSTEM)
    assert Source.objects.count() == 0


def test_it_decodes_a_latin1_article(db):
    result = source_ingest(
        text='Le caf\xe9 "est ferm\xe9," a dit Marie Dupont.'.encode("latin-1"), actor=SYSTEM
    )
    assert "café" in result.source.body


def test_it_honours_a_declared_encoding(db):
    text = '"Ceny wzrosną o 5%," powiedział Jan Kowalski.'.encode("cp1250")
    result = source_ingest(text=text, encoding="cp1250", actor=SYSTEM)
    assert "wzrosną" in result.source.body


def test_it_drops_stray_nul_characters(db):
    result = source_ingest(text='Hello\x00 world. "It works," she said.', actor=SYSTEM)
    assert "\x00" not in result.source.body


@override_settings(FACTCHECK_MAX_BODY_BYTES=1000)
def test_it_refuses_an_article_over_the_size_limit(db):
    with pytest.raises(ValidationError, match="larger than the limit of 1000 bytes"):
        source_ingest(text="word " * 1000, actor=SYSTEM)
    assert Source.objects.count() == 0


def test_it_refuses_an_invalid_url(db):
    with pytest.raises(ValidationError, match="valid http"):
        source_ingest(text=ARTICLE, url="javascript:alert(1)", actor=SYSTEM)
    assert Source.objects.count() == 0


def test_it_survives_unbalanced_quote_marks(db):
    result = source_ingest(
        text='He said "this never closes.\n\nNext paragraph « also open.', actor=SYSTEM
    )
    assert result.created


def test_it_survives_a_hundred_thousand_character_paragraph(db):
    result = source_ingest(
        text=("The index rose 5 percent, analysts said. " * 2500)[:100_000], actor=SYSTEM
    )
    assert result.created


def test_it_extracts_from_malformed_html(db):
    html = (
        '<html><head><title>T</title></head><body><div><p>"Taxes will rise by 3%," '
        "Finance Minister Ana Lopez said on Monday.<p>Unclosed <b>tags <i>everywhere"
        "</body>"
    )
    result = source_ingest(text=html, fmt="html", actor=SYSTEM)
    assert result.created
    assert "<p>" not in result.source.body


def test_a_batch_stores_good_articles_and_reports_bad_ones(db):
    from ingestion.services import ArticleIn, source_ingest_many

    outcomes = source_ingest_many(
        [
            ArticleIn(text=ARTICLE, url="https://batch.example/1"),
            ArticleIn(text="   "),
            ArticleIn(
                text='"Rents will double," Mayor Tom Reed said.', url="https://batch.example/2"
            ),
            ArticleIn(text=ARTICLE, url="https://batch.example/1"),  # the same article again
        ],
        actor=SYSTEM,
    )
    assert outcomes[0].created and outcomes[2].created
    assert isinstance(outcomes[1], ValidationError)
    assert not outcomes[3].created and outcomes[3].source == outcomes[0].source
    assert Source.objects.count() == 2
    assert outcomes[2].claims[0].claimant.name == "Tom Reed"


def test_a_batch_shares_a_new_claim_between_its_articles(db):
    from ingestion.services import ArticleIn, source_ingest_many

    statement = "More than 13,000 people have died in the conflict since 2014."
    first, second = source_ingest_many(
        [
            ArticleIn(text=f"Intro one.\n\n{statement}"),
            ArticleIn(text=f"Intro two, different.\n\n{statement}"),
        ],
        actor=SYSTEM,
    )
    assert first.new_claims + second.new_claims == Claim.objects.count()
    claim = Claim.objects.get(text=statement)
    assert claim.appearances.count() == 2


def test_ingested_rows_have_creation_history(db):
    result = source_ingest(text=ARTICLE, actor=SYSTEM)
    claim = result.claims[0]
    assert claim.history.filter(history_type="+").count() == 1
    assert result.appearances[0].history.count() == 1
    assert result.source.history.count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_ingestions_sharing_statements_in_opposite_order_both_finish():
    from ingestion.services import source_ingest

    statements = [f"Exports rose {n} percent in the year to March." for n in range(2, 120)]
    texts = ["\n\n".join(statements), "Reversed.\n\n" + "\n\n".join(reversed(statements))]
    barrier, failures = threading.Barrier(2), []

    def run(text):
        barrier.wait()
        try:
            source_ingest(text=text, actor=SYSTEM)
        except Exception as exc:
            failures.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(t,)) for t in texts]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert failures == []
    assert Claim.objects.count() == len(statements)


PAGE = (
    "<html><head><title>Talks | Site</title>"
    '<link rel="canonical" href="https://wire.example/talks">'
    '<meta property="og:site_name" content="Wire">'
    '<script type="application/ld+json">{"@context": "https://schema.org", '
    '"@type": "NewsArticle", "headline": "Talks in Geneva", '
    '"datePublished": "2022-01-10T08:30:00Z"}</script></head><body><article>'
    "<p>Officials met on Monday in Geneva for a second round of talks.</p>"
    '<p>"More than 13,000 people have died since the fighting began," the minister said.</p>'
    "</article></body></html>"
)


def test_it_fills_what_the_caller_left_blank_from_the_pages_metadata(db):
    article = rules.ArticleIn(text=PAGE, fmt="html", page_meta=True, publisher_name="AFP")
    result = rules.source_ingest_many([article], actor=SYSTEM)[0]
    assert isinstance(result, rules.IngestResult) and result.created
    source = result.source
    assert source.title == "Talks in Geneva" and source.publisher_name == "AFP"
    assert source.url == "https://wire.example/talks"
    assert source.published_at is not None and source.published_at.hour == 8


def test_a_replayed_html_page_is_settled_before_its_metadata_is_read(db, monkeypatch):
    first = rules.source_ingest_many([rules.ArticleIn(text=PAGE, page_meta=True)], actor=SYSTEM)
    monkeypatch.setattr(rules, "html_meta", lambda html: pytest.fail("metadata read on replay"))
    again = rules.source_ingest_many([rules.ArticleIn(text=PAGE, page_meta=True)], actor=SYSTEM)
    assert isinstance(again[0], rules.IngestResult) and not again[0].created
    assert again[0].source == first[0].source  # type: ignore[union-attr]


def test_a_changed_page_under_a_stored_canonical_url_is_not_stored_twice(db):
    rules.source_ingest_many([rules.ArticleIn(text=PAGE, page_meta=True)], actor=SYSTEM)
    changed = PAGE.replace("second round", "third round")
    again = rules.source_ingest_many([rules.ArticleIn(text=changed, page_meta=True)], actor=SYSTEM)
    assert isinstance(again[0], rules.IngestResult) and not again[0].created
    assert Source.objects.count() == 1
