"""Loads the rule tables in app/data/ once; the extractors read them from here."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
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
    # Words added in a fixed order: a node looks its next characters up in the order they were
    # added, so this order (not the order of a set, which changes from run to run) sets the speed.
    for word, value in sorted(values.items()):
        found.add_word(word, value)
    found.make_automaton()
    return found


Trie = dict[str, "Trie"]


def alternation(words: Iterable[str]) -> str:
    """A regex that matches any of `words`, the longest first where several match, as the
    alternation of `longest_first(words)` does, but written as a trie: the regex engine then
    reads each character once instead of trying every word in turn.

    >>> alternation(["元", "美元", "万元", "万亿元", "万"])
    '(?:万(?:亿元|元)?|元|美元)'
    >>> alternation(["高新区"])
    '高新区'
    """
    trie: Trie = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}  # a word ends here
    return _trie_regex(trie)


def _trie_regex(node: Trie) -> str:
    branches = [re.escape(ch) + _trie_regex(child) for ch, child in sorted(node.items()) if ch]
    if not branches:
        return ""
    if len(branches) > 1:
        either = "(?:" + "|".join(branches) + ")"
    elif "" in node and len(branches[0]) > 1:
        either = "(?:" + branches[0] + ")"
    else:
        either = branches[0]
    # where a word ends and longer ones go on, the longer ones are tried first
    return either + "?" if "" in node else either


def longest_first(words: list[str] | tuple[str, ...] | set[str]) -> list[str]:
    """Words sorted so that a regex alternation tries the longest first.

    >>> longest_first(["元", "美元", "万元"])
    ['万元', '美元', '元']
    """
    return sorted(set(words), key=lambda w: (-len(w), w))
