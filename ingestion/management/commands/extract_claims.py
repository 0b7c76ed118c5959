"""``manage.py extract_claims FILE [FILE ...] [--json]``: run the extractor, no database.

With ``--json`` it prints one JSON object per file, in order (JSON Lines), which is the contract
the project's scorer relies on; a file that cannot be read still gets a line
(``{"error": ...}``) so the lines stay aligned with the arguments.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from factcheck.lib.extraction import ExtractionInputError, as_payload, decode_bytes, extract

MAX_BYTES = 5 * 1024 * 1024


class Command(BaseCommand):
    help = "Extract quotes, speakers and checkable claims from article files (no database)."
    # The extractor is pure Python: skip checks so the command runs with no database at all.
    requires_system_checks: list[str] = []
    requires_migrations_checks = False

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", nargs="+", metavar="FILE")
        parser.add_argument("--json", action="store_true", help="one JSON object per file")
        parser.add_argument(
            "--format", default="auto", choices=["auto", "text", "markdown", "html"]
        )
        parser.add_argument(
            "--min-checkworthiness",
            type=float,
            default=0.5,
            help="list statements scoring at least this (default 0.5)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        failed = 0
        for name in options["files"]:
            try:
                result = extract(_read(Path(name)), fmt=options["format"])
            except Exception as exc:
                failed += 1
                self.stderr.write(f"extract_claims: {name}: {exc}")
                if options["json"]:
                    self.stdout.write(json.dumps({"error": f"{name}: {exc}"}))
                continue
            payload = as_payload(result, options["min_checkworthiness"])
            if options["json"]:
                self.stdout.write(json.dumps(payload, ensure_ascii=False))
            else:
                self._print_table(name, payload)
        if failed:
            raise SystemExit(1)

    def _print_table(self, name: str, payload: dict[str, Any]) -> None:
        self.stdout.write(self.style.MIGRATE_HEADING(f"== {name}"))
        self.stdout.write(f"{len(payload['quotes'])} quotes")
        for q in payload["quotes"]:
            who = q["speaker"] or "?"
            self.stdout.write(f"  {q['start']:>6}  {who[:28]:<28}  {_clip(q['text'], 70)}")
        self.stdout.write(f"{len(payload['claims'])} claims")
        for c in payload["claims"]:
            self.stdout.write(
                f"  {c['start']:>6}  {c['checkworthiness']:.2f}  {c['kind']:<10}  "
                f"{_clip(c['text'], 70)}"
            )


def _read(path: Path) -> str:
    if path.stat().st_size > MAX_BYTES:
        raise ExtractionInputError(f"file is larger than {MAX_BYTES} bytes")
    data = path.read_bytes()
    text = decode_bytes(data, None)
    if not text.strip():
        raise ExtractionInputError("file is empty")
    return text


def _clip(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"
