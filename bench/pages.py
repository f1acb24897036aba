"""Synthetic news pages in the genre of the seed, deterministic by seed.

    python -m bench.pages --count 1000 --seed 1 --out bench/.data/pages-1000

Every sentence is built here from templates and vocabulary written for the benchmark (no real
article is copied): zones from the gazetteer (`app/data/zones.csv`), money with qualifiers
(约, 近, 超, 逾, 余, 多, 以上, 左右, 最高), per-year amounts, Chinese numerals, ranges, foreign
currency, counts, shares, areas and durations, and named initiatives, banks, companies and people.

A sentence is built together with its facts (`SentenceFacts`: every figure, initiative,
organization, person and zone with its offsets), so the same drafts serve two generators:
`write_pages` renders them as raw pages (several items, bylines, image credits, page breaks that
cut a sentence, mixed punctuation) for `zonefacts load`, and `bench.rows` stores the facts directly
to reach a million figures without running the extractor.

Page `i` of seed `s` is the same whatever `--count` is: each page has its own random generator.
"""

from __future__ import annotations

import argparse
import csv
import math
import random
from bisect import bisect
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from itertools import accumulate
from pathlib import Path

ZONES_CSV = Path(__file__).resolve().parents[1] / "app" / "data" / "zones.csv"


@dataclass(frozen=True, slots=True)
class ZoneInfo:
    name: str
    official_name: str
    province: str
    city: str
    aliases: tuple[str, ...]

    @property
    def place(self) -> str:
        """The city without 市 ("佛山"), for names like 佛山分行."""
        return self.city.removesuffix("市") or self.name[:2]


@cache
def load_zones() -> tuple[ZoneInfo, ...]:
    with ZONES_CSV.open(encoding="utf-8") as handle:
        return tuple(
            ZoneInfo(
                name=row["name"],
                official_name=row["official_name"],
                province=row["province"],
                city=row["city"],
                aliases=tuple(a for a in row["aliases"].split("|") if a),
            )
            for row in csv.DictReader(handle)
        )


@cache
def zone_weights() -> tuple[float, ...]:
    """Cumulative weights: a few zones are in the news far more often than most (Zipf-like),
    in an order fixed by a seed of its own, so every generator agrees on the busiest zone."""
    zones = load_zones()
    order = list(range(len(zones)))
    random.Random("zone-popularity").shuffle(order)
    weights = [0.0] * len(zones)
    for rank, index in enumerate(order):
        weights[index] = 1 / (rank + 1) ** 0.8
    return tuple(accumulate(weights))


def pick_zone(rng: random.Random) -> ZoneInfo:
    cumulative = zone_weights()
    return load_zones()[bisect(cumulative, rng.random() * cumulative[-1])]


# --- facts -------------------------------------------------------------------------------------


@dataclass(slots=True)
class FigureFact:
    kind: str  # money, count, percentage, area, duration
    text: str  # as written, qualifier included
    value: Decimal
    unit: str
    qualifier: str = "exact"
    value_high: Decimal | None = None
    currency: str | None = None
    amount_yuan: int | None = None
    amount_yuan_high: int | None = None
    category: str | None = None
    per_year: bool = False
    initiative: str | None = None  # the name of the initiative it is about
    organization: str | None = None
    share_of: int | None = None  # index, in the sentence's figures, of the figure it is a share of
    start: int = 0  # offsets into the sentence
    end: int = 0


@dataclass(slots=True)
class NameFact:
    name: str
    kind: str  # initiative kind or organization type
    start: int
    end: int


@dataclass(slots=True)
class PersonFact:
    name: str
    role: str
    organization: str
    quote: str
    start: int
    end: int


@dataclass(slots=True)
class SentenceFacts:
    text: str
    figures: list[FigureFact]
    initiatives: list[NameFact]
    organizations: list[NameFact]
    people: list[PersonFact]
    zones: list[tuple[str, int, int]]  # canonical zone name, start, end


