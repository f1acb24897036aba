"""Sentences and clauses with their offsets."""

from __future__ import annotations

import re

from app.extract.types import Sentence

# A sentence ends after 。！？!?；; or …, with any closing quotes that follow, or at a line end.
_SENTENCE = re.compile(r"[^\n。！？!?；;…]*(?:[。！？!?；;…]+[”’\"』」)）]*|\n|$)")
CLAUSE_BREAKS = "，,；;。！？!?\n"


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


def clause_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The clause around text[start:end]: from the last clause break before it to the next after.

    >>> text = "一是甲,二是乙10亿元,三是丙"
    >>> a, b = clause_bounds(text, 7, 11)
    >>> text[a:b]
    '二是乙10亿元'
    """
    left = start
    while left > 0 and text[left - 1] not in CLAUSE_BREAKS:
        left -= 1
    right = end
    while right < len(text) and text[right] not in CLAUSE_BREAKS:
        right += 1
    return left, right
