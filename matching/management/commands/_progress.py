"""A one-line progress bar on stderr, so stdout stays clean for ``--jsonl`` output."""

from __future__ import annotations

import sys
import time
from typing import TextIO


class ProgressBar:
    def __init__(self, label: str, *, stream: TextIO | None = None, width: int = 30):
        self.label, self.width = label, width
        self.stream = stream or sys.stderr
        self.started = time.monotonic()

    def __call__(self, done: int, total: int) -> None:
        filled = self.width * done // max(total, 1)
        rate = done / max(time.monotonic() - self.started, 1e-9)
        bar = "#" * filled + "-" * (self.width - filled)
        self.stream.write(f"\r{self.label} [{bar}] {done}/{total} ({rate:.0f}/s)")
        if done >= total:
            self.stream.write("\n")
        self.stream.flush()
