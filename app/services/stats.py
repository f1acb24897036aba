"""Money aggregates: sum, count, min and max of yuan amounts, grouped, under the figure filters.

Only figures with a yuan amount count (money in CNY); each counts its written amount
(`amount_yuan`: the low end of a range, the number after 超 or 近), once, even if per year.

Summing every money figure for each request would read them all (hundreds of thousands), so
`money_totals` (migration 0005) keeps the sum, count, min and max by zone, category and month,
plus the same over every month and over every zone: the writer of a page adds its money
(`app.services.derived_rows`), triggers take out what deletes and updates change. Those rows
answer the groupings by zone, province, category and month under the filters they can tell
apart: zones, province, category, and dates that take whole months. Any other filter (kind,
qualifier, amounts, text...) sums the figures themselves. Both ways give the same groups in the
same order.
"""

from __future__ import annotations

import calendar
import datetime as dt
from functools import lru_cache
from typing import Any, Literal

from sqlalchemy import (
    BigInteger,
    Column,
    ColumnElement,
    Integer,
    MetaData,
    Numeric,
    SQLColumnExpression,
    String,
    Table,
    bindparam,
    cast,
    func,
    literal,
    select,
)
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import Label

from app.models import Article, Figure, Zone
from app.services.derived_rows import ANY_MONTH, ANY_ZONE, NO_CATEGORY, NO_MONTH
from app.services.figures import FigureFilters, Shape, figure_conditions, figure_filter, in_zones
from app.services.figures import in_province as figure_in_province
from app.services.reader import Query, Reader, Row, as_reader

GroupBy = Literal["zone", "province", "category", "month"]

# Known to migrations only (0005, 0006), so not a model; its keys say "none" and "every" as
# `app.services.derived_rows` writes them.
money_totals = Table(
    "money_totals",
    MetaData(),
    Column("zone_id", Integer, primary_key=True),
    Column("category", String(32), primary_key=True),
    Column("month", String(7), primary_key=True),
    Column("sum_yuan", Numeric(38, 0)),
    Column("count", Integer),
    Column("min_yuan", BigInteger),
    Column("max_yuan", BigInteger),
)

# The filters the totals can answer (with whole months for the dates); any other sums figures.
TOTALS_FILTERS = frozenset({"zones", "zone_ids", "province", "category", "date_from", "date_to", "match"})


def money_stats(db: Session | Reader, filters: FigureFilters, group_by: GroupBy) -> list[dict[str, Any]]:
    """MoneyGroupRead rows, one per group, largest sum first (ties by key), groups with no key last."""
    reader = as_reader(db)
    answer = from_totals if totals_answer(filters) else from_figures
    return [
        {"key": key, "sum_yuan": int(total), "count": count, "min_yuan": int(low), "max_yuan": int(high)}
        for key, total, count, low, high in answer(reader, filters, group_by)
    ]


def totals_answer(filters: FigureFilters) -> bool:
    """Whether `money_totals` answers these filters (else the figures are summed: a scan)."""
    asked = {name for name in FigureFilters.__dataclass_fields__ if getattr(filters, name) not in (None, ())}
    if asked - TOTALS_FILTERS or filters.category == NO_CATEGORY:
        return False
    return (filters.date_from is None or filters.date_from.day == 1) and (
        filters.date_to is None or filters.date_to.day == _last_day(filters.date_to)
    )


def _last_day(date: dt.date) -> int:
    return calendar.monthrange(date.year, date.month)[1]


# --- from the totals -------------------------------------------------------------------------

_KEYS: dict[GroupBy, SQLColumnExpression[Any]] = {
    "zone": Zone.name,
    "province": Zone.province,
    "category": func.nullif(money_totals.c.category, NO_CATEGORY),
    "month": func.nullif(money_totals.c.month, NO_MONTH),
}


