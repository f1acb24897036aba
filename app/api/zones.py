from __future__ import annotations

from dataclasses import replace
from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query

from app.api.deps import IncludeDep, PagingDep, SessionDep
from app.api.figures import SortQuery as FigureSortQuery
from app.api.initiatives import InitiativeFiltersInZoneDep
from app.api.initiatives import SortQuery as InitiativeSortQuery
from app.api.params import FigureFiltersInZoneDep
from app.schemas import FigureRead, InitiativeRead, Page, ZoneDetail, ZoneRead
from app.services import zones as zones_service
from app.services.figures import list_figures
from app.services.initiatives import list_initiatives

router = APIRouter(prefix="/v1/zones", tags=["zones"])

ZonePath = Annotated[str, Path(description="id, canonical name or alias", examples=["佛山高新区"])]


@router.get(
    "", response_model=Page[ZoneRead], summary="List zones (the gazetteer and zones named in articles)"
)
def list_zones(
    session: SessionDep,
    paging: PagingDep,
    province: Annotated[
        str | None, Query(description="province, with or without 省", examples=["广东"])
    ] = None,
    national: Annotated[
        bool | None, Query(description="true: national high-tech zones only", examples=[True])
    ] = None,
    sort: Annotated[
        Literal["id", "-id", "name", "-name", "province", "-province"],
        Query(description="order; ties in id order", examples=["province"]),
    ] = "id",
) -> Page[ZoneRead]:
    window = zones_service.list_zones(session, paging.request_for(sort), province=province, national=national)
    return paging.page(window, ZoneRead)


@router.get("/{zone}", response_model=ZoneDetail, summary="One zone with its initiatives and figures")
def get_zone(session: SessionDep, zone: ZonePath) -> object:
    return zones_service.get(session, zone)


@router.get("/{zone}/figures", response_model=Page[FigureRead], summary="A zone's figures, filtered")
def get_zone_figures(
    session: SessionDep,
    paging: PagingDep,
    zone: ZonePath,
    filters: FigureFiltersInZoneDep,
    include: IncludeDep,
    sort: FigureSortQuery = "id",
) -> Page[FigureRead]:
    filters = replace(filters, zones=(str(zones_service.get_id(session, zone)),))
    return paging.page(list_figures(session, filters, paging.request_for(sort), include), FigureRead, include)


@router.get(
    "/{zone}/initiatives", response_model=Page[InitiativeRead], summary="A zone's initiatives, filtered"
)
def get_zone_initiatives(
    session: SessionDep,
    paging: PagingDep,
    zone: ZonePath,
    filters: InitiativeFiltersInZoneDep,
    include: IncludeDep,
    sort: InitiativeSortQuery = "id",
) -> Page[InitiativeRead]:
    filters = replace(filters, zones=(str(zones_service.get_id(session, zone)),))
    return paging.page(
        list_initiatives(session, filters, paging.request_for(sort), include), InitiativeRead, include
    )
