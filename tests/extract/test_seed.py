"""Golden test of the seed page: seven items, their headings and bylines, all 13 money figures as
a careful reader gives them, every zone named, and the page's traps."""

from __future__ import annotations

from decimal import Decimal

from tests.extract.annotated import SEED_DIR, extracted

SEED = (SEED_DIR / "000_172ae03964ca05be.txt").read_text(encoding="utf-8")

ITEMS = [
    ("佛山高新区推动“金科产”深度融合", "多措并举落实“十百千万”专项行动", ["梁铁"], "佛山高新区"),
    ("郑州高新区:新添国家双创示范基地", None, ["刘地"], "郑州高新区"),
    ("济南高新区:获批中国侨联新侨双创基地", None, ["李琪"], "济南高新区"),
    ("东莞松山湖高新区:参建声学产业创新创业综合体", None, ["冉雪梅"], "东莞松山湖高新区"),
    (None, None, ["陈雨萌"], "怀化高新区"),  # the photo-caption item
    ("大连高新区出台人才强区新政", None, ["博闻"], "大连高新区"),
    ("厦门火炬高新区建医工融合平台", None, ["郭文晨"], "厦门火炬高新区"),
]

# (item, text, amount_yuan, qualifier, category, per_year, zone)
MONEY = [
    (0, "300亿元", 30_000_000_000, "exact", "credit_line", False, "佛山高新区"),
    (0, "10亿元", 1_000_000_000, "exact", "fund_size", False, "佛山高新区"),
    (0, "224.94亿元", 22_494_000_000, "exact", "bond", False, "佛山高新区"),
    (0, "近30亿元", 3_000_000_000, "under", "valuation", False, "佛山高新区"),
    (0, "近7亿元", 700_000_000, "under", "financing", False, "佛山高新区"),
    (0, "1000万元", 10_000_000, "exact", "capital_injection", False, "佛山高新区"),
    (0, "超8.4亿元", 840_000_000, "over", "financing", False, "佛山高新区"),
    (0, "2000万元", 20_000_000, "exact", "capital_injection", False, "佛山高新区"),
    (0, "5260万元", 52_600_000, "exact", "loan", False, "佛山高新区"),
    (4, "6亿元", 600_000_000, "exact", "investment", False, "怀化高新区"),
    (5, "1000万元", 10_000_000, "up_to", "subsidy", False, "大连高新区"),
    (5, "1.2亿元", 120_000_000, "exact", "subsidy", True, "大连高新区"),
    (6, "超120亿元", 12_000_000_000, "over", "revenue", False, "厦门火炬高新区"),
]


def test_seven_items_with_headings_bylines_and_primary_zones() -> None:
    items = extracted(SEED)
    assert [(i.title, i.subtitle, list(i.authors), i.primary_zone) for i in items] == ITEMS


def test_photo_caption_item_takes_its_date_from_the_page_year() -> None:
    assert extracted(SEED)[4].date is not None
    assert extracted(SEED)[4].date.isoformat() == "2022-11-22"
    assert [i.date for i in extracted(SEED)[:4]] == [None] * 4


def test_all_money_figures() -> None:
    found = [
        (index, f.text, f.amount_yuan, f.qualifier, f.category, f.per_year, f.zone)
        for index, item in enumerate(extracted(SEED))
        for f in item.figures
        if f.kind == "money"
    ]
    assert found == MONEY


def test_every_zone_named() -> None:
    zones = [sorted(z.name for z in item.zones) for item in extracted(SEED)]
    assert zones[0] == sorted(["佛山高新区", "中山火炬高新区", "惠州仲恺高新区", "汕头高新区"])
    assert zones[1:] == [[name] for *_, name in ITEMS[1:]]
    first = extracted(SEED)[0].zones[0]
    assert (first.official_name, first.province, first.city) == ("佛山高新技术产业开发区", "广东省", "佛山市")


def test_share_links_to_the_amount_it_is_a_share_of() -> None:
    figures = extracted(SEED)[0].figures
    (share,) = [f for f in figures if f.kind == "percentage"]
    assert share.text == "52.1%"
    assert share.share_of is not None and figures[share.share_of].text == "224.94亿元"


def test_traps() -> None:
    items = extracted(SEED)
    money_texts = [f.text for item in items for f in item.figures if f.kind == "money"]
    assert not any(word in text for text in money_texts for word in ("亿达", "十百千万", "一区五园", "1+8"))
    counts = {f.text: f for f in items[0].figures if f.kind == "count"}
    assert counts["5000多家"].qualifier == "over" and counts["5000多家"].value == Decimal(5000)
    names = [i.name for item in items for i in item.initiatives]
    assert "“1+8”产业创新人才团队" in names
    assert "科技金融创新服务“十百千万”专项行动" in names
    assert any(o.name == "亿达(郑州)科技园区" for o in items[1].organizations)
    (duration,) = [f for f in items[6].figures if f.kind == "duration"]
    assert (duration.text, duration.value, duration.value_high) == ("5-8年", Decimal(5), Decimal(8))


def test_page_breaks_are_rejoined() -> None:
    first, second, *_ = extracted(SEED)
    assert "“十百千万”专项行动首批实施单位" in first.text
    assert "重要领域" in first.text and "各类创新要素" in first.text
    assert "科技园区已引入180余家" in second.text
    assert "图片来源" not in first.text


def test_one_initiative_with_many_mentions() -> None:
    (program,) = [i for i in extracted(SEED)[0].initiatives if "十百千万" in i.name]
    assert program.kind == "program"
    assert len(program.mentions) >= 3