class Line:
    """A sentence under construction: text appended piece by piece, each fact at its offsets."""

    __slots__ = ("figures", "initiatives", "organizations", "parts", "people", "size", "zones")

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.size = 0
        self.figures: list[FigureFact] = []
        self.initiatives: list[NameFact] = []
        self.organizations: list[NameFact] = []
        self.people: list[PersonFact] = []
        self.zones: list[tuple[str, int, int]] = []

    def say(self, *texts: str) -> Line:
        for text in texts:
            self.parts.append(text)
            self.size += len(text)
        return self

    def _span(self, text: str) -> tuple[int, int]:
        start = self.size
        self.say(text)
        return start, self.size

    def zone(self, zone: ZoneInfo, rng: random.Random) -> Line:
        written = rng.choice(zone.aliases) if zone.aliases and rng.random() < 0.15 else zone.name
        start, end = self._span(written)
        self.zones.append((zone.name, start, end))
        return self

    def figure(self, fact: FigureFact) -> int:
        fact.start, fact.end = self._span(fact.text)
        self.figures.append(fact)
        return len(self.figures) - 1

    def initiative(self, name: str, kind: str, quoted: bool = False) -> Line:
        if quoted:
            self.say("“")
        start, end = self._span(name)
        if quoted:
            self.say("”")
        if all(i.name != name for i in self.initiatives):
            self.initiatives.append(NameFact(name, kind, start, end))
        return self

    def organization(self, name: str, kind: str) -> Line:
        start, end = self._span(name)
        self.organizations.append(NameFact(name, kind, start, end))
        return self

    def end(self, mark: str = "。") -> SentenceFacts:
        self.say(mark)
        return SentenceFacts(
            "".join(self.parts), self.figures, self.initiatives, self.organizations, self.people, self.zones
        )


# --- numbers -----------------------------------------------------------------------------------

UNIT_YUAN = {"万元": 10**4, "亿元": 10**8, "万亿元": 10**12}
CHINESE_DIGITS = "零一二三四五六七八九"


def chinese_number(n: int) -> str:
    """1..99 in Chinese numerals.

    >>> chinese_number(3), chinese_number(12), chinese_number(40), chinese_number(57)
    ('三', '十二', '四十', '五十七')
    """
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else CHINESE_DIGITS[tens] + "十")
    return head + (CHINESE_DIGITS[ones] if ones else "")


def plain(value: Decimal) -> str:
    return format(value.normalize(), "f")


def money(
    rng: random.Random, low: float, high: float, category: str, *, qualified: bool = True
) -> FigureFact:
    """An amount between `low` and `high` yuan (log-uniform), written as a reporter would."""
    amount = math.exp(rng.uniform(math.log(low), math.log(high)))
    if amount >= 1e12 * 0.9:
        unit, value = "万亿元", Decimal(str(round(amount / 1e12, rng.choice((1, 2)))))
    elif amount >= 1e8:
        unit, value = "亿元", Decimal(str(round(amount / 1e8, rng.choice((0, 0, 1, 2)))))
    else:
        unit, value = "万元", Decimal(round(amount / 1e4, -1 if amount > 1e6 else 0))
    value = max(value, Decimal(1))
    number = plain(value)
    if value == value.to_integral_value() and value < 100 and rng.random() < 0.04:
        number = chinese_number(int(value))  # 三亿元, 十二万元
    qualifier, text = "exact", number + unit
    roll = rng.random() if qualified else 1.0
    if roll < 0.08:
        qualifier = "approx"
        text = f"约{text}" if rng.random() < 0.6 else f"{text}左右"
    elif roll < 0.17:
        qualifier = "under"
        text = rng.choice(("近", "接近", "不到")) + text
    elif roll < 0.28:
        qualifier = "over"
        integral = number.isdigit() and int(number) % 10 == 0 and unit != "万元"
        form = rng.choice(
            ("超", "超过", "逾", "以上", "多" if integral else "超", "余" if integral else "逾")
        )
        if form == "以上":
            text = f"{text}以上"
        elif form in ("多", "余"):
            text = f"{number}{form}{unit}"
        else:
            text = form + text
    return FigureFact(
        kind="money",
        text=text,
        value=value,
        unit=unit,
        qualifier=qualifier,
        currency="CNY",
        amount_yuan=int(value * UNIT_YUAN[unit]),
        category=category,
    )


def money_range(rng: random.Random, category: str) -> FigureFact:
    low = rng.randint(2, 30)
    high = low + rng.randint(1, 10)
    text = f"{low}亿至{high}亿元" if rng.random() < 0.5 else f"{low}-{high}亿元"
    return FigureFact(
        kind="money",
        text=text,
        value=Decimal(low),
        value_high=Decimal(high),
        unit="亿元",
        currency="CNY",
        amount_yuan=low * 10**8,
        amount_yuan_high=high * 10**8,
        category=category,
    )


