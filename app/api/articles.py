from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from app.api.deps import PaginationDep, SessionDep
from app.schemas import ArticleDetail, ArticleRead, Page
from app.services import articles as articles_service

router = APIRouter(prefix="/v1/articles", tags=["articles"])


@router.get("", response_model=Page[ArticleRead], summary="List articles (news items)")
def list_articles(
    session: SessionDep,
    page: PaginationDep,
    zone: Annotated[list[str] | None, Query(description="articles naming this zone; repeatable")] = None,
    document: Annotated[int | None, Query(description="source document id")] = None,
) -> object:
    return articles_service.list_articles(
        session, zones=zone or (), document_id=document, limit=page.limit, offset=page.offset
    )


@router.get(
    "/{article_id}", response_model=ArticleDetail, summary="One article: text and every fact with offsets"
)
def get_article(session: SessionDep, article_id: int) -> object:
    return articles_service.get(session, article_id)
