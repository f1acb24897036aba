from __future__ import annotations

from dataclasses import replace
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query

from app.api.deps import IncludeDep, PagingDep, SessionDep
from app.api.params import AMOUNT_RULE, MatchQuery, ProvinceQuery, ZoneQuery
from app.extract.types import InitiativeKind
from app.schemas import InitiativeRead, Page
from app.services.initiatives import InitiativeFilters, list_initiatives

router = APIRouter(prefix="/v1/initiatives", tags=["initiatives"])

InitiativeSort = Literal["id", "-id", "name", "-name", "date", "-date", "zone", "-zone"]
SortQuery = Annotated[
    InitiativeSort,
    Query(
        description="order: name, date (the article's), zone (name), id; '-' in front for descending; "
        "rows without the value come last; ties in id order",
        examples=["zone"],
    ),
]


def get_initiative_filters_in_zone(
    province: ProvinceQuery = None,
    kind: Annotated[
        InitiativeKind | None, Query(description="program, policy, fund, platform...", examples=["fund"])
    ] = None,
    text: Annotated[str | None, Query(description="part of the name", examples=["基金"])] = None,
    article: Annotated[int | None, Query(description="article id", examples=[1])] = None,
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
def get_initiatives(
    session: SessionDep,
    paging: PagingDep,
    filters: InitiativeFiltersInZoneDep,
    include: IncludeDep,
    zone: ZoneQuery = None,
    sort: SortQuery = "id",
) -> Page[InitiativeRead]:
    filters = replace(filters, zones=tuple(zone or ()))
    return paging.page(
        list_initiatives(session, filters, paging.request_for(sort), include), InitiativeRead, include
    )
