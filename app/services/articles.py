"""Articles: the news items, listed by zone, date and text, and one with its text and every fact."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from functools import lru_cache, partial
from typing import Any

from sqlalchemy import BindParameter, ColumnElement, bindparam, func, or_, select
from sqlalchemy.orm import Session

from app.errors import NotFound
from app.models import Article, Sentence, Zone, ZoneMention
from app.services.figures import figures_of_article
from app.services.filters import Shape, in_zones, zone_filter
from app.services.initiatives import initiatives_of_article
from app.services.organizations import organizations_of_article, people_of_article
from app.services.pagination import PageRequest, Segment, SortKey, Window, date_key, keyset_page, ordered
from app.services.reader import Query, Reader, Row, as_reader, json_list, like_pattern

ARTICLE_SORTS: dict[str, SortKey] = {"date": date_key(Article.published_date)}

ARTICLE_COLUMNS = (
    Article.id,
    Article.document_id,
    Article.position,
    Article.title,
    Article.subtitle,
    Article.authors,
    Article.published_date,
    Zone.id,
    Zone.name,
)


def _article_select() -> Any:
    return select(*ARTICLE_COLUMNS).select_from(Article).outerjoin(Zone, Zone.id == Article.primary_zone_id)


def article_item(row: Row) -> dict[str, Any]:
    """An ArticleRead from the values of ARTICLE_COLUMNS."""
    article_id, document_id, position, title, subtitle, authors, published_date, z_id, z_name = row[:9]
    return {
        "id": article_id,
        "document_id": document_id,
        "position": position,
        "title": title,
        "subtitle": subtitle,
        "authors": json_list(authors),
        "published_date": published_date,
        "primary_zone": None if z_id is None else {"id": z_id, "name": z_name},
    }


# --- listing -----------------------------------------------------------------------------------


def _conditions(shape: Shape) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    for part in shape:
        match part:
            case ("zones", int(count)):
                naming = select(ZoneMention.article_id).where(in_zones(ZoneMention.zone_id, count))
                conditions.append(Article.id.in_(naming))
            case ("document",):
                conditions.append(Article.document_id == bindparam("document_id"))
            case ("date_from",):
                conditions.append(Article.published_date >= bindparam("date_from"))
            case ("date_to",):
                conditions.append(Article.published_date <= bindparam("date_to"))
            case ("text",):
                pattern: BindParameter[str] = bindparam("text")
                conditions.append(
                    or_(Article.title.like(pattern, escape="/"), Article.text.like(pattern, escape="/"))
                )
            case _:
                raise ValueError(f"unknown filter shape {part!r}")
    return conditions


@lru_cache(maxsize=128)
def _segment(shape: Shape, sort: str, descending: bool, segment: Segment, seek: bool) -> Query:
    base = _article_select().where(*_conditions(shape))
    return Query(ordered(base, Article.id, ARTICLE_SORTS.get(sort), descending, segment, seek))


@lru_cache(maxsize=64)
def _count(shape: Shape) -> Query:
    return Query(select(func.count()).select_from(Article).where(*_conditions(shape)))


def may_scan(page: PageRequest, zones: Sequence[str], text: str | None) -> bool:
    """Whether the query may read far more rows than it returns: a text search, the articles of a
    zone (a subquery over its mentions), a count of all."""
    return page.with_total or bool(text) or bool(zones)


def list_articles(
    db: Session | Reader,
    page: PageRequest,
    *,
    zones: Sequence[str] = (),
    document_id: int | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    text: str | None = None,
) -> Window[dict[str, Any]]:
    """Articles naming any of `zones`, published within the dates, whose title or text holds `text`."""
    reader = as_reader(db)
    shape, values = zone_filter(reader, zones)
    asked: dict[str, Any] = {"document_id": document_id, "date_from": date_from, "date_to": date_to}
    for name, value in asked.items():
        if value is not None:
            shape += (("document",) if name == "document_id" else (name,),)
            values[name] = value
    if text:
        shape += (("text",),)
        values["text"] = like_pattern(text)
    window = keyset_page(
        reader, page, ARTICLE_SORTS, partial(_segment, shape), values, partial(_count, shape)
    )
    return Window([article_item(row) for row in window.items], window.next_cursor, window.total)


# --- one article with every fact ----------------------------------------------------------------

_ARTICLE = Query(
    select(*ARTICLE_COLUMNS, Article.text, Article.body_start)
    .select_from(Article)
    .outerjoin(Zone, Zone.id == Article.primary_zone_id)
    .where(Article.id == bindparam("article_id"))
)
_ZONES_NAMED = Query(
    select(Zone.id, Zone.name, ZoneMention.start, ZoneMention.end)
    .select_from(ZoneMention)
    .join(Zone, Zone.id == ZoneMention.zone_id)
    .where(ZoneMention.article_id == bindparam("article_id"))
    .order_by(ZoneMention.start, ZoneMention.id)
)
_SENTENCES = Query(
    select(Sentence.start, Sentence.end, Sentence.text)
    .where(Sentence.article_id == bindparam("article_id"))
    .order_by(Sentence.start, Sentence.id)
)


def get(db: Session | Reader, article_id: int) -> dict[str, Any]:
    """ArticleDetail: the article with its text, the zones it names, its sentences and facts."""
    reader = as_reader(db)
    found = reader.one(_ARTICLE, {"article_id": article_id})
    if found is None:
        raise NotFound(f"no article has the id {article_id}")
    key = {"article_id": article_id}
    sentences = [
        {"start": start, "end": end, "text": text} for start, end, text in reader.rows(_SENTENCES, key)
    ]
    return article_item(found) | {
        "text": found[9],
        "body_start": found[10],
        "zones": [
            {"zone": {"id": zone_id, "name": name}, "start": start, "end": end}
            for zone_id, name, start, end in reader.rows(_ZONES_NAMED, key)
        ],
        "sentences": sentences,
        "figures": figures_of_article(reader, article_id),
        "initiatives": initiatives_of_article(reader, article_id, sentences),
        "organizations": organizations_of_article(reader, article_id),
        "people": people_of_article(reader, article_id),
    }
