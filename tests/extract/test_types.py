"""The fact types stay plain frozen dataclasses with their faster `__init__` (types.slot_init)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal

import pytest

from app.extract.types import Figure, Item, Sentence, Span

SENTENCE = Sentence(0, 6, "投资3亿元。")
FIGURE = Figure("money", "3亿元", Decimal(3), "亿元", 2, 5, SENTENCE, currency="CNY", amount_yuan=300000000)


def test_fields_and_defaults_as_declared() -> None:
    assert FIGURE.qualifier == "exact" and FIGURE.per_year is False and FIGURE.share_of is None
    assert (
        Figure(
            kind="money",
            text="3亿元",
            value=Decimal(3),
            unit="亿元",
            start=2,
            end=5,
            sentence=SENTENCE,
            currency="CNY",
            amount_yuan=300000000,
        )
        == FIGURE
    )
    assert hash(Span(1, 2)) == hash(Span(1, 2))


def test_still_frozen() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        FIGURE.start = 3  # type: ignore[misc]


def test_replace_builds_through_init() -> None:
    item = Item("标题", "标题", None, (), None, None, (), (SENTENCE,))
    dated = dataclasses.replace(item, date=dt.date(2024, 1, 2))
    assert dated.date == dt.date(2024, 1, 2) and dated.sentences == (SENTENCE,) and dated.body_start == 0


def test_arguments_checked_as_before() -> None:
    with pytest.raises(TypeError):
        Span(1)  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        Span(1, 2, end=3)  # type: ignore[call-arg]
