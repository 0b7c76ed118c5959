"""The one article-metadata parser (factcheck/lib/metadata.py), without a database."""

from __future__ import annotations

from datetime import UTC, datetime

from hypothesis import given
from hypothesis import strategies as st

from factcheck.lib.metadata import ArticleMeta, normalise_article_text, parse_article

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


NEWS_PAGE = (
    "<html><head><title>Talks | Site</title>"
    '<meta property="og:site_name" content="Wire">'
    '<meta property="article:published_time" content="2022-01-10T08:30:00+00:00">'
    '<script type="application/ld+json">{"@context": "https://schema.org", '
    '"@type": "NewsArticle", "headline": "Talks in Geneva", '
    '"datePublished": "2022-01-10T08:30:00Z"}</script></head><body><article>'
    "<p>Officials met on Monday in Geneva for a second round of talks.</p>"
    "<p>More than 13,000 people have died since the fighting began, the ministry said.</p>"
    "<table><tr><th>Region</th><th>Deaths</th></tr><tr><td>North</td><td>7,120</td></tr>"
    "<tr><td>South</td><td>5,880</td></tr></table>"
    "</article></body></html>"
)


def test_it_keeps_the_publication_time_of_the_structured_data():
    meta = parse_article(NEWS_PAGE).meta
    assert meta.published_at == datetime(2022, 1, 10, 8, 30, tzinfo=UTC)
    assert meta.title == "Talks in Geneva" and meta.publisher == "Wire"


def test_it_can_leave_an_html_pages_metadata_for_ingestion_to_read():
    parsed = parse_article(NEWS_PAGE, read_html_meta=False)
    assert parsed.fmt == "html" and parsed.meta == ArticleMeta() and parsed.body == NEWS_PAGE
