"""``manage.py ingest`` reports what it stored, skipped and refused; with ``--jobs N`` worker
processes run the extractor, this process stores, and the outcome is the same as with one."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from claims.models import Appearance, Claim
from sources.models import Source
from tests.factories import ARTICLE

pytestmark = pytest.mark.django_db


def _folder(tmp_path):
    for i in range(7):
        (tmp_path / f"a{i}.txt").write_text(
            f"Dispatch {i}\n\n\u201cPrices rose {i + 2} percent,\u201d Finance Minister Ana Ruiz"
            f" said. More than {1000 + i} people were affected, officials said.",
            encoding="utf-8",
        )
    (tmp_path / "broken.txt").write_bytes(b"\x00\x01\x02\xff" * 50)
    (tmp_path / "blank.html").write_text("<html><body></body></html>", encoding="utf-8")
    return tmp_path


def _ingest(folder, jobs: int) -> str:
    out, err = StringIO(), StringIO()
    with pytest.raises(SystemExit):  # two files fail, so the command exits 1
        call_command(
            "ingest", str(folder), "--jobs", str(jobs), "--batch", "3", stdout=out, stderr=err
        )
    assert "broken.txt" in err.getvalue() and "blank.html" in err.getvalue()
    return out.getvalue()


def _stored() -> list:
    return sorted(
        (a.source.title, a.claim.text, a.start, a.end)
        for a in Appearance.objects.select_related("source", "claim")
    )


@pytest.mark.slow
def test_worker_processes_store_exactly_what_one_process_stores(tmp_path):
    folder = _folder(tmp_path)
    summary = _ingest(folder, jobs=1)
    assert "7 new, 0 unchanged, 2 failed" in summary
    one_process = _stored()
    Appearance.objects.all().delete()
    Claim.objects.all().delete()
    Source.objects.all().delete()
    summary = _ingest(folder, jobs=2)
    assert "7 new, 0 unchanged, 2 failed" in summary
    assert _stored() == one_process
    assert "0 new, 7 unchanged, 2 failed" in _ingest(folder, jobs=2)


def test_with_jobs_the_extractor_runs_in_the_workers(tmp_path, monkeypatch):
    """Extraction in this process is made to fail: only the workers can have run it."""
    from ingestion import services as rules

    def not_here(*args, **kwargs):
        raise AssertionError("extracted in the main process")

    folder = _folder(tmp_path)
    monkeypatch.setattr(rules.extraction, "extract", not_here)
    assert "7 new, 0 unchanged, 2 failed" in _ingest(folder, jobs=2)


def test_a_dead_extractor_process_means_extracting_here_not_a_crash(tmp_path, monkeypatch):
    from concurrent.futures.process import BrokenProcessPool

    from ingestion.management.commands import ingest as command

    class DeadPool:
        def submit(self, *args, **kwargs):
            raise BrokenProcessPool("a worker was killed")

        def shutdown(self, **kwargs):
            pass

    real_init = command._Extractors.__init__

    def with_dead_pool(self, jobs):
        real_init(self, 1)
        self.pool = DeadPool()

    monkeypatch.setattr(command._Extractors, "__init__", with_dead_pool)
    assert "7 new, 0 unchanged, 2 failed" in _ingest(_folder(tmp_path), jobs=2)


def test_the_ingest_command_reports_new_unchanged_and_failed(db, tmp_path):
    (tmp_path / "a.md").write_text(
        "---\ntitle: Front matter title\nurl: https://fm.example/a"
        "\ndate: 2022-01-10\n---\n" + ARTICLE
    )
    (tmp_path / "b.txt").write_bytes(b"")
    (tmp_path / "notes.json").write_text("{}")  # not an article: skipped
    out, err = StringIO(), StringIO()
    with pytest.raises(SystemExit) as exit_info:
        call_command("ingest", str(tmp_path), stdout=out, stderr=err)
    assert exit_info.value.code == 1
    assert "1 new, 0 unchanged, 1 failed" in out.getvalue()
    assert "b.txt: The article is empty." in err.getvalue()
    source = Source.objects.get()
    assert source.title == "Front matter title"
    assert source.url == "https://fm.example/a"
    assert source.published_at.year == 2022

    out = StringIO()
    call_command("ingest", str(tmp_path / "a.md"), stdout=out)
    assert "0 new, 1 unchanged, 0 failed" in out.getvalue()
