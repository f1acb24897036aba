"""The extraction pipeline: a named, ordered sequence of steps (temporary single-step version)."""

from __future__ import annotations

from app.extract.decoding import check_text
from app.extract.types import Item, Sentence


def extract_page(text: str) -> list[Item]:
    text = check_text(text).strip()
    return [
        Item(
            text=text,
            title=None,
            subtitle=None,
            authors=(),
            date=None,
            primary_zone=None,
            zones=(),
            sentences=(Sentence(0, len(text), text),),
        )
    ]
