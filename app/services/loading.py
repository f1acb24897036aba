"""How each resource loads its relationships (all are lazy="raise": every read says what it needs).

`include` names what a list shows beyond the row itself: the zone's details (the schema decides,
`app.schemas._zone_as_asked`), the article, an initiative's sentence; what is not loaded is shown
as null (see `app.schemas._loaded`). A figure always carries its sentence: it is its provenance.
"""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy.orm import joinedload, selectinload
from sqlalchemy.orm.strategy_options import _AbstractLoad as LoaderOption

from app.models import Article, Figure, Initiative, Organization, Person, ZoneMention

INCLUDES = ("zone", "article", "sentence")
EVERYTHING = frozenset({"zone", "sentence"})  # an article's or a zone's own facts


def figure_options(include: Collection[str] = EVERYTHING) -> list[LoaderOption]:
    options: list[LoaderOption] = [
        joinedload(Figure.zone),
        joinedload(Figure.initiative),
        joinedload(Figure.organization),
    ]
    if "article" in include:
        options.append(joinedload(Figure.article).load_only(*_ARTICLE_REF))
    return options


def initiative_options(include: Collection[str] = EVERYTHING) -> list[LoaderOption]:
    options: list[LoaderOption] = [
        joinedload(Initiative.zone),
        selectinload(Initiative.mentions),
        selectinload(Initiative.figures),
    ]
    if "article" in include:
        options.append(joinedload(Initiative.article).load_only(*_ARTICLE_REF))
    if "sentence" in include:
        options.append(selectinload(Initiative.sentence))
    return options


_ARTICLE_REF = (Article.id, Article.document_id, Article.title, Article.published_date)


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
