"""Reads without the ORM: statements built once with SQLAlchemy Core, run on the driver's cursor.

A read path spends its time in Python, not in the database: building a `select()`, computing
its cache key, hydrating ORM objects and validating them costs 10-40 times the SQL itself.
So each shape of query (which filters, which sort, which includes) is built once as a
`Query`; its SQL is compiled once per dialect; a `Reader` runs it on the DBAPI cursor with
bound values and hands back the driver's tuples, which the services turn into the API's dicts.

What the driver gives back differs by database (SQLite: numbers as float or int, dates as
ISO text, booleans as 0/1, JSON as text; PostgreSQL: Decimal, date, bool, parsed JSON): the
helpers at the end (`number`, `flag`, `json_list`) read both the way the ORM would.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, TypeAlias

from sqlalchemy import ColumnElement, Date, Engine, Select, SQLColumnExpression, bindparam
from sqlalchemy import exc as sa_exc
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import Session
from sqlalchemy.pool import PoolProxiedConnection

Row = tuple[Any, ...]
Statement: TypeAlias = "Select[*tuple[Any, ...]]"  # a select of any columns
NO_VALUES: Mapping[str, Any] = {}


@dataclass(frozen=True, slots=True)
class _Plan:
    """A statement compiled for one dialect: its SQL, and where each bound value comes from."""

    sql: str
    names: tuple[str, ...]  # the parameters as the SQL names them, in order for positional styles
    sources: tuple[tuple[str | None, Any], ...]  # each one's key in the caller's values, or None
    # and its value when it is a literal (a constant in the statement)
    positional: bool
    dates: tuple[int, ...]  # where a date is compared (SQLite stores dates as ISO text)

    @classmethod
    def compile(cls, statement: Statement, dialect: Dialect) -> _Plan:
        compiled = statement.compile(dialect=dialect)
        if compiled.literal_execute_params or compiled.post_compile_params:
            raise ValueError("a prebuilt read cannot use expanding or literal-execute parameters")
        by_name = {name: bind for bind, name in compiled.bind_names.items()}
        names = tuple(compiled.positiontup or by_name)
        sources = tuple(
            (by_name[n].key, None) if by_name[n].required else (None, by_name[n].effective_value)
            for n in names
        )
        dates = tuple(i for i, n in enumerate(names) if isinstance(by_name[n].type, Date))
        return cls(compiled.string, names, sources, compiled.positiontup is not None, dates)


class Query:
    """One shape of read, built once (module constant or cached builder), compiled per dialect."""

    __slots__ = ("_plans", "statement")

    def __init__(self, statement: Statement) -> None:
        self.statement = statement
        self._plans: dict[tuple[str, str], _Plan] = {}

    def plan(self, dialect: Dialect) -> _Plan:
        key = (dialect.name, dialect.paramstyle)
        plan = self._plans.get(key)
        if plan is None:
            plan = self._plans[key] = _Plan.compile(self.statement, dialect)
        return plan


class Reader:
    """Runs `Query`s on one database connection, in one read transaction, from one thread at a time.

    `Reader.connect(engine)` takes a connection from the engine's pool at the first read and
    gives it back at the end; `Reader.of(session)` reads inside a session's transaction (what
    the session flushed is seen: tests and the CLI). Driver errors are raised as SQLAlchemy's
    (`OperationalError`...), so the API answers them as for the ORM, and a connection the
    database dropped is invalidated, not returned to the pool.
    """

    def __init__(
        self,
        dialect: Dialect,
        *,
        engine: Engine | None = None,
        connection: Any = None,
        events: Any = None,
    ) -> None:
        self.dialect = dialect
        self._engine = engine
        self._pooled: PoolProxiedConnection | None = None
        self._connection = connection
        self._cursor: Any = None
        self._events = events  # SQLAlchemy's dispatch, when someone listens for cursor executes
        self._dbapi_error: type[Exception] = dialect.loaded_dbapi.Error
        self._begin_sqlite = engine is not None and dialect.name == "sqlite"
        self.in_process = dialect.name == "sqlite"  # no network round trip: a statement never waits

    @classmethod
    def on(cls, engine: Engine) -> Reader:
        """A reader that takes a connection from `engine`'s pool at its first read; `close()` it."""
        events = engine.dispatch if engine.dispatch.before_cursor_execute else None
        return cls(engine.dialect, engine=engine, events=events)

    @classmethod
    @contextmanager
    def connect(cls, engine: Engine) -> Iterator[Reader]:
        reader = cls.on(engine)
        try:
            yield reader
        finally:
            reader.close()

    @property
    def holds_connection(self) -> bool:
        return self._pooled is not None

    @classmethod
    def of(cls, session: Session) -> Reader:
        session.flush()  # as an ORM query would (autoflush)
        connection = session.connection()
        events = connection.dispatch if connection.dispatch.before_cursor_execute else None
        return cls(connection.dialect, connection=connection.connection.dbapi_connection, events=events)

    def rows(self, query: Query, values: Mapping[str, Any] = NO_VALUES) -> list[Row]:
        plan = query.plan(self.dialect)
        bound = [values[key] if key is not None else literal for key, literal in plan.sources]
        if plan.dates and self.in_process:  # SQLAlchemy stores dates on SQLite as ISO text
            for at in plan.dates:
                if isinstance(bound[at], dt.date):
                    bound[at] = bound[at].isoformat()
        parameters: Sequence[Any] | dict[str, Any] = (
            bound if plan.positional else dict(zip(plan.names, bound, strict=True))
        )
        cursor = self._open() if self._cursor is None else self._cursor
        try:
            if self._events is not None:
                self._events.before_cursor_execute(None, cursor, plan.sql, parameters, None, False)
            cursor.execute(plan.sql, parameters)
            found: list[Row] = cursor.fetchall()
            if self._events is not None:
                self._events.after_cursor_execute(None, cursor, plan.sql, parameters, None, False)
        except self._dbapi_error as exc:
            raise self._wrap(exc, plan.sql, parameters) from exc
        return found

    def one(self, query: Query, values: Mapping[str, Any] = NO_VALUES) -> Row | None:
        found = self.rows(query, values)
        return found[0] if found else None

    def _open(self) -> Any:
        try:
            if self._connection is None:
                assert self._engine is not None
                self._pooled = self._engine.raw_connection()
                self._connection = self._pooled.dbapi_connection
            cursor = self._connection.cursor()
            if self._begin_sqlite:  # one snapshot for every statement of the read (WAL)
                cursor.execute("BEGIN")
        except self._dbapi_error as exc:
            raise self._wrap(exc, "BEGIN", ()) from exc
        self._cursor = cursor
        return cursor

    def close(self) -> None:
        """Give the connection back: the pool rolls the read transaction back (or drops the
        connection if that fails). A later read takes a connection again, in a new transaction."""
        pooled, self._pooled = self._pooled, None
        if pooled is None:
            return
        cursor, self._cursor, self._connection = self._cursor, None, None  # the next read takes another
        try:
            if cursor is not None:
                cursor.close()
        except self._dbapi_error as exc:
            pooled.invalidate(exc)
        finally:
            pooled.close()

    def _wrap(self, exc: Exception, sql: str, parameters: Any) -> Exception:
        disconnected = self.dialect.is_disconnect(exc, self._connection, self._cursor)  # type: ignore[arg-type]
        if disconnected and self._pooled is not None:
            self._pooled.invalidate(exc)
        return sa_exc.DBAPIError.instance(
            sql,
            parameters,
            exc,
            self._dbapi_error,
            connection_invalidated=disconnected,
            dialect=self.dialect,
        )


