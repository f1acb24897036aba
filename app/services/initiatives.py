"""Initiatives: listing by zone, province, kind, name and money ("initiatives by zone" is one call)."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Select, select
from sqlalchemy.orm import Session

from app.models import Article, Figure, Initiative, Zone
from app.services import zones as zones_service
from app.services.figures import Match, amount_condition, in_province
from app.services.loading import initiative_options
from app.services.pagination import PageRequest, SortKey, Window, date_key, keyset_page, text_key


@dataclass(frozen=True, slots=True)
class InitiativeFilters:
    zones: Sequence[str] = ()  # ids, names or aliases: any of them
    province: str | None = None
    kind: str | None = None
    text: str | None = None  # part of the name
    article_id: int | None = None
    has_figures: bool | None = None
    min_amount: str | None = None  # one of its money figures reaches this (see figures.amount_condition)
    match: Match = "possible"


def filter_initiatives(session: Session, statement: Select[Any], filters: InitiativeFilters) -> Select[Any]:
    conditions: list[ColumnElement[bool]] = []
    if filters.zones:
        conditions.append(Initiative.zone_id.in_(zones_service.resolve_ids(session, filters.zones)))
    if filters.province:
        conditions.append(in_province(Initiative.zone_id, filters.province))
    if filters.kind:
        conditions.append(Initiative.kind == filters.kind)
    if filters.text:
        conditions.append(Initiative.name.contains(filters.text, autoescape=True))
    if filters.article_id is not None:
        conditions.append(Initiative.article_id == filters.article_id)
    with_figures = select(Figure.initiative_id).where(Figure.initiative_id.is_not(None))
    if filters.has_figures is not None:
        linked = Initiative.id.in_(with_figures)
        conditions.append(linked if filters.has_figures else ~linked)
    amount = amount_condition(filters.min_amount, None, filters.match)
    if amount is not None:
        conditions.append(Initiative.id.in_(with_figures.where(amount)))
    return statement.where(*conditions)


INITIATIVE_SORTS: dict[str, SortKey] = {
    "name": text_key(Initiative.name),
    "date": date_key(
        Article.published_date, lambda s: s.outerjoin(Article, Article.id == Initiative.article_id)
    ),
    "zone": text_key(Zone.name, lambda s: s.outerjoin(Zone, Zone.id == Initiative.zone_id)),
}


def list_initiatives(
    session: Session, filters: InitiativeFilters, page: PageRequest, include: Collection[str] = ()
) -> Window[Initiative]:
    statement = filter_initiatives(session, select(Initiative).options(*initiative_options(include)), filters)
    return keyset_page(session, statement, Initiative.id, INITIATIVE_SORTS, page)
