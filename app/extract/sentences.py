"""Sentences and clauses with their offsets."""

from __future__ import annotations

import bisect
import re

from app.extract.types import Sentence

# A sentence ends after 。！？!?；; or …, with any closing quotes that follow, or at a line end.
_SENTENCE = re.compile(r"[^\n。！？!?；;…]*(?:[。！？!?；;…]+[”’\"』」)）]*|\n|$)")
CLAUSE_BREAKS = "，,；;。！？!?\n"
_NEXT_BREAK = re.compile(f"[{CLAUSE_BREAKS}]")


def split_sentences(text: str) -> list[Sentence]:
    """Sentences of `text`, stripped, with offsets such that text[start:end] == sentence.text.

    >>> [s.text for s in split_sentences("甲说:“好。”乙来了!\\n标题")]
    ['甲说:“好。”', '乙来了!', '标题']
    """
    out: list[Sentence] = []
    for match in _SENTENCE.finditer(text):
        start, end = match.start(), match.end()
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            out.append(Sentence(start, end, text[start:end]))
    return out


class ClauseIndex:
    """Where the clause breaks of one text are, to find the clause around any span by bisection.

    >>> clauses = ClauseIndex("一是甲,二是乙10亿元,三是丙")
    >>> clauses.bounds(7, 11)
    (4, 11)
    """

    def __init__(self, text: str) -> None:
        self.length = len(text)
        self.breaks = [m.start() for m in _NEXT_BREAK.finditer(text)]

    def bounds(self, start: int, end: int) -> tuple[int, int]:
        before = bisect.bisect_left(self.breaks, start) - 1
        after = bisect.bisect_left(self.breaks, end)
        return (
            self.breaks[before] + 1 if before >= 0 else 0,
            self.breaks[after] if after < len(self.breaks) else self.length,
        )
