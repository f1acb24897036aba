from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query

from app.api.deps import PagingDep, SessionDep
from app.schemas import Page, PersonRead
from app.services.organizations import list_people

router = APIRouter(prefix="/v1/people", tags=["people"])


@router.get("", response_model=Page[PersonRead], summary="List people named or quoted in articles")
def get_people(
    session: SessionDep,
    paging: PagingDep,
    text: Annotated[str | None, Query(description="part of the name", examples=["梁"])] = None,
    article: Annotated[int | None, Query(description="article id", examples=[1])] = None,
    sort: Annotated[
        Literal["id", "-id", "name", "-name"], Query(description="order; ties in id order", examples=["name"])
    ] = "id",
) -> Page[PersonRead]:
    window = list_people(session, paging.request_for(sort), text=text, article_id=article)
    return paging.page(window, PersonRead)