def dollars(rng: random.Random, category: str) -> FigureFact:
    value = Decimal(str(round(rng.uniform(0.2, 8), 1)))
    return FigureFact(
        kind="money",
        text=f"{plain(value)}亿美元",
        value=value,
        unit="亿美元",
        currency="USD",
        category=category,
    )


def count(rng: random.Random, low: int, high: int, unit: str) -> FigureFact:
    n = rng.randint(low, high)
    if n >= 20 and rng.random() < 0.3:
        n = n // 10 * 10
        form = rng.choice(("余", "多"))
        return FigureFact("count", f"{n}{form}{unit}", Decimal(n), unit, qualifier="over")
    return FigureFact("count", f"{n}{unit}", Decimal(n), unit)


def percent(rng: random.Random, low: float, high: float) -> FigureFact:
    value = Decimal(str(round(rng.uniform(low, high), 1)))
    return FigureFact("percentage", f"{plain(value)}%", value, "%")


def years(rng: random.Random, low: int, high: int) -> FigureFact:
    n = rng.randint(low, high)
    return FigureFact("duration", f"{n}年", Decimal(n), "年")


# --- vocabulary (written for the benchmark) -----------------------------------------------------

TOPICS = (
    "集成电路", "生物医药", "人工智能", "新能源汽车", "智能制造", "新材料", "数字经济", "低空经济",
    "量子科技", "高端装备", "氢能", "新型储能", "工业互联网", "医疗器械", "光电信息", "智能传感",
    "软件信息", "航空航天", "节能环保", "现代种业",
)  # fmt: skip
FUND_KINDS = ("产业投资基金", "创业投资基金", "天使投资基金", "科技成果转化基金", "产业引导基金", "母基金")
PRODUCTS = (
    "科创贷",
    "人才贷",
    "积分贷",
    "研发贷",
    "知产贷",
    "订单贷",
    "设备贷",
    "投联贷",
    "成长贷",
    "园区贷",
)
BANKS = (
    "中国工商银行", "中国建设银行", "中国银行", "中国农业银行", "交通银行", "招商银行", "兴业银行",
    "浦发银行", "中信银行", "光大银行", "民生银行", "邮储银行",
)  # fmt: skip
SYLLABLES = "芯华博智瑞科新恒中天海润鑫达融清星光量创启源微远晶驰"
BRANDS = ("科技", "电子", "生物", "智能", "医疗", "新材料", "光电", "半导体", "机器人", "精密")
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高梁宋郑谢韩唐冯"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红"
ROLES = ("管委会主任", "管委会副主任", "党工委书记", "科技创新局局长", "金融服务中心主任")
PLATFORM_KINDS = ("公共服务平台", "科技金融服务中心", "中试基地", "孵化器", "概念验证中心")
POLICY_KINDS = ("若干措施", "实施意见", "若干政策")
EVENT_KINDS = ("产业发展大会", "投融资对接会", "创新创业大赛", "产业推介会")
QUOTES = (
    "金融是产业发展的血脉，我们要让资金更快流向创新一线",
    "企业在哪里有需求，我们的服务就延伸到哪里",
    "下一步，我们将继续做强产业链，做优创新生态",
    "科技创新离不开耐心资本的长期陪伴",
)
FILLER_OPENINGS = (
    "坚持以{topic}为主攻方向",
    "围绕{topic}产业链关键环节精准招商",
    "聚焦{topic}领域",
    "把{topic}作为主导产业",
    "以{topic}产业为牵引",
    "近年来持续加大{topic}领域布局",
)
FILLER_CLAUSES = (
    "持续优化营商环境", "推动创新链、产业链、资金链、人才链深度融合", "一批重点项目相继落地",
    "加快建设创新平台", "集聚高层次人才", "培育新质生产力", "构建“研发+中试+产业化”的全链条服务体系",
    "持续完善科技金融服务体系", "推动金融活水精准灌溉科技型中小企业", "着力破解企业融资难、融资贵问题",
    "打造“创新链、人才链、金融链、产业链”融合的发展生态", "为企业提供全生命周期的金融服务",
    "推动科技成果加快转移转化", "支持龙头企业牵头组建创新联合体", "引导社会资本投早、投小、投硬科技",
    "促进大中小企业融通发展", "提升园区综合服务能力", "努力打造具有全国影响力的产业高地",
)  # fmt: skip
LEAD_INS = ("多措并举服务科技型企业", "金融赋能实体经济", "打造一流创新生态", "奋力推动高质量发展")
TITLES = (
    "{zone}多路“金融活水”助力{topic}产业",
    "{zone}:{topic}产业集群加速成势",
    "{zone}推动科技金融与{topic}产业深度融合",
    "{zone}出台措施支持{topic}产业发展",
    "{zone}:{topic}企业融资渠道持续拓宽",
)


