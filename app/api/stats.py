from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response

from app.api.lean_route import LeanRoute
from app.api.params import FigureFiltersDep
from app.api.reading import ReaderDep, json_response, run_read
from app.schemas import MoneyStats
from app.services.stats import GroupBy, money_stats, totals_answer

router = APIRouter(prefix="/v1/stats", tags=["stats"], route_class=LeanRoute)


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
async def get_money_stats(
    reader: ReaderDep,
    filters: FigureFiltersDep,
    group_by: Annotated[
        GroupBy,
        Query(description="zone (name), province, category, or month (YYYY-MM)", examples=["province"]),
    ],
) -> Response:
    # kept totals answer at once; other filters sum the figures, off the event loop
    groups = await run_read(reader, not totals_answer(filters), money_stats, filters, group_by)
    return json_response({"group_by": group_by, "groups": groups})
