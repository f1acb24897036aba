"""Money categories from the words around an amount, case by case (sentences written for these
tests). Every bug found adds a row."""

from __future__ import annotations

import pytest

from app.extract import extract_page

# (sentence, the amount as written, its category)
CASES = [
    ("项目全部达产后,年均纳税不低于5亿元。", "不低于5亿元", "other"),
    ("由区财政拿出1个亿设立贷款风险补偿资金池。", "1个亿", "subsidy"),
    ("帮助入驻团队获得天使投资1.3亿元。", "1.3亿元", "financing"),
    ("正式设立总规模三亿元的硬科技天使投资基金。", "三亿元", "fund_size"),
    ("其中区财政出资6亿元。", "6亿元", "capital_injection"),
    ("银行为企业提供综合授信5亿元。", "5亿元", "credit_line"),
    ("已向企业发放贷款1.6亿元。", "1.6亿元", "loan"),
    ("公司完成B轮融资3亿元。", "3亿元", "financing"),
    ("园区实现营业收入120亿元。", "120亿元", "revenue"),
    ("全口径税收收入达到86.5亿元。", "86.5亿元", "other"),
    ("高新区设立规模3000万元的科技信贷风险补偿资金池。", "3000万元", "fund_size"),
    ("由资金池给予补偿,单笔补偿最高100万元。", "最高100万元", "subsidy"),
    ("对新引进的博士给予安家费每人20万元。", "20万元", "subsidy"),
    ("“小升规”企业再奖10万元", "10万元", "subsidy"),
    ("公司去年实现净利润1.2亿元。", "1.2亿元", "other"),
    ("这笔投资的账面价值已增至约2.5亿元。", "约2.5亿元", "valuation"),
    ("“这条线,我们就投了1个亿。”", "1个亿", "investment"),
    # what follows right after the amount names it, before a word further back
    ("在产业基金领投下,企业完成2.3亿元B轮融资。", "2.3亿元", "financing"),
    ("23支基金撬动260余亿元项目投资落地。", "260余亿元", "investment"),
    ("全区规模以上工业企业研发费用达到11.6亿元。", "11.6亿元", "investment"),
    ("企业获得首笔科创贷300万元。", "300万元", "loan"),
    ("实验室首期建设资金中,省级财政支持2亿元。", "2亿元", "subsidy"),
]


def test_clauses_after_a_semicolon_go_on_from_the_one_before() -> None:
    (item,) = extract_page("对新引进的博士,给予安家费每人20万元；硕士每人8万元；本科生每人3万元。")
    assert [(f.text, f.category) for f in item.figures if f.kind == "money"] == [
        ("20万元", "subsidy"),
        ("8万元", "subsidy"),
        ("3万元", "subsidy"),
    ]


@pytest.mark.parametrize(("sentence", "amount", "category"), CASES, ids=[c[1] for c in CASES])
def test_category(sentence: str, amount: str, category: str) -> None:
    (item,) = extract_page(sentence)
    assert [(f.text, f.category) for f in item.figures if f.kind == "money"] == [(amount, category)]


# (sentence, the amount as written, whether it recurs each year)
PER_YEAR_CASES = [
    ("高新区每年安排3000万元支持企业研发。", "3000万元", True),
    ("年营业收入超亿元的企业达到120家。", "超亿元", True),
    ("力争到2026年营业收入突破2000亿元。", "突破2000亿元", False),
    ("今年营业收入达到860亿元。", "860亿元", False),
]


@pytest.mark.parametrize(
    ("sentence", "amount", "per_year"), PER_YEAR_CASES, ids=[c[0][:12] for c in PER_YEAR_CASES]
)
def test_per_year(sentence: str, amount: str, per_year: bool) -> None:
    (item,) = extract_page(sentence)
    assert [(f.text, f.per_year) for f in item.figures if f.kind == "money"] == [(amount, per_year)]


# (page, each amount with its zone): which zone, if any, an amount belongs to
ZONE_CASES = {
    "a region inside a title is not the place": (
        "杭州高新区发布《关于打造全球人才蓄水池的若干意见》,每年安排不少于10亿元人才专项资金。",
        [("不少于10亿元", "杭州高新区")],
    ),
    "a region named before the amount takes it": (
        "杭州高新区表示,全省集成电路产业规模已达3000亿元。",
        [("3000亿元", None)],
    ),
    "zone by zone after 分别": (
        "盐城高新区、宿迁高新区和龙岩高新区分别实现营业收入820亿元、460亿元和375亿元。",
        [("820亿元", "盐城高新区"), ("460亿元", "宿迁高新区"), ("375亿元", "龙岩高新区")],
    ),
    "a rank names no wider place": (
        "衢州高新区对新获批的全国重点实验室给予一次性奖励1000万元。",
        [("1000万元", "衢州高新区")],
    ),
    "a paragraph about a zone gives it its amounts": (
        "苏北三家高新区深耕科技金融\n"
        "盐城高新区推出“盐科贷”。今年以来已放款18亿元。\n"
        "连云港高新区设立产业基金。基金规模30亿元,首期10亿元。\n"
        "宿迁高新区则与多家银行合作,首贷户平均获贷120万元。",
        [
            ("18亿元", "盐城高新区"),
            ("30亿元", "连云港高新区"),
            ("10亿元", "连云港高新区"),
            ("120万元", "宿迁高新区"),
        ],
    ),
    "partner zones do not take the subject's amounts": (
        "乌鲁木齐高新区将与昌吉高新区、石河子高新区共同组建联盟,力争外贸额突破200亿元。",
        [("突破200亿元", "乌鲁木齐高新区")],
    ),
    "a region investors come from is not the place": (
        "南通高新区举办创投周,来自长三角的86家投资机构参与,现场达成意向投资5.8亿元。",
        [("5.8亿元", "南通高新区")],
    ),
}


@pytest.mark.parametrize(("page", "zones"), ZONE_CASES.values(), ids=list(ZONE_CASES))
def test_zone_of_each_amount(page: str, zones: list[tuple[str, str | None]]) -> None:
    (item,) = extract_page(page)
    assert [(f.text, f.zone) for f in item.figures if f.kind == "money"] == zones