@lru_cache(maxsize=128)
def _totals(group_by: GroupBy, shape: Shape) -> Query:
    """The groups from `money_totals` for a filter shape: ("zones", n), ("province",),
    ("category",), ("month_from",), ("month_to",)."""
    t = money_totals.c
    names = {part[0] for part in shape if isinstance(part, tuple)}
    per_zone = group_by in ("zone", "province") or bool(names & {"zones", "province"})
    by_month = group_by == "month" or bool(names & {"month_from", "month_to"})
    conditions: list[ColumnElement[bool]]
    if by_month and not per_zone:
        conditions = [t.zone_id == ANY_ZONE]  # (every zone, category, month)
    elif by_month:
        conditions = [t.zone_id != ANY_ZONE, t.month != ANY_MONTH]  # (zone, category, month)
    else:
        conditions = [t.zone_id != ANY_ZONE, t.month == ANY_MONTH]  # (zone, category, every month)
    for part in shape:
        match part:
            case ("zones", int(count)):
                conditions.append(in_zones(t.zone_id, count))
            case ("province",):
                conditions.append(figure_in_province(t.zone_id))
            case ("category",):
                conditions.append(t.category == bindparam("category"))
            case ("month_from",):
                conditions.append(t.month >= bindparam("month_from"))
            case ("month_to",):
                conditions += [t.month <= bindparam("month_to"), t.month != NO_MONTH]
            case _:
                raise ValueError(f"unknown totals shape {part!r}")
    key: Label[Any] = _KEYS[group_by].label("key")
    total = func.sum(t.sum_yuan)
    statement = select(key, total, func.sum(t.count), func.min(t.min_yuan), func.max(t.max_yuan))
    statement = statement.select_from(money_totals)
    if group_by in ("zone", "province"):
        statement = statement.outerjoin(Zone, Zone.id == t.zone_id)
    statement = statement.where(*conditions).group_by(key).order_by(key.is_(None), total.desc(), key)
    return Query(statement)


def from_totals(reader: Reader, filters: FigureFilters, group_by: GroupBy) -> list[Row]:
    """The groups, from `money_totals` (`totals_answer(filters)` must hold)."""
    zone_shape, values = figure_filter(reader, FigureFilters(zones=filters.zones, zone_ids=filters.zone_ids))
    shape: Shape = zone_shape
    if filters.province:
        shape += (("province",),)
        values |= {"province": filters.province, "province_full": f"{filters.province}省"}
    if filters.category is not None:
        shape += (("category",),)
        values["category"] = filters.category
    if filters.date_from is not None:
        shape += (("month_from",),)
        values["month_from"] = filters.date_from.isoformat()[:7]
    if filters.date_to is not None:
        shape += (("month_to",),)
        values["month_to"] = filters.date_to.isoformat()[:7]
    return reader.rows(_totals(group_by, shape), values)


# --- from the figures ------------------------------------------------------------------------


def _figure_key(group_by: GroupBy) -> SQLColumnExpression[Any]:
    if group_by == "zone":
        return Zone.name
    if group_by == "province":
        return Zone.province
    if group_by == "category":
        return Figure.category
    # "YYYY-MM": the ISO date's first seven characters, the same on SQLite and PostgreSQL
    return func.substr(cast(Article.published_date, String), literal(1), literal(7))


@lru_cache(maxsize=128)
def _figures(group_by: GroupBy, shape: Shape) -> Query:
    key: Label[Any] = _figure_key(group_by).label("key")
    total = func.sum(Figure.amount_yuan)
    statement = select(
        key, total, func.count(Figure.id), func.min(Figure.amount_yuan), func.max(Figure.amount_yuan)
    ).select_from(Figure)
    if group_by in ("zone", "province"):
        statement = statement.outerjoin(Zone, Zone.id == Figure.zone_id)
    elif group_by == "month":
        statement = statement.join(Article, Article.id == Figure.article_id)
    statement = statement.where(Figure.amount_yuan.is_not(None), *figure_conditions(shape))
    return Query(statement.group_by(key).order_by(key.is_(None), total.desc(), key))


def from_figures(reader: Reader, filters: FigureFilters, group_by: GroupBy) -> list[Row]:
    """The groups, summed from the figures themselves (a scan of the money figures)."""
    shape, values = figure_filter(reader, filters)
    return reader.rows(_figures(group_by, shape), values)
