"""Articles: the news items, listed by zone, and one with its text and every fact."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.errors import NotFound
from app.models import Article, ZoneMention
from app.services import zones as zones_service
from app.services.loading import article_detail_options, article_summary_options
from app.services.pagination import Window, paginate


def list_articles(
    session: Session, *, zones: Sequence[str] = (), document_id: int | None = None, limit: int, offset: int
) -> Window[Article]:
    statement = select(Article).options(*article_summary_options()).order_by(Article.id)
    if zones:
        ids = zones_service.resolve_ids(session, zones)
        statement = statement.where(
            Article.id.in_(select(ZoneMention.article_id).where(ZoneMention.zone_id.in_(ids)))
        )
    if document_id is not None:
        statement = statement.where(Article.document_id == document_id)
    return paginate(session, statement, limit=limit, offset=offset)


def get(session: Session, article_id: int) -> Article:
    article = session.scalars(
        select(Article).where(Article.id == article_id).options(*article_detail_options())
    ).first()
    if article is None:
        raise NotFound(f"no article has the id {article_id}")
    return article