def person_name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


def company_name(rng: random.Random) -> str:
    return rng.choice(SYLLABLES) + rng.choice(SYLLABLES) + rng.choice(BRANDS)


@dataclass(slots=True)
class ItemContext:
    """What one news item is about: its zone, topic, and the names it has already used."""

    rng: random.Random
    zone: ZoneInfo
    topic: str
    year: int
    bank: str
    companies: list[str] = field(default_factory=list)

    def company(self) -> str:
        if self.companies and self.rng.random() < 0.4:
            return self.rng.choice(self.companies)
        name = company_name(self.rng)
        self.companies.append(name)
        return name


# --- sentence templates: each returns one sentence with its facts ------------------------------


def s_fund(c: ItemContext) -> SentenceFacts:
    r, line = c.rng, Line()
    fund = f"{c.zone.place}{c.topic}{r.choice(FUND_KINDS)}"
    line.say(r.choice(("近年来，", "今年，", "", "此外，"))).zone(c.zone, r).say(
        r.choice(("设立", "联合社会资本发起设立"))
    )
    line.initiative(fund, "fund").say("，", r.choice(("基金规模", "首期基金规模达", "基金总规模")))
    f = money(r, 3e7, 1.2e10, "fund_size")
    f.initiative = fund
    line.figure(f)
    return line.say("，重点投向", c.topic, "领域").end(r.choice(("。", "；")))


def s_funds_total(c: ItemContext) -> SentenceFacts:
    r, line = c.rng, Line()
    line.say("目前，").zone(c.zone, r).say("已累计组建各类基金")
    line.figure(count(r, 3, 60, "只"))
    line.say("，基金总规模")
    line.figure(money(r, 2e8, 5e10, "fund_size"))
    return line.end()


def s_credit(c: ItemContext) -> SentenceFacts:
    r, line = c.rng, Line()
    bank = f"{c.bank}{c.zone.place}分行"
    line.zone(c.zone, r).say("与").organization(bank, "bank").say("签署战略合作协议，将在未来")
    line.figure(years(r, 2, 5))
    line.say("内为园区企业提供意向授信")
    f = money(r, 5e8, 6e10, "credit_line")
    f.organization = bank
    line.figure(f)
    return line.end()


def s_dedicated_credit(c: ItemContext) -> SentenceFacts:
    r, line = c.rng, Line()
    product = f"{c.zone.name}企业专属信贷资金"
    line.say("同时，推出").initiative(product, "financial_product").say("，规模达")
    f = money(r, 1e9, 5e10, "credit_line", qualified=False)
    f.initiative = product
    line.figure(f)
    return line.say("，切实用金融活水润泽园区企业").end()


def s_loan(c: ItemContext) -> SentenceFacts:
    r, line = c.rng, Line()
    product = c.zone.place + r.choice(PRODUCTS)
    line.zone(c.zone, r).say("联合", c.bank, "推出").initiative(product, "financial_product", quoted=True)
    line.say("，", r.choice(("今年以来", "累计", "截至目前")), "已为")
    line.figure(count(r, 8, 900, "家"))
    line.say("企业", r.choice(("发放贷款", "放款")))
    f = money(r, 5e6, 8e9, "loan")
    f.initiative = product
    line.figure(f)
    return line.end()


def s_bond(c: ItemContext) -> SentenceFacts:
    r, line = c.rng, Line()
    line.say(r.choice(("今年，", f"{c.year}年，"))).zone(c.zone, r).say("建设项目共获得专项债")
    bond = line.figure(money(r, 1e8, 3e10, "bond", qualified=False))
    line.say("，占", c.zone.city, "的")
    share = percent(r, 5, 80)
    share.share_of = bond
    line.figure(share)
    return line.end()


