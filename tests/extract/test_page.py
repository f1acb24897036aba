"""Page reading: line joins at page breaks, items, headings, bylines, dates."""

from __future__ import annotations

import datetime as dt

import pytest

from app.extract.gazetteer import load_gazetteer
from app.extract.page import authors_in, classify, join_page_breaks, page_rules, page_year, read_items

JOINS = [
    (
        ["标题", "成为科技金融创新服务“十百", "", "千万”专项行动首批实施单位。"],
        ["标题", "成为科技金融创新服务“十百千万”专项行动首批实施单位。"],
    ),
    (
        ["标题", "金融要聚焦重大平台、重要", "", "领域、重点项目。"],
        ["标题", "金融要聚焦重大平台、重要领域、重点项目。"],
    ),
    (
        ["标题", "截至目前,亿达(郑州)科技园", "", "区已引入180余家企业。"],
        ["标题", "截至目前,亿达(郑州)科技园区已引入180余家企业。"],
    ),
    (
        ["标题", "佛山高新区集聚资本以及各类创新", "", "要素,推动金融活水。"],
        ["标题", "佛山高新区集聚资本以及各类创新要素,推动金融活水。"],
    ),
    (["引题一行", "", "主标题一行", "", "本报讯 近日,…。"], ["引题一行", "主标题一行", "本报讯 近日,…。"]),
    (
        ["深圳高新区加快布局新型储能产业", "", "近日，深圳高新区发布计划。"],
        ["深圳高新区加快布局新型储能产业", "近日，深圳高新区发布计划。"],
    ),
    (
        ["正文一段。", "", "实施“十百千万”专项行动", "", "科创引领,金融赋能。"],
        ["正文一段。", "实施“十百千万”专项行动", "科创引领,金融赋能。"],
    ),
    (["正文一段。", "", "▶ 本报特约通讯员 梁铁"], ["正文一段。", "▶ 本报特约通讯员 梁铁"]),
]


@pytest.mark.parametrize(("lines", "joined"), JOINS, ids=[j[1][-1][:8] for j in JOINS])
def test_page_breaks(lines: list[str], joined: list[str]) -> None:
    assert join_page_breaks(lines, page_rules()) == joined


BYLINES = [
    ("◎本报记者 魏星 通讯员 邹斌 刘怡", ["魏星", "邹斌", "刘怡"]),
    ("21世纪经济报道记者 孙鸣 杭州报道", ["孙鸣"]),
    ("新华日报·交汇点记者 顾博 通讯员 季岚", ["顾博", "季岚"]),
    ("(记者 何俊熙 通讯员 罗晓月)", ["何俊熙", "罗晓月"]),
    ("中新网乌鲁木齐6月20日电（记者 古丽米热·艾山 赵文博）", ["古丽米热·艾山", "赵文博"]),
    ("▶ 本报特约通讯员 梁铁", ["梁铁"]),
    ("本报讯(特约通讯员 刘地)近日,", ["刘地"]),
    ("科技日报讯 (记者刘志强)8月28日,", ["刘志强"]),
    ("■本报记者林灵 通讯员欧阳钢桥", ["林灵", "欧阳钢桥"]),
    ("文/江南都市报全媒体记者曾子怡 实习生曹立新", ["曾子怡", "曹立新"]),
    ("河北新闻网讯(通讯员钟蕾、张默)2月22日上午,", ["钟蕾", "张默"]),
    ("本报讯(记者 罗佳音 通讯员 程一帆)日前，", ["罗佳音", "程一帆"]),
    ("(记者 陈俊)", ["陈俊"]),
    ("本报讯 近日,", []),
]


@pytest.mark.parametrize(("line", "names"), BYLINES, ids=[b[0][:10] for b in BYLINES])
def test_authors_from_bylines(line: str, names: list[str]) -> None:
    assert authors_in(line) == names


PAGE = """多措并举推进科技金融

成都高新区推出“蓉创贷”

▶ 本报特约通讯员 王小明

图片来源:成都高新区

近日,成都高新区发布“蓉创贷”产品,首期规模10亿元。

李华

合肥高新区:新设天使基金

本报讯(记者 赵强)近日,合肥高新区设立规模3亿元的天使基金。

图片来源:武汉东湖高新区

3月5日,东湖高新区举行2024年项目签约仪式,签约项目总投资达200亿元。

孙丽
"""


