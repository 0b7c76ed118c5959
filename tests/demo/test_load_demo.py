"""``manage.py load_demo`` (demo/management/commands/load_demo.py): a desk that can finish its
own workflow, on a database in any state, and never under production settings."""

from __future__ import annotations

from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command

from claims import services
from claims.models import Claim, Notification, Verdict
from demo.management.commands.load_demo import DEMO_USERS, REFUSED_IN_PRODUCTION
from tests.factories import ensure_seed_data

pytestmark = pytest.mark.django_db


def _load() -> str:
    ensure_seed_data()
    out = StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def test_it_prints_a_fact_checker_two_editors_and_an_admin_login():
    printed = _load()
    for username, password, role, *_ in DEMO_USERS:
        assert f"{role:<13} {username} / {password}" in printed
        user = User.objects.get(username=username)
        assert user.check_password(password)
        assert list(user.groups.values_list("name", flat=True)) == [role]
    roles = [row[2] for row in DEMO_USERS]
    assert roles.count("Editor") == 2 and "Admin" in roles


def test_a_second_run_succeeds_and_adds_nothing():
    _load()
    counts = (Verdict.objects.count(), User.objects.count())
    assert "Demo data ready" in _load()
    assert (Verdict.objects.count(), User.objects.count()) == counts


def test_it_runs_after_the_desk_retracted_the_worked_fact_check():
    _load()
    verdict = Verdict.objects.get(status=Verdict.Status.PUBLISHED)
    services.verdict_retract(
        verdict=verdict, actor=User.objects.get(username="editor"), note="Wrong figure."
    )
    versions = Verdict.objects.count()
    assert "Demo data ready" in _load()
    assert Verdict.objects.count() == versions
    assert Verdict.objects.filter(claim=verdict.claim, status="retracted").exists()
    assert not Verdict.objects.filter(status=Verdict.Status.PUBLISHED).exists()


def test_a_correction_of_the_worked_fact_check_can_be_approved_by_the_second_editor():
    _load()
    published = Verdict.objects.get(status=Verdict.Status.PUBLISHED)
    editor, editor2 = User.objects.get(username="editor"), User.objects.get(username="editor2")
    correction = services.verdict_correct(
        verdict=published,
        actor=editor,
        kind="clarification",
        note="Adds the 2021 count.",
    )
    services.verdict_submit(verdict=correction, actor=editor)
    approved = services.verdict_approve(verdict=correction, actor=editor2)
    assert approved.status == Verdict.Status.APPROVED


def test_the_printed_admin_url_follows_the_organisation_url(settings):
    settings.FACTCHECK_ORGANIZATION = {
        **settings.FACTCHECK_ORGANIZATION,
        "url": "http://desk.example:9000/",
    }
    assert "Log in at http://desk.example:9000/admin/ as:" in _load()


def test_it_refuses_to_run_under_production_settings(settings):
    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="FACTCHECK_ENV=production"):
        _load()
    assert not User.objects.filter(username__in=[row[0] for row in DEMO_USERS]).exists()
    assert "FACTCHECK_ENV=production" in REFUSED_IN_PRODUCTION


def test_the_load_mails_nobody_and_prints_no_mail_but_keeps_the_desks_notifications(
    settings, capsys, django_capture_on_commit_callbacks
):
    """The demo server keeps the console backend (a demo user sees their mails there); the
    load that plays the worked fact-check's workflow must not print its notifications."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
    ensure_seed_data()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo", stdout=StringIO())
    printed = capsys.readouterr().out
    assert "Subject:" not in printed and "[Factcheck]" not in printed
    assert Notification.objects.filter(recipient__username="editor").exists()


def test_the_desk_is_still_mailed_after_a_load(
    settings, capsys, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
    _load()
    claim = Claim.objects.exclude(verdicts__isnull=False).first()
    with django_capture_on_commit_callbacks(execute=True):
        services.claim_assign(
            claim=claim,
            assignee=User.objects.get(username="factchecker"),
            actor=User.objects.get(username="editor"),
        )
    assert "[Factcheck]" in capsys.readouterr().out
