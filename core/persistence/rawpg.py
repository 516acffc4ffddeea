"""The webhook's hot statements on PostgreSQL, sent through psycopg itself.

A statement through SQLAlchemy's Connection.execute costs about 0.12 ms of client CPU before
and after the round trip (execution context, result metadata, bind processors); the same
statement on the psycopg connection underneath, prepared, about 0.03 ms. An event of a
person runs three such statements, so the intake sends them directly. Everything else in
the transaction stays on the SQLAlchemy session, which owns the connection: these
statements run inside its transaction, and a driver error comes back as SQLAlchemy's own
exception (a lost connection invalidated, as SQLAlchemy would), so `is_conflict` and
`is_unavailable` see what they always see.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, datetime
from functools import cache
from typing import Any, NoReturn

import psycopg
from psycopg.types.json import Json
from sqlalchemy import Connection, Engine
from sqlalchemy.exc import DBAPIError
from sqlalchemy.sql.elements import TextClause
from sqlalchemy.sql.selectable import TextualSelect

_BIND = re.compile(r"(?<![:\w\\]):(\w+)(?!:)")  # what text() takes for a bind parameter


@cache
def driver_sql(clause: TextClause | TextualSelect) -> str:
    """A text() statement with psycopg's placeholders (`:name` becomes `%(name)s`)."""
    sql = getattr(clause, "element", clause).text  # text(…).columns(…) wraps the text
    if "%" in sql or "\\:" in sql:
        raise ValueError("a literal % or an escaped colon would need escaping for the driver")
    return _BIND.sub(r"%(\1)s", sql)


def driver_params(params: Mapping[str, Any], json_names: frozenset[str]) -> dict[str, Any]:
    """The values as the driver takes them: JSON wrapped, times aware (as UTCDateTime does)."""
    out: dict[str, Any] = {}
    for name, value in params.items():
        if name in json_names:
            value = Json(value)
        elif isinstance(value, datetime):
            if value.tzinfo is None:
                raise ValueError("naive datetime given to a UTCDateTime column")
            value = value.astimezone(UTC)
        out[name] = value
    return out


def execute(connection: Connection, clause: TextClause | TextualSelect, params: Mapping[str, Any],
            json_names: frozenset[str] = frozenset()) -> Any:
    """Run one statement on the session's connection, in its transaction; the psycopg
    cursor (fetchone / fetchall). Driver errors become SQLAlchemy's, parameters hidden."""
    pooled = connection.connection
    return _execute(connection.dialect, pooled.driver_connection, connection.invalidate,
                    (connection.engine.pool, pooled), clause, params, json_names)


class Autocommit:
    """One pooled connection in autocommit mode (each statement its own transaction, no
    BEGIN or COMMIT round trip), for several statements of one webhook event."""

    def __init__(self, dialect: Any, dbapi: Any, pool: Any, pooled: Any) -> None:
        self._dialect = dialect
        self._dbapi = dbapi
        self._pool = pool
        self._pooled = pooled

    def execute(self, clause: TextClause | TextualSelect, params: Mapping[str, Any],
                json_names: frozenset[str] = frozenset()) -> Any:
        """Run one statement; the psycopg cursor. Driver errors become SQLAlchemy's."""
        return _execute(self._dialect, self._dbapi, self._pooled.invalidate,
                        (self._pool, self._pooled), clause, params, json_names)


@contextmanager
def autocommit(engine: Engine) -> Iterator[Autocommit]:
    """A pooled connection in autocommit mode for the block, handed back after it."""
    try:  # the pool's checkout: ping if idle, as for any use
        pooled = engine.raw_connection()
    except psycopg.Error as exc:  # no connection at all (Engine.connect would wrap this)
        raise _wrapped(engine.dialect, exc, lost=False) from exc
    try:
        dbapi = pooled.driver_connection
        try:
            dbapi.autocommit = True
        except psycopg.Error as exc:
            _raise(engine.dialect, exc, dbapi, pooled.invalidate, (engine.pool, pooled))
        try:
            yield Autocommit(engine.dialect, dbapi, engine.pool, pooled)
        finally:
            if not dbapi.closed and dbapi.autocommit:
                dbapi.autocommit = False
    finally:
        pooled.close()


def execute_autocommit(engine: Engine, clause: TextClause, params: Mapping[str, Any],
                       json_names: frozenset[str] = frozenset()) -> Any:
    """Run one statement in its own autocommit transaction on a pooled connection; its
    first row, or None."""
    with autocommit(engine) as connection:
        return connection.execute(clause, params, json_names).fetchone()


def _execute(dialect: Any, dbapi: Any, invalidate: Any, generation: tuple[Any, Any],
             clause: TextClause | TextualSelect, params: Mapping[str, Any],
             json_names: frozenset[str]) -> Any:
    """One prepared statement on the psycopg connection; driver errors as `_raise` gives."""
    try:
        return dbapi.execute(driver_sql(clause), driver_params(params, json_names),
                             prepare=True)
    except psycopg.Error as exc:
        _raise(dialect, exc, dbapi, invalidate, generation)


def _raise(dialect: Any, exc: Exception, dbapi: Any, invalidate: Any,
           generation: tuple[Any, Any]) -> NoReturn:
    """Raise the driver error as SQLAlchemy's. A lost connection is invalidated and, as
    SQLAlchemy does on a disconnect, so are the pool's other connections made before it
    (a server restart killed them all; each is replaced at its next checkout instead of
    failing one more request)."""
    lost = bool(dialect.is_disconnect(exc, dbapi, None))
    if lost:
        invalidate(exc)
        pool, pooled = generation
        pool._invalidate(pooled, exc, _checkin=False)  # what Connection does on a disconnect
    raise _wrapped(dialect, exc, lost=lost) from exc


def _wrapped(dialect: Any, exc: Exception, *, lost: bool) -> DBAPIError:
    """SQLAlchemy's exception for a driver error (OperationalError, IntegrityError, …)."""
    return DBAPIError.instance(
        "(a webhook statement)", None, exc, psycopg.Error, hide_parameters=True,
        connection_invalidated=lost, dialect=dialect)
