"""The zone gazetteer and zone mentions."""

from __future__ import annotations

import pytest

from app.extract import extract_page
from app.extract.gazetteer import load_gazetteer

GAZETTEER = load_gazetteer()

MENTIONS = [
    ("佛山高新区", "佛山高新区"),
    ("佛山国家高新区", "佛山高新区"),
    ("佛山高新技术产业开发区", "佛山高新区"),
    ("东莞松山湖高新区", "东莞松山湖高新区"),
    ("松山湖高新区", "东莞松山湖高新区"),
    ("东湖高新区", "武汉东湖高新区"),
    ("武汉东湖新技术开发区", "武汉东湖高新区"),
    ("贵阳国家高新区", "贵阳高新区"),
    ("中山火炬高新区", "中山火炬高新区"),
    ("厦门火炬高新区", "厦门火炬高新区"),
    ("惠州仲恺高新区", "惠州仲恺高新区"),
    ("天津滨海高新区", "天津滨海高新区"),
    ("苏州工业园区", "苏州工业园区"),
    ("北京中关村", "中关村科技园"),
    ("上海张江高新区", "上海张江高新区"),
    ("上海张江", "上海张江高新区"),
    ("昆山高新区", "昆山高新区"),
    ("石家庄高新区", "石家庄高新区"),
    ("长春净月高新区", "长春净月高新区"),
]


@pytest.mark.parametrize(("text", "zone"), MENTIONS, ids=[m[0] for m in MENTIONS])
def test_zone_names(text: str, zone: str) -> None:
    (mention,) = GAZETTEER.find(f"近日,{text}发布新政。")
    assert mention.zone.name == zone


NOT_ZONES = [
    "作为首批国家高新区之一",
    "培育创建的16家国家高新区之一",
    "努力夯实高新区金融基础",
    "南宁·中关村科技园建设",
    "省级高新区协同发展",
]


@pytest.mark.parametrize("text", NOT_ZONES)
def test_not_zone_mentions(text: str) -> None:
    assert GAZETTEER.find(text) == []


def test_gazetteer_is_complete_and_consistent() -> None:
    zones = GAZETTEER.zones
    assert len(zones) >= 170
    assert all(z.province and z.city and z.official_name for z in zones.values())
    # every canonical name finds its own zone
    assert all(GAZETTEER.by_alias[name] == name for name in zones)


def test_longest_name_wins() -> None:
    (mention,) = GAZETTEER.find("东莞松山湖高新区管委会")
    assert (mention.zone.name, mention.start, mention.end) == ("东莞松山湖高新区", 0, 8)


def test_provincial_zone_is_recognized_as_not_national() -> None:
    text = "广州高新区与梅州高新区签署协议"
    national = GAZETTEER.find(text)
    assert [m.zone.name for m in national] == ["广州高新区"]
    assert [(m.zone.name, m.zone.national) for m in GAZETTEER.find_local(text, national)] == [
        ("梅州高新区", False)
    ]


def test_a_brand_in_the_title_makes_the_zone_named_in_full_the_primary_one() -> None:
    (item,) = extract_page(
        "张江携手中关村 共促成果转化\n本报记者 吴佳\n"
        "峰会由上海张江高新技术产业开发区管理委员会、中关村科技园区管理委员会主办。总规模30亿元的基金设立。"
    )
    assert item.primary_zone == "上海张江高新区"
    assert [f.zone for f in item.figures if f.kind == "money"] == ["上海张江高新区"]


def test_a_brand_two_zones_share_names_neither() -> None:
    assert load_gazetteer().brands["火炬"] == ""
