"""Server-side binding for the public list's hot queries on PostgreSQL.

Django's psycopg backend sends queries with client-side binding (the simple protocol) unless
``DATABASES[...]["OPTIONS"]["server_side_binding"]`` is set. For the public list that costs
more than the query itself: the text protocol result parsing and a fresh plan every time.
These helpers run the *same SQL* through psycopg's server-binding cursor, which also lets
psycopg prepare a statement it sees repeatedly. They go through Django's cursor wrapper, so
query logging (``django_assert_num_queries``), execute wrappers and error translation work
as usual. On other databases they fall back to the ordinary paths.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models.query import ValuesIterable


def _server_binding_available(alias: str) -> bool:
    if connections[alias].vendor != "postgresql":
        return False
    try:
        from django.db.backends.postgresql.base import ServerBindingCursor  # noqa: F401
    except ImportError:  # psycopg2
        return False
    return True


def _preparing_cursor_class():
    from django.db.backends.postgresql.base import ServerBindingCursor
    from psycopg.types.datetime import TimestamptzLoader

    class PreparingCursor(ServerBindingCursor):
        """Prepares every statement (psycopg keeps an LRU of them per connection), as a
        plain psycopg connection does after five runs. Django disables automatic
        preparation by default; these few hot, parameterised queries are worth it. (Behind a
        transaction-pooling PgBouncer older than 1.21 this must be turned off.)"""

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            # psycopg's own (C) loader instead of Django's Python one: the same aware UTC
            # datetimes, without a Python call per value.
            self.adapters.register_loader("timestamptz", TimestamptzLoader)

        def execute(self, query, params=None, *, prepare=None, binary=None):
            return super().execute(query, params, prepare=PREPARE, binary=binary)

    return PreparingCursor


PREPARE = True
_cursor_class = None


@contextmanager
def server_bound_cursor(alias: str = "default") -> Iterator:
    global _cursor_class
    if _cursor_class is None:
        _cursor_class = _preparing_cursor_class()
    conn = connections[alias]
    conn.ensure_connection()
    conn.validate_thread_sharing()
    with conn.wrap_database_errors:
        raw = _cursor_class(conn.connection)
    cursor = conn.make_debug_cursor(raw) if conn.queries_logged else conn.make_cursor(raw)
    # Django opens connections with prepare_threshold=None, which makes psycopg ignore even
    # an explicit prepare=True. A huge threshold keeps automatic preparation off for every
    # other query while letting these explicitly prepared ones through.
    pg = conn.connection
    saved = pg.prepare_threshold
    if PREPARE and saved is None:
        pg.prepare_threshold = 2**31 - 1
    try:
        with cursor:
            yield cursor
    finally:
        pg.prepare_threshold = saved


def fetch_all(sql: str, params, alias: str = "default") -> list[tuple]:
    """Run plain SQL (``%s``/``%(name)s`` placeholders) and return every row."""
    if not _server_binding_available(alias):
        with connections[alias].cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()
    with server_bound_cursor(alias) as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


class ServerBoundValuesIterable(ValuesIterable):
    """``values()`` rows, fetched with server-side binding (same SQL, same converters)."""

    def _compile(self, compiler) -> tuple[str, tuple, bool]:
        """The SQL, its parameters, and whether rows need Django's value converters."""
        sql, params = compiler.as_sql()
        fields = [s[0] for s in compiler.select[: compiler.col_count]]
        return sql, params, bool(compiler.get_converters(fields))

    def __iter__(self):
        queryset = self.queryset
        if not _server_binding_available(queryset.db):
            yield from super().__iter__()
            return
        query = queryset.query
        compiler = query.get_compiler(queryset.db)
        if query.selected:
            names = list(query.selected)
        else:
            names = [*query.extra_select, *query.values_select, *query.annotation_select]
        try:
            sql, params, converts = self._compile(compiler)
        except EmptyResultSet:
            return
        with server_bound_cursor(queryset.db) as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        if converts:
            if not hasattr(compiler, "col_count"):
                compiler.as_sql()  # a cached compile skipped the compiler's set-up
            rows = compiler.results_iter(results=[rows])
        indexes = range(len(names))
        for row in rows:
            yield {names[i]: row[i] for i in indexes}


class _CompiledOnceValuesIterable(ServerBoundValuesIterable):
    """For clones of one fixed queryset that differ only in ordering and slicing (the
    unfiltered first page of a list): the SQL is compiled once per shape, not per request.
    A clone with any other change (a cursor filter) is compiled as usual."""

    where_size: int = 0
    cache: dict = {}

    def _compile(self, compiler) -> tuple[str, tuple, bool]:
        query = compiler.query
        if len(query.where.children) != self.where_size:
            return super()._compile(compiler)
        key = (query.order_by, query.low_mark, query.high_mark, query.standard_ordering)
        compiled = self.cache.get(key)
        if compiled is None:
            compiled = super()._compile(compiler)
            if len(self.cache) < 256:
                self.cache[key] = compiled
        return compiled


def server_bound(queryset, *, fixed: bool = False):
    """A clone of the ``values()`` queryset ``queryset`` that fetches with server binding.

    ``fixed=True`` marks ``queryset`` as a never-changing template (built once per process)
    whose SQL may be compiled once per ordering and slice.
    """
    clone = queryset.all()
    if fixed:
        iterable = getattr(queryset, "_compiled_once_class", None)
        if iterable is None:
            iterable = type(
                "CompiledOnceValuesIterable",
                (_CompiledOnceValuesIterable,),
                {"where_size": len(queryset.query.where.children), "cache": {}},
            )
            queryset._compiled_once_class = iterable
        clone._iterable_class = iterable
    else:
        clone._iterable_class = ServerBoundValuesIterable
    return clone
