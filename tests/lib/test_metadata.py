"""The one article-metadata parser (factcheck/lib/metadata.py), without a database."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from factcheck.lib.metadata import normalise_article_text, parse_article

BODY = "Officials met on Monday.\n\nMore than 13,000 people have died.\n"


def test_it_reads_header_lines_and_cuts_them_from_the_body():
    parsed = parse_article(
        "Title: Talks\nURL: https://x.example/a\nDate: January 10, 2022\nOutlet: AFP\n\n" + BODY
    )
    meta = parsed.meta
    assert (meta.title, meta.url, meta.publisher) == ("Talks", "https://x.example/a", "AFP")
    assert meta.published_at is not None and meta.published_at.date().isoformat() == "2022-01-10"
    assert parsed.body == BODY
    assert parsed.fmt == "text"


def test_it_normalises_crlf_before_reading_header_lines():
    parsed = parse_article("Title: Talks\r\nOutlet: AFP\r\n\r\n" + BODY.replace("\n", "\r\n"))
    assert parsed.meta.title == "Talks" and parsed.meta.publisher == "AFP"
    assert "\r" not in parsed.meta.title and "\r" not in parsed.body


def test_a_title_line_is_a_header_even_without_a_blank_line_after_it():
    parsed = parse_article("Title: Talks\n" + BODY)
    assert parsed.meta.title == "Talks"
    assert parsed.body == BODY


def test_a_text_without_header_lines_is_left_as_it_is():
    parsed = parse_article(BODY)
    assert parsed.meta.title == "" and parsed.body == BODY


def test_it_reads_front_matter():
    parsed = parse_article('---\ntitle: "Talks"\nurl: https://x.example/b\n---\n' + BODY)
    assert parsed.meta.title == "Talks" and parsed.meta.url == "https://x.example/b"
    assert parsed.body == BODY


def test_it_reads_json_ld_from_html():
    html = (
        '<html><head><script type="application/ld+json">{"@context": "https://schema.org", '
        '"@type": "NewsArticle", "headline": "Talks in Geneva", '
        '"datePublished": "2022-01-10T08:00:00Z", "publisher": {"@type": "Organization", '
        '"name": "Wire"}}</script></head><body><article><p>' + BODY + "</p></article></body></html>"
    )
    parsed = parse_article(html)
    assert parsed.fmt == "html"
    assert parsed.meta.title == "Talks in Geneva"
    assert parsed.meta.published_at is not None
    assert parsed.meta.published_at.date().isoformat() == "2022-01-10"


@given(st.text().map(lambda s: s.replace("\x00", "")))
def test_a_crlf_copy_and_an_lf_copy_normalise_alike(text):
    assert normalise_article_text(text.replace("\n", "\r\n")) == normalise_article_text(text)
