"""Fast inserts for ingestion: a batch's rows and their history rows in a few round trips.

On PostgreSQL the new rows of every table take their ids from their sequences in one query
(``reserve_ids``) and go in with ``COPY`` (``insert``), several times faster than ``INSERT``
through the ORM for the hundreds of claims and appearances a batch of articles brings. The
creation ("+") history rows that django-simple-history would write on ``save()`` are then
written by the database itself from the rows just stored (``record_creation``: one
``INSERT ... SELECT`` statement for every table of the batch), so the audit trail misses
nothing, cannot differ from the rows, and costs no Python and no transfer. Other databases use
``bulk_create`` and ``bulk_history_create``. Callers run all of this inside their transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import cache
from operator import attrgetter
from typing import Any

from django.db import connection
from django.db.models import Model, signals
from django.db.models.base import ModelState
from psycopg.types.json import Jsonb


def is_postgresql() -> bool:
    return connection.vendor == "postgresql"


def array_literal(values: Sequence[int | str]) -> str:
    """A PostgreSQL array literal of integers or of strings made only of letters and digits
    (ids, hex digests), to pass as one text parameter cast to an array type: psycopg would
    adapt a list element by element in Python, which costs more than the query it feeds."""
    text = ",".join(map(str, values))
    bare = text.replace(",", "")
    commas = len(text) - len(bare)
    if bare and (commas != len(values) - 1 or not (bare.isascii() and bare.isalnum())):
        raise ValueError("array_literal takes positive integers and ASCII letters and digits")
    return "{" + text + "}"


def maker(model: type[Model], names: Sequence[str]) -> Callable[..., Any]:
    """A constructor of ``model`` instances from values for the fields ``names`` (attnames).

    The instances are built as stored rows (``_state.adding`` off) the way ``Model.__init__``
    would build them from positional values, without its per-field descriptor calls, which
    cost more than the rest of the insert; other fields get their defaults. Should a pre_init
    or post_init receiver listen to ``model`` (when ``maker`` is called: call it per batch),
    ``__init__`` itself is called.
    """
    fields = model._meta.concrete_fields
    given = set(names)
    others = [f for f in fields if f.attname not in given]
    constant = {f.attname: None if f.primary_key else f.get_default() for f in others}
    fresh = [f for f in others if f.has_default() and callable(f.default)]
    alias = connection.alias
    new = object.__new__
    plain = not (signals.pre_init.has_listeners(model) or signals.post_init.has_listeners(model))

    def make(*values: Any) -> Any:
        row = dict(zip(names, values, strict=True))
        row.update(constant)
        for f in fresh:
            row[f.attname] = f.get_default()
        if plain:
            obj = new(model)
            obj._state = ModelState()
            obj.__dict__.update(row)
        else:
            obj = model(**row)
        obj._state.adding = False
        obj._state.db = alias
        return obj

    return make


def reserve_ids(*wanted: tuple[type[Model], int]) -> list[list[int | None]]:
    """Ids for ``count`` new rows of each model, from the tables' sequences in one round trip.

    Elsewhere than on PostgreSQL ids are left to ``insert``: the lists hold ``None``.
    """
    if not is_postgresql():
        return [[None] * count for _, count in wanted]
    asked = [(model, count) for model, count in wanted if count]
    if not asked:
        return [[] for _ in wanted]
    select = ", ".join(
        "ARRAY(SELECT nextval(%s::regclass) FROM generate_series(1, %s))" for _ in asked
    )
    params = [v for model, count in asked for v in (_sequence(model), count)]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {select}", params)
        got = iter(cursor.fetchone())
    return [next(got) if count else [] for _, count in wanted]


def insert(model: type[Model], objs: list[Any], *, now) -> list[Any]:
    """Insert new ``objs`` (their ids from ``reserve_ids``); auto_now fields are set to ``now``.

    No history is written here: see ``record_creation``.
    """
    if not objs:
        return objs
    meta = model._meta
    for name in [
        f.attname
        for f in meta.concrete_fields
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
    ]:
        for obj in objs:
            setattr(obj, name, now)
    if not is_postgresql():
        return model.objects.bulk_create(objs)
    fields = meta.concrete_fields
    values = attrgetter(*[f.attname for f in fields])
    json_columns = [n for n, f in enumerate(fields) if f.get_internal_type() == "JSONField"]
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    table = connection.ops.quote_name(meta.db_table)
    # The raw psycopg cursor is needed for COPY; Django's wrapper turns its errors into
    # django.db errors (IntegrityError on a lost race), as for any other query.
    with (
        connection.cursor() as cursor,
        connection.wrap_database_errors,
        cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy,
    ):
        for obj in objs:
            row = values(obj)
            if json_columns:
                row = list(row)
                for n in json_columns:
                    row[n] = Jsonb(row[n]) if row[n] is not None else None
            copy.write_row(row)
    alias = connection.alias
    for obj in objs:
        obj._state.adding = False
        obj._state.db = alias
    return objs


def record_creation(batches: Sequence[tuple[type[Model], list[Any]]], *, user, now) -> None:
    """Write the creation ("+") history row of every object just inserted, dated ``now``.

    On PostgreSQL one statement copies the stored rows into their history tables (the same
    values ``save()`` would record), whatever the number of tables.
    """
    batches = [(model, objs) for model, objs in batches if objs]
    if not batches:
        return
    user_id = getattr(user, "pk", None)
    if not is_postgresql():
        for model, objs in batches:
            model.history.bulk_history_create(objs, default_user=user, default_date=now)
        return
    statements, params = [], []
    for model, objs in batches:
        statements.append(_history_insert(model))
        params += [now, user_id, array_literal([obj.pk for obj in objs])]
    *first, last = statements
    sql = "".join(
        f"{'WITH' if n == 0 else ','} h{n} AS ({statement}) " for n, statement in enumerate(first)
    )
    with connection.cursor() as cursor:
        cursor.execute(sql + last, params)


@cache
def _history_insert(model: type[Model]) -> str:
    """INSERT INTO <history> (<tracked>, history_*) SELECT <tracked>, ... FROM <table>."""
    quote = connection.ops.quote_name
    history = model.history.model
    by_name = {f.attname: f for f in history._meta.concrete_fields}
    tracked = [f.attname for f in history.tracked_fields]
    source_columns = [quote(model._meta.get_field(f.name).column) for f in history.tracked_fields]
    target_columns = [quote(by_name[name].column) for name in tracked] + [
        quote(by_name[name].column)
        for name in ("history_date", "history_user_id", "history_change_reason", "history_type")
    ]
    pk = quote(model._meta.pk.column)
    # Identifiers come from the models' metadata, quoted; values are parameters.
    return (
        f"INSERT INTO {quote(history._meta.db_table)} ({', '.join(target_columns)}) "  # noqa: S608
        f"SELECT {', '.join(source_columns)}, %s, %s, NULL, '+' "
        f"FROM {quote(model._meta.db_table)} WHERE {pk} = ANY(%s::bigint[]) ORDER BY {pk}"
    )


@cache
def _sequence(model: type[Model]) -> str:
    """The name of the sequence behind ``model``'s id column (looked up once per process)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_get_serial_sequence(%s, %s)", [model._meta.db_table, model._meta.pk.column]
        )
        return cursor.fetchone()[0]
