"""Names of initiatives and organizations, rule by rule: a sentence, what must be found in it,
and what must not. Every bug found adds a row (sentences written for these tests)."""

from __future__ import annotations

import pytest

from app.extract import extract_page

# (sentence, initiative names that must be found, names that must not be found)
INITIATIVE_CASES = [
    # a fund right after its size, with or without 的
    ("区里每年安排3亿元科技创新专项资金,支持研发平台。", ["科技创新专项资金"], ["安排科技创新专项资金"]),
    ("每年安排2000万元的人才安居专项资金。", ["人才安居专项资金"], []),
    # a fund right before its size
    ("区财政每年安排产业扶持资金10亿元左右。", ["产业扶持资金"], ["每年安排产业扶持资金"]),
    ("高新区每年安排3000万元冰雪测试产业专项扶持资金。", ["冰雪测试产业专项扶持资金"], []),
    # a company's spending is not a fund, however it is sized
    ("企业拟投入研发资金1.8亿元。", [], ["企业拟投入研发资金", "研发资金"]),
    # quoted digits, then the suffix
    ("区里持续完善“1+6”科技金融政策体系。", ["“1+6”科技金融政策体系"], []),
    ("下一步将出台“汽车+”产业链专项扶持政策。", ["“汽车+”产业链专项扶持政策"], []),
    # a verb between a quote and a later suffix: two things, not one name
    (
        "嘉兴高新区“星河青创工场”和“光电双创空间”入选省级众创空间。",
        ["星河青创工场", "光电双创空间"],
        ["“光电双创空间”入选省级众创空间"],
    ),
    # an event's name begins at its edition and keeps the year before it
    (
        "高新区将联合省医药行业协会办好第六届国际生物医药产业博览会。",
        ["第六届国际生物医药产业博览会"],
        ["联合省医药行业协会办好第六届国际生物医药产业博览会"],
    ),
    ("3月2日,襄阳高新区举行2025年第二批重点项目集中开工仪式。", ["2025年第二批重点项目集中开工仪式"], []),
    ("合肥高新区举办第四届量子科技产业金融对接会。", ["第四届量子科技产业金融对接会"], []),
    # a counted kind of thing, not a name
    ("打造3个百亿级新材料产业园、建设1个稀土中试基地。", [], ["级新材料产业园", "稀土中试基地"]),
    ("企业将建设第二个研发中心。", [], ["第二个研发中心"]),
    # the year of the news is not part of a base's name
    ("2023年中关村示范区企业总收入突破8万亿元。", [], ["2023年中关村示范区"]),
    # a fund set up with its size
    ("管委会出资5000万元设立风险补偿资金池。", ["风险补偿资金池"], []),
    # more kinds of events
    ("泰安高新区召开2024年上半年经济运行分析会。", ["2024年上半年经济运行分析会"], []),
    ("同一项目不得重复申报。", [], ["同一项目"]),
    ("对于早期硬科技项目,基金单笔投资额一般不超过3000万元。", [], ["于早期硬科技项目"]),
    # a suffix word used as a verb
    ("长沙高新区计划投资50亿元建设新园区。", [], ["长沙高新区计划"]),
    ("实施“星火计划”在全区推广。", ["星火计划"], []),
    ("2024包头稀土高新区(深圳)投资促进周签约项目18个。", ["2024包头稀土高新区(深圳)投资促进周"], []),
    ("“新雁计划”分为领军人才、青年英才、卓越工程师三个层次。", ["新雁计划"], ["卓越工程"]),
    # suffixes
    ("风险由宁波高新区科技信贷风险池分担。", ["宁波高新区科技信贷风险池"], []),
    ("高新区正在加快建设金山乳业科创园。", ["金山乳业科创园"], []),
    # prepositions and verbs do not start a name
    ("合作银行按资金池规模的10倍放大贷款。", [], ["合作银行按资金池"]),
    # a verb right before the suffix word is part of the name after a quote
    ("去年以来,淄博高新区实施“4321”产业培育工程。", ["“4321”产业培育工程"], []),
    # "以上" after a level, and stages of a company's growth, name nothing
    ("建设2个省级以上创新平台集群。", [], ["上创新平台", "上创新平台集群"]),
    ("子基金重点投向种子期和初创期项目。", [], ["初创期项目"]),
    # after a quote, the name runs to the last suffix word that goes on it
    ("衢州高新区与龙游县共建“衢龙”飞地产业园。", ["“衢龙”飞地产业园"], ["“衢龙”飞地"]),
    # 计划 followed by a verb plans, it names no program
    ("2024年,衢州高新区计划实施重大项目120个。", [], ["衢州高新区计划"]),
    # things counted right after their number, classes above a level, and pronouns name nothing
    (
        "园区拥有3家国家级孵化器、5家省级以上科技企业孵化器。",
        [],
        ["家国家级孵化器", "省级以上科技企业孵化器"],
    ),
    ("我们计划引进一批项目。", [], ["我们计划"]),
    # an output figure after 年产 is part of a project's name
    ("开工建设年产800万套精密轴承项目。", ["年产800万套精密轴承项目"], ["精密轴承项目"]),
    # "正极" is one word; "按照" and "担任" begin no name
    ("项目包括年产5万吨锂电池正极材料项目。", ["年产5万吨锂电池正极材料项目"], ["极材料项目"]),
    ("按照“1+N”基金架构,由某公司担任基金管理人。", [], ["照“1+N”基金", "担任基金"]),
    # two events held as one, the second with its edition
    ("2024丝路博览会暨第8届东西部投资洽谈会开幕。", ["2024丝路博览会暨第8届东西部投资洽谈会"], []),
    # a generic fund sized right after its name
    ("其中,集成电路子基金规模5亿元,新能源子基金规模达3亿元。", ["集成电路子基金", "新能源子基金"], []),
    # levels of government, classes of managers, and comparisons name no fund
    ("由省、市两级政府引导基金共同出资。", [], ["市两级政府引导基金", "两级政府引导基金"]),
    ("区内已集聚私募基金管理人52家。", [], ["私募基金"]),
    ("投向区内企业的金额不低于母基金出资额的2倍。", [], ["不低于母基金"]),
    # two events held as one are one
    (
        "芜湖高新区举办2024年产业招商推介会暨重点项目集中签约仪式。",
        ["2024年产业招商推介会暨重点项目集中签约仪式"],
        ["2024年产业招商推介会", "暨重点项目集中签约仪式"],
    ),
    # 改革 and 政策 name with a quote right before them only
    ("高新区推进“一网通办”改革,出台“凤凰英才”政策。", ["“一网通办”改革", "“凤凰英才”政策"], []),
    ("企业“长大”离不开政策支持。", [], ["企业“长大”离不开政策", "“长大”离不开政策"]),
    ("2024南通高新区“紫琅创投周”落幕,举办闭门对接会12场。", ["紫琅创投周"], ["闭门对接会"]),
    # 行动 after a quote
    ("今年高新区将实施“千企升级”行动。", ["“千企升级”行动"], []),
    # generic words and verbs before a suffix word make no name
    ("本届大赛共吸引参赛项目320个。", [], ["本届大赛", "参赛项目"]),
    ("对弄虚作假骗取专项资金的企业追回资金。", [], ["弄虚作假骗取专项资金"]),
    ("着力破解企业不敢贷、不愿贷难题。", [], ["不敢贷", "不愿贷"]),
    ("区内新增全国重点实验室2家、中试验证平台3个。", [], ["全国重点实验室", "中试验证平台"]),
    ("支持企业在境内证券交易所上市。", [], ["境内证券交易所"]),
    # a newspaper in 《》 with spaces is no policy; an enclave of a zone elsewhere is a base
    ("据《 经济日报 》报道,淄博高新区打造淄青科创飞地。", ["淄青科创飞地"], ["经济日报", " 经济日报 "]),
    ("园区与高校实验室开展合作。", [], ["高校实验室"]),
]

