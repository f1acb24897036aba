from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from app.api.deps import PaginationDep, SessionDep
from app.extract.types import FigureKind, MoneyCategory, Qualifier
from app.schemas import FigureRead, Page
from app.services.figures import FigureFilters, list_figures

router = APIRouter(prefix="/v1/figures", tags=["figures"])

AMOUNT_HELP = "amount in yuan, digits with optional 万/亿/万亿 and 元: 1亿, 1亿元, 5000万, 100000000"


@router.get("", response_model=Page[FigureRead], summary="List figures (money, counts, percentages...)")
def get_figures(
    session: SessionDep,
    page: PaginationDep,
    zone: Annotated[list[str] | None, Query(description="zone id, name or alias; repeat for several")] = None,
    province: Annotated[str | None, Query(description="province of the figure's zone")] = None,
    kind: FigureKind | None = None,
    category: MoneyCategory | None = None,
    qualifier: Qualifier | None = None,
    per_year: bool | None = None,
    article: Annotated[int | None, Query(description="article id")] = None,
    min_amount: Annotated[str | None, Query(description=AMOUNT_HELP, examples=["1亿"])] = None,
    max_amount: Annotated[str | None, Query(description=AMOUNT_HELP, examples=["5000万"])] = None,
) -> object:
    filters = FigureFilters(
        zones=zone or (),
        province=province,
        kind=kind,
        category=category,
        qualifier=qualifier,
        per_year=per_year,
        article_id=article,
        min_amount=min_amount,
        max_amount=max_amount,
    )
    return list_figures(session, filters, limit=page.limit, offset=page.offset)
