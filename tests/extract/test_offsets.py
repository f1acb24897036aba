"""Provenance: every offset the extractor gives indexes its item's text exactly."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.extract import extract_page
from app.extract.types import Item
from tests.extract.annotated import all_test_texts, extracted

TEXTS = all_test_texts()


def assert_offsets_hold(item: Item) -> None:
    text = item.text
    for sentence in item.sentences:
        assert text[sentence.start : sentence.end] == sentence.text
    for figure in item.figures:
        assert text[figure.start : figure.end] == figure.text
        assert figure.sentence.start <= figure.start and figure.end <= figure.sentence.end
    # a mention is the name as written, a short form of it ("《实施意见》", "“十百千万”专项行动"),
    # or the short name the text gives it ("（以下简称“公共平台”）")
    for named in (*item.initiatives, *item.organizations):
        for mention in named.mentions:
            written = text[mention.start : mention.end]
            assert (
                named.name.endswith(written.strip("“”《》"))
                or written in named.name
                or f"简称“{written}”" in text
                or f"简称《{written}》" in text
            )
    for name, span in item.zone_mentions:
        assert span.end <= len(text) and name
    if item.title is not None and item.title_span is not None:
        assert text[item.title_span.start : item.title_span.end] == item.title


@pytest.mark.parametrize("index", range(len(TEXTS)))
def test_offsets_of_every_fact(index: int) -> None:
    items = extracted(TEXTS[index])
    assert items
    for item in items:
        assert_offsets_hold(item)


def test_initiative_mentions_are_spans_of_the_text() -> None:
    for text in TEXTS:
        for item in extracted(text):
            for initiative in item.initiatives:
                for mention in initiative.mentions:
                    assert 0 <= mention.start < mention.end <= len(item.text)


_GENRE_PIECES = st.sampled_from(
    [
        "佛山高新区",
        "近30亿元",
        "超8.4亿元",
        "5000多家",
        "“十百千万”专项行动",
        "《实施意见》",
        "，",
        "。",
        "\n\n",
        "本报讯(记者 王明)",
        "基金总规模达10亿元",
        "亿达(郑州)科技园区",
        "52.1%",
        "三亿元",
        "80亿-100亿元",
        "1亿美元",
        "最高补贴500万元",
        "管委会副主任张三表示",
        "“",
        "”",
        "(",
        ")",
        "图片来源:X",
        "中关村",
        "科技",
        "2022年",
        "5-8年",
        "百亿级",
        "过万亿",
    ]
)


@settings(max_examples=200, deadline=None)
@given(st.lists(_GENRE_PIECES, min_size=1, max_size=40).map("".join))
def test_offsets_hold_on_generated_text(text: str) -> None:
    if not any("\u4e00" <= ch <= "\u9fff" for ch in text):
        return
    for item in extract_page(text):
        assert_offsets_hold(item)