# (sentence, organization names that must be found, names that must not be found)
ORGANIZATION_CASES = [
    ("成都高新区与国家中小企业发展基金有限公司签署协议。", ["国家中小企业发展基金有限公司"], []),
    ("近日,湖北省科学技术厅公布年度名单。", ["湖北省科学技术厅"], []),
    ("湘潭高新区将联合湘潭市中小企业商会举办活动。", ["湘潭市中小企业商会"], []),
    ("青岛蓝海生物科技股份有限公司去年在香港联交所主板上市。", ["香港联交所"], []),
    # industries in a list, and a thing whose name goes on, are not companies
    ("数字安防、网络通信、集成电路等产业在全国领先。", [], ["网络通信"]),
    ("配备电磁兼容、有源医疗器械安全等检测设备。", [], ["有源医疗"]),
    # companies listed before 等…项目 still are companies
    ("华泰汽车、田村电子材料等重大项目建成投产。", ["华泰汽车"], []),
    ("单户企业最高可获得3000万元信用贷款。", [], ["最高可"]),
    # a word that holds a suffix word ends no name, and stops none either
    ("江苏省工程师协会举办活动。", ["江苏省工程师协会"], []),
    # "是" begins no company's name
    ("宁波旭晟新材料科技有限公司是首批获得“人才贷”的企业之一。", [], ["是首批"]),
    ("绍兴高新区会同绍兴市科学技术局推出新政。", ["绍兴市科学技术局"], ["绍兴高新区会同绍兴市科学技术局"]),
    ("区内银行已累计放款20亿元。", [], ["区内银行"]),
    # the last of a list of industries is no company either
    ("重点投向集成电路、生物医药、人工智能等领域。", [], ["人工智能"]),
    # a verb does not start a bank's name
    ("预计每年可带动银行新增科技贷款10亿元以上。", [], ["每年可带动银行", "带动银行"]),
    # a list of industries before 企业 lists no companies; a list of brands does
    ("区内已集聚光伏材料、储能电池及系统集成企业60余家。", [], ["光伏材料", "储能电池"]),
    ("重点引进半导体封装测试、新型显示配套等企业。", [], ["半导体封装测试", "新型显示配套"]),
    ("园区已吸引星海、云图、蓝湾等30家企业,形成集群。", ["星海", "云图", "蓝湾"], []),
    # financial industries in a list are no companies; a verb does not begin a bank's name
    ("推动银行、保险等机构加大支持。", [], ["银行", "保险"]),
    ("帮助企业解除银行抽贷顾虑。", [], ["解除银行"]),
    # a company whose name holds 和; a kind of exchange or of association is no body
    ("园区内的日资企业衡州东和电子有限公司宣布增资。", ["衡州东和电子有限公司"], ["电子有限公司"]),
    ("支持企业到境内外证券交易所上市。", [], ["境内外证券交易所"]),
    ("高新区企业与有色金属新材料、氟硅钴锂新材料等企业合作。", [], ["有色金属新材料", "氟硅钴锂新材料"]),
    # a dash pair sets off what follows it
    ("另一个重点项目——湖南衡星电子有限公司封装测试项目开工。", ["湖南衡星电子有限公司"], []),
    # a university's research unit is an institute; a government's press office is government
    ("浙江大学区域协调发展研究中心发布报告。", ["浙江大学区域协调发展研究中心"], []),
    ("唐山市人民政府新闻办公室举行发布会。", ["唐山市人民政府新闻办公室"], []),
    # a school named by its field alone is one school
    ("实验室由南昌大学、电子科技大学共建。", ["南昌大学", "电子科技大学"], []),
    # a kind of company is no company
    ("常州高新区上市公司已达30家,其中科创板上市公司8家。", [], ["常州高新区上市公司", "科创板上市公司"]),
    # a brand that leads a round is a company
    ("本轮融资由星汉资本领投,老股东跟投。", ["星汉资本"], []),
    # city bureaus by their usual names, including the ones whose words hold a boundary word
    ("潍坊市金融工作局、潍坊市农业农村局联合印发通知。", ["潍坊市金融工作局", "潍坊市农业农村局"], []),
    ("昆明市人力资源和社会保障局将为人才发放补贴。", ["昆明市人力资源和社会保障局"], []),
    ("株洲市工业和信息化局牵头组织对接。", ["株洲市工业和信息化局"], []),
    ("厦门火炬高新区经济发展局局长表示。", ["厦门火炬高新区经济发展局"], ["局局长"]),
    # a bureau's suffix that begins another word is no bureau
    ("推动高质量发展局面持续向好。", [], ["高质量发展局"]),
    # "和" and "联合" inside a name
    ("园区与兰州协和医院共建临床转化中心。", ["兰州协和医院"], []),
    ("该企业去年在香港联合交易所上市。", ["香港联合交易所"], []),
]


