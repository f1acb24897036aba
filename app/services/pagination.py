"""Keyset pagination: a stable sort (its keys, then `id`) and an opaque cursor for the next page.

The cursor is base64url JSON holding the sort's name, the last row's sort values and its id,
plus a keyed checksum. The checksum catches garbled and hand-edited cursors early (a 422
naming `cursor`); it is no security boundary and needs none: the values are bound parameters,
so a forged cursor can only show rows the caller could list anyway.

A page seeks to its cursor through the index instead of walking past the earlier rows, so page
1000 costs what page 1 does: the rows with a sort value come first, read with `key < v OR (key
= v AND id > i)` written as `key <= v AND (key < v OR id > i)` (an index range), and the rows
without one (nulls last) are a second statement in id order, run only when the first runs out.
Neither says NULLS FIRST or LAST, so PostgreSQL too walks its btree indexes in either direction.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
import hmac
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Generic, Literal, TypeVar

from sqlalchemy import BindParameter, Label, SQLColumnExpression, bindparam, or_

from app.errors import InvalidInput
from app.services.reader import Query, Reader, Row, Statement

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


def _iso_date(value: Any) -> dt.date:
    return dt.date.fromisoformat(value)


def date_key(column: SQLColumnExpression[Any]) -> SortKey:
    return SortKey(column, _iso_date)


def text_key(column: SQLColumnExpression[Any]) -> SortKey:
    return SortKey(column, str)


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


def _check_bindable(value: SortValue) -> None:
    """ValueError for a value no column can be compared with. The key is in the source, so anyone
    can sign a cursor: one with a 30-digit id, a lone surrogate or a NUL must be a 422, not a 500.

    >>> _check_bindable(2**63)
    Traceback (most recent call last):
    ...
    ValueError: 9223372036854775808
    """
    if isinstance(value, int) and not -(2**63) <= value < 2**63:
        raise ValueError(value)
    if isinstance(value, str):
        value.encode("utf-8")  # UnicodeEncodeError, a ValueError, on a lone surrogate
        if "\x00" in value:
            raise ValueError("NUL")


def decode_cursor(cursor: str, sort: str, decode: Callable[[Any], SortValue]) -> tuple[SortValue, int]:
    """The sort value and id a cursor holds; InvalidInput (naming `cursor`) if it is not ours."""
    body, _, signature = cursor.partition(".")
    try:
        payload = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
    except (binascii.Error, ValueError) as exc:
        raise _bad_cursor("not a cursor this service made") from exc
    if not hmac.compare_digest(_sign(payload).encode(), signature.encode("utf-8", "surrogateescape")):
        raise _bad_cursor("not a cursor this service made")
    try:
        data = json.loads(payload)
        if data["v"] != _VERSION:
            raise _bad_cursor("an old cursor")
        if data["s"] != sort:
            raise _bad_cursor(f"made for sort={data['s']}, not sort={sort}")
        row_id = data["id"]
        if not isinstance(row_id, int) or isinstance(row_id, bool):
            raise TypeError(row_id)
        value = None if data["k"] is None else decode(data["k"])
        _check_bindable(row_id)
        _check_bindable(value)
    except (ValueError, KeyError, TypeError) as exc:
        raise _bad_cursor("not a cursor this service made") from exc
    return value, row_id


Segment = Literal["ids", "values", "nulls"]  # a sort by id; rows with a sort value; rows without


def ordered(
    base: Statement,
    id_column: SQLColumnExpression[int],
    key: SortKey | None,
    descending: bool,
    segment: Segment,
    seek: bool,
) -> Statement:
    """`base` (filtered, unordered) as one segment of a keyset page: ordered, limited by the bound
    value `limit`, after (`after_value`, `after_id`) if `seek`. Its last two columns are each
    row's id and sort value, for the next cursor."""
    after_id: BindParameter[int] = bindparam("after_id")
    row_id: Label[int] = id_column.label("keyset_id")  # labelled: the base selects the id already
    if segment == "ids" or key is None:
        statement = base.add_columns(row_id, id_column.label("keyset_value")).order_by(
            id_column.desc() if descending else id_column
        )
        if seek:
            statement = statement.where(id_column < after_id if descending else id_column > after_id)
    elif segment == "values":
        column = key.column
        value: BindParameter[Any] = bindparam("after_value")
        statement = base.add_columns(row_id, column.label("keyset_value")).where(column.is_not(None))
        statement = statement.order_by(column.desc() if descending else column.asc(), id_column)
        if seek:
            statement = statement.where(
                column <= value if descending else column >= value,
                or_(column < value if descending else column > value, id_column > after_id),
            )
    else:
        statement = base.add_columns(row_id, key.column.label("keyset_value"))
        statement = statement.where(key.column.is_(None)).order_by(id_column)
        if seek:
            statement = statement.where(id_column > after_id)
    return statement.limit(bindparam("limit"))


# (sort name, descending, segment, seek) -> the statement of that segment, cached by the resource
SegmentQuery = Callable[[str, bool, Segment, bool], Query]


def keyset_page(
    reader: Reader,
    page: PageRequest,
    sorts: Mapping[str, SortKey],
    segment_query: SegmentQuery,
    values: Mapping[str, Any],
    count_query: Callable[[], Query],
) -> Window[Row]:
    """One page of rows in `page.sort` order (rows as `ordered` selects them), and the next cursor."""
    name = page.sort.removeprefix("-")
    descending = page.sort.startswith("-")
    key = sorts.get(name)
    cursor_value, cursor_id = (
        decode_cursor(page.cursor, page.sort, key.decode if key else int) if page.cursor else (None, None)
    )
    seek = cursor_id is not None
    wanted = page.limit + 1
    bound = {**values, "limit": wanted, "after_value": cursor_value, "after_id": cursor_id}
    rows: list[Row] = []
    if key is None:
        rows = reader.rows(segment_query(name, descending, "ids", seek), bound)
    else:
        among_nulls = seek and cursor_value is None
        if not among_nulls:
            rows = reader.rows(segment_query(name, descending, "values", seek), bound)
        if len(rows) < wanted:  # the values ran out: on to the rows without one
            bound["limit"] = wanted - len(rows)
            rows += reader.rows(segment_query(name, descending, "nulls", among_nulls), bound)
    next_cursor = None
    if len(rows) > page.limit:
        last = rows[page.limit - 1]
        next_cursor = encode_cursor(page.sort, last[-1], last[-2])
    total = None
    if page.with_total:
        counted = reader.one(count_query(), values)
        total = int(counted[0]) if counted else 0
    return Window(items=rows[: page.limit], next_cursor=next_cursor, total=total)
