from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.services.amounts import amount_bounds, parse_amount

AMOUNT_CASES = {
    "1亿": 100_000_000,
    "1亿元": 100_000_000,
    "5000万": 50_000_000,
    "5000万元": 50_000_000,
    "1.5万亿": 1_500_000_000_000,
    "224.94亿元": 22_494_000_000,
    "100000000": 100_000_000,
    " 3千万 ": 30_000_000,
    "1,000万": 10_000_000,
}
NOT_AMOUNTS = ["", "亿", "很多", "1美元", "-5", "1.5", "1e9", "一亿"]


@pytest.mark.parametrize(("written", "yuan"), AMOUNT_CASES.items(), ids=list(AMOUNT_CASES))
def test_parse_amount(written: str, yuan: int) -> None:
    assert parse_amount(written) == yuan


@pytest.mark.parametrize("written", NOT_AMOUNTS, ids=NOT_AMOUNTS)
def test_not_an_amount(written: str) -> None:
    with pytest.raises(ValueError):
        parse_amount(written)


@given(st.integers(min_value=0, max_value=10**14))
def test_magnitudes_multiply_exactly(n: int) -> None:
    assert parse_amount(str(n)) == n
    assert parse_amount(f"{n}万") == n * 10**4
    assert parse_amount(f"{n}亿元") == n * 10**8


# (amount_yuan, amount_yuan_high, qualifier) -> (low, high): the rule the migration backfills too
BOUNDS_CASES = {
    "exact 10亿": ((1_000_000_000, None, "exact"), (1_000_000_000, 1_000_000_000)),
    "approx 约2亿: as written": ((200_000_000, None, "approx"), (200_000_000, 200_000_000)),
    "over 超8.4亿": ((840_000_000, None, "over"), (840_000_000, None)),
    "under 近30亿": ((3_000_000_000, None, "under"), (None, 3_000_000_000)),
    "up_to 最高1000万": ((10_000_000, None, "up_to"), (None, 10_000_000)),
    "range 5亿至8亿": ((500_000_000, 800_000_000, "approx"), (500_000_000, 800_000_000)),
    "foreign currency": ((None, None, "exact"), (None, None)),
}


@pytest.mark.parametrize(("figure", "bounds"), BOUNDS_CASES.values(), ids=list(BOUNDS_CASES))
def test_amount_bounds(
    figure: tuple[int | None, int | None, str], bounds: tuple[int | None, int | None]
) -> None:
    assert amount_bounds(*figure) == bounds
