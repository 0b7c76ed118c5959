"""Scratch PostgreSQL databases for the bench/ scripts: created and migrated once, filled
with ``manage.py make_bench_data``, kept between runs so a rerun measures without rebuilding."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def dsn(db: str) -> str:
    return f"postgres://postgres@127.0.0.1:5432/{db}"


def psql(sql: str, db: str) -> str:
    """Run ``sql`` in ``db`` with psql and return what it prints (unaligned, tuples only)."""
    cmd = ["psql", "-h", "127.0.0.1", "-U", "postgres", db, "-Atc", sql]
    return subprocess.run(cmd, capture_output=True, text=True, check=True).stdout.strip()


def manage(db: str, *args: str) -> None:
    """``manage.py ARGS`` against ``db``."""
    env = {**os.environ, "DATABASE_URL": dsn(db), "PYTHONPATH": str(ROOT)}
    subprocess.run([sys.executable, str(ROOT / "manage.py"), *args], env=env, check=True)


def migrated(db: str) -> None:
    """Create ``db`` if it does not exist and bring its schema up to date."""
    if not psql(f"SELECT 1 FROM pg_database WHERE datname = '{db}'", db="postgres"):
        subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", db], check=True)
    manage(db, "migrate", "-v0")


def add_claims(db: str, count: int) -> None:
    """``count`` more generated claims (with their verdicts, sources and speakers)."""
    manage(db, "make_bench_data", "--claims", str(count), "--seed", "1", "--force")


def claim_count(db: str) -> int:
    return int(psql("SELECT count(*) FROM claims_claim", db) or 0)
