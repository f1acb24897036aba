from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Response

from app.api.deps import PagingDep
from app.api.lean_route import LeanRoute
from app.api.params import MAX_ID
from app.api.reading import ReaderDep, run_read
from app.extract.types import OrganizationType
from app.schemas import OrganizationRead, Page
from app.services.organizations import list_organizations, may_scan

router = APIRouter(prefix="/v1/organizations", tags=["organizations"], route_class=LeanRoute)


@router.get("", response_model=Page[OrganizationRead], summary="List organizations named in articles")
async def get_organizations(
    reader: ReaderDep,
    paging: PagingDep,
    type: Annotated[
        OrganizationType | None, Query(description="bank, government, company...", examples=["bank"])
    ] = None,
    zone: Annotated[
        list[str] | None,
        Query(
            description="named in an article about this zone (id, name or alias); repeatable",
            examples=["佛山高新区"],
        ),
    ] = None,
    text: Annotated[str | None, Query(description="part of the name", examples=["银行"])] = None,
    article: Annotated[int | None, Query(ge=1, le=MAX_ID, description="article id", examples=[1])] = None,
    sort: Annotated[
        Literal["id", "-id", "name", "-name"], Query(description="order; ties in id order", examples=["name"])
    ] = "id",
) -> Response:
    page = paging.request_for(sort)
    window = await run_read(
        reader,
        may_scan(page, text) or bool(zone),  # the articles about a zone: a subquery
        list_organizations,
        page,
        type=type,
        zones=zone or (),
        text=text,
        article_id=article,
    )
    return paging.respond(window)
