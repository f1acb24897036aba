"""The number reader, case by case. Every bug found adds a row."""

from __future__ import annotations

from decimal import Decimal

import pytest

from app.extract.numbers import find_numbers, parse_chinese_numeral, to_yuan

# (text, span as written, kind, value, unit, qualifier, amount_yuan, currency)
MONEY_CASES = [
    ("规模达300亿元", "300亿元", "300", "亿元", "exact", 30_000_000_000, "CNY"),
    ("共获得专项债224.94亿元,占", "224.94亿元", "224.94", "亿元", "exact", 22_494_000_000, "CNY"),
    ("赛防科技估值近30亿元", "近30亿元", "30", "亿元", "under", 3_000_000_000, "CNY"),
    ("融资需求近7亿元", "近7亿元", "7", "亿元", "under", 700_000_000, "CNY"),
    ("融资金额超8.4亿元", "超8.4亿元", "8.4", "亿元", "over", 840_000_000, "CNY"),
    ("放款5260万元", "5260万元", "5260", "万元", "exact", 52_600_000, "CNY"),
    ("最高奖励达1000万元", "1000万元", "1000", "万元", "up_to", 10_000_000, "CNY"),
    ("最高补贴500万元", "500万元", "500", "万元", "up_to", 5_000_000, "CNY"),
    ("给予最高2000万元的贷款担保", "最高2000万元", "2000", "万元", "up_to", 20_000_000, "CNY"),
    ("投资总额超过400亿元。", "超过400亿元", "400", "亿元", "over", 40_000_000_000, "CNY"),
    ("进出口额约12.82亿元", "约12.82亿元", "12.82", "亿元", "approx", 1_282_000_000, "CNY"),
    ("贷款近300亿元", "近300亿元", "300", "亿元", "under", 30_000_000_000, "CNY"),
    ("补贴不超过50万元", "不超过50万元", "50", "万元", "up_to", 500_000, "CNY"),
    ("投资不低于300万元", "不低于300万元", "300", "万元", "over", 3_000_000, "CNY"),
    ("规模突破5000亿元", "突破5000亿元", "5000", "亿元", "over", 500_000_000_000, "CNY"),
    ("总投资逾20亿元", "逾20亿元", "20", "亿元", "over", 2_000_000_000, "CNY"),
    ("投资3亿元左右", "3亿元左右", "3", "亿元", "approx", 300_000_000, "CNY"),
    ("营业收入40余亿元", "40余亿元", "40", "亿元", "over", 4_000_000_000, "CNY"),
    ("完成融资7000多万元", "7000多万元", "7000", "万元", "over", 70_000_000, "CNY"),
    ("投资1亿元以上的项目", "1亿元以上", "1", "亿元", "over", 100_000_000, "CNY"),
    ("超50亿元以上项目1个", "超50亿元以上", "50", "亿元", "over", 5_000_000_000, "CNY"),
    ("设立三亿元天使基金", "三亿元", "3", "亿元", "exact", 300_000_000, "CNY"),
    ("奖励十二万元", "十二万元", "12", "万元", "exact", 120_000, "CNY"),
    ("补贴两千万元", "两千万元", "2000", "万元", "exact", 20_000_000, "CNY"),
    ("投资一千五百万元", "一千五百万元", "1500", "万元", "exact", 15_000_000, "CNY"),
    ("产值超四千亿元", "超四千亿元", "4000", "亿元", "over", 400_000_000_000, "CNY"),
    ("营业收入达1.5万亿元", "1.5万亿元", "1.5", "万亿元", "exact", 1_500_000_000_000, "CNY"),
    ("总投资1个亿", "1个亿", "1", "个亿", "exact", 100_000_000, "CNY"),
    ("总投资超100亿,", "超100亿", "100", "亿", "over", 10_000_000_000, "CNY"),
    ("投资3,000万元", "3,000万元", "3000", "万元", "exact", 30_000_000, "CNY"),
    ("注册资本5000万元人民币", "5000万元人民币", "5000", "万元人民币", "exact", 50_000_000, "CNY"),
    ("合同金额21070万元", "21070万元", "21070", "万元", "exact", 210_700_000, "CNY"),
    ("投资8.05亿美元", "8.05亿美元", "8.05", "亿美元", "exact", None, "USD"),
    ("利用外资11644万美元占", "11644万美元", "11644", "万美元", "exact", None, "USD"),
    ("设立规模50亿港元的基金", "50亿港元", "50", "亿港元", "exact", None, "HKD"),
    ("投资2亿欧元", "2亿欧元", "2", "亿欧元", "exact", None, "EUR"),
    ("融资1亿美金", "1亿美金", "1", "亿美金", "exact", None, "USD"),
    ("投资超20亿美元", "超20亿美元", "20", "亿美元", "over", None, "USD"),
    ("投资一千万元", "一千万元", "1000", "万元", "exact", 10_000_000, "CNY"),
    ("营收1.23456万元", "1.23456万元", "1.23456", "万元", "exact", 12_346, "CNY"),
    ("先行投资一点五亿元。", "一点五亿元", "1.5", "亿元", "exact", 150_000_000, "CNY"),
    ("经济总量三点二万亿元", "三点二万亿元", "3.2", "万亿元", "exact", 3_200_000_000_000, "CNY"),
    ("补贴十二点零五万元", "十二点零五万元", "12.05", "万元", "exact", 120_500, "CNY"),
    ("重点项目投资零点八亿元", "零点八亿元", "0.8", "亿元", "exact", 80_000_000, "CNY"),
    ("营收逾二点五亿元", "逾二点五亿元", "2.5", "亿元", "over", 250_000_000, "CNY"),
    ("年度投资约为9亿元", "9亿元", "9", "亿元", "approx", 900_000_000, "CNY"),
    ("营业收入超过了150亿元", "150亿元", "150", "亿元", "over", 15_000_000_000, "CNY"),
    ("补助最高不超过300万元", "最高不超过300万元", "300", "万元", "up_to", 3_000_000, "CNY"),
    # Chinese numerals with 余 or 多 before their magnitude; 数 and 几 before tens and hundreds
    ("年产值达二十余亿元。", "二十余亿元", "20", "亿元", "over", 2_000_000_000, "CNY"),
    ("签下三千多万元的订单", "三千多万元", "3000", "万元", "over", 30_000_000, "CNY"),
    ("带动投资数十亿元", "数十亿元", "10", "亿元", "approx", 1_000_000_000, "CNY"),
    ("吸引几十亿元社会资本", "几十亿元", "10", "亿元", "approx", 1_000_000_000, "CNY"),
    ("完成数千万元天使轮融资", "数千万元", "1000", "万元", "approx", 10_000_000, "CNY"),
]