def _names(sentence: str) -> tuple[list[str], list[str]]:
    (item,) = extract_page(sentence)
    return [i.name for i in item.initiatives], [o.name for o in item.organizations]


@pytest.mark.parametrize(
    ("sentence", "found", "not_found"), INITIATIVE_CASES, ids=[c[0][:16] for c in INITIATIVE_CASES]
)
def test_initiatives(sentence: str, found: list[str], not_found: list[str]) -> None:
    initiatives, _ = _names(sentence)
    assert [name for name in found if name not in initiatives] == [], initiatives
    assert [name for name in not_found if name in initiatives] == [], initiatives


@pytest.mark.parametrize(
    ("sentence", "found", "not_found"), ORGANIZATION_CASES, ids=[c[0][:16] for c in ORGANIZATION_CASES]
)
def test_organizations(sentence: str, found: list[str], not_found: list[str]) -> None:
    _, organizations = _names(sentence)
    assert [name for name in found if name not in organizations] == [], organizations
    assert [name for name in not_found if name in organizations] == [], organizations


def test_a_company_short_name_is_its_registered_name() -> None:
    _, organizations = _names(
        "管委会与宁波银行股份有限公司等12家金融机构签约。签约当天,宁波银行向3家企业放贷。"
    )
    assert organizations == ["宁波银行股份有限公司"]
    (item,) = extract_page("管委会与宁波银行股份有限公司签约。宁波银行向企业放贷。")
    assert [(o.name, o.type, len(o.mentions)) for o in item.organizations] == [
        ("宁波银行股份有限公司", "bank", 2)
    ]


