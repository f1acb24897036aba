from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query

from app.api.deps import IncludeDep, PagingDep, SessionDep
from app.api.params import FigureFiltersDep
from app.schemas import FigureRead, Page
from app.services.figures import list_figures

router = APIRouter(prefix="/v1/figures", tags=["figures"])

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
def get_figures(
    session: SessionDep,
    paging: PagingDep,
    filters: FigureFiltersDep,
    include: IncludeDep,
    sort: SortQuery = "id",
) -> Page[FigureRead]:
    return paging.page(list_figures(session, filters, paging.request_for(sort), include), FigureRead, include)
