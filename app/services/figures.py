"""Figures: filtered listing ("all funds over 1亿元" is one call)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.errors import InvalidInput
from app.models import Figure, Zone
from app.services import zones as zones_service
from app.services.amounts import parse_amount
from app.services.loading import figure_options
from app.services.pagination import Window, paginate


@dataclass(frozen=True, slots=True)
class FigureFilters:
    zones: Sequence[str] = ()  # ids, names or aliases: any of them
    province: str | None = None
    kind: str | None = None
    category: str | None = None
    qualifier: str | None = None
    per_year: bool | None = None
    article_id: int | None = None
    min_amount: str | None = None  # "1亿", "5000万", "100000000"
    max_amount: str | None = None


def amount_bound(value: str | None, parameter: str) -> int | None:
    if value is None or not value.strip():
        return None
    try:
        return parse_amount(value)
    except ValueError as exc:
        raise InvalidInput(f"{parameter}: {exc}", parameter=parameter) from exc


def list_figures(session: Session, filters: FigureFilters, *, limit: int, offset: int) -> Window[Figure]:
    statement = select(Figure).options(*figure_options()).order_by(Figure.id)
    if filters.zones:
        statement = statement.where(Figure.zone_id.in_(zones_service.resolve_ids(session, filters.zones)))
    if filters.province:
        in_province = select(Zone.id).where(Zone.province.in_([filters.province, f"{filters.province}省"]))
        statement = statement.where(Figure.zone_id.in_(in_province))
    if filters.kind:
        statement = statement.where(Figure.kind == filters.kind)
    if filters.category:
        statement = statement.where(Figure.category == filters.category)
    if filters.qualifier:
        statement = statement.where(Figure.qualifier == filters.qualifier)
    if filters.per_year is not None:
        statement = statement.where(Figure.per_year == filters.per_year)
    if filters.article_id is not None:
        statement = statement.where(Figure.article_id == filters.article_id)
    low = amount_bound(filters.min_amount, "min_amount")
    high = amount_bound(filters.max_amount, "max_amount")
    if low is not None:
        statement = statement.where(Figure.amount_yuan >= low)
    if high is not None:
        statement = statement.where(Figure.amount_yuan <= high)
    return paginate(session, statement, limit=limit, offset=offset)
