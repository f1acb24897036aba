"""Articles: the news items, listed by zone, date and text, and one with its text and every fact."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from app.errors import NotFound
from app.models import Article, ZoneMention
from app.services import zones as zones_service
from app.services.loading import article_detail_options, article_summary_options
from app.services.pagination import PageRequest, SortKey, Window, date_key, keyset_page

ARTICLE_SORTS: dict[str, SortKey] = {"date": date_key(Article.published_date)}


def list_articles(
    session: Session,
    page: PageRequest,
    *,
    zones: Sequence[str] = (),
    document_id: int | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    text: str | None = None,
) -> Window[Article]:
    """Articles naming any of `zones`, published within the dates, whose title or text holds `text`."""
    statement = select(Article).options(*article_summary_options())
    if zones:
        ids = zones_service.resolve_ids(session, zones)
        statement = statement.where(
            Article.id.in_(select(ZoneMention.article_id).where(ZoneMention.zone_id.in_(ids)))
        )
    if document_id is not None:
        statement = statement.where(Article.document_id == document_id)
    if date_from is not None:
        statement = statement.where(Article.published_date >= date_from)
    if date_to is not None:
        statement = statement.where(Article.published_date <= date_to)
    if text:
        statement = statement.where(
            or_(Article.title.contains(text, autoescape=True), Article.text.contains(text, autoescape=True))
        )
    return keyset_page(session, statement, Article.id, ARTICLE_SORTS, page)


def get(session: Session, article_id: int) -> Article:
    article = session.scalars(
        select(Article).where(Article.id == article_id).options(*article_detail_options())
    ).first()
    if article is None:
        raise NotFound(f"no article has the id {article_id}")
    return article
