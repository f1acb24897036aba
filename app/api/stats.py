from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from app.api.deps import SessionDep
from app.api.params import FigureFiltersDep
from app.schemas import MoneyStats
from app.services.stats import GroupBy, money_stats

router = APIRouter(prefix="/v1/stats", tags=["stats"])


@router.get(
    "/money",
    response_model=MoneyStats,
    summary="Money totals by zone, province, category or month",
    description="Sum, count, min and max of the yuan amounts of the money figures that pass the "
    "same filters as `/v1/figures`. Each figure counts its written amount (`amount_yuan`: the "
    "low end of a range, the number after 超 or 近) once, per-year amounts too; foreign currency "
    "has no yuan amount and is left out. Groups are ordered by sum, largest first; figures "
    "without a zone, province or date form the last group, with `key` null.",
)
def get_money_stats(
    session: SessionDep,
    filters: FigureFiltersDep,
    group_by: Annotated[
        GroupBy,
        Query(description="zone (name), province, category, or month (YYYY-MM)", examples=["province"]),
    ],
) -> MoneyStats:
    return MoneyStats(group_by=group_by, groups=money_stats(session, filters, group_by))
