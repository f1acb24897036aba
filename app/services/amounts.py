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
    >>> parse_amount("224.94亿元")
    22494000000
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
