from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from app.api.deps import PaginationDep, SessionDep
from app.schemas import Page, PersonRead
from app.services.organizations import list_people

router = APIRouter(prefix="/v1/people", tags=["people"])


@router.get("", response_model=Page[PersonRead], summary="List people named or quoted in articles")
def get_people(
    session: SessionDep,
    page: PaginationDep,
    text: Annotated[str | None, Query(description="part of the name")] = None,
    article: Annotated[int | None, Query(description="article id")] = None,
) -> object:
    return list_people(session, text=text, article_id=article, limit=page.limit, offset=page.offset)
