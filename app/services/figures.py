"""Figures: the filters every figure query shares ("all funds over 1亿元" is one call), and listing.

Amount filters compare the bounds each figure's qualifier gives (`amount_low_yuan`,
`amount_high_yuan`; see `app.services.amounts.amount_bounds`), not just the written amount:
`match="possible"` keeps a figure whose interval can meet [min_amount, max_amount] (an unknown
bound is open), `match="certain"` only one whose interval lies inside it. Figures with no yuan
amount (not money, or foreign currency) never pass an amount filter.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy import ColumnElement, Select, SQLColumnExpression, and_, select
from sqlalchemy.orm import Session

from app.errors import InvalidInput
from app.models import Article, Figure, Zone
from app.services import zones as zones_service
from app.services.amounts import parse_amount
from app.services.loading import figure_options
from app.services.pagination import PageRequest, SortKey, Window, date_key, keyset_page, text_key

Match = Literal["possible", "certain"]


@dataclass(frozen=True, slots=True)
class FigureFilters:
    zones: Sequence[str] = ()  # ids, names or aliases: any of them
    province: str | None = None
    kind: str | None = None
    category: str | None = None
    qualifier: str | None = None
    per_year: bool | None = None
    currency: str | None = None
    article_id: int | None = None
    initiative_id: int | None = None
    organization_id: int | None = None
    date_from: dt.date | None = None  # the article's published date, both ends included
    date_to: dt.date | None = None
    text: str | None = None  # part of the sentence the figure was read from
    min_amount: str | None = None  # "1亿", "5000万", "100000000"
    max_amount: str | None = None
    match: Match = "possible"


def amount_bound(value: str | None, parameter: str) -> int | None:
    if value is None or not value.strip():
        return None
    try:
        return parse_amount(value)
    except ValueError as exc:
        raise InvalidInput(f"{parameter}: {exc}", parameter=parameter) from exc


def amount_condition(
    min_amount: str | None, max_amount: str | None, match: Match
) -> ColumnElement[bool] | None:
    """The WHERE clause of an amount filter on figures (None: no amount filter asked)."""
    low = amount_bound(min_amount, "min_amount")
    high = amount_bound(max_amount, "max_amount")
    if low is None and high is None:
        return None
    conditions: list[ColumnElement[bool]] = [Figure.amount_yuan.is_not(None)]
    if match == "possible":  # the interval [amount_low, amount_high] meets [low, high]
        if low is not None:
            conditions.append(Figure.amount_high_yuan.is_(None) | (Figure.amount_high_yuan >= low))
        if high is not None:
            conditions.append(Figure.amount_low_yuan.is_(None) | (Figure.amount_low_yuan <= high))
    else:  # the interval lies inside [low, high]; an unknown low bound is still above 0
        if low is not None and low > 0:
            conditions.append(Figure.amount_low_yuan >= low)
        if high is not None:
            conditions.append(Figure.amount_high_yuan <= high)
    return and_(*conditions)


def in_province(column: SQLColumnExpression[Any], province: str) -> ColumnElement[bool]:
    """`column` (a zone id) is a zone of the province ("广东" or "广东省")."""
    return column.in_(select(Zone.id).where(Zone.province.in_([province, f"{province}省"])))


def published_between(
    column: SQLColumnExpression[Any], date_from: dt.date | None, date_to: dt.date | None
) -> ColumnElement[bool]:
    """`column` (an article id) is an article published within the dates (both included)."""
    articles = select(Article.id)
    if date_from is not None:
        articles = articles.where(Article.published_date >= date_from)
    if date_to is not None:
        articles = articles.where(Article.published_date <= date_to)
    return column.in_(articles)


def filter_figures(session: Session, statement: Select[Any], filters: FigureFilters) -> Select[Any]:
    """`statement` (over Figure) narrowed by every filter given."""
    conditions: list[ColumnElement[bool]] = []
    if filters.zones:
        conditions.append(Figure.zone_id.in_(zones_service.resolve_ids(session, filters.zones)))
    if filters.province:
        conditions.append(in_province(Figure.zone_id, filters.province))
    equal: dict[str, Any] = {
        "kind": filters.kind,
        "category": filters.category,
        "qualifier": filters.qualifier,
        "per_year": filters.per_year,
        "currency": filters.currency.upper() if filters.currency else None,
        "article_id": filters.article_id,
        "initiative_id": filters.initiative_id,
        "organization_id": filters.organization_id,
    }
    conditions += [getattr(Figure, name) == value for name, value in equal.items() if value is not None]
    if filters.date_from is not None or filters.date_to is not None:
        conditions.append(published_between(Figure.article_id, filters.date_from, filters.date_to))
    if filters.text:
        conditions.append(Figure.sentence_text.contains(filters.text, autoescape=True))
    amount = amount_condition(filters.min_amount, filters.max_amount, filters.match)
    if amount is not None:
        conditions.append(amount)
    return statement.where(*conditions)


def _join_article(statement: Select[Any]) -> Select[Any]:
    return statement.outerjoin(Article, Article.id == Figure.article_id)


def _join_zone(statement: Select[Any]) -> Select[Any]:
    return statement.outerjoin(Zone, Zone.id == Figure.zone_id)


FIGURE_SORTS: dict[str, SortKey] = {
    "amount": SortKey(Figure.amount_yuan),
    "date": date_key(Article.published_date, _join_article),
    "zone": text_key(Zone.name, _join_zone),
}


def list_figures(
    session: Session, filters: FigureFilters, page: PageRequest, include: Collection[str] = ()
) -> Window[Figure]:
    statement = filter_figures(session, select(Figure).options(*figure_options(include)), filters)
    return keyset_page(session, statement, Figure.id, FIGURE_SORTS, page)
