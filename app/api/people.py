from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Response

from app.api.deps import PagingDep
from app.api.lean_route import LeanRoute
from app.api.params import MAX_ID
from app.api.reading import ReaderDep, run_read
from app.schemas import Page, PersonRead
from app.services.organizations import list_people, may_scan

router = APIRouter(prefix="/v1/people", tags=["people"], route_class=LeanRoute)


@router.get("", response_model=Page[PersonRead], summary="List people named or quoted in articles")
async def get_people(
    reader: ReaderDep,
    paging: PagingDep,
    text: Annotated[str | None, Query(description="part of the name", examples=["梁"])] = None,
    article: Annotated[int | None, Query(ge=1, le=MAX_ID, description="article id", examples=[1])] = None,
    sort: Annotated[
        Literal["id", "-id", "name", "-name"], Query(description="order; ties in id order", examples=["name"])
    ] = "id",
) -> Response:
    page = paging.request_for(sort)
    window = await run_read(reader, may_scan(page, text), list_people, page, text=text, article_id=article)
    return paging.respond(window)
