"""Loads the rule tables in app/data/ once; the extractors read them from here."""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources
from typing import Any


def read_data_text(name: str) -> str:
    return resources.files("app").joinpath("data", name).read_text(encoding="utf-8")


@cache
def load_rules(name: str) -> dict[str, Any]:
    """The parsed TOML rule file `app/data/<name>.toml`.

    >>> load_rules("numbers")["magnitudes"]["亿"]
    8
    """
    return tomllib.loads(read_data_text(f"{name}.toml"))


def longest_first(words: list[str] | tuple[str, ...] | set[str]) -> list[str]:
    """Words sorted so that a regex alternation tries the longest first.

    >>> longest_first(["元", "美元", "万元"])
    ['万元', '美元', '元']
    """
    return sorted(set(words), key=lambda w: (-len(w), w))
