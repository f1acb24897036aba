from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query

from app.api.deps import PaginationDep, SessionDep
from app.schemas import Page, ZoneDetail, ZoneRead
from app.services import zones as zones_service

router = APIRouter(prefix="/v1/zones", tags=["zones"])


@router.get(
    "", response_model=Page[ZoneRead], summary="List zones (the gazetteer and zones named in articles)"
)
def list_zones(
    session: SessionDep,
    page: PaginationDep,
    province: Annotated[str | None, Query(description="e.g. 广东 or 广东省")] = None,
    national: Annotated[bool | None, Query(description="true: national high-tech zones only")] = None,
) -> object:
    return zones_service.list_zones(
        session, province=province, national=national, limit=page.limit, offset=page.offset
    )


@router.get("/{zone}", response_model=ZoneDetail, summary="One zone with its initiatives and figures")
def get_zone(
    session: SessionDep, zone: Annotated[str, Path(description="id, canonical name or alias")]
) -> object:
    return zones_service.get(session, zone)
