"""How each resource loads its relationships (all are lazy="raise": every read says what it needs)."""

from __future__ import annotations

from sqlalchemy.orm import joinedload, selectinload
from sqlalchemy.orm.strategy_options import _AbstractLoad as LoaderOption

from app.models import Article, Figure, Initiative, Organization, Person, ZoneMention


def figure_options() -> list[LoaderOption]:
    return [joinedload(Figure.zone), joinedload(Figure.initiative), joinedload(Figure.organization)]


def initiative_options() -> list[LoaderOption]:
    return [joinedload(Initiative.zone), selectinload(Initiative.mentions), selectinload(Initiative.figures)]


def organization_options() -> list[LoaderOption]:
    return [selectinload(Organization.mentions)]


def person_options() -> list[LoaderOption]:
    return [selectinload(Person.mentions)]


def article_summary_options() -> list[LoaderOption]:
    return [joinedload(Article.primary_zone)]


def article_detail_options() -> list[LoaderOption]:
    return [
        joinedload(Article.primary_zone),
        selectinload(Article.sentences),
        selectinload(Article.zone_mentions).joinedload(ZoneMention.zone),
        selectinload(Article.figures).options(*figure_options()),
        selectinload(Article.initiatives).options(*initiative_options()),
        selectinload(Article.organizations).options(*organization_options()),
        selectinload(Article.people).options(*person_options()),
    ]