# (text, span, low amount, high amount): ranges keep both ends and are approximate
RANGE_CASES = [
    ("年产值可达80亿-100亿元的项目", "80亿-100亿元", 8_000_000_000, 10_000_000_000),
    ("投资150亿至200亿元", "150亿至200亿元", 15_000_000_000, 20_000_000_000),
    ("单体投资多在3亿-5亿元之间", "3亿-5亿元", 300_000_000, 500_000_000),
    ("投资3-5亿元", "3-5亿元", 300_000_000, 500_000_000),
    ("补贴20万~50万元", "20万~50万元", 200_000, 500_000),
    ("投资三至五亿元", "三至五亿元", 300_000_000, 500_000_000),
    ("投资一点五至二点五亿元", "一点五至二点五亿元", 150_000_000, 250_000_000),
]

# Magnitude words without digits that size money (span, amount, qualifier)
LABEL_CASES = [
    ("带动超过万亿社会投资", "超过万亿", 10**12, "over"),
    ("经济总量过万亿、实现", "过万亿", 10**12, "over"),
    ("一批百亿级重大项目", "百亿", 10**10, "approx"),
    ("全力打造千亿产业园区,", "千亿", 10**11, "approx"),
    ("“中信建设—高新区百亿强基工程”", "百亿", 10**10, "approx"),
    ("财政再争百亿元以上打下", "百亿元以上", 10**10, "over"),
    ("其中亿元以上项目25个", "亿元以上", 10**8, "over"),
    ("打造超百亿元产业集群", "超百亿元", 10**10, "over"),
    ("宁波高新区撬动百亿授信", "百亿", 10**10, "approx"),
    # a bare 亿元 or 千万元 with a qualifier before it
    ("年营业收入超亿元的企业", "超亿元", 10**8, "over"),
    ("新增过亿元项目12个", "过亿元", 10**8, "over"),
    ("签下近千万元的订单", "近千万元", 10**7, "under"),
]

# (text, span, kind, value, unit, qualifier, value_high)
OTHER_KIND_CASES = [
    ("累计吸引5000多家企业", "5000多家", "count", "5000", "家", "over", None),
    ("已引入180余家科技型企业", "180余家", "count", "180", "家", "over", None),
    ("为近1.3万家市场主体", "近1.3万家", "count", "1.3", "万家", "under", None),
    ("近4000名各类创业人员", "近4000名", "count", "4000", "名", "under", None),
    ("发布金融产品84个", "84个", "count", "84", "个", "exact", None),
    ("提供专属优惠产品12款", "12款", "count", "12", "款", "exact", None),
    ("共10支团队", "10支", "count", "10", "支", "exact", None),
    ("新增市场主体4246户", "4246户", "count", "4246", "户", "exact", None),
    ("占佛山市的52.1%", "52.1%", "percentage", "52.1", "%", "exact", None),
    ("增速达16.2%,", "16.2%", "percentage", "16.2", "%", "exact", None),
    ("同比增长74.28%。", "74.28%", "percentage", "74.28", "%", "exact", None),
    ("提高3.5个百分点", "3.5个百分点", "percentage", "3.5", "个百分点", "exact", None),
    ("总占地面积228亩", "228亩", "area", "228", "亩", "exact", None),
    ("合计约10万平方米", "约10万平方米", "area", "10", "万平方米", "approx", None),
    ("规划面积12.5平方公里", "12.5平方公里", "area", "12.5", "平方公里", "exact", None),
    ("未来5-8年,要在", "5-8年", "duration", "5", "年", "approx", "8"),
    ("未来3年,工商银行", "3年", "duration", "3", "年", "exact", None),
    ("建设周期18个月", "18个月", "duration", "18", "个月", "exact", None),
    ("增长2.5倍", "2.5倍", "other", "2.5", "倍", "exact", None),
]

