"""Keyset pagination: a stable sort (its keys, then `id`) and an opaque cursor for the next page.

The cursor is base64url JSON holding the sort's name, the last row's sort values and its id,
plus a keyed checksum. The checksum catches garbled and hand-edited cursors early (a 422
naming `cursor`); it is no security boundary and needs none: the values are bound parameters,
so a forged cursor can only show rows the caller could list anyway.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
import hmac
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from sqlalchemy import ColumnElement, Select, SQLColumnExpression, and_, func, or_, select
from sqlalchemy.orm import Session

from app.errors import InvalidInput

T = TypeVar("T")

DEFAULT_LIMIT = 50
MAX_LIMIT = 500
_CURSOR_KEY = b"zonefacts-cursor-v1"
_VERSION = 1

SortValue = int | str | dt.date | None


@dataclass(frozen=True, slots=True)
class SortKey:
    """One way to order a list: a column (maybe of a joined table), nulls always last."""

    column: SQLColumnExpression[Any]
    decode: Callable[[Any], SortValue] = int
    join: Callable[[Select[Any]], Select[Any]] | None = None  # adds the table `column` lives in


def _iso_date(value: Any) -> dt.date:
    return dt.date.fromisoformat(value)


def date_key(
    column: SQLColumnExpression[Any], join: Callable[[Select[Any]], Select[Any]] | None = None
) -> SortKey:
    return SortKey(column, _iso_date, join)


def text_key(
    column: SQLColumnExpression[Any], join: Callable[[Select[Any]], Select[Any]] | None = None
) -> SortKey:
    return SortKey(column, str, join)


@dataclass(frozen=True, slots=True)
class PageRequest:
    limit: int = DEFAULT_LIMIT
    cursor: str | None = None
    sort: str = "id"  # a key of the resource's sorts, "-" in front for descending
    with_total: bool = False


@dataclass(frozen=True, slots=True)
class Window(Generic[T]):
    """One page of rows; `next_cursor` fetches the following page (None on the last one)."""

    items: list[T]
    next_cursor: str | None = None
    total: int | None = field(default=None)


def _sign(payload: bytes) -> str:
    digest = hmac.new(_CURSOR_KEY, payload, hashlib.sha256).digest()[:9]
    return base64.urlsafe_b64encode(digest).decode()


def encode_cursor(sort: str, value: SortValue, row_id: int) -> str:
    """An opaque cursor after the row with this sort value and id.

    >>> cursor = encode_cursor("-amount", 100000000, 7)
    >>> decode_cursor(cursor, "-amount", int)
    (100000000, 7)
    """
    plain = value.isoformat() if isinstance(value, dt.date) else value
    payload = json.dumps({"v": _VERSION, "s": sort, "k": plain, "id": row_id}, separators=(",", ":"))
    body = base64.urlsafe_b64encode(payload.encode()).decode().rstrip("=")
    return f"{body}.{_sign(payload.encode())}"


def _bad_cursor(reason: str) -> InvalidInput:
    return InvalidInput(f"cursor: {reason}; pass the `next` of the previous page as is", parameter="cursor")


def decode_cursor(cursor: str, sort: str, decode: Callable[[Any], SortValue]) -> tuple[SortValue, int]:
    """The sort value and id a cursor holds; InvalidInput (naming `cursor`) if it is not ours."""
    body, _, signature = cursor.partition(".")
    try:
        payload = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
    except (binascii.Error, ValueError) as exc:
        raise _bad_cursor("not a cursor this service made") from exc
    if not hmac.compare_digest(_sign(payload), signature):
        raise _bad_cursor("not a cursor this service made")
    try:
        data = json.loads(payload)
        if data["v"] != _VERSION:
            raise _bad_cursor("an old cursor")
        if data["s"] != sort:
            raise _bad_cursor(f"made for sort={data['s']}, not sort={sort}")
        row_id = data["id"]
        if not isinstance(row_id, int):
            raise TypeError(row_id)
        value = None if data["k"] is None else decode(data["k"])
    except (ValueError, KeyError, TypeError) as exc:
        raise _bad_cursor("not a cursor this service made") from exc
    return value, row_id


def _after(
    column: SQLColumnExpression[Any],
    descending: bool,
    value: SortValue,
    id_column: SQLColumnExpression[Any],
    row_id: int,
) -> ColumnElement[bool]:
    """Rows after (value, id) in the order `column` [DESC] NULLS LAST, id ASC."""
    if value is None:  # among the nulls, which come last: only ids after this one
        return and_(column.is_(None), id_column > row_id)
    beyond = column < value if descending else column > value
    return or_(beyond, and_(column == value, id_column > row_id), column.is_(None))


def keyset_page(
    session: Session,
    statement: Select[Any],
    id_column: SQLColumnExpression[Any],
    keys: dict[str, SortKey],
    page: PageRequest,
) -> Window[Any]:
    """One page of `statement` (one entity, filtered, unordered) in `page.sort` order."""
    name = page.sort.removeprefix("-")
    descending = page.sort.startswith("-")
    key = keys.get(name) or SortKey(id_column)
    total = None
    if page.with_total:
        total = session.scalar(select(func.count()).select_from(statement.order_by(None).subquery()))
    if key.join is not None:
        statement = key.join(statement)
    column = key.column
    if name == "id":
        statement = statement.order_by(id_column.desc() if descending else id_column)
    else:
        direction = column.desc() if descending else column.asc()
        statement = statement.order_by(direction.nulls_last(), id_column)
    if page.cursor:
        value, row_id = decode_cursor(page.cursor, page.sort, key.decode)
        if name == "id":
            statement = statement.where(id_column < row_id if descending else id_column > row_id)
        else:
            statement = statement.where(_after(column, descending, value, id_column, row_id))
    statement = statement.add_columns(column) if name != "id" else statement.add_columns(id_column)
    rows = list(session.execute(statement.limit(page.limit + 1)).unique())
    next_cursor = None
    if len(rows) > page.limit:
        last, last_value = rows[page.limit - 1][0], rows[page.limit - 1][-1]
        next_cursor = encode_cursor(page.sort, last_value, last.id)
    return Window(items=[row[0] for row in rows[: page.limit]], next_cursor=next_cursor, total=total)
