"""The hand-annotated test articles (tests/extract/articles/): loading and name matching."""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from app.extract import extract_page
from app.extract.types import Item

ARTICLES_DIR = Path(__file__).parent / "articles"
SEED_DIR = Path(__file__).parents[2] / "seed"


@dataclass(frozen=True)
class Annotated:
    stem: str
    text: str
    expected: list[dict[str, Any]]


def annotated_articles() -> list[Annotated]:
    return [
        Annotated(
            path.stem,
            path.with_suffix(".txt").read_text(encoding="utf-8"),
            json.loads(path.read_text())["articles"],
        )
        for path in sorted(ARTICLES_DIR.glob("*.json"))
    ]


@cache
def extracted(text: str) -> tuple[Item, ...]:
    return tuple(extract_page(text))


def all_test_texts() -> list[str]:
    """Every article the tests know: the seed page and the annotated ones."""
    return [p.read_text(encoding="utf-8") for p in sorted(SEED_DIR.glob("*.txt"))] + [
        a.text for a in annotated_articles()
    ]


_NOISE = re.compile(r"[\s“”\"'‘’《》()（）·\-—]")


def _bigrams(text: str) -> Counter[str]:
    return Counter(text[i : i + 2] for i in range(max(1, len(text) - 1)))


def same_name(expected: str, found: str) -> bool:
    """Loose name equality: equal, one containing most of the other, or most bigrams shared."""
    a, b = _NOISE.sub("", expected), _NOISE.sub("", found)
    if not a or not b:
        return False
    short, long_ = sorted((a, b), key=len)
    if a == b or (short in long_ and len(short) / len(long_) >= 0.6):
        return True
    ba, bb = _bigrams(a), _bigrams(b)
    return 2 * sum((ba & bb).values()) / (sum(ba.values()) + sum(bb.values())) >= 0.75
