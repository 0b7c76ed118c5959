"""``source_delete`` against a verdict step at the same moment, each in its own thread and
PostgreSQL connection: the deletion's refusal check and its deletion see the same verdicts,
so a verdict that is submitted meanwhile keeps its appearances, and neither side deadlocks."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections, transaction

from claims.models import Appearance, Verdict
from claims.services.sources import source_delete
from claims.services.verdicts import verdict_approve, verdict_submit
from sources.models import Source
from tests.factories import SourceFactory, UserFactory, VerdictFactory, make_admin

pytestmark = pytest.mark.django_db(transaction=True)


def _article_quoting(claim) -> Source:
    body = f"Intro. {claim.text} Outro."
    source = SourceFactory(kind="news_article", body=body)
    start = body.index(claim.text)
    Appearance.objects.create(
        claim=claim, source=source, quote_text=claim.text, start=start, end=start + len(claim.text)
    )
    return source


class _Job(threading.Thread):
    """``job`` in a thread of its own (so a connection of its own), keeping its outcome."""

    def __init__(self, job: Callable[[], Any]) -> None:
        super().__init__()
        self.job = job
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            self.job()
        except BaseException as exc:
            self.error = exc
        finally:
            connections.close_all()


def _finished_or_waiting_for_a_lock(job: _Job, timeout: float = 10) -> None:
    """Return once ``job`` has finished or one of its statements waits for a row lock."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job.join(0.05)
        if not job.is_alive():
            return
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                "AND wait_event_type = 'Lock'"
            )
            if cursor.fetchone()[0]:
                return
    raise AssertionError("the deletion neither finished nor waited for a lock")


def _holding(step: Callable[[], Any], release: threading.Event, done: threading.Event) -> _Job:
    """A verdict step that has taken its locks and holds them, uncommitted, until ``release``."""

    def run() -> None:
        with transaction.atomic():
            step()
            done.set()
            assert release.wait(20)

    return _Job(run)


def test_a_verdict_submitted_while_its_source_is_deleted_keeps_its_appearances():
    author = UserFactory(username="author", role="Fact-checker")
    verdict = VerdictFactory(author=author)
    article = _article_quoting(verdict.claim)
    admin = make_admin()
    release, submitted = threading.Event(), threading.Event()
    submit = _holding(lambda: verdict_submit(verdict=verdict, actor=author), release, submitted)
    submit.start()
    assert submitted.wait(20)
    deletion = _Job(lambda: source_delete(source=article, actor=admin))
    deletion.start()
    _finished_or_waiting_for_a_lock(deletion)
    release.set()
    submit.join(20)
    deletion.join(20)
    assert submit.error is None
    assert isinstance(deletion.error, ValidationError)
    assert "submitted for review" in deletion.error.messages[0]
    verdict.refresh_from_db()
    assert verdict.status == Verdict.Status.SUBMITTED
    assert Source.objects.filter(pk=article.pk).exists()
    assert Appearance.objects.filter(source_id=article.pk, claim=verdict.claim).count() == 1


def test_a_verdict_approved_while_its_source_is_deleted_keeps_its_appearances():
    author = UserFactory(username="author", role="Fact-checker")
    editor = UserFactory(username="editor", role="Editor")
    verdict = VerdictFactory(author=author)
    article = _article_quoting(verdict.claim)
    admin = make_admin()
    release, approved = threading.Event(), threading.Event()

    def submit_and_approve() -> None:
        verdict_approve(verdict=verdict_submit(verdict=verdict, actor=author), actor=editor)

    approve = _holding(submit_and_approve, release, approved)
    approve.start()
    assert approved.wait(20)
    deletion = _Job(lambda: source_delete(source=article, actor=admin))
    deletion.start()
    _finished_or_waiting_for_a_lock(deletion)
    release.set()
    approve.join(20)
    deletion.join(20)
    assert approve.error is None
    assert isinstance(deletion.error, ValidationError)
    verdict.refresh_from_db()
    assert verdict.status == Verdict.Status.APPROVED
    assert Appearance.objects.filter(source_id=article.pk).count() == 1


def test_a_deletion_that_locked_first_wins_and_the_draft_is_submitted_after_it():
    """The other order: the source goes with its appearances while the verdict is a draft
    (allowed), and the submission waits for it and then goes through; nobody deadlocks."""
    author = UserFactory(username="author", role="Fact-checker")
    verdict = VerdictFactory(author=author)
    article = _article_quoting(verdict.claim)
    admin = make_admin()
    release, deleted = threading.Event(), threading.Event()
    deletion = _holding(lambda: source_delete(source=article, actor=admin), release, deleted)
    deletion.start()
    assert deleted.wait(20)
    submit = _Job(lambda: verdict_submit(verdict=verdict, actor=author))
    submit.start()
    _finished_or_waiting_for_a_lock(submit)
    assert submit.is_alive(), "the submission should wait for the deletion's claim lock"
    release.set()
    deletion.join(20)
    submit.join(20)
    assert deletion.error is None and submit.error is None
    verdict.refresh_from_db()
    assert verdict.status == Verdict.Status.SUBMITTED
    assert not Source.objects.filter(pk=article.pk).exists()