# (sentence, an initiative's name, its kind)
KIND_CASES = [
    ("南宁高新区建成广西生物医药中试基地。", "广西生物医药中试基地", "base"),
    ("潍坊高新区发布《关于支持科技企业上市的若干措施》。", "关于支持科技企业上市的若干措施", "policy"),
    ("温州高新区设立2亿元天使投资基金。", "天使投资基金", "fund"),
    ("绵阳科技城新区建设先进材料概念验证中心。", "先进材料概念验证中心", "platform"),
]


@pytest.mark.parametrize(("sentence", "name", "kind"), KIND_CASES, ids=[c[1] for c in KIND_CASES])
def test_initiative_kinds(sentence: str, name: str, kind: str) -> None:
    (item,) = extract_page(sentence)
    assert {i.name: i.kind for i in item.initiatives}.get(name) == kind, item.initiatives


@pytest.mark.parametrize(
    "text",
    [
        "新余高新区发布《新余高新区支持锂电产业发展若干政策措施》(以下简称“锂十条”)。根据“锂十条”,企业可获奖励。",
        "管委会印发《泰州高新区支持科技创新若干政策措施》（以下简称《若干措施》）。《若干措施》共20条。",
    ],
)
def test_a_short_name_the_text_gives_is_a_mention_of_the_name(text: str) -> None:
    (item,) = extract_page(text)
    (initiative,) = item.initiatives
    short = text.split("简称", 1)[1][1:].split("”")[0].split("》")[0]
    assert [item.text[m.start : m.end] for m in initiative.mentions] == [initiative.name, short, short]