def test_items_of_a_page() -> None:
    items = read_items(PAGE)
    assert [(i.title, i.subtitle, list(i.authors)) for i in items] == [
        ("成都高新区推出“蓉创贷”", "多措并举推进科技金融", ["王小明", "李华"]),
        ("合肥高新区:新设天使基金", None, ["赵强"]),
        (None, None, ["孙丽"]),
    ]
    assert items[2].date == dt.date(2024, 3, 5)
    assert "图片来源" not in items[0].text
    assert items[0].text[items[0].body_start :].startswith("近日")


def test_a_page_without_headline_is_one_item() -> None:
    (item,) = read_items("本报讯 今年上半年,天津滨海高新区生产总值预计完成506亿元。\n下半年继续推进。")
    assert item.title is None and item.authors == ()


def test_title_label_and_subtitle() -> None:
    (item,) = read_items(
        "原标题:南宁高新区多项指标增长\n一批百亿级重大项目开花结果\n■本报记者林灵\n今年以来,指标良好。"
    )
    assert (item.title, item.subtitle) == ("南宁高新区多项指标增长", "一批百亿级重大项目开花结果")


@pytest.mark.parametrize(
    ("text", "year"),
    [
        ("2022年7月启动,2022年度名单,2021年12月上线", 2022),
        ("自2014年起,2014年以来,到2027年", None),
        ("无年份", None),
    ],
)
def test_page_year(text: str, year: int | None) -> None:
    assert page_year(text) == year


CAPTION_PAGE = """聚焦冰雪经济新赛道

哈尔滨高新区打造寒地测试产业集群

■ 本报记者 马小骁 通讯员 于洪

入冬以来,哈尔滨高新区的寒地汽车测试基地迎来测试高峰。

图为测试基地内,一辆新能源汽车正在进行冰面制动测试,场面十分壮观,吸引不少人驻足观看。 记者 马小骁 摄

湘潭高新区“智造贷”为中小企业解“资金渴”

本报讯(通讯员 彭远)近日,湘潭高新区推出“智造贷”产品。

宜昌高新区两家众创空间获评省级

图为青创工场内,创业团队正在调试无人机。 宜昌高新区供图

近日,湖北省科学技术厅公布省级众创空间名单。

周衡
"""


def test_captions_of_any_length_are_credits_and_headlines_stay_with_their_items() -> None:
    items = read_items(CAPTION_PAGE)
    assert [(i.title, i.subtitle, list(i.authors)) for i in items] == [
        ("哈尔滨高新区打造寒地测试产业集群", "聚焦冰雪经济新赛道", ["马小骁", "于洪"]),
        ("湘潭高新区“智造贷”为中小企业解“资金渴”", None, ["彭远"]),
        ("宜昌高新区两家众创空间获评省级", None, ["周衡"]),
    ]
    assert all("图为" not in item.text for item in items)


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("图为项目现场,工人正在安装设备,预计年底前完成主体结构封顶。 记者 王小明 通讯员 李四 摄", "credit"),
        ("项目开工现场。 宜昌高新区供图", "credit"),
        ("图片来源:佛山高新区", "credit"),
        ("无锡高新区发布　2023-06-12 18:30　发表于江苏", "meta"),
        ("高新区企业研究成果发表于《自然》", "heading"),
        ("他说，这是企业自己拍摄", "heading"),
        ("企业负责人表示，产品由园区提供", "heading"),
    ],
)
def test_credit_lines(line: str, kind: str) -> None:
    assert classify(line, page_rules()) == kind


def test_a_subtitle_under_the_title_that_names_an_industry_is_not_the_title() -> None:
    (item,) = read_items(
        "成都高新区设立200亿元科创母基金\n首期规模50亿元 重点投向电子信息、生物医药领域\n"
        "本报讯(记者 王雪)近日,成都高新区发布母基金。",
        load_gazetteer().named_in,
    )
    assert (item.title, item.subtitle) == (
        "成都高新区设立200亿元科创母基金",
        "首期规模50亿元 重点投向电子信息、生物医药领域",
    )


def test_a_metadata_line_is_neither_headline_nor_body_and_dates_the_item() -> None:
    (item,) = read_items(
        "长春高新区召开项目推进会 14个项目集中签约\n发布时间:2024-04-09 10:32 来源:长春高新区管委会\n"
        "4月8日,长春高新区召开项目推进会。"
    )
    assert (item.title, item.subtitle, item.date) == (
        "长春高新区召开项目推进会 14个项目集中签约",
        None,
        dt.date(2024, 4, 9),
    )
    assert "发布时间" not in item.text


