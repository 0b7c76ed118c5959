"""Print the end-to-end rate of ``manage.py ingest`` on a folder of articles, by ``--jobs``.

Writes ~800-word articles (the extraction benchmark's sentences, fresh numbers in each) to a
temporary folder, then for each ``--jobs`` value ingests the folder into a freshly created
database ``factcheck_cmdbench`` and prints new articles/s. Django's start-up (timed with
``manage.py check``) is subtracted. A second run of the last value prints the replay rate.

    .venv/bin/python bench/ingest_command.py [--articles 600] [--jobs 1 2]
"""

from __future__ import annotations

import argparse
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
DB = "factcheck_cmdbench"
ENV = {
    **os.environ,
    "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{DB}",
    "FACTCHECK_ENV": "development",
    "DEBUG": "0",
    "LOG_LEVEL": "WARNING",
}
MANAGE = [sys.executable, str(ROOT / "manage.py")]


def timed(*args: str) -> float:
    start = time.perf_counter()
    subprocess.run([*MANAGE, *args], env=ENV, check=True, capture_output=True)
    return time.perf_counter() - start


def fresh_database() -> None:
    psql = ["psql", "-h", "127.0.0.1", "-U", "postgres", "postgres", "-qc"]
    subprocess.run([*psql, f'DROP DATABASE IF EXISTS "{DB}"'], check=True)
    subprocess.run([*psql, f'CREATE DATABASE "{DB}"'], check=True)
    subprocess.run([*MANAGE, "migrate", "-v0"], env=ENV, check=True)


def main() -> None:
    from extraction_speed import article

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=600)
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    args = parser.parse_args()
    rng = random.Random(11)
    with tempfile.TemporaryDirectory() as folder:
        for i in range(args.articles):
            text = re.sub(r"\d+", lambda m: str(rng.randint(2, 99_999)), article(rng))
            Path(folder, f"a{i:05d}.txt").write_text(f"Dispatch {i}\n\n{text}", encoding="utf-8")
        fresh_database()
        startup = min(timed("check") for _ in range(3))
        print(f"articles: {args.articles}, Django start-up subtracted: {startup:.2f} s")
        for jobs in args.jobs:
            fresh_database()
            seconds = timed("ingest", folder, "--jobs", str(jobs)) - startup
            print(f"--jobs {jobs}: {args.articles / seconds:7.1f} new articles/s")
        seconds = timed("ingest", folder, "--jobs", str(args.jobs[-1])) - startup
        print(f"replay (--jobs {args.jobs[-1]}): {args.articles / seconds:7.1f} articles/s")


if __name__ == "__main__":
    main()
