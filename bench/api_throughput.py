"""Throughput of the public fact-check list vs. a raw psycopg + orjson floor, side by side.

Usage (from the repository root; PostgreSQL on 127.0.0.1, wrk installed)::

    .venv/bin/python bench/api_throughput.py            # 100,000 claims, 3 rounds of 8 s
    BENCH_CLAIMS=20000 BENCH_SECONDS=4 .venv/bin/python bench/api_throughput.py

It creates (once) a dedicated database ``factcheck_apibench`` with ``make_bench_data``,
captures the exact SQL the endpoint runs for a page of 50, serves the real app and the floor
(``bench/floor_wsgi.py``) with the same gunicorn settings on loopback, checks both return the
same results, then alternates wrk runs and prints the median req/s of each and their ratio.
Everything is bounded: servers are stopped on exit, wrk runs for a fixed time.
"""

from __future__ import annotations

import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
DB = os.environ.get("BENCH_DB", "factcheck_apibench")
DSN = f"postgres://postgres@127.0.0.1:5432/{DB}"
CLAIMS = int(os.environ.get("BENCH_CLAIMS", "100000"))
SECONDS = int(os.environ.get("BENCH_SECONDS", "8"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
WORKERS = os.environ.get("BENCH_WORKERS", "2")
CONNECTIONS = os.environ.get("BENCH_CONNECTIONS", "4")
PATH = "/api/v1/fact-checks/?page_size=50"
API_PORT, FLOOR_PORT = 18081, 18082

ENV = {
    **os.environ,
    "DATABASE_URL": DSN,
    "DJANGO_SETTINGS_MODULE": "factcheck.settings",
    # Production request handling without TLS redirects (loopback only).
    "FACTCHECK_ENV": "development",
    "DEBUG": "0",
    "CONN_MAX_AGE": "600",
    "THROTTLE_ANON": "100000000/min",
    "LOG_LEVEL": "WARNING",
    "PYTHONPATH": str(ROOT),
}


def run(*args: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(args, cwd=ROOT, env=ENV, check=True, text=True, **kwargs)


def prepare_database() -> None:
    exists = subprocess.run(
        [
            "psql",
            "-h",
            "127.0.0.1",
            "-U",
            "postgres",
            "-Atc",
            f"SELECT 1 FROM pg_database WHERE datname = '{DB}'",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    if not exists:
        run("createdb", "-h", "127.0.0.1", "-U", "postgres", DB)
    run(PY, "manage.py", "migrate", "-v0")
    count = subprocess.run(
        [
            "psql",
            "-h",
            "127.0.0.1",
            "-U",
            "postgres",
            DB,
            "-Atc",
            "SELECT count(*) FROM claims_claim",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    if int(count or 0) < CLAIMS:
        print(f"Generating {CLAIMS} claims in {DB} ...", flush=True)
        run(PY, "manage.py", "make_bench_data", "--claims", str(CLAIMS), "--seed", "1", "--force")
    else:
        run(PY, "manage.py", "make_bench_data", "--refresh-snapshot")


CAPTURE = """
import json, sys, django
django.setup()
from django.db import connection
from django.test import Client
seen = []
def record(execute, sql, params, many, context):
    seen.append((sql, params))
    return execute(sql, params, many, context)
Client().get('/api/v1/rating-scales/')  # connect first: setup queries are not the endpoint's
with connection.execute_wrapper(record):
    response = Client().get(sys.argv[1])
assert response.status_code == 200, response.status_code
keys = ("main", "sources", "history")
data = {k: {"sql": sql, "params": params} for k, (sql, params) in zip(keys, seen)}
print(json.dumps({**data, "count": len(seen)}))
"""


def capture_sql(path: Path) -> int:
    out = run(PY, "-c", CAPTURE, PATH, capture_output=True).stdout
    data = json.loads(out.strip().splitlines()[-1])
    path.write_text(json.dumps(data))
    return data["count"]


def serve(app: str, port: int, extra_env: dict[str, str]) -> subprocess.Popen:
    cmd = [
        str(Path(PY).parent / "gunicorn"),
        app,
        "-w",
        WORKERS,
        "-k",
        "sync",
        "-b",
        f"127.0.0.1:{port}",
        "--log-level",
        "warning",
    ]
    proc = subprocess.Popen(cmd, cwd=ROOT, env={**ENV, **extra_env})
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}{PATH}", timeout=5).read()
            return proc
        except OSError:
            time.sleep(0.2)
    proc.terminate()
    raise RuntimeError(f"{app} did not start")


def fetch(port: int) -> list:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}{PATH}", timeout=5) as r:
        return json.loads(r.read())["results"]


def wrk(port: int) -> tuple[float, str]:
    out = subprocess.run(
        [
            "wrk",
            "-t1",
            f"-c{CONNECTIONS}",
            f"-d{SECONDS}s",
            "--latency",
            f"http://127.0.0.1:{port}{PATH}",
        ],
        capture_output=True,
        text=True,
        check=True,
        timeout=SECONDS + 30,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p50 = re.search(r"^\s+50%\s+(\S+)", out, re.M).group(1)
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if non2xx:
        raise RuntimeError(f"{non2xx.group(1)} failed responses on port {port}")
    return rps, p50


def main() -> None:
    prepare_database()
    sql_file = Path(tempfile.mkstemp(suffix=".json")[1])
    queries = capture_sql(sql_file)
    servers = []
    try:
        servers.append(serve("factcheck.wsgi:application", API_PORT, {}))
        servers.append(
            serve(
                "bench.floor_wsgi:application",
                FLOOR_PORT,
                {"FLOOR_SQL_FILE": str(sql_file), "FLOOR_DSN": DSN},
            )
        )
        same = fetch(API_PORT) == fetch(FLOOR_PORT)
        print(f"Queries per list request: {queries}; floor returns identical results: {same}")
        api, floor = [], []
        for round_ in range(ROUNDS):
            f_rps, f_p50 = wrk(FLOOR_PORT)
            a_rps, a_p50 = wrk(API_PORT)
            floor.append(f_rps)
            api.append(a_rps)
            print(
                f"round {round_ + 1}: floor {f_rps:8.1f} req/s (p50 {f_p50})  "
                f"api {a_rps:8.1f} req/s (p50 {a_p50})  ratio {a_rps / f_rps:.2f}",
                flush=True,
            )
        a, f = statistics.median(api), statistics.median(floor)
        print(
            f"median: floor {f:.1f} req/s, api {a:.1f} req/s -> ratio {a / f:.2f} "
            f"(target >= 0.40); gunicorn -w {WORKERS} -k sync, wrk -t1 -c{CONNECTIONS} "
            f"-d{SECONDS}s, {CLAIMS} claims, page of 50"
        )
    finally:
        for proc in servers:
            proc.terminate()
        for proc in servers:
            proc.wait(timeout=20)
        sql_file.unlink(missing_ok=True)


if __name__ == "__main__":
    main()