def test_a_signature_line_in_brackets_names_every_author() -> None:
    (item,) = read_items("青岛高新区营收增长\n今年以来,青岛高新区营收增长。\n\n（记者 孙立明 通讯员 韩雪）")
    assert item.authors == ("孙立明", "韩雪")


def test_the_year_of_an_event_name_counts_and_a_tie_goes_to_the_latest_year() -> None:
    (item,) = read_items(
        "新华社杭州3月18日电(记者 沈悦)在18日举行的2024杭州人才发展大会上,新政发布。2010年,该区启动计划。"
    )
    assert item.date == dt.date(2024, 3, 18)


def test_a_notice_salutation_is_body_and_its_closing_date_dates_it() -> None:
    (item,) = read_items(
        "关于组织申报2024年度科技创新专项资金的通知\n各有关企业、单位：\n现将有关事项通知如下。\n"
        "湖州莫干山高新区管委会\n2024年3月12日"
    )
    assert (item.title, item.subtitle, item.date) == (
        "关于组织申报2024年度科技创新专项资金的通知",
        None,
        dt.date(2024, 3, 12),
    )


# Metadata lines as scraped pages keep them: (page, title, subtitle, authors, date)
SCRAPED_HEADS = [
    (
        "合肥高新区设立科学城基金\n2024-03-19 08:12:36 来源: 新华网\n"
        "新华社合肥3月18日电(记者 陶然)合肥高新区设立基金。",
        "合肥高新区设立科学城基金",
        None,
        ["陶然"],
        dt.date(2024, 3, 19),
    ),
    (
        "建设银行为成都高新区提供授信\n成都日报　2023年11月21日　第03版：经济\n"
        "本报讯(记者 林雅)近日,双方签约。",
        "建设银行为成都高新区提供授信",
        None,
        ["林雅"],
        dt.date(2023, 11, 21),
    ),
    (
        "无锡高新区人才新政发布\n无锡高新区发布　2023-06-12 18:30　发表于江苏\n\n文｜顾源\n\n近日,新政发布。",
        "无锡高新区人才新政发布",
        None,
        ["顾源"],
        dt.date(2023, 6, 12),
    ),
    (
        "苏州高新区新增上市公司5家\n中新网苏州6月28日电 (记者 钱晨)28日,一家企业上市。",
        "苏州高新区新增上市公司5家",
        None,
        ["钱晨"],
        None,
    ),
    (
        "麓谷集中签约26个重大项目\n其中百亿级项目3个\n"
        "长沙晚报全媒体记者　贺涛　通讯员　邹晴\n3月26日,项目签约。",
        "麓谷集中签约26个重大项目",
        "其中百亿级项目3个",
        ["贺涛", "邹晴"],
        None,
    ),
    (
        "包头稀土高新区投资促进周签约\n近日,签约18个项目。\n\n(包头日报融媒体记者 其木格 通讯员 刘安)",
        "包头稀土高新区投资促进周签约",
        None,
        ["其木格", "刘安"],
        None,
    ),
    # an e-paper's header with no colon, a breadcrumb line, a byline signed after the body
    (
        "兰州日报 2024年5月6日 第A3版\n兰州高新区新增专精特新企业12家\n近日,名单公布。\n\n本报记者 马兰",
        "兰州高新区新增专精特新企业12家",
        None,
        ["马兰"],
        dt.date(2024, 5, 6),
    ),
    (
        "2024年05月06日　第B02版:园区\n\n大连高新区举办路演\n\n近日,路演举行。",
        "大连高新区举办路演",
        None,
        [],
        dt.date(2024, 5, 6),
    ),
    (
        "当前位置：首页 > 新闻中心 > 园区要闻\n温州高新区召开工作会议\n发布日期：2024-02-21\n"
        "2月20日,会议召开。",
        "温州高新区召开工作会议",
        None,
        [],
        dt.date(2024, 2, 21),
    ),
]


@pytest.mark.parametrize(
    ("page", "title", "subtitle", "authors", "date"), SCRAPED_HEADS, ids=[c[1][:10] for c in SCRAPED_HEADS]
)
def test_scraped_page_heads(
    page: str, title: str, subtitle: str | None, authors: list[str], date: dt.date | None
) -> None:
    (item,) = read_items(page)
    assert (item.title, item.subtitle, list(item.authors), item.date) == (title, subtitle, authors, date)


