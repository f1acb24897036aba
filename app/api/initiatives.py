from __future__ import annotations

from dataclasses import replace
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query, Response

from app.api.deps import IncludeDep, PagingDep
from app.api.lean_route import LeanRoute
from app.api.params import AMOUNT_RULE, MAX_ID, MatchQuery, ProvinceQuery, ZoneQuery
from app.api.reading import ReaderDep, run_read
from app.extract.types import InitiativeKind
from app.schemas import InitiativeRead, Page
from app.services.initiatives import InitiativeFilters, list_initiatives, may_scan

router = APIRouter(prefix="/v1/initiatives", tags=["initiatives"], route_class=LeanRoute)

InitiativeSort = Literal["id", "-id", "name", "-name", "date", "-date", "zone", "-zone"]
SortQuery = Annotated[
    InitiativeSort,
    Query(
        description="order: name, date (the article's), zone (name), id; '-' in front for descending; "
        "rows without the value come last; ties in id order",
        examples=["zone"],
    ),
]


async def get_initiative_filters_in_zone(
    province: ProvinceQuery = None,
    kind: Annotated[
        InitiativeKind | None, Query(description="program, policy, fund, platform...", examples=["fund"])
    ] = None,
    text: Annotated[str | None, Query(description="part of the name", examples=["基金"])] = None,
    article: Annotated[int | None, Query(ge=1, le=MAX_ID, description="article id", examples=[1])] = None,
    has_figures: Annotated[
        bool | None,
        Query(description="true: only initiatives with figures; false: only without", examples=[True]),
    ] = None,
    min_amount: Annotated[
        str | None,
        Query(description=f"one of its money figures is at least this. {AMOUNT_RULE}", examples=["1亿元"]),
    ] = None,
    match: MatchQuery = "possible",
) -> InitiativeFilters:
    return InitiativeFilters(
        province=province,
        kind=kind,
        text=text,
        article_id=article,
        has_figures=has_figures,
        min_amount=min_amount,
        match=match,
    )


InitiativeFiltersInZoneDep = Annotated[InitiativeFilters, Depends(get_initiative_filters_in_zone)]


@router.get("", response_model=Page[InitiativeRead], summary="List initiatives with their figures")
async def get_initiatives(
    reader: ReaderDep,
    paging: PagingDep,
    filters: InitiativeFiltersInZoneDep,
    include: IncludeDep,
    zone: ZoneQuery = None,
    sort: SortQuery = "id",
) -> Response:
    filters = replace(filters, zones=tuple(zone or ()))
    page = paging.request_for(sort)
    window = await run_read(reader, may_scan(filters, page), list_initiatives, filters, page, include)
    return paging.respond(window)
