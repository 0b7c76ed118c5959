"""Bulk writes for ingestion: the one place that goes past the ORM, and why.

Wire feeds bring thousands of articles, each with ~25 claims and ~60 appearances. With the
ORM alone (``bulk_create`` and django-simple-history's ``bulk_history_create``) ingestion
measured 56 new articles/s against 96/s before (bench/ingest_speed.py, 300 articles,
batches of 50), so two things are done by the database instead:

* ``insert``: on PostgreSQL, rows take their ids from the table's sequence in one query and
  go in with ``COPY`` (psycopg's public ``Cursor.copy``), several times cheaper than an
  ``INSERT`` built value by value. Elsewhere, and for small batches, ``bulk_create``.
* ``record_creation``: the "+" history row of every stored row is copied by the database
  with one ``INSERT ... SELECT`` per table (the ORM cannot say it), so the audit trail holds
  exactly what was stored and costs no Python per row. On PostgreSQL the ids travel as one
  array parameter (a list of hundreds of placeholders costs the planner more than the copy:
  35 ms against 2 ms for 900 ids); other databases get ``IN`` lists in chunks.

Model instances are built by their constructors and validated by the services that call
this module; identifiers in the SQL come from the models' metadata (quoted), values are
parameters. Callers run it inside their transaction.

Neither path sends ``post_save``, so ``insert`` sends :data:`rows_inserted` instead: an app
above that reacts to new rows (claim matching embeds every new claim) listens to it, the way
it listens to ``post_save`` for rows saved one by one, and this module names no app.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from functools import cache
from typing import Any

import psycopg
from django.db import IntegrityError, connection
from django.db.models import JSONField, Model
from django.dispatch import Signal
from psycopg.types.json import Jsonb

# Well under SQLite's smallest limit on parameters per statement (999).
CHUNK = 900
# Below this many rows COPY's extra round trip for the ids does not pay.
COPY_ABOVE = 20

# Sent by ``insert`` once rows are stored: ``sender`` is the model, ``objs`` the stored
# instances (with their ids), inside the caller's transaction.
rows_inserted = Signal()


def insert(model: type[Model], objs: list[Any], *, when: datetime) -> list[Any]:
    """Store new ``objs`` of ``model`` (their auto_now fields set to ``when``); returns them
    with their ids. A unique constraint refusing a row raises Django's ``IntegrityError``."""
    if connection.vendor != "postgresql" or len(objs) < COPY_ABOVE:
        stored = model._default_manager.bulk_create(objs)
    else:
        stored = _copy(model, objs, when=when)
    rows_inserted.send(sender=model, objs=stored)
    return stored


def _copy(model: type[Model], objs: list[Any], *, when: datetime) -> list[Any]:
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    for field in fields:
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            for obj in objs:
                setattr(obj, field.attname, when)
    for obj, new_id in zip(objs, _reserve_ids(model, len(objs)), strict=True):
        obj.pk = new_id
    quote = connection.ops.quote_name
    pk_field = model._meta.pk
    assert pk_field is not None
    columns = ", ".join(quote(_column(f)) for f in [pk_field, *fields])
    json = {n for n, f in enumerate(fields, 1) if isinstance(f, JSONField)}
    sql = f"COPY {quote(model._meta.db_table)} ({columns}) FROM STDIN"
    try:
        with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
            for obj in objs:
                row = [obj.pk, *(getattr(obj, f.attname) for f in fields)]
                for n in json:
                    row[n] = None if row[n] is None else Jsonb(row[n])
                copy.write_row(row)
    except psycopg.errors.IntegrityError as exc:
        raise IntegrityError(*exc.args) from exc
    for obj in objs:
        obj._state.adding = False
        obj._state.db = connection.alias
    return objs


def _reserve_ids(model: type[Model], count: int) -> list[int]:
    """``count`` ids from the sequence behind ``model``'s primary key, in one query."""
    pk_field = model._meta.pk
    assert pk_field is not None
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [model._meta.db_table, pk_field.column, count],
        )
        return [row[0] for row in cursor.fetchall()]


def record_creation(
    model: type[Model], objs: Sequence[Model], *, user: Any, when: datetime
) -> None:
    """Write the creation history row of every stored ``obj`` of ``model``, dated ``when``."""
    ids = [obj.pk for obj in objs]
    if not ids:
        return
    user_id = getattr(user, "pk", None)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(_insert_select(model).format(ids="%s"), [when, user_id, ids])
            return
        for start in range(0, len(ids), CHUNK):
            chunk = ids[start : start + CHUNK]
            placeholders = ", ".join(["%s"] * len(chunk))
            cursor.execute(_insert_select(model).format(ids=placeholders), [when, user_id, *chunk])


_MATCH = {True: "= ANY({ids})", False: "IN ({ids})"}


@cache
def _insert_select(model: type[Model]) -> str:
    """INSERT INTO <history> (<tracked>, history_*) SELECT <tracked>, ... FROM <table>."""
    quote = connection.ops.quote_name
    history = model.history.model  # type: ignore[attr-defined]
    by_name = {f.attname: f for f in history._meta.concrete_fields}
    tracked = list(history.tracked_fields)
    source = [quote(_column(model._meta.get_field(f.name))) for f in tracked]
    target = [quote(_column(by_name[f.attname])) for f in tracked] + [
        quote(_column(by_name[name]))
        for name in ("history_date", "history_user_id", "history_change_reason", "history_type")
    ]
    pk = quote(_column(model._meta.pk))
    match = _MATCH[connection.vendor == "postgresql"]
    return (
        f"INSERT INTO {quote(history._meta.db_table)} ({', '.join(target)}) "  # noqa: S608
        f"SELECT {', '.join(source)}, %s, %s, NULL, '+' "
        f"FROM {quote(model._meta.db_table)} WHERE {pk} {match} ORDER BY {pk}"
    )


def _column(field: Any) -> str:
    """The database column of a concrete field (the stubs also allow relations here)."""
    column = field.column
    assert isinstance(column, str)
    return column
