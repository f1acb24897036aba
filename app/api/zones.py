from __future__ import annotations

from dataclasses import replace
from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query, Response

from app.api.deps import IncludeDep, PagingDep
from app.api.figures import SortQuery as FigureSortQuery
from app.api.initiatives import InitiativeFiltersInZoneDep
from app.api.initiatives import SortQuery as InitiativeSortQuery
from app.api.lean_route import LeanRoute
from app.api.params import FigureFiltersInZoneDep
from app.api.reading import ReaderDep, json_response, run_read
from app.schemas import FigureRead, InitiativeRead, Page, ZoneDetail, ZoneRead
from app.services import figures as figures_service
from app.services import initiatives as initiatives_service
from app.services import zone_detail
from app.services import zones as zones_service

router = APIRouter(prefix="/v1/zones", tags=["zones"], route_class=LeanRoute)

ZonePath = Annotated[str, Path(description="id, canonical name or alias", examples=["佛山高新区"])]


@router.get(
    "", response_model=Page[ZoneRead], summary="List zones (the gazetteer and zones named in articles)"
)
async def list_zones(
    reader: ReaderDep,
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
) -> Response:
    page = paging.request_for(sort)
    window = await run_read(
        reader, page.with_total, zones_service.list_zones, page, province=province, national=national
    )
    return paging.respond(window)


@router.get("/{zone}", response_model=ZoneDetail, summary="One zone with its initiatives and figures")
async def get_zone(reader: ReaderDep, zone: ZonePath) -> Response:
    return json_response(await run_read(reader, True, zone_detail.get, zone))  # every fact: unbounded


@router.get("/{zone}/figures", response_model=Page[FigureRead], summary="A zone's figures, filtered")
async def get_zone_figures(
    reader: ReaderDep,
    paging: PagingDep,
    zone: ZonePath,
    filters: FigureFiltersInZoneDep,
    include: IncludeDep,
    sort: FigureSortQuery = "id",
) -> Response:
    filters = replace(filters, zone_ids=(await run_read(reader, False, zones_service.get_id, zone),))
    page = paging.request_for(sort)
    window = await run_read(
        reader, figures_service.may_scan(filters, page), figures_service.list_figures, filters, page, include
    )
    return paging.respond(window)


@router.get(
    "/{zone}/initiatives", response_model=Page[InitiativeRead], summary="A zone's initiatives, filtered"
)
async def get_zone_initiatives(
    reader: ReaderDep,
    paging: PagingDep,
    zone: ZonePath,
    filters: InitiativeFiltersInZoneDep,
    include: IncludeDep,
    sort: InitiativeSortQuery = "id",
) -> Response:
    filters = replace(filters, zone_ids=(await run_read(reader, False, zones_service.get_id, zone),))
    page = paging.request_for(sort)
    window = await run_read(
        reader,
        initiatives_service.may_scan(filters, page),
        initiatives_service.list_initiatives,
        filters,
        page,
        include,
    )
    return paging.respond(window)
