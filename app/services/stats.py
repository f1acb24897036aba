"""Money aggregates: sum, count, min and max of yuan amounts, grouped, under the figure filters.

Only figures with a yuan amount count (money in CNY); each counts its written amount
(`amount_yuan`: the low end of a range, the number after 超 or 近), once, even if per year.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy import SQLColumnExpression, String, cast, func, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import Label

from app.models import Article, Figure, Zone
from app.services.figures import FigureFilters, filter_figures

GroupBy = Literal["zone", "province", "category", "month"]


@dataclass(frozen=True, slots=True)
class MoneyGroup:
    key: str | None  # zone name, province, category or "2025-03"; None: not known
    sum_yuan: int
    count: int
    min_yuan: int
    max_yuan: int


def _group_column(group_by: GroupBy) -> SQLColumnExpression[Any]:
    if group_by == "zone":
        return Zone.name
    if group_by == "province":
        return Zone.province
    if group_by == "category":
        return Figure.category
    # "YYYY-MM": the ISO date's first seven characters, the same on SQLite and PostgreSQL
    return func.substr(cast(Article.published_date, String), 1, 7)


def money_stats(session: Session, filters: FigureFilters, group_by: GroupBy) -> list[MoneyGroup]:
    """One row per group, largest sum first (ties by key), groups with no key last."""
    key: Label[Any] = _group_column(group_by).label("key")
    total = func.sum(Figure.amount_yuan)
    statement = select(
        key, total, func.count(Figure.id), func.min(Figure.amount_yuan), func.max(Figure.amount_yuan)
    ).select_from(Figure)
    if group_by in ("zone", "province"):
        statement = statement.outerjoin(Zone, Zone.id == Figure.zone_id)
    elif group_by == "month":
        statement = statement.join(Article, Article.id == Figure.article_id)
    statement = filter_figures(session, statement.where(Figure.amount_yuan.is_not(None)), filters)
    statement = statement.group_by(key).order_by(key.is_(None), total.desc(), key)
    return [
        MoneyGroup(key=k, sum_yuan=int(s), count=c, min_yuan=int(lo), max_yuan=int(hi))
        for k, s, c, lo, hi in session.execute(statement)
    ]
