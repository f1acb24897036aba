from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Response

from app.api.deps import IncludeDep, PagingDep
from app.api.lean_route import LeanRoute
from app.api.params import FigureFiltersDep
from app.api.reading import ReaderDep, run_read
from app.schemas import FigureRead, Page
from app.services.figures import list_figures, may_scan

router = APIRouter(prefix="/v1/figures", tags=["figures"], route_class=LeanRoute)

FigureSort = Literal["id", "-id", "amount", "-amount", "date", "-date", "zone", "-zone"]
SortQuery = Annotated[
    FigureSort,
    Query(
        description="order: amount (yuan), date (the article's), zone (name), id; '-' in front for "
        "descending; rows without the value come last; ties in id order",
        examples=["-amount"],
    ),
]


@router.get("", response_model=Page[FigureRead], summary="List figures (money, counts, percentages...)")
async def get_figures(
    reader: ReaderDep,
    paging: PagingDep,
    filters: FigureFiltersDep,
    include: IncludeDep,
    sort: SortQuery = "id",
) -> Response:
    page = paging.request_for(sort)
    window = await run_read(reader, may_scan(filters, page), list_figures, filters, page, include)
    return paging.respond(window)
