"""``manage.py ingest PATH [PATH ...]``: store articles and the claims found in them."""

from __future__ import annotations

import logging
import multiprocessing
import sys
from collections import Counter
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from factcheck.lib import extraction
from factcheck.lib.metadata import ArticleMeta, parse_article, parse_when
from factcheck.lib.permissions import SYSTEM
from ingestion.services import ArticleIn, articles_to_extract, source_ingest_many

logger = logging.getLogger(__name__)
ARTICLE_SUFFIXES = {".txt", ".md", ".markdown", ".html", ".htm"}


class Command(BaseCommand):
    help = "Ingest article files or folders (text, Markdown, HTML) and extract their claims."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", type=Path)
        parser.add_argument("--url", help="URL of the article (one file only).")
        parser.add_argument("--title")
        parser.add_argument("--date", help="Publication date, e.g. 2022-01-10.")
        parser.add_argument("--publisher")
        parser.add_argument("--language", default=None)
        parser.add_argument("--encoding", help="Encoding of the files, if not UTF-8.")
        parser.add_argument(
            "--batch", type=int, default=50, help="Articles stored per transaction (default 50)."
        )
        parser.add_argument(
            "--jobs",
            type=int,
            default=1,
            help="Processes that run the extractor (default 1: this one). With more, worker "
            "processes extract the next batch while this one stores the last: for backfills.",
        )
        parser.add_argument(
            "--format", dest="fmt", default="auto", choices=["auto", "text", "markdown", "html"]
        )

    def handle(self, *args, **options):
        files = self._files(options["paths"])
        if options["url"] and len(files) > 1:
            raise CommandError("--url names one article; give one file with it.")
        tally: Counter[str] = Counter()
        progress = _Progress(len(files), enabled=sys.stderr.isatty())
        with _Extractors(options["jobs"]) as extractors:
            waiting: tuple[list[Path], list[ArticleIn]] | None = None
            for offset in range(0, len(files), options["batch"]):
                batch = files[offset : offset + options["batch"]]
                articles: dict[Path, ArticleIn] = {}
                for path in batch:
                    try:
                        articles[path] = self._article(path, options)
                    except (ValidationError, OSError) as exc:
                        self._failed(tally, path, exc)
                progress.step(len(batch) - len(articles))
                extractors.start(list(articles.values()))
                if waiting is not None:
                    self._store(*waiting, extractors, tally, progress)
                waiting = (list(articles), list(articles.values()))
            if waiting is not None:
                self._store(*waiting, extractors, tally, progress)
        progress.done()
        self.stdout.write(
            f"Articles: {tally['new']} new, {tally['unchanged']} unchanged, "
            f"{tally['failed']} failed. New claims: {tally['claims']}, "
            f"appearances: {tally['appearances']}, new speakers: {tally['speakers']}."
        )
        if tally["failed"]:
            sys.exit(1)

    def _store(self, paths, articles, extractors, tally, progress) -> None:
        extractors.finish(articles)
        for path, outcome in zip(paths, source_ingest_many(articles, actor=SYSTEM), strict=True):
            progress.step()
            if isinstance(outcome, ValidationError):
                self._failed(tally, path, outcome)
                continue
            tally["new" if outcome.created else "unchanged"] += 1
            tally["claims"] += outcome.new_claims
            tally["speakers"] += outcome.new_speakers
            tally["appearances"] += len(outcome.appearances)

    def _failed(self, tally: Counter[str], path: Path, exc: Exception) -> None:
        tally["failed"] += 1
        text = "; ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
        self.stderr.write(f"{path}: {text}")

    def _files(self, paths: list[Path]) -> list[Path]:
        files: list[Path] = []
        for path in paths:
            if path.is_dir():
                files += sorted(
                    p
                    for p in path.rglob("*")
                    if p.suffix.lower() in ARTICLE_SUFFIXES and p.is_file()
                )
            elif path.exists():
                files.append(path)
            else:
                raise CommandError(f"{path}: no such file or folder.")
        return files

    def _article(self, path: Path, options) -> ArticleIn:
        raw = path.read_bytes()
        try:
            text = extraction.decode_bytes(raw, options["encoding"]) if raw.strip() else ""
        except extraction.ExtractionInputError as exc:
            raise ValidationError(str(exc)) from exc
        fmt = options["fmt"] if options["fmt"] != "auto" else _format_of(path, text)
        # An HTML page's own metadata is read by ingestion, once it knows the page is new.
        parsed = parse_article(text, fmt, read_html_meta=False)
        meta = _override(parsed.meta, options)
        page_meta = parsed.fmt == "html"
        return ArticleIn(
            text=parsed.body,
            fmt=parsed.fmt,
            page_meta=page_meta,
            default_title=path.stem,
            url=meta.url or None,
            title=meta.title or ("" if page_meta else path.stem),
            published_at=meta.published_at,
            publisher_name=meta.publisher,
            authors=list(meta.authors),
            language=meta.language or "",
        )


