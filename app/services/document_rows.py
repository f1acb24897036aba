"""The rows of a document being stored, written in bulk: one statement per table for the whole
page, parents before children (SQLite: an executemany of an INSERT; PostgreSQL: a COPY), then
what the read paths keep beside them (`app.services.derived_rows`: the sentences' search index
entries, the money totals).

The ids that other rows point to (articles, initiatives, organizations, people, figures) and the
sentences' (which the search index is keyed by) are taken before any row is written, so a figure
can name its initiative or the figure it is a share of without a round trip per row; the other
rows get their ids from the database as they go in.
"""

from __future__ import annotations

import functools
import itertools
import operator
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, cast

from sqlalchemy import Dialect, Table, func, insert, select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from app.db import Base
from app.extract.types import Item
from app.models import (
    Article,
    Document,
    Figure,
    Initiative,
    InitiativeMention,
    Organization,
    OrganizationMention,
    Person,
    PersonMention,
    Sentence,
    ZoneMention,
)
from app.services import derived_rows

# Parents before children (foreign keys). The first six get their ids up front (`KEYED`).
WRITE_ORDER: tuple[type[Base], ...] = (
    Article,
    Initiative,
    Organization,
    Person,
    Figure,
    Sentence,
    ZoneMention,
    InitiativeMention,
    OrganizationMention,
    PersonMention,
)
KEYED: tuple[type[Base], ...] = WRITE_ORDER[:6]


def table_of(model: type[Base]) -> Table:
    """The model's table, for Core statements (typed as a Table, which a declarative model's is)."""
    return cast(Table, model.__table__)


@dataclass(slots=True)
class NewDocument:
    """A document being stored: its id and text, the ids of the zones its items name, ids taken
    for its rows, and the rows `add_article` adds (`write_rows` writes them)."""

    id: int
    raw_text: str
    zone_ids: dict[str, int]
    ids: dict[type[Base], Iterator[int]]
    rows: dict[type[Base], list[dict[str, Any]]] = field(
        default_factory=lambda: {model: [] for model in WRITE_ORDER}
    )

    def new_id(self, model: type[Base]) -> int:
        return next(self.ids[model])


# PostgreSQL: ids from each table's own sequence, as the column default would take them.
_NEXTVAL = text(
    "SELECT "
    + ", ".join(
        f"ARRAY(SELECT nextval(pg_get_serial_sequence('{table_of(model).name}', 'id'))"
        f" FROM generate_series(1, :{table_of(model).name}))"
        for model in KEYED
    )
)
# SQLite: ids after the largest, as SQLite itself would give them (a rowid table, no AUTOINCREMENT).
_LARGEST_IDS = select(*(select(func.max(table_of(model).c.id)).scalar_subquery() for model in KEYED))


def reserve_ids(session: Session, items: Sequence[Item]) -> dict[type[Base], Iterator[int]]:
    """Ids for the rows of `items` of the KEYED tables, in one statement, so that rows can refer
    to each other before they are written.

    On SQLite the caller must hold the write lock (it has written in this transaction, or began
    it IMMEDIATE): no other writer can take the ids after the largest until it commits.
    """
    connection = session.connection()
    if connection.dialect.name == "postgresql":
        counts = {
            "articles": len(items),
            "initiatives": sum(len(item.initiatives) for item in items),
            "organizations": sum(len(item.organizations) for item in items),
            "people": sum(len(item.people) for item in items),
            "figures": sum(len(item.figures) for item in items),
            "sentences": sum(len(item.sentences) for item in items),
        }
        reserved = connection.execute(_NEXTVAL, counts).one()
        return {model: iter(ids) for model, ids in zip(KEYED, reserved, strict=True)}
    largest = connection.execute(_LARGEST_IDS).one()
    return {model: itertools.count((top or 0) + 1) for model, top in zip(KEYED, largest, strict=True)}


_INSERT_DOCUMENT = insert(table_of(Document)).returning(table_of(Document).c.id)


