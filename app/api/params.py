"""Query parameters that several routes share: the figure filters (/v1/figures, a zone's figures,
/v1/stats/money) and the amount filter, each with its description and a Chinese example."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Annotated

from fastapi import Depends, Query

from app.extract.types import FigureKind, MoneyCategory, Qualifier
from app.services.figures import FigureFilters, Match

AMOUNT_RULE = (
    "Amount in yuan: digits with optional 万/亿/万亿 and 元 (1亿, 1亿元, 5000万, 1.5万亿, 100000000); "
    "anything else is a 422 naming the parameter. Compared with the bounds each figure's qualifier "
    "gives: exact and approximate (约, 左右) amounts are taken as written (low = high = amount); "
    "超/逾/以上 (over) has only a low bound, 近/不到 (under) and 最高/不超过 (up_to) only a high "
    "bound, a range (5-8亿元) both ends. See `match`. Figures with no yuan amount (not money, or "
    "a foreign currency) never pass an amount filter."
)
MATCH_RULE = (
    "How min_amount/max_amount treat a figure's [low, high] interval: `possible` (default) keeps it "
    "if it can meet the asked range (an unknown bound is open: 超8.4亿元 passes max_amount=10亿, "
    "近30亿元 passes min_amount=10亿), `certain` only if it lies inside it (超8.4亿元 passes "
    "min_amount=8亿 but no max_amount)."
)

# Row ids are PostgreSQL integers: a larger number names no row and must not reach the database.
MAX_ID = 2**31 - 1
MAX_OFFSET = 10**9

ZoneQuery = Annotated[
    list[str] | None,
    Query(description="zone id, canonical name or alias; repeat for several", examples=["佛山高新区"]),
]
ProvinceQuery = Annotated[
    str | None, Query(description="province of the zone, with or without 省", examples=["广东"])
]
MinAmountQuery = Annotated[
    str | None, Query(description=f"at least this amount. {AMOUNT_RULE}", examples=["1亿元"])
]
MaxAmountQuery = Annotated[
    str | None, Query(description=f"at most this amount. {AMOUNT_RULE}", examples=["5000万"])
]
MatchQuery = Annotated[Match, Query(description=MATCH_RULE, examples=["certain"])]
DateFromQuery = Annotated[
    dt.date | None, Query(description="article published on or after (YYYY-MM-DD)", examples=["2025-01-01"])
]
DateToQuery = Annotated[
    dt.date | None, Query(description="article published on or before (YYYY-MM-DD)", examples=["2025-12-31"])
]


async def get_figure_filters_in_zone(
    province: ProvinceQuery = None,
    kind: Annotated[
        FigureKind | None, Query(description="money, count, percentage, area, duration", examples=["money"])
    ] = None,
    category: Annotated[
        MoneyCategory | None,
        Query(
            description="what money is for: fund_size (基金规模), credit_line (授信)...",
            examples=["fund_size"],
        ),
    ] = None,
    qualifier: Annotated[
        Qualifier | None,
        Query(description="exact, approx (约), under (近), over (超), up_to (最高)", examples=["over"]),
    ] = None,
    per_year: Annotated[
        bool | None, Query(description="true: 每年/年均 amounts only", examples=[True])
    ] = None,
    currency: Annotated[
        str | None, Query(description="ISO currency code of money figures", examples=["CNY"])
    ] = None,
    article: Annotated[int | None, Query(ge=1, le=MAX_ID, description="article id", examples=[1])] = None,
    initiative: Annotated[
        int | None, Query(ge=1, le=MAX_ID, description="initiative id the figure is about", examples=[11])
    ] = None,
    organization: Annotated[
        int | None, Query(ge=1, le=MAX_ID, description="organization id the figure is about", examples=[3])
    ] = None,
    date_from: DateFromQuery = None,
    date_to: DateToQuery = None,
    text: Annotated[
        str | None, Query(description="part of the sentence the figure was read from", examples=["基金"])
    ] = None,
    min_amount: MinAmountQuery = None,
    max_amount: MaxAmountQuery = None,
    match: MatchQuery = "possible",
) -> FigureFilters:
    """Every figure filter but `zone` (a zone's own figures take it from the path)."""
    return FigureFilters(
        province=province,
        kind=kind,
        category=category,
        qualifier=qualifier,
        per_year=per_year,
        currency=currency,
        article_id=article,
        initiative_id=initiative,
        organization_id=organization,
        date_from=date_from,
        date_to=date_to,
        text=text,
        min_amount=min_amount,
        max_amount=max_amount,
        match=match,
    )


FigureFiltersInZoneDep = Annotated[FigureFilters, Depends(get_figure_filters_in_zone)]


async def get_figure_filters(zone: ZoneQuery = None, *, filters: FigureFiltersInZoneDep) -> FigureFilters:
    return replace(filters, zones=zone or ())


FigureFiltersDep = Annotated[FigureFilters, Depends(get_figure_filters)]