def s_valuation(c: ItemContext) -> SentenceFacts:
    r, line = c.rng, Line()
    company = c.company()
    line.say("其中，").organization(company, "company").say("估值")
    f = money(r, 2e8, 2e10, "valuation")
    f.organization = company
    line.figure(f)
    line.say("，成为").zone(c.zone, r).say(f"{c.year}年潜在独角兽企业")
    return line.end()


def s_investment(c: ItemContext) -> SentenceFacts:
    r, line = c.rng, Line()
    company = c.company()
    project = f"{company}{c.topic}项目"
    line.say("总投资")
    f = money_range(r, "investment") if r.random() < 0.05 else money(r, 5e7, 3e10, "investment")
    f.initiative = project
    line.figure(f)
    line.say("的").initiative(project, "project").say("在").zone(c.zone, r).say("正式开工")
    return line.end()


def s_financing(c: ItemContext) -> SentenceFacts:
    r, line = c.rng, Line()
    company = c.company()
    line.say("园区企业").organization(company, "company").say("今年完成新一轮融资")
    f = dollars(r, "financing") if r.random() < 0.1 else money(r, 1e7, 3e9, "financing")
    f.organization = company
    line.figure(f)
    if r.random() < 0.5:
        line.say("，投后估值")
        v = money(r, 1e9, 5e10, "valuation")
        v.organization = company
        line.figure(v)
    return line.end()


def s_financing_need(c: ItemContext) -> SentenceFacts:
    r, line = c.rng, Line()
    line.say("平台上线以来，累计吸引")
    line.figure(count(r, 200, 8000, "家"))
    line.say("企业注册，")
    line.figure(count(r, 30, 900, "家"))
    line.say("企业提出融资需求")
    line.figure(money(r, 5e7, 5e9, "financing"))
    return line.end()


def s_subsidy(c: ItemContext) -> SentenceFacts:
    r, line = c.rng, Line()
    if r.random() < 0.5:
        line.say("对新认定的国家级专精特新“小巨人”企业，").zone(c.zone, r).say("给予奖励")
        line.figure(money(r, 1e5, 5e6, "subsidy"))
        return line.end()
    line.zone(c.zone, r).say("每年安排", c.topic, "产业扶持资金")
    f = money(r, 5e7, 2e9, "subsidy")
    f.per_year = True
    line.figure(f)
    line.say("，单个项目最高")
    top = money(r, 1e6, 3e7, "subsidy", qualified=False)
    top.qualifier = "up_to"
    line.figure(top)
    return line.end()


def s_injection(c: ItemContext) -> SentenceFacts:
    r, line = c.rng, Line()
    company = c.company()
    line.zone(c.zone, r).say("通过区属国资平台向").organization(company, "company").say("增资")
    f = money(r, 5e6, 8e8, "capital_injection")
    f.organization = company
    line.figure(f)
    return line.say("，支持其扩大", c.topic, "产能").end()


def s_revenue(c: ItemContext) -> SentenceFacts:
    r, line = c.rng, Line()
    line.say(f"{c.year}年，").zone(c.zone, r).say("实现营业收入")
    line.figure(money(r, 5e9, 8e11, "revenue"))
    line.say("，同比增长")
    line.figure(percent(r, 1, 30))
    return line.end()


def s_output(c: ItemContext) -> SentenceFacts:
    r, line = c.rng, Line()
    line.say("项目达产后，预计年产值")
    f = money(r, 1e8, 2e10, "revenue")
    f.per_year = True
    line.figure(f)
    line.say("，可带动上下游企业")
    line.figure(count(r, 10, 300, "家"))
    return line.say("集聚发展").end()


def s_companies(c: ItemContext) -> SentenceFacts:
    r, line = c.rng, Line()
    line.say("截至目前，").zone(c.zone, r).say("已集聚", c.topic, "企业")
    line.figure(count(r, 30, 2000, "家"))
    line.say("，其中高新技术企业")
    line.figure(count(r, 5, 400, "家"))
    return line.end()