# Text in which no money must be found.
TRAPS = [
    "亿达(郑州)科技园区成功上榜",
    "科技金融创新服务“十百千万”专项行动",
    "“三位一体”推进",
    "从发展目标、十大计划、五大保障等方面",
    "支持一区五园、佛北战新产业园重点项目建设",
    "组建完成首批“1+8”产业创新人才团队",
    "签约“152”项目13个",
    "“5882”战略",
    "2022年11月22日",
    "到2022年底",
    "1—9月完成",
    "第十三届海峡论坛",
    "“一中心、两基地”",
    "长春九亿光电有限公司",
    "聚焦5G、6G通信",
    "CR929复材机身段项目",
    "2020-2022年行动计划",
    "“1+N”政策体系",
    "一批项目集中开工",
    "昆山高新区近1.3万家市场主体",
    "在2024天府科技金融峰会上",
    "十百千万",
    "千万不要",
    "占全市的35.6%",
    "试点一点一滴推进",
    "重点突出、一点一点积累",
    "一点五倍于去年",
]


@pytest.mark.parametrize(
    ("text", "span", "value", "unit", "qualifier", "amount", "currency"),
    MONEY_CASES,
    ids=[case[1] for case in MONEY_CASES],
)
def test_money(
    text: str, span: str, value: str, unit: str, qualifier: str, amount: int | None, currency: str
) -> None:
    money = [m for m in find_numbers(text) if m.kind == "money"]
    assert len(money) == 1, [text[m.start : m.end] for m in money]
    found = money[0]
    assert text[found.start : found.end] == span
    assert (found.value, found.unit, found.qualifier) == (Decimal(value), unit, qualifier)
    assert (found.amount_yuan, found.currency) == (amount, currency)


@pytest.mark.parametrize(("text", "span", "low", "high"), RANGE_CASES, ids=[c[1] for c in RANGE_CASES])
def test_money_range(text: str, span: str, low: int, high: int) -> None:
    (found,) = [m for m in find_numbers(text) if m.kind == "money"]
    assert text[found.start : found.end] == span
    assert (found.amount_yuan, found.amount_yuan_high, found.qualifier) == (low, high, "approx")


@pytest.mark.parametrize(
    ("text", "span", "amount", "qualifier"), LABEL_CASES, ids=[c[1] for c in LABEL_CASES]
)
def test_magnitude_label(text: str, span: str, amount: int, qualifier: str) -> None:
    (found,) = [m for m in find_numbers(text) if m.kind == "money"]
    assert text[found.start : found.end] == span
    assert (found.amount_yuan, found.qualifier) == (amount, qualifier)


@pytest.mark.parametrize(
    ("text", "span", "kind", "value", "unit", "qualifier", "high"),
    OTHER_KIND_CASES,
    ids=[c[1] for c in OTHER_KIND_CASES],
)
def test_other_kinds(
    text: str, span: str, kind: str, value: str, unit: str, qualifier: str, high: str | None
) -> None:
    (found,) = find_numbers(text)
    assert text[found.start : found.end] == span
    assert (found.kind, found.value, found.unit, found.qualifier) == (kind, Decimal(value), unit, qualifier)
    assert found.value_high == (Decimal(high) if high else None)
    assert found.amount_yuan is None


@pytest.mark.parametrize("text", TRAPS)
def test_traps_are_not_money(text: str) -> None:
    assert [text[m.start : m.end] for m in find_numbers(text) if m.kind == "money"] == []


CHINESE_NUMERALS = [
    ("一", 1),
    ("十", 10),
    ("十二", 12),
    ("二十", 20),
    ("一百零五", 105),
    ("两千五百", 2500),
    ("三万五千", 35000),
    ("一亿二千万", 120_000_000),
    ("十百千万", None),
    ("三位", None),
    ("二三", None),
]


@pytest.mark.parametrize(("numeral", "value"), CHINESE_NUMERALS, ids=[c[0] for c in CHINESE_NUMERALS])
def test_chinese_numerals(numeral: str, value: int | None) -> None:
    assert parse_chinese_numeral(numeral) == value


def test_to_yuan_is_exact_for_large_amounts() -> None:
    assert to_yuan(Decimal("9999999999999999.99"), 8) == 999_999_999_999_999_999 * 10**6
    assert to_yuan(Decimal("0.01"), 4) == 100


def test_every_mention_in_reading_order() -> None:
    text = "总投资40.6亿元,其中工业类项目22个,总投资24.1亿元,增长12%。"
    spans = [text[m.start : m.end] for m in find_numbers(text)]
    assert spans == ["40.6亿元", "22个", "24.1亿元", "12%"]