def insert_document(session: Session, content_hash: str, source_name: str, raw_text: str) -> int:
    """Insert the document's row; its id."""
    values = {"content_hash": content_hash, "source_name": source_name, "raw_text": raw_text}
    document_id: int = session.connection().execute(_INSERT_DOCUMENT, values).scalar_one()
    return document_id


def write_rows(session: Session, document: NewDocument) -> None:
    """Insert the document's rows, table by table: on SQLite an executemany each (sqlite3 runs
    the rows in C), on PostgreSQL a COPY each; then its sentences' search index entries and its
    money totals (see `app.services.derived_rows`: no trigger adds them).

    Each value goes through its column type's bind processing, as in SQLAlchemy's INSERT, but
    the rows go to the driver directly: SQLAlchemy's executemany spent as long preparing the
    parameters of each row as SQLite took to insert it, and psycopg's executemany of INSERTs cost
    the loader three times the CPU, and the page twice the wall time, of a COPY.
    """
    connection = session.connection()
    dialect, driver = connection.dialect, connection.connection.driver_connection
    write = _copy if dialect.name == "postgresql" else _insert_into_sqlite
    rows = document.rows
    for model in WRITE_ORDER:
        if not rows[model]:
            continue
        plan = _plan(dialect, model, tuple(rows[model][0]))
        try:
            write(driver, plan, plan.values(rows[model]))
        except dialect.loaded_dbapi.Error as exc:
            statement = f"INSERT INTO {plan.table} ({plan.columns})"
            raise DBAPIError.instance(statement, None, exc, dialect.loaded_dbapi.Error) from exc
    derived_rows.index_sentences(session, [(row["id"], row["text"]) for row in rows[Sentence]])
    months = {row["id"]: derived_rows.month_of(row["published_date"]) for row in rows[Article]}
    derived_rows.add_money_totals(session, derived_rows.money_totals(rows[Figure], months))


@dataclass(frozen=True)
class _Plan:
    """How the rows of one table, with these columns, go to the driver."""

    model: type[Base]
    table: str  # quoted for the dialect
    columns: str  # quoted, comma-separated
    keys: tuple[str, ...]
    # the column types' bind processing, by position in `keys` (most columns have none)
    processors: tuple[tuple[int, Callable[[Any], Any]], ...]

    def values(self, rows: list[dict[str, Any]]) -> list[Sequence[Any]]:
        row_values = operator.itemgetter(*self.keys)  # a tuple: every table has several columns
        if not self.processors:
            return list(map(row_values, rows))
        processed: list[Sequence[Any]] = []
        for row in rows:
            values = list(row_values(row))
            for at, process in self.processors:
                values[at] = process(values[at])
            processed.append(values)
        return processed


@functools.cache
def _plan(dialect: Dialect, model: type[Base], keys: tuple[str, ...]) -> _Plan:
    table, quote = table_of(model), dialect.identifier_preparer
    for column in table.c:
        # SQLAlchemy's INSERT would fill in a default computed in Python: the rows must hold it
        if column.key not in keys and column.default is not None:
            raise ValueError(f"{table.name}.{column.key} has a default the rows must give")
    processors = tuple(
        (at, process)
        for at, key in enumerate(keys)
        if (process := table.c[key].type.dialect_impl(dialect).bind_processor(dialect))
    )
    columns = ", ".join(quote.quote(key) for key in keys)
    return _Plan(model, quote.format_table(table), columns, keys, processors)


def _copy(driver: Any, plan: _Plan, values: list[Sequence[Any]]) -> None:
    with driver.cursor() as cursor, cursor.copy(f"COPY {plan.table} ({plan.columns}) FROM STDIN") as copy:
        for row in values:
            copy.write_row(row)


def _insert_into_sqlite(driver: Any, plan: _Plan, values: list[Sequence[Any]]) -> None:
    placeholders = ", ".join("?" * len(plan.keys))
    driver.executemany(f"INSERT INTO {plan.table} ({plan.columns}) VALUES ({placeholders})", values)