def s_area(c: ItemContext) -> SentenceFacts:
    r, line = c.rng, Line()
    base = f"{c.zone.place}{c.topic}产业园"
    line.initiative(base, "base").say("规划面积")
    value = Decimal(str(round(r.uniform(0.5, 30), 1)))
    line.figure(FigureFact("area", f"{plain(value)}平方公里", value, "平方公里"))
    line.say("，已引入", c.topic, "企业")
    line.figure(count(r, 5, 90, "家"))
    return line.end()


def s_platform(c: ItemContext) -> SentenceFacts:
    r, line = c.rng, Line()
    platform = f"{c.zone.name}{c.topic}{r.choice(PLATFORM_KINDS)}"
    line.say("在近日举行的").initiative(f"{c.zone.name}{r.choice(EVENT_KINDS)}", "event").say("上，")
    line.initiative(platform, "platform").say("正式揭牌")
    return line.end()


def s_policy(c: ItemContext) -> SentenceFacts:
    r, line = c.rng, Line()
    policy = f"{c.zone.name}关于支持{c.topic}产业高质量发展的{r.choice(POLICY_KINDS)}"
    line.say("日前，").zone(c.zone, r).say("印发《").initiative(policy, "policy").say("》，推出")
    line.figure(count(r, 8, 30, "条"))
    return line.say("举措").end()


def s_quote(c: ItemContext) -> SentenceFacts:
    r, line = c.rng, Line()
    quote = r.choice(QUOTES)
    role = r.choice(ROLES)
    name = person_name(r)
    organization = c.zone.name + ("党工委" if role == "党工委书记" else "管委会")
    line.say("“", quote, "。”").zone(c.zone, r).say(role)
    start, end = line._span(name)
    line.people.append(PersonFact(name, role, organization, quote + "。", start, end))
    return line.say("表示").end()


def s_filler(c: ItemContext) -> SentenceFacts:
    """A sentence with no figure: the background that fills most of a real article."""
    r, line = c.rng, Line()
    line.zone(c.zone, r).say(r.choice(FILLER_OPENINGS).format(topic=c.topic))
    for clause in r.sample(FILLER_CLAUSES, r.randint(2, 4)):
        line.say("，", clause)
    return line.end()


Template = Callable[[ItemContext], SentenceFacts]
TEMPLATES: tuple[tuple[Template, float], ...] = (
    (s_fund, 3.0),
    (s_funds_total, 1.0),
    (s_credit, 1.5),
    (s_dedicated_credit, 0.5),
    (s_loan, 1.5),
    (s_bond, 0.8),
    (s_valuation, 0.7),
    (s_investment, 1.5),
    (s_financing, 1.2),
    (s_financing_need, 0.5),
    (s_subsidy, 1.2),
    (s_injection, 0.6),
    (s_revenue, 0.8),
    (s_output, 0.6),
    (s_companies, 0.8),
    (s_area, 0.4),
    (s_platform, 0.8),
    (s_policy, 0.6),
    (s_quote, 0.5),
)
_CUMULATIVE = tuple(accumulate(weight for _template, weight in TEMPLATES))


def sentence(c: ItemContext, filler_share: float) -> SentenceFacts:
    """A filler sentence with probability `filler_share`, else one of the fact templates."""
    if c.rng.random() < filler_share:
        return s_filler(c)
    index = bisect(_CUMULATIVE, c.rng.random() * _CUMULATIVE[-1])
    return TEMPLATES[index][0](c)


# --- items and pages ---------------------------------------------------------------------------


@dataclass(slots=True)
class ItemDraft:
    """One news item: headings, byline and paragraphs of sentences with their facts."""

    zone: ZoneInfo
    title: str
    lead_in: str | None
    author: str
    byline: str  # "line" (▶ 本报特约通讯员 X), "dateline" (本报讯(记者 X)), "plain" (本报讯), "signature"
    paragraphs: list[list[SentenceFacts]]
    year: int

    def headings(self) -> list[str]:
        lines = [self.lead_in] if self.lead_in else []
        lines.append(self.title)
        if self.byline == "line":
            lines.append(f"▶ 本报特约通讯员 {self.author}")
        return lines

    def layout(self) -> Layout:
        """The item's text as a clean reader gives it (lines joined by \\n, no noise, no page
        breaks), where its body starts, and where each sentence starts, in reading order."""
        parts = [line + "\n" for line in self.headings()]
        size = sum(len(part) for part in parts)
        body_start, starts = size, []
        for number, paragraph in enumerate(self.paragraphs):
            opening = "\n" if number else ""
            if number == 0 and self.byline == "dateline":
                opening = f"本报讯(记者 {self.author})"
            elif number == 0 and self.byline == "plain":
                opening = "本报讯 "
            parts.append(opening)
            size += len(opening)
            for facts in paragraph:
                starts.append(size)
                parts.append(facts.text)
                size += len(facts.text)
        if self.byline == "signature":
            parts.append("\n" + self.author)
        return Layout("".join(parts), body_start, starts)


