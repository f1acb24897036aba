"""Documents: pages sent over HTTP stored with all their facts, read back, and removed.

One request is one transaction (the session dependency commits). Idempotency lives in the
database: when two requests store the same new text at once, the unique `content_hash` lets
one insert win; the other's savepoint rolls back and it answers with the winner's document.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from app.errors import NotFound
from app.extract import extract_page
from app.extract.types import Item
from app.models import Article, Document
from app.services.ingest import content_hash, find_document_id, ingest_text, normalize_text
from app.services.loading import article_detail_options


@dataclass(frozen=True, slots=True)
class Stored:
    document: Document
    created: bool  # False: the same text was stored before (or by a concurrent request)
    facts: int


@dataclass(frozen=True, slots=True)
class Preview:
    content_hash: str
    stored_document_id: int | None
    items: list[Item]


@dataclass(frozen=True, slots=True)
class Removed:
    document_id: int
    articles: list[int]
    document_removed: bool


def store(session: Session, text: str, source: str, published_date: dt.date | None) -> Stored:
    """Store the page unless its text is stored already; either way return the stored document."""
    try:
        with session.begin_nested():
            result = ingest_text(session, text, source_name=source, published_date=published_date)
    except IntegrityError:
        # A concurrent request stored the same text between our check and our insert.
        existing = find_document_id(session, content_hash(text))
        if existing is None:
            raise
        return Stored(get(session, existing), created=False, facts=0)
    session.expire_all()  # read back what was written, with ids and every relationship loaded
    return Stored(get(session, result.document_id), created=result.created, facts=result.facts)


def preview(session: Session, text: str, published_date: dt.date | None) -> Preview:
    """What `store` would write, without writing it."""
    text = normalize_text(text)
    text_hash = content_hash(text)
    items = extract_page(text)
    if published_date is not None:
        items = [item if item.date else replace(item, date=published_date) for item in items]
    return Preview(text_hash, find_document_id(session, text_hash), items)


def get(session: Session, document_id: int) -> Document:
    document = session.scalars(
        select(Document)
        .where(Document.id == document_id)
        .options(selectinload(Document.articles).options(*article_detail_options()))
    ).first()
    if document is None:
        raise NotFound(f"no document has the id {document_id}")
    return document


def remove(session: Session, document_id: int) -> Removed:
    """Delete a document, its articles and every fact from them (the schema cascades)."""
    articles = list(
        session.scalars(select(Article.id).where(Article.document_id == document_id).order_by(Article.id))
    )
    deleted = session.execute(delete(Document).where(Document.id == document_id))
    if deleted.rowcount == 0:  # type: ignore[attr-defined]
        raise NotFound(f"no document has the id {document_id}")
    return Removed(document_id, articles, document_removed=True)


def remove_article(session: Session, article_id: int) -> Removed:
    """Delete an article and every fact from it; its document goes too when nothing is left of it,
    so the same page can be sent again and stored afresh."""
    document_id = session.scalar(select(Article.document_id).where(Article.id == article_id))
    if document_id is None:
        raise NotFound(f"no article has the id {article_id}")
    session.execute(delete(Article).where(Article.id == article_id))
    left = session.scalar(select(func.count()).where(Article.document_id == document_id))
    if not left:
        session.execute(delete(Document).where(Document.id == document_id))
    return Removed(document_id, [article_id], document_removed=not left)
