"""The pieces of list filters that several resources share: amounts, zones, provinces, dates.

A filter becomes SQL in two steps (see `app.services.reader`): reading the request gives its
shape (which conditions, a hashable tuple) and the values to bind; the conditions are built
once per shape, with bind parameters named like the values.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from typing import Any, Literal

from sqlalchemy import BindParameter, ColumnElement, SQLColumnExpression, and_, bindparam, or_, select
from sqlalchemy.orm import Session

from app.errors import InvalidInput
from app.models import Article, Figure, Zone
from app.services import zones as zones_service
from app.services.amounts import MAX_YUAN, parse_amount
from app.services.reader import Reader

Match = Literal["possible", "certain"]
Shape = tuple[Hashable, ...]


def amount_bound(value: str | None, parameter: str) -> int | None:
    if value is None or not value.strip():
        return None
    try:
        yuan = parse_amount(value)
    except ValueError as exc:
        raise InvalidInput(f"{parameter}: {exc}", parameter=parameter) from exc
    if yuan > MAX_YUAN:
        raise InvalidInput(
            f"{parameter}: {value!r} is more than any amount stored (at most {MAX_YUAN} yuan)",
            parameter=parameter,
        )
    return yuan


def amount_filter(
    min_amount: str | None, max_amount: str | None, match: Match
) -> tuple[Shape, dict[str, Any]]:
    """The shape and values of an amount filter (an empty shape: no amount filter asked)."""
    low = amount_bound(min_amount, "min_amount")
    high = amount_bound(max_amount, "max_amount")
    if low is None and high is None:
        return (), {}
    shape = ("amount", match, low is not None, high is not None, low is not None and low > 0)
    return (shape,), {"amount_low": low, "amount_high": high}


def amount_condition(
    match: Match, has_low: bool, has_high: bool, low_above_zero: bool
) -> ColumnElement[bool]:
    """The WHERE clause of an amount filter on figures, bound to `amount_low` and `amount_high`."""
    low: BindParameter[int] = bindparam("amount_low")
    high: BindParameter[int] = bindparam("amount_high")
    conditions: list[ColumnElement[bool]] = [Figure.amount_yuan.is_not(None)]
    if match == "possible":  # the interval [amount_low, amount_high] meets [low, high]
        if has_low:
            conditions.append(or_(Figure.amount_high_yuan.is_(None), Figure.amount_high_yuan >= low))
        if has_high:
            conditions.append(or_(Figure.amount_low_yuan.is_(None), Figure.amount_low_yuan <= high))
    else:  # the interval lies inside [low, high]; an unknown low bound is still above 0
        if has_low and low_above_zero:
            conditions.append(Figure.amount_low_yuan >= low)
        if has_high:
            conditions.append(Figure.amount_high_yuan <= high)
    return and_(*conditions)


def in_province(column: SQLColumnExpression[Any]) -> ColumnElement[bool]:
    """`column` (a zone id) is a zone of the bound `province` (written "广东" or "广东省")."""
    names: list[BindParameter[str]] = [bindparam("province"), bindparam("province_full")]
    return column.in_(select(Zone.id).where(Zone.province.in_(names)))


def province_values(province: str) -> dict[str, str]:
    return {"province": province, "province_full": f"{province}省"}


def published_between(
    column: SQLColumnExpression[Any], date_from: bool, date_to: bool
) -> ColumnElement[bool]:
    """`column` (an article id) is an article published within the bound dates (both included)."""
    articles = select(Article.id)
    if date_from:
        articles = articles.where(Article.published_date >= bindparam("date_from"))
    if date_to:
        articles = articles.where(Article.published_date <= bindparam("date_to"))
    return column.in_(articles)


def zone_filter(
    db: Session | Reader, zones: Sequence[str], zone_ids: Sequence[int] = ()
) -> tuple[Shape, dict[str, Any]]:
    """Zone filter values (ids, names, aliases; or ids known) as ids bound to `zone_0`, `zone_1`..."""
    if not zones and not zone_ids:
        return (), {}
    ids = [*zone_ids, *zones_service.resolve_ids(db, zones)]
    return (("zones", len(ids)),), {f"zone_{n}": zone_id for n, zone_id in enumerate(ids)}


def in_zones(column: SQLColumnExpression[Any], count: int) -> ColumnElement[bool]:
    return column.in_([bindparam(f"zone_{n}") for n in range(count)])
