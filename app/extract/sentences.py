"""Sentences and clauses with their offsets."""

from __future__ import annotations

import re

from app.extract.types import Sentence

# A sentence ends after 。！？!?；; or …, with any closing quotes that follow, or at a line end.
_SENTENCE = re.compile(r"[^\n。！？!?；;…]*(?:[。！？!?；;…]+[”’\"』」)）]*|\n|$)")
CLAUSE_BREAKS = "，,；;。！？!?\n"
_NEXT_BREAK = re.compile(f"[{CLAUSE_BREAKS}]")
_LAST_BREAK = re.compile(f"[{CLAUSE_BREAKS}][^{CLAUSE_BREAKS}]*$")


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
    # clauses are short: a look 150 characters back finds the break before one
    before = _LAST_BREAK.search(text, max(0, start - 150), start)
    after = _NEXT_BREAK.search(text, end)
    return (before.start() + 1 if before else 0), (after.start() if after else len(text))