@dataclass(frozen=True, slots=True)
class Layout:
    text: str
    body_start: int
    sentence_starts: list[int]


def draft_item(rng: random.Random, sentences: int, filler_share: float = 0.5) -> ItemDraft:
    zone = pick_zone(rng)
    year = rng.randint(2019, 2025)
    context = ItemContext(rng, zone, rng.choice(TOPICS), year, rng.choice(BANKS))
    paragraphs: list[list[SentenceFacts]] = []
    left = sentences
    while left > 0:
        size = min(left, rng.choice((1, 2, 2, 3, 3, 4)))
        paragraphs.append([sentence(context, filler_share) for _ in range(size)])
        left -= size
    title = rng.choice(TITLES).format(zone=zone.name, topic=context.topic)
    return ItemDraft(
        zone=zone,
        title=title,
        lead_in=rng.choice(LEAD_INS) if rng.random() < 0.3 else None,
        author=person_name(rng),
        byline=rng.choice(("line", "dateline", "plain", "signature")),
        paragraphs=paragraphs,
        year=year,
    )


def _half_width(text: str, rng: random.Random) -> str:
    """Some pages mix in half-width punctuation, as real pages do."""
    return text.replace("，", ",").replace("：", ":") if rng.random() < 0.5 else text


def _with_page_break(line: str, rng: random.Random) -> str:
    """Cut a line in the middle of a word, as a page break does ("…重要\\n\\n领域…")."""
    if len(line) < 40 or rng.random() > 0.15:
        return line
    at = rng.randint(10, len(line) - 10)
    if not ("\u4e00" <= line[at - 1] <= "\u9fff" and "\u4e00" <= line[at] <= "\u9fff"):
        return line
    return f"{line[:at]}\n\n{line[at:]}"


SENTENCES_LOW, SENTENCES_HIGH = 15, 32  # per item on a page


def render_page(items: Sequence[ItemDraft], rng: random.Random) -> str:
    blocks: list[str] = []
    for item in items:
        lines = item.layout().text.split("\n")
        heading = len(item.headings())
        if rng.random() < 0.3:  # an image credit under the headings
            lines.insert(heading, f"图片来源:{item.zone.name}")
        blocks.extend(
            _with_page_break(line, rng) if index > heading else line for index, line in enumerate(lines)
        )
    return _half_width("\n\n".join(blocks), rng) + "\n"


def page_drafts(seed: int, number: int) -> tuple[list[ItemDraft], random.Random]:
    """The items of page `number` of `seed`, and the generator that goes on to render them."""
    rng = random.Random(f"page:{seed}:{number}")
    return [
        draft_item(rng, rng.randint(SENTENCES_LOW, SENTENCES_HIGH)) for _ in range(rng.randint(3, 7))
    ], rng


def generate_page(seed: int, number: int) -> str:
    """Page `number` of `seed`: 3-7 items, about the size of the seed page (6,000 characters)."""
    items, rng = page_drafts(seed, number)
    return render_page(items, rng)


def write_pages(out: Path, count: int, seed: int = 1) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for number in range(count):
        path = out / f"page_{seed}_{number:06d}.txt"
        path.write_text(generate_page(seed, number), encoding="utf-8")
        paths.append(path)
    return paths


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Write synthetic news pages (deterministic by seed).")
    parser.add_argument("--count", type=int, default=100, help="pages to write")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, required=True, help="folder for page_<seed>_<n>.txt")
    args = parser.parse_args(argv)
    paths = write_pages(args.out, args.count, args.seed)
    size = sum(p.stat().st_size for p in paths)
    print(f"{len(paths)} pages, {size / 1e6:.1f} MB in {args.out}")


if __name__ == "__main__":
    main()