def as_reader(db: Session | Reader) -> Reader:
    return db if isinstance(db, Reader) else Reader.of(db)


# --- values as the drivers give them ------------------------------------------------------------


def number(value: int | float | Decimal | None) -> int | float | None:
    """A Numeric(30, 8) as the API writes it: whole numbers as integers (SQLite gives float or int,
    PostgreSQL Decimal; a float is read at 8 decimals, as SQLAlchemy's Numeric does).

    >>> number(36.75), number(10.0), number(4.999999999), number(Decimal("30.00000000")), number(None)
    (36.75, 10, 5, 30, None)
    """
    if value is None or isinstance(value, int):
        return value
    if isinstance(value, float):
        rounded = round(value, 8)  # correctly rounded, as "%.8f" is: the same float
        return int(rounded) if rounded.is_integer() else rounded
    return int(value) if value == value.to_integral_value() else float(value)


def flag(value: bool | int) -> bool:
    """A boolean column (SQLite gives 0 or 1)."""
    return bool(value)


def json_list(value: str | list[Any]) -> list[Any]:
    """A JSON column holding a list (SQLite gives its text, PostgreSQL the parsed value)."""
    return json.loads(value) if isinstance(value, str) else value


def like_pattern(text: str) -> str:
    """`column LIKE pattern ESCAPE '/'` holds `text` anywhere (SQLAlchemy's autoescape).

    >>> like_pattern("100%_a/b")
    '%100/%/_a//b%'
    """
    escaped = text.replace("/", "//").replace("%", "/%").replace("_", "/_")
    return f"%{escaped}%"


# --- lists of ids as fixed-size IN lists: one statement per size, not one per length --------------


def id_slots(count: int) -> int:
    """How many `IN (...)` places a list of `count` ids takes: a power of two, at least 8.

    >>> id_slots(1), id_slots(50), id_slots(64), id_slots(500)
    (8, 64, 64, 512)
    """
    return max(8, 1 << (count - 1).bit_length())


def in_ids(column: SQLColumnExpression[Any], slots: int) -> ColumnElement[bool]:
    """`column IN (:id_0, ..., :id_<slots-1>)`; fill the places with `id_values`."""
    return column.in_([bindparam(name) for name in _ID_NAMES[:slots]])


_ID_NAMES = tuple(f"id_{n}" for n in range(1024))


def id_values(ids: Sequence[int]) -> dict[str, int]:
    """The values of `in_ids(column, id_slots(len(ids)))`, the spare places repeating the last id."""
    slots = id_slots(len(ids))
    return dict(zip(_ID_NAMES[:slots], [*ids, *[ids[-1]] * (slots - len(ids))], strict=True))


def group_spans(rows: Sequence[Row], width: int) -> list[tuple[Row, list[dict[str, Any]]]]:
    """Rows of an owner's `width` columns then one of its mentions' start and end (a LEFT JOIN,
    ordered by owner): each owner once, with its mentions (none when start is None).

    >>> group_spans([(1, "a", 0, 2), (1, "a", 5, 7), (2, "b", None, None)], 2)
    [((1, 'a'), [{'start': 0, 'end': 2}, {'start': 5, 'end': 7}]), ((2, 'b'), [])]
    """
    grouped: list[tuple[Row, list[dict[str, Any]]]] = []
    for row in rows:
        if not grouped or grouped[-1][0][0] != row[0]:
            grouped.append((row[:width], []))
        if row[width] is not None:
            grouped[-1][1].append({"start": row[width], "end": row[width + 1]})
    return grouped
