"""The floor for the API throughput benchmark: a bare WSGI app, raw psycopg and orjson.

It replays the exact SQL and parameters the fact-check list endpoint runs for one page
(captured by ``bench/api_throughput.py`` into ``$FLOOR_SQL_FILE``) over one persistent
connection per worker (psycopg prepares them after five runs, as it does by default),
builds the same JSON fields in plain Python and encodes them with orjson. No Django
request handling, no middleware, no serializer, no pagination object: the least work that
produces the same response. Run it under the same gunicorn settings as the real app.
"""

from __future__ import annotations

import json
import os
from collections import defaultdict
from functools import lru_cache

import orjson
import psycopg

from factcheck.lib.markdown import render_markdown  # a pure helper: Markdown + nh3, no ORM

SQL = json.loads(open(os.environ["FLOOR_SQL_FILE"]).read())  # noqa: SIM115
BASE_URL = os.environ.get("FLOOR_BASE_URL", "http://127.0.0.1:8000")
_conn: psycopg.Connection | None = None


def _connection() -> psycopg.Connection:
    global _conn
    if _conn is None or _conn.closed:
        _conn = psycopg.connect(os.environ["FLOOR_DSN"], autocommit=True)
    return _conn


@lru_cache(maxsize=8192)
def _html(text: str) -> str:
    return str(render_markdown(text))


def _page() -> bytes:
    cur = _connection().cursor()
    cur.execute(SQL["main"]["sql"], SQL["main"]["params"])
    cols = [c.name for c in cur.description]
    rows = [dict(zip(cols, r, strict=True)) for r in cur.fetchall()]
    cur.execute(SQL["sources"]["sql"], SQL["sources"]["params"])
    sources: dict = defaultdict(lambda: {"appearances": [], "evidence": []})
    for claim_id, kind, url, title, pub, site, pub_at, stance, excerpt, _id in sorted(
        cur.fetchall(), key=lambda r: (r[0], r[1], r[9])
    ):
        item = {"url": url, "title": title, "publisher": pub or site, "published_at": pub_at}
        if kind == "a":
            item["quote"] = excerpt
            item["first"] = not sources[claim_id]["appearances"]
            sources[claim_id]["appearances"].append(item)
        else:
            item["stance"] = stance
            item["excerpt"] = excerpt
            sources[claim_id]["evidence"].append(item)
    cur.execute(SQL["history"]["sql"], SQL["history"]["params"])
    history: dict = defaultdict(list)
    for claim_id, version, kind, note, published_at in cur.fetchall():
        history[claim_id].append(
            {"version": version, "kind": kind, "note": note, "published_at": published_at}
        )
    results = []
    for r in rows[:50]:
        h = history.get(r["claim_id"], [])
        s = sources.get(r["claim_id"], {"appearances": [], "evidence": []})
        results.append(
            {
                "slug": r["claim__slug"],
                "url": f"{BASE_URL}/fact-checks/{r['claim__slug']}/",
                "status": r["status"],
                "version": r["version"],
                "headline": r["headline"],
                "summary": r["summary"],
                "rationale_html": _html(r["rationale"]),
                "claim": {
                    "text": r["claim__text"],
                    "claim_reviewed": r["claim__claim_reviewed"],
                    "kind": r["claim__kind"],
                    "language": r["claim__language"],
                    "claim_date": r["claim__claim_date"],
                    "claimant": {
                        "name": r["claim__claimant__name"],
                        "slug": r["claim__claimant__slug"],
                        "kind": r["claim__claimant__kind"],
                        "role": r["claim__claimant__role"],
                        "same_as": r["claim__claimant__same_as"] or None,
                    },
                },
                "rating": {
                    "label": r["rating__label"],
                    "value": r["rating__value"],
                    "best": r["scale_best"],
                    "worst": r["scale_worst"],
                    "scale": r["rating__scale__name"],
                    "scale_slug": r["rating__scale__slug"],
                },
                "date_published": h[0]["published_at"] if h else r["published_at"],
                "date_modified": r["published_at"],
                "appearances": s["appearances"],
                "evidence": s["evidence"],
                "corrections": [x for x in h if x["kind"]],
            }
        )
    return orjson.dumps({"next": None, "previous": None, "results": results})


def application(environ, start_response):
    body = _page()
    start_response(
        "200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(body)))]
    )
    return [body]
