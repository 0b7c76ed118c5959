"""The source admin and its ingest and review pages (ingestion/admin.py), rendered with the
test client as each member of the cast."""

from __future__ import annotations

import warnings
from io import StringIO
from pathlib import Path

from django.contrib.staticfiles import finders
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.paginator import UnorderedObjectListWarning
from django.urls import reverse

from claims.models import Claim
from factcheck.lib.permissions import SYSTEM
from sources.models import Source
from tests.factories import ARTICLE, WITH_NUL, ClaimFactory, SourceFactory


def test_an_outsider_cannot_read_the_ingest_review_page(client, mallory):
    source = SourceFactory(body="x")
    client.force_login(mallory)
    assert client.get(reverse("admin:sources_source_review", args=[source.pk])).status_code == 403


def test_the_admin_adds_a_source(client, alice):
    client.force_login(alice)
    response = client.post(
        reverse("admin:sources_source_add"),
        {
            "kind": "dataset",
            "title": "Casualty data",
            "url": "https://data.example/x",
            "language": "en",
            "authors": "[]",
            "evidence-TOTAL_FORMS": "0",
            "evidence-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302


def test_the_source_page_marks_claims_in_the_body(client, alice):
    from claims import services

    source = SourceFactory(body='The minister said "prices fell 3%" today.')
    claim = ClaimFactory(text="prices fell 3%")
    services.appearance_create(
        claim=claim, source=source, quote_text="prices fell 3%", start=19, end=33, actor=SYSTEM
    )
    client.force_login(alice)
    response = client.get(reverse("admin:sources_source_change", args=[source.pk]))
    assert response.status_code == 200
    assert b">prices fell 3%</mark>" in response.content


def test_the_source_form_rejects_a_duplicate_url(client, alice):
    SourceFactory(url="https://example.org/a")
    client.force_login(alice)
    response = client.post(
        reverse("admin:sources_source_add"),
        {
            "kind": "news_article",
            "url": "https://EXAMPLE.org/a/?utm_source=x",
            "title": "t",
            "language": "en",
            "authors": "[]",
        },
    )
    assert response.status_code == 200
    assert "A source with this URL already exists" in str(response.context["adminform"].form.errors)


def test_an_editor_edits_a_source_and_the_url_is_normalised(client, alice):
    source = SourceFactory(url="https://example.org/old", title="Old")
    url = reverse("admin:sources_source_change", args=[source.pk])
    client.force_login(alice)
    loaded = client.get(url).context["adminform"].form.initial["loaded_version"]
    response = client.post(
        url,
        {
            "kind": "official_report",
            "title": "New title",
            "url": "HTTPS://Example.org/new/",
            "language": "en",
            "authors": "[]",
            "loaded_version": loaded,
            "evidence-TOTAL_FORMS": "0",
            "evidence-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302
    source.refresh_from_db()
    assert source.title == "New title"
    assert source.url == "https://example.org/new"


def _paste(client, text: str, **changes):
    """Step one (paste) and step two (confirm, with ``changes`` to the parsed details)."""
    url = reverse("admin:sources_source_ingest")
    parsed = client.post(url, {"text": text, "fmt": "auto"})
    assert parsed.status_code == 200
    form = parsed.context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    return client.post(url, {**data, **changes, "confirm": "1"})


def test_the_admin_ingest_page_stores_and_lets_the_checker_triage(client, alice):
    client.force_login(alice)
    response = _paste(client, ARTICLE, url="https://paste.example/x", title="Pasted")
    assert response.status_code == 302
    source = Source.objects.get()
    review = client.get(response["Location"])
    assert review.status_code == 200
    assert b"Jane Doe" in review.content
    claims = list(Claim.objects.order_by("id"))
    client.post(
        response["Location"], {f"claim_{claims[0].pk}": "keep", f"claim_{claims[1].pk}": "dismiss"}
    )
    statuses = dict(Claim.objects.values_list("pk", "status"))
    assert statuses[claims[0].pk] == "checkworthy"
    assert statuses[claims[1].pk] == "dismissed"
    assert source.created_by == alice
    assert source.title == "Pasted"


def test_the_admin_ingest_page_shows_a_clear_error_for_an_empty_paste(client, alice):
    client.force_login(alice)
    response = client.post(reverse("admin:sources_source_ingest"), {"text": "  ", "fmt": "auto"})
    assert response.status_code == 200
    assert b"Paste the article or upload a file." in response.content


def test_an_outsider_cannot_reach_the_ingest_page(client, mallory):
    client.force_login(mallory)
    assert client.get(reverse("admin:sources_source_ingest")).status_code == 403
    confirm = {"body": ARTICLE, "fmt": "text", "language": "en", "confirm": "1"}
    assert client.post(reverse("admin:sources_source_ingest"), confirm).status_code == 403
    assert not Source.objects.exists()


def test_the_admin_paste_drops_nul_characters(client, alice):
    client.force_login(alice)
    response = _paste(client, WITH_NUL, url="https://paste.example/nul", title="NUL")
    assert response.status_code == 302
    assert "\x00" not in Source.objects.get().body
    assert "3.5 percent" in Source.objects.get().body


HEADED = (
    "Title: Minister promises cuts\r\n"
    "URL: https://news.example/2022/cuts\r\n"
    "Date: 2022-01-10\r\n"
    "Outlet: Example News\r\n"
    "\r\n" + ARTICLE.replace("\n", "\r\n")
)


def test_the_paste_step_shows_the_parsed_details_and_stores_nothing(client, alice):
    client.force_login(alice)
    response = client.post(reverse("admin:sources_source_ingest"), {"text": HEADED, "fmt": "auto"})
    assert response.status_code == 200
    form = response.context["form"]
    assert form["title"].value() == "Minister promises cuts"
    assert form["url"].value() == "https://news.example/2022/cuts"
    assert form["publisher_name"].value() == "Example News"
    assert form["published_at"].value().date().isoformat() == "2022-01-10"
    assert "Title:" not in form["body"].value() and "\r" not in form["body"].value()
    assert b"Minister promises cuts" in response.content
    assert not Source.objects.exists()


def test_pasted_header_lines_become_details_never_claims(client, alice):
    client.force_login(alice)
    response = _paste(client, HEADED)
    assert response.status_code == 302
    source = Source.objects.get()
    assert source.title == "Minister promises cuts"
    assert source.url == "https://news.example/2022/cuts"
    assert source.publisher_name == "Example News"
    assert source.published_at.date().isoformat() == "2022-01-10"
    assert "\r" not in source.body and "Title:" not in source.body
    texts = list(Claim.objects.values_list("text", flat=True))
    assert texts and not any(
        "Title" in t or "2022-01-10" in t or "news.example" in t for t in texts
    )


def test_the_checker_can_correct_the_parsed_title_before_storing(client, alice):
    client.force_login(alice)
    assert _paste(client, HEADED, title="Cuts promised").status_code == 302
    assert Source.objects.get().title == "Cuts promised"


def test_an_article_pasted_then_ingested_from_the_command_line_is_stored_once(
    client, alice, tmp_path
):
    client.force_login(alice)
    assert _paste(client, HEADED).status_code == 302
    path = tmp_path / "cuts.txt"
    path.write_text(HEADED.replace("\r\n", "\n"), encoding="utf-8")
    out = StringIO()
    call_command("ingest", str(path), stdout=out)
    assert "0 new, 1 unchanged" in out.getvalue()
    assert Source.objects.count() == 1


def test_an_article_without_a_url_pasted_then_ingested_from_a_file_is_stored_once(
    client, alice, tmp_path
):
    client.force_login(alice)
    text = "Title: No link here\r\n\r\n" + ARTICLE.replace("\n", "\r\n")
    assert _paste(client, text).status_code == 302
    path = tmp_path / "nolink.txt"
    path.write_text(text.replace("\r\n", "\n") + "\n", encoding="utf-8")
    out = StringIO()
    call_command("ingest", str(path), stdout=out)
    assert "0 new, 1 unchanged" in out.getvalue()
    assert Source.objects.count() == 1


def test_an_article_ingested_from_the_command_line_is_recognised_on_the_confirm_page(
    client, alice, tmp_path
):
    path = tmp_path / "cuts.txt"
    path.write_text(HEADED.replace("\r\n", "\n"), encoding="utf-8")
    call_command("ingest", str(path), stdout=StringIO())
    client.force_login(alice)
    response = client.post(reverse("admin:sources_source_ingest"), {"text": HEADED, "fmt": "auto"})
    assert response.status_code == 200
    assert response.context["stored"] == Source.objects.get()
    assert b"already stored" in response.content
    assert _paste(client, HEADED).status_code == 302
    assert Source.objects.count() == 1


def test_an_uploaded_html_file_is_confirmed_with_its_meta_tags(client, alice):
    html = (
        b"<html><head><title>Talks | Wire</title>"
        b'<meta property="og:title" content="Talks on Ukraine">'
        b'<meta property="og:url" content="https://wire.example/talks">'
        b'<meta property="og:site_name" content="Wire">'
        b'<meta property="article:published_time" content="2022-01-10T08:00:00Z">'
        b"</head><body><article><p>" + ARTICLE.encode() + b"</p></article></body></html>"
    )
    client.force_login(alice)
    upload = SimpleUploadedFile("talks.html", html, content_type="text/html")
    response = client.post(reverse("admin:sources_source_ingest"), {"file": upload, "fmt": "auto"})
    assert response.status_code == 200
    form = response.context["form"]
    assert form["title"].value() == "Talks on Ukraine"
    assert form["url"].value() == "https://wire.example/talks"
    assert form["publisher_name"].value() == "Wire"
    assert form["fmt"].value() == "html"


def _review(client, alice):
    client.force_login(alice)
    response = _paste(client, ARTICLE, url="https://paste.example/review")
    return response["Location"], client.get(response["Location"])


def test_the_review_page_labels_each_decision_and_shows_context_and_score(client, alice):
    _location, review = _review(client, alice)
    assert review.status_code == 200
    claim = Claim.objects.order_by("-checkworthiness").first()
    html = review.content.decode()
    # A <label for> around each radio: clicking the word "Keep" selects it.
    assert f'<label for="id_claim_{claim.pk}_1">' in html
    assert f'id="id_claim_{claim.pk}_1"' in html
    assert f"<td>{claim.checkworthiness:.2f}</td>" in html
    assert "Officials met on Monday." in html  # the sentence around the quote
    assert "ingestion/review.js" in html


def test_the_review_page_script_is_a_static_file_not_an_inline_script(client, alice):
    _, review = _review(client, alice)
    html = review.content.decode()
    assert "<script>" not in html
    assert finders.find("ingestion/review.js")


def test_the_review_page_keeps_or_dismisses_every_claim_of_a_kind(client, alice):
    location, _ = _review(client, alice)
    statistics = set(Claim.objects.filter(kind="statistic").values_list("pk", flat=True))
    quote = Claim.objects.filter(kind="quote").first()
    assert statistics and quote
    response = client.post(location, {"kind_statistic": "dismiss", "kind_quote": "keep"})
    assert response.status_code == 302
    statuses = dict(Claim.objects.values_list("pk", "status"))
    assert {statuses[pk] for pk in statistics} == {"dismissed"}
    assert statuses[quote.pk] == "checkworthy"


def test_a_decision_on_one_claim_wins_over_its_kinds(client, alice):
    location, _ = _review(client, alice)
    first, *others = Claim.objects.filter(kind="statistic").order_by("pk")
    client.post(location, {"kind_statistic": "dismiss", f"claim_{first.pk}": "keep"})
    first.refresh_from_db()
    assert first.status == "checkworthy"
    assert all(c.status == "dismissed" for c in Claim.objects.filter(pk__in=[o.pk for o in others]))


def test_an_outsider_cannot_triage_from_the_review_page(client, alice, mallory):
    location, _ = _review(client, alice)
    client.force_login(mallory)
    assert client.post(location, {"kind_statistic": "dismiss"}).status_code == 403
    assert not Claim.objects.filter(status="dismissed").exists()


def test_the_source_page_keeps_paragraph_breaks_without_an_inline_style(client, alice):
    source = SourceFactory(body="First paragraph.\n\nSecond paragraph.")
    client.force_login(alice)
    response = client.get(reverse("admin:sources_source_change", args=[source.pk]))
    assert response.status_code == 200
    assert b'<div class="source-body">First paragraph.\n\nSecond' in response.content
    assert b"style=" not in response.content.split(b'class="source-body"')[1][:50]
    css = Path(finders.find("claims/workbench.css")).read_text()
    assert ".source-body { white-space: pre-wrap; }" in css


def _article_quoting(claim) -> Source:
    from claims.models import Appearance

    body = f"Intro. {claim.text} Outro."
    source = SourceFactory(kind="news_article", body=body)
    start = body.index(claim.text)
    Appearance.objects.create(
        claim=claim, source=source, quote_text=claim.text, start=start, end=start + len(claim.text)
    )
    return source


def test_the_delete_page_refuses_a_source_a_published_fact_check_quotes(client, published_verdict):
    from tests.factories import make_admin

    article = _article_quoting(published_verdict.claim)
    client.force_login(make_admin())
    url = reverse("admin:sources_source_delete", args=[article.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert "fact-checks that are published, approved or submitted" in page.content.decode()
    assert page.context["protected"]
    client.post(url, {"post": "yes"})
    assert Source.objects.filter(pk=article.pk).exists()


def test_delete_selected_refuses_when_any_source_is_quoted_and_deletes_nothing(
    client, published_verdict
):
    from tests.factories import make_admin

    quoted = _article_quoting(published_verdict.claim)
    unquoted = _article_quoting(ClaimFactory())
    client.force_login(make_admin())
    data = {"action": "delete_selected", "_selected_action": [quoted.pk, unquoted.pk]}
    page = client.post(reverse("admin:sources_source_changelist"), data)
    assert page.status_code == 200
    assert "cannot be deleted" in page.content.decode()
    client.post(reverse("admin:sources_source_changelist"), {**data, "post": "yes"})
    assert Source.objects.filter(pk__in=[quoted.pk, unquoted.pk]).count() == 2


def test_a_source_no_fact_check_quotes_can_still_be_deleted_in_the_admin(client, db):
    from claims.models import Appearance
    from tests.factories import make_admin

    article = _article_quoting(ClaimFactory())
    client.force_login(make_admin())
    url = reverse("admin:sources_source_delete", args=[article.pk])
    page = client.get(url)
    assert page.status_code == 200 and not page.context["protected"]
    assert "Appearance of" in page.content.decode()
    assert client.post(url, {"post": "yes"}).status_code == 302
    assert not Source.objects.filter(pk=article.pk).exists()
    assert not Appearance.objects.filter(source_id=article.pk).exists()
    data = {"action": "delete_selected", "_selected_action": [_article_quoting(ClaimFactory()).pk]}
    bulk = client.post(reverse("admin:sources_source_changelist"), {**data, "post": "yes"})
    assert bulk.status_code == 302
    assert not Source.objects.filter(kind="news_article").exists()


def test_the_desk_api_offers_no_way_to_delete_a_source(published_verdict):
    from tests.factories import client_for, make_admin

    article = _article_quoting(published_verdict.claim)
    response = client_for(make_admin()).delete(f"/api/v1/desk/sources/{article.pk}/")
    assert response.status_code == 405
    assert Source.objects.filter(pk=article.pk).exists()


def _submitted_after_the_admin_looked(monkeypatch, alice):
    """A source whose only quoting verdict is submitted after the admin's own check passed:
    the admin's check is made to see the state before the submission, so that only
    ``source_delete``'s check under its locks refuses."""
    from claims.services.verdicts import verdict_submit
    from tests.factories import VerdictFactory

    verdict = VerdictFactory(author=alice)
    article = _article_quoting(verdict.claim)
    monkeypatch.setattr("ingestion.admin.source_delete_refusal", lambda source: None)
    verdict_submit(verdict=verdict, actor=alice)
    return article


def test_a_refusal_at_the_last_moment_on_the_delete_page_is_a_message_not_an_error(
    client, alice, monkeypatch
):
    from django.contrib.admin.models import LogEntry

    from tests.factories import make_admin

    article = _submitted_after_the_admin_looked(monkeypatch, alice)
    client.force_login(make_admin())
    response = client.post(
        reverse("admin:sources_source_delete", args=[article.pk]), {"post": "yes"}, follow=True
    )
    assert response.redirect_chain == [
        (reverse("admin:sources_source_change", args=[article.pk]), 302)
    ]
    shown = [str(m) for m in response.context["messages"]]
    assert any("fact-checks that are published, approved or submitted" in m for m in shown)
    assert not any("deleted successfully" in m for m in shown)
    assert Source.objects.filter(pk=article.pk).exists()
    assert article.appearances.count() == 1
    assert not LogEntry.objects.filter(object_id=str(article.pk)).exists()


def test_a_refusal_at_the_last_moment_in_delete_selected_deletes_nothing_and_says_why(
    client, alice, monkeypatch
):
    from django.contrib.admin.models import LogEntry

    from tests.factories import make_admin

    unquoted = _article_quoting(ClaimFactory())
    quoted = _submitted_after_the_admin_looked(monkeypatch, alice)
    client.force_login(make_admin())
    data = {
        "action": "delete_selected",
        "_selected_action": [unquoted.pk, quoted.pk],
        "post": "yes",
    }
    response = client.post(reverse("admin:sources_source_changelist"), data, follow=True)
    assert response.status_code == 200
    shown = [str(m) for m in response.context["messages"]]
    assert any(m.startswith("Nothing was deleted: ") and "submitted" in m for m in shown)
    assert not any("Successfully deleted" in m for m in shown)
    assert Source.objects.filter(pk__in=[unquoted.pk, quoted.pk]).count() == 2
    assert not LogEntry.objects.filter(object_id__in=[str(unquoted.pk), str(quoted.pk)]).exists()


def test_the_source_autocomplete_pages_newest_first_in_a_stable_order(client, alice) -> None:
    """The list annotates a claim count (GROUP BY, which drops Meta.ordering); the
    autocomplete paginates that queryset as it is, so it must carry its own order."""
    older = SourceFactory(title="Harbor report A", published_at="2024-01-02T00:00:00Z")
    newer = SourceFactory(title="Harbor report B", published_at="2024-03-04T00:00:00Z")
    client.force_login(alice)
    with warnings.catch_warnings():
        warnings.simplefilter("error", UnorderedObjectListWarning)
        response = client.get(
            reverse("admin:autocomplete"),
            {
                "term": "Harbor",
                "app_label": "claims",
                "model_name": "evidence",
                "field_name": "source",
            },
        )
    assert response.status_code == 200
    assert [r["id"] for r in response.json()["results"]] == [str(newer.pk), str(older.pk)]