def _format_of(path: Path, text: str) -> str:
    suffix = path.suffix.lower()
    if suffix in {".html", ".htm"}:
        return "html"
    if suffix in {".md", ".markdown"}:
        return "markdown"
    return extraction.detect_format(text)


def _override(meta: ArticleMeta, options) -> ArticleMeta:
    return ArticleMeta(
        title=options["title"] or meta.title,
        url=options["url"] or meta.url,
        published_at=parse_when(options["date"]) if options["date"] else meta.published_at,
        publisher=options["publisher"] or meta.publisher,
        authors=meta.authors,
        language=options["language"] or meta.language,
    )


class _Extractors:
    """With ``--jobs N`` (N > 1), N - 1 worker processes run the extractor on a batch while
    this process stores the previous one. Workers are spawned, not forked, so they share
    nothing with this process's database connection; they import only the extractor."""

    def __init__(self, jobs: int) -> None:
        self.pool = (
            ProcessPoolExecutor(jobs - 1, mp_context=multiprocessing.get_context("spawn"))
            if jobs > 1
            else None
        )
        self.futures: dict[int, tuple[ArticleIn, Future]] = {}

    def __enter__(self) -> _Extractors:
        return self

    def __exit__(self, *exc_info) -> None:
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=True)

    def start(self, articles: list[ArticleIn]) -> None:
        if self.pool is None:
            return
        try:
            for i, text in articles_to_extract(articles).items():
                article = articles[i]
                future = self.pool.submit(extraction.extract_or_none, text, article.fmt)
                self.futures[id(article)] = (article, future)
        except BrokenProcessPool:
            self._fall_back()

    def finish(self, articles: list[ArticleIn]) -> None:
        """Hand each article its worker's result; without one (a worker died), ingestion
        runs the extractor in this process as it does with ``--jobs 1``."""
        for article in articles:
            entry = self.futures.pop(id(article), None)
            if entry is None:
                continue
            try:
                article.extracted = entry[1].result()
            except BrokenProcessPool:
                self._fall_back()

    def _fall_back(self) -> None:
        if self.pool is not None:
            logger.warning("An extractor process died; extracting in this process from now on.")
            self.pool.shutdown(wait=False, cancel_futures=True)
            self.pool = None


class _Progress:
    """A one-line progress bar on a terminal; silent when output is piped."""

    def __init__(self, total: int, enabled: bool) -> None:
        self.total, self.enabled, self.count = total, enabled and total > 1, 0

    def step(self, n: int = 1) -> None:
        self.count += n
        if self.enabled:
            filled = int(30 * self.count / self.total)
            sys.stderr.write(f"\r[{'#' * filled}{'.' * (30 - filled)}] {self.count}/{self.total}")
            sys.stderr.flush()

    def done(self) -> None:
        if self.enabled:
            sys.stderr.write("\n")
