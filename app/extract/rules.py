"""Loads the rule tables in app/data/ once; the extractors read them from here."""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources
from typing import Any

import ahocorasick


def read_data_text(name: str) -> str:
    return resources.files("app").joinpath("data", name).read_text(encoding="utf-8")


@cache
def load_rules(name: str) -> dict[str, Any]:
    """The parsed TOML rule file `app/data/<name>.toml`.

    >>> load_rules("numbers")["magnitudes"]["亿"]
    8
    """
    return tomllib.loads(read_data_text(f"{name}.toml"))


def automaton(values: dict[str, Any]) -> ahocorasick.Automaton:
    """An Aho-Corasick automaton over the words of `values`, each carrying its value: it finds
    every listed word of a text in one pass (C speed)."""
    found = ahocorasick.Automaton()
    for word, value in values.items():
        found.add_word(word, value)
    found.make_automaton()
    return found


def longest_first(words: list[str] | tuple[str, ...] | set[str]) -> list[str]:
    """Words sorted so that a regex alternation tries the longest first.

    >>> longest_first(["元", "美元", "万元"])
    ['万元', '美元', '元']
    """
    return sorted(set(words), key=lambda w: (-len(w), w))
