"""Loads the rule tables in app/data/ once; the extractors read them from here."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from functools import cache
from importlib import resources
from typing import Any, Generic, TypeVar

import ahocorasick_rs

V = TypeVar("V")


def read_data_text(name: str) -> str:
    return resources.files("app").joinpath("data", name).read_text(encoding="utf-8")


@cache
def load_rules(name: str) -> dict[str, Any]:
    """The parsed TOML rule file `app/data/<name>.toml`.

    >>> load_rules("numbers")["magnitudes"]["亿"]
    8
    """
    return tomllib.loads(read_data_text(f"{name}.toml"))


class WordFinder(Generic[V]):
    """Finds the listed words of a text in one pass, each with its value: an Aho-Corasick automaton
    (a dense DFA, in compiled code) that takes, scanning left to right, the longest word at each
    place where one starts, never overlapping the one before.

    >>> finder = WordFinder({"高新区": "zone", "国家高新区": "national zone", "基金": "fund"})
    >>> [(finder.values[i], start, end) for i, start, end in finder.find("设立国家高新区基金")]
    [('national zone', 2, 7), ('fund', 7, 9)]
    """

    def __init__(self, values: dict[str, V], *, dense: bool = True) -> None:
        """`dense`: a DFA, fastest when its tables are in the CPU's cache; else a contiguous NFA,
        whose smaller tables cost less when they are not (a long list of short words, read once
        per item between other work)."""
        self.words = sorted(values)  # a fixed order: a word's index is its place here
        self.values = [values[word] for word in self.words]
        self._automaton = ahocorasick_rs.AhoCorasick(
            self.words,
            matchkind=ahocorasick_rs.MatchKind.LeftmostLongest,
            implementation=ahocorasick_rs.Implementation.DFA
            if dense
            else ahocorasick_rs.Implementation.ContiguousNFA,
        )

    def find(self, text: str) -> list[tuple[int, int, int]]:
        """(word index, start, end) of every word found in `text`, in reading order.

        >>> WordFinder({"基金": 1}).find("\\ud800基金")  # a lone surrogate is no word's character
        [(0, 1, 3)]
        """
        try:
            return self._automaton.find_matches_as_indexes(text)
        except UnicodeEncodeError:  # the automaton reads UTF-8, which has no lone surrogates
            return self._automaton.find_matches_as_indexes(_SURROGATE.sub("\ufffd", text))


_SURROGATE = re.compile(r"[\ud800-\udfff]")


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
    return _trie_regex(_trie(words))


def _trie(words: Iterable[str]) -> Trie:
    trie: Trie = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}  # a word ends here
    return trie


def guarded_alternation(words: Iterable[str], group_size: int = 32) -> str:
    """`alternation(words)` for a regex matched at a given place (`match`, `fullmatch`), not
    searched for: the words are grouped by their first characters, each group behind a class of
    those characters. The regex engine tries the branches of an alternation one by one, and
    a class in one step: a character no word begins with fails after a few classes, not after
    every first character. (A regex that begins with a look-ahead is tried at every place of a
    text it searches: not for `search` or `finditer`.)

    >>> guarded_alternation(["元", "美元", "万元", "万亿元", "万"], group_size=2)
    '(?:(?=[万元])(?:万(?:亿元|元)?|元)|(?=[美])(?:美元))'
    """
    trie = _trie(words)
    firsts = sorted(trie)
    groups = [firsts[i : i + group_size] for i in range(0, len(firsts), group_size)]
    return (
        "(?:"
        + "|".join(
            f"(?=[{''.join(map(re.escape, group))}])(?:"
            + "|".join(re.escape(ch) + _trie_regex(trie[ch]) for ch in group)
            + ")"
            for group in groups
        )
        + ")"
    )


def word_ends(words: Iterable[str]) -> str:
    """A regex that matches the last character of any of `words` where the rest of the word
    stands before it: `match.end()` is where a word ends, and words that overlap are all found.

    The regex engine skips in C to the characters a pattern may begin with, but tries the whole
    pattern at each of them: a word list whose first characters are common ("高", "新", "业") is
    tried at every other character of a text, one read by its rarer last characters far less.

    >>> [m.end() for m in re.finditer(word_ends(["园区", "技园", "科技部"]), "科技园区,科技部")]
    [3, 4, 8]
    """
    by_length: dict[int, list[str]] = {}
    for word in sorted(set(words)):
        by_length.setdefault(len(word), []).append(word)
    lasts = "".join(sorted({re.escape(word[-1]) for word in words}))
    # a look-behind takes words of one length: one look-behind per length, the longest first
    behind = "|".join(f"(?<={alternation(by_length[n])})" for n in sorted(by_length, reverse=True))
    return f"[{lasts}]" + (f"(?:{behind})" if len(by_length) > 1 else behind)


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
