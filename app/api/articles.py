from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query

from app.api.deps import PagingDep, SessionDep
from app.api.params import DateFromQuery, DateToQuery
from app.schemas import ArticleDetail, ArticleRead, Page
from app.services import articles as articles_service

router = APIRouter(prefix="/v1/articles", tags=["articles"])


@router.get("", response_model=Page[ArticleRead], summary="List articles (news items)")
def list_articles(
    session: SessionDep,
    paging: PagingDep,
    zone: Annotated[
        list[str] | None,
        Query(
            description="articles naming this zone (id, name or alias); repeatable", examples=["佛山高新区"]
        ),
    ] = None,
    document: Annotated[int | None, Query(description="source document id", examples=[1])] = None,
    date_from: DateFromQuery = None,
    date_to: DateToQuery = None,
    text: Annotated[str | None, Query(description="part of the title or text", examples=["科技金融"])] = None,
    sort: Annotated[
        Literal["id", "-id", "date", "-date"],
        Query(description="order: date (published), id; undated last; ties in id order", examples=["-date"]),
    ] = "id",
) -> Page[ArticleRead]:
    window = articles_service.list_articles(
        session,
        paging.request_for(sort),
        zones=zone or (),
        document_id=document,
        date_from=date_from,
        date_to=date_to,
        text=text,
    )
    return paging.page(window, ArticleRead)


@router.get(
    "/{article_id}", response_model=ArticleDetail, summary="One article: text and every fact with offsets"
)
def get_article(
    session: SessionDep, article_id: Annotated[int, Path(description="article id", examples=[1])]
) -> object:
    return articles_service.get(session, article_id)
