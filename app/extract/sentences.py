"""Sentences and clauses with their offsets."""

from __future__ import annotations

import re

from app.extract.types import Sentence

# A sentence ends after 。！？!?；; or …, with any closing quotes that follow, or at a line end.
# (The line end after a sentence's last mark comes with it: one match less to pass over.)
_SENTENCE = re.compile(r"[^\n。！？!?；;…]*(?:[。！？!?；;…]+[”’\"』」)）]*\n?|\n|$)")
CLAUSE_BREAKS = "，,；;。！？!?\n"
_NEXT_BREAK = re.compile(f"[{CLAUSE_BREAKS}]")


def split_sentences(text: str) -> list[Sentence]:
    """Sentences of `text`, stripped, with offsets such that text[start:end] == sentence.text.

    >>> [s.text for s in split_sentences("甲说:“好。”乙来了!\\n标题")]
    ['甲说:“好。”', '乙来了!', '标题']
    """
    out: list[Sentence] = []
    for match in _SENTENCE.finditer(text):
        piece = match.group()
        sentence = piece.strip()
        if sentence:
            start = match.start() + len(piece) - len(piece.lstrip())
            out.append(Sentence(start, start + len(sentence), sentence))
    return out


class ClauseIndex:
    """The clause around any span of one text: from the break before the span to the break after
    it, each found when asked for (figures ask about a few places of a long text).

    >>> clauses = ClauseIndex("一是甲,二是乙10亿元,三是丙")
    >>> clauses.bounds(7, 11)
    (4, 11)
    >>> clauses.bounds(13, 14)
    (12, 15)
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.reversed = text[::-1]  # a regex searches forwards only: the break before, read backwards
        self._known: dict[tuple[int, int], tuple[int, int]] = {}  # several steps ask about one figure

    def bounds(self, start: int, end: int) -> tuple[int, int]:
        known = self._known.get((start, end))
        if known is None:
            length = len(self.text)
            before = _NEXT_BREAK.search(self.reversed, length - start)
            after = _NEXT_BREAK.search(self.text, end)
            known = self._known[start, end] = (
                length - before.start() if before else 0,
                after.start() if after else length,
            )
        return known
