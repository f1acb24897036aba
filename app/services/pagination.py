"""Offset pagination (first cut): fetch one row more than asked to know if there is a next page."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from sqlalchemy import Select
from sqlalchemy.orm import Session

T = TypeVar("T")

DEFAULT_LIMIT = 50
MAX_LIMIT = 500


@dataclass(frozen=True, slots=True)
class Window(Generic[T]):
    """One page of rows; `next` is the offset of the following page, None on the last one."""

    items: list[T]
    next: int | None


def paginate(session: Session, statement: Select[Any], *, limit: int, offset: int) -> Window[Any]:
    rows = list(session.scalars(statement.limit(limit + 1).offset(offset)).unique())
    has_more = len(rows) > limit
    return Window(items=rows[:limit], next=offset + limit if has_more else None)
