"""Amount filters as people write them: "1亿", "1亿元", "5000万", "1.5万亿", "100000000"."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

MAGNITUDES = {
    "": 0,
    "千": 3,
    "万": 4,
    "十万": 5,
    "百万": 6,
    "千万": 7,
    "亿": 8,
    "十亿": 9,
    "百亿": 10,
    "千亿": 11,
    "万亿": 12,
}
# Amounts are stored as BIGINT yuan: no stored figure holds more, and a filter asking for more
# cannot even be compared with them (SQLite refuses the number).
MAX_YUAN = 2**63 - 1
_AMOUNT = re.compile(r"(?P<number>\d+(?:\.\d+)?)\s*(?P<magnitude>[千百十万亿]*)\s*(?:元|人民币|元人民币)?")


def parse_amount(text: str) -> int:
    """Integer yuan of an amount written with digits and optional Chinese magnitude and 元.

    >>> parse_amount("1亿")
    100000000
    >>> parse_amount("1亿元")
    100000000
    >>> parse_amount("5000万")
    50000000
    >>> parse_amount("1.5万亿")
    1500000000000
    >>> parse_amount("36.75亿元")
    3675000000
    >>> parse_amount("100,000,000")
    100000000
    >>> parse_amount("1美元")
    Traceback (most recent call last):
    ...
    ValueError: not an amount in yuan: '1美元' (write it like 1亿, 5000万, 100000000)
    """
    cleaned = text.strip().replace(",", "").replace("，", "").replace(" ", "")
    match = _AMOUNT.fullmatch(cleaned)
    magnitude = MAGNITUDES.get(match["magnitude"]) if match else None
    if match is None or magnitude is None:
        raise ValueError(f"not an amount in yuan: {text!r} (write it like 1亿, 5000万, 100000000)")
    try:
        yuan = Decimal(match["number"]).scaleb(magnitude)
    except InvalidOperation as exc:  # pragma: no cover - the pattern admits only valid decimals
        raise ValueError(f"not an amount in yuan: {text!r}") from exc
    if yuan != yuan.to_integral_value():
        raise ValueError(f"not a whole number of yuan: {text!r}")
    return int(yuan)


def amount_bounds(
    amount_yuan: int | None, amount_yuan_high: int | None, qualifier: str
) -> tuple[int | None, int | None]:
    """The (low, high) bounds in yuan a figure's qualifier gives; None is unknown.

    The same rule backfills the rows in migration 0002 (`2026-11-26_amount_bounds.py`).

    >>> amount_bounds(840_000_000, None, "over")  # 超8.4亿元
    (840000000, None)
    >>> amount_bounds(3_000_000_000, None, "under")  # 近30亿元
    (None, 3000000000)
    >>> amount_bounds(10_000_000, None, "up_to")  # 最高1000万元
    (None, 10000000)
    >>> amount_bounds(500_000_000, 800_000_000, "exact")  # 5-8亿元
    (500000000, 800000000)
    >>> amount_bounds(100_000_000, None, "approx")  # 约1亿元: taken as written
    (100000000, 100000000)
    >>> amount_bounds(None, None, "exact")  # 1亿美元: no yuan amount, no bounds
    (None, None)
    """
    if amount_yuan is None:
        return None, None
    low = None if qualifier in ("under", "up_to") else amount_yuan
    high = (
        None if qualifier == "over" else (amount_yuan_high if amount_yuan_high is not None else amount_yuan)
    )
    return low, high