def test_an_outlet_and_its_day_alone_on_a_line_and_an_editor_line_are_metadata() -> None:
    (item,) = read_items(
        "营口日报 2024年09月10日\n营口高新区人才新政发布\n近日,新政发布。\n编辑 | 融媒体中心"
    )
    assert (item.title, item.subtitle, item.date) == ("营口高新区人才新政发布", None, dt.date(2024, 9, 10))
    assert "融媒体中心" not in item.text


def test_the_date_a_page_shows_dates_every_item_on_it() -> None:
    items = read_items(
        "2024年06月17日　第A05版:园区\n\n潍坊高新区助企融资\n\n本报记者　孙岚\n\n今年以来,融资增长。\n\n"
        "银川高新区检测中心投用\n\n本报讯(记者 马东)6月11日,中心投用。"
    )
    assert [(item.title, item.date) for item in items] == [
        ("潍坊高新区助企融资", dt.date(2024, 6, 17)),
        ("银川高新区检测中心投用", dt.date(2024, 6, 17)),
    ]


def test_a_short_item_signed_at_its_end_is_an_item_of_its_own() -> None:
    items = read_items(
        "柳州高新区项目投产\n\n本报讯(通讯员 覃丽)9月12日,项目投产。\n\n"
        "景德镇高新区企业加码研发\n\n走进车间,生产线正满负荷运转。\n\n江晓\n\n"
        "自贡高新区出台人才新政\n\n本报讯 近日,新政发布。"
    )
    assert [(item.title, list(item.authors)) for item in items] == [
        ("柳州高新区项目投产", ["覃丽"]),
        ("景德镇高新区企业加码研发", ["江晓"]),
        ("自贡高新区出台人才新政", []),
    ]


def test_the_subheadings_of_a_signed_article_stay_in_it() -> None:
    (item,) = read_items(
        "泰州高新区发布科技新政\n\n本报讯(记者 王平)近日,新政发布。\n\n"
        "研发投入再奖励\n\n对研发投入增长的企业给予奖励。\n\n"
        "人才安家有补贴\n\n对新引进博士给予补贴。\n\n李青"
    )
    assert (item.title, list(item.authors)) == ("泰州高新区发布科技新政", ["王平", "李青"])


def test_a_photo_news_caption_is_an_item_and_a_photo_description_is_not() -> None:
    items = read_items(
        "孝感高新区科创贷放款超12亿元\n\n本报讯(记者 黄远)近日,科创贷放款超12亿元。\n\n"
        "图为科创贷签约现场。 记者 黄远 摄\n\n"
        "9月20日,在随州高新区一家专用汽车企业的总装车间,工人正在调试新车。该项目总投资15亿元,"
        "全部达产后年产值约40亿元。 记者 陶然 摄"
    )
    assert [(item.title, list(item.authors)) for item in items] == [
        ("孝感高新区科创贷放款超12亿元", ["黄远"]),
        (None, ["陶然"]),
    ]
    assert "总投资15亿元" in items[1].text and "签约现场" not in items[0].text


def test_a_website_pages_navigation_and_buttons_are_metadata() -> None:
    (item,) = read_items(
        "首页 > 新闻中心 > 园区动态\n龙岩高新区7家企业获评“小巨人”\n发布时间：2024-08-02 16:40\n"
        "【字体：大 中 小】\n近日,名单公布。\n打印本页 关闭窗口"
    )
    assert (item.title, item.subtitle, item.date) == (
        "龙岩高新区7家企业获评“小巨人”",
        None,
        dt.date(2024, 8, 2),
    )
    assert "字体" not in item.text and "打印本页" not in item.text


def test_a_second_headline_that_begins_with_its_first_phase_is_the_subtitle() -> None:
    (item,) = read_items(
        "内江高新区与成都高新区共建“飞地园区”\n首期投资5亿元 承接成都电子信息产业外溢项目\n"
        "本报讯(记者 彭嘉)近日,两区签约。"
    )
    assert (item.title, item.subtitle) == (
        "内江高新区与成都高新区共建“飞地园区”",
        "首期投资5亿元 承接成都电子信息产业外溢项目",
    )
