"""Names of initiatives and organizations: 《》 titles, quoted names, and names that end in a
suffix word ("…基金", "…孵化中心", "…有限公司"), each found with its start in the text.

A name's start is found by walking left from its suffix until a clause break or a boundary
word (a verb or preposition that cannot begin a name). Names made only of generic vocabulary
("科技金融服务平台") are not names. What counts as a suffix, a boundary or generic vocabulary
lives in app/data/names.toml.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from app.extract.rules import WordFinder, alternation, guarded_alternation, load_rules
from app.extract.types import InitiativeKind, OrganizationType

MAX_NAME = 32
_OPENING = {"”": "“", "’": "‘", ")": "(", "）": "（", "」": "「"}
# Characters a name is made of besides Han: ASCII letters and digits, and a few joiners.
_NAME_PUNCT = "·—-–&．."
_ASCII_NAME = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789" + _NAME_PUNCT)
_NAME_RUN = re.compile(f"[\u4e00-\u9fffA-Za-z0-9{re.escape(_NAME_PUNCT)}]{{1,20}}")
_NAME_CHARS = re.compile(f"[\u4e00-\u9fffA-Za-z0-9{re.escape(_NAME_PUNCT)}]*")
_NOT_WORDS = re.compile(r"[“”‘’\"()（）·\-—\d]")
_TITLE = re.compile(r"《([^《》\n]{2,80})》")
_QUOTED = re.compile(r"“([^“”\n]{2,40})”")
_COUNT_AFTER = re.compile(r"\s?[\d一二三四五六七八九十两]+(?:个|家|项|支|所|批)")
_LIST_PART = re.compile(r"[^、]+")
_SPEECH_PUNCT = re.compile(r"[，,。；;！？!?：:]")
_JOINER = re.compile("[的和与及]")  # joins two names: what follows a quote past one is not its suffix


@dataclass(slots=True)  # not frozen: built by the hundred per page, 3x cheaper to construct
class NameFound:
    name: str
    start: int
    end: int
    kind: str  # an InitiativeKind or an OrganizationType
    is_organization: bool
    strong: bool = True  # weak: a short brand name ("X科技") that yields to longer names


@dataclass(frozen=True, slots=True)
class _NameRules:
    known: dict[str, OrganizationType]
    words: WordFinder[_WordInfo]  # every boundary and suffix word (see _word_finder)
    plain_boundary_flags: list[int]  # per word of `words`: its flags if it is a plain boundary, else 0
    suffix_lengths: tuple[int, ...]  # the lengths of the suffix words, longest first
    suffix_kinds: dict[str, tuple[str, bool]]
    # generic words one after another, the longest at each place (never given back for a shorter)
    generic_words: re.Pattern[str]
    industry_words: re.Pattern[str]  # the same, with the names of industries and fields
    known_pattern: re.Pattern[str]
    brand_pattern: re.Pattern[str]
    quote_only: frozenset[str]
    right_after_quote: tuple[str, ...]
    after_amount_only: frozenset[str]
    list_heads: tuple[str, ...]
    thing_list_heads: tuple[str, ...]
    project_modifiers: tuple[str, ...]
    not_after_suffix: dict[str, frozenset[str]]
    verb_before: dict[str, tuple[str, ...]]  # a suffix word is a verb before these ("计划投资")
    bank_words: tuple[str, ...]  # the suffix words of banks' names
    legal_forms: tuple[str, ...]  # what a company's registered name adds to its short name
    company_introduced: re.Pattern[str]


_WordInfo = tuple[int, tuple[str, ...], str | None]


def _word_finder(rules: dict[str, Any]) -> WordFinder[_WordInfo]:
    """One automaton finds every boundary word and every suffix word of a text in a single pass
    (C speed), leftmost and longest first. Its values: (boundary flags, the exceptions of a
    boundary word, the word if it is a suffix)."""
    flags: dict[str, int] = {}
    for word in rules["boundaries"]["words"]:
        flags[word] = flags.get(word, 0) | BASE_BOUNDARY
    for word in rules["boundaries_for"]["organization"]:
        flags[word] = flags.get(word, 0) | ORGANIZATION_BOUNDARY
    for word in rules["boundaries_for"]["initiative"]:
        flags[word] = flags.get(word, 0) | INITIATIVE_BOUNDARY
    for word in rules["plain_words"]["words"]:  # read whole, so no suffix is found inside them
        flags.setdefault(word, 0)
    exceptions = {k: tuple(v) for k, v in rules["boundary_exceptions"].items()}
    suffixes = {*rules["initiative_suffixes"], *rules["organization_suffixes"]}
    return WordFinder(
        dense=False,
        values={
            word: (
                flags.get(word, 0),
                exceptions.get(word, ()),
                word if word in suffixes else None,
            )
            for word in {*flags, *suffixes}
        },
    )


@cache
def name_rules() -> _NameRules:
    rules = load_rules("names")
    initiative: dict[str, InitiativeKind] = rules["initiative_suffixes"]
    organization: dict[str, OrganizationType] = rules["organization_suffixes"]
    known = {name: kind for kind, names in rules["known_organizations"].items() for name in names}
    brands = tuple(rules["company_brand_suffixes"]["words"])
    return _NameRules(
        known=known,
        words=(words := _word_finder(rules)),
        plain_boundary_flags=[
            flags if not excepted and suffix is None else 0 for flags, excepted, suffix in words.values
        ],
        suffix_lengths=tuple(sorted({len(w) for w in [*initiative, *organization]}, reverse=True)),
        suffix_kinds={
            **{w: (t, True) for w, t in organization.items()},
            **{w: (k, False) for w, k in initiative.items()},
        },
        generic_words=re.compile(f"(?>{guarded_alternation(rules['generic']['words'])})*+"),
        industry_words=re.compile(
            f"(?>{guarded_alternation([*rules['generic']['words'], *rules['industries']['words']])})*+"
        ),
        known_pattern=re.compile(alternation(known)),
        brand_pattern=re.compile(alternation(brands)),
        quote_only=frozenset(rules["quote_only"]["suffixes"]),
        right_after_quote=tuple(rules["quote_only"]["right_after"]),
        after_amount_only=frozenset(rules["after_amount_only"]["suffixes"]),
        project_modifiers=tuple(rules["project_modifiers"]["words"]),
        not_after_suffix={k: frozenset(v) for k, v in rules["not_after_suffix"].items()},
        verb_before={k: tuple(v) for k, v in rules["verb_before"].items()},
        bank_words=tuple(word for word, kind in organization.items() if kind == "bank"),
        legal_forms=tuple(rules["legal_forms"]["words"]),
        company_introduced=re.compile(
            "(?:"
            + alternation(rules["company_introducers"]["before"])
            + ")"
            + r"(?P<name>[\u4e00-\u9fffA-Za-z]{3,8}?)"
            + "(?="
            + alternation(rules["company_introducers"]["after"])
            + ")"
        ),
        list_heads=tuple(rules["company_brand_suffixes"]["list_heads"]),
        thing_list_heads=tuple(rules["company_brand_suffixes"]["thing_list_heads"]),
    )


def is_name_char(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or ch in _ASCII_NAME


def is_industry(words: str, rules: _NameRules | None = None) -> bool:
    """Whether `words` names only industries or fields, or generic things (so no company).

    >>> is_industry("光伏材料"), is_industry("星河电子")
    (True, False)
    """
    return _made_only_of((rules or name_rules()).industry_words, words)


def is_generic(words: str, rules: _NameRules | None = None) -> bool:
    """Whether `words` is made only of generic vocabulary (so it names nothing in particular).

    >>> is_generic("科技金融服务")
    True
    >>> is_generic("松山湖声学孵化")
    False
    """
    return _made_only_of((rules or name_rules()).generic_words, words)


def _made_only_of(vocabulary: re.Pattern[str], words: str) -> bool:
    if not words.isalpha():  # (letters alone hold nothing _NOT_WORDS takes out)
        words = _NOT_WORDS.sub("", words)
    return vocabulary.fullmatch(words) is not None


BASE_BOUNDARY, ORGANIZATION_BOUNDARY, INITIATIVE_BOUNDARY = 1, 2, 4
# bytes.translate tables: boundary flags → 1 when they hold a kind of the mask, else 0
_MARK_TABLES = {
    mask: bytes(1 if flags & mask else 0 for flags in range(256))
    for mask in (BASE_BOUNDARY, BASE_BOUNDARY | ORGANIZATION_BOUNDARY, BASE_BOUNDARY | INITIATIVE_BOUNDARY)
}


def name_start(scan: TextScan, end: int, floor: int = 0, also: int = 0) -> int:
    """Where a name that ends before `end` begins: walk left to a clause break or boundary word
    (`also` adds the boundary words of organization or initiative names).

    >>> t = "先后设立华芯创业投资(合肥)基金、滨湖园基金"
    >>> t[name_start(TextScan(t), 16):16]
    '华芯创业投资(合肥)基金'
    >>> t = "为实施“十百千万”专项行动"
    >>> t[name_start(TextScan(t), 3):]
    '“十百千万”专项行动'
    """
    text, backwards, length = scan.text, scan.reversed, len(scan.text)
    marks = scan.boundary_marks[BASE_BOUNDARY | also]
    i = end
    lowest = end - MAX_NAME if end - MAX_NAME > floor else floor
    # Rather than step left one character at a time, jump to the nearest stop, both found in C:
    # the last boundary word ending in (lowest, i], the last character before i no name holds
    # (a regex reads forwards only: it reads the run of name characters in the reversed text).
    while i > lowest:
        boundary = marks.rfind(1, lowest + 1, i + 1)
        run = _NAME_CHARS.match(backwards, length - i, length - lowest)
        stop = i - (run.end() - run.start()) if run else i
        if boundary >= stop or stop == lowest:  # a boundary word at the same place comes first
            return boundary if boundary > stop else stop
        ch = text[stop - 1]
        if ch not in _OPENING:
            return stop
        # a bracket or quote closes here: the name takes it in if it opened within reach
        opening = text.rfind(_OPENING[ch], lowest, stop - 1)
        if (
            opening < 0
            or _SPEECH_PUNCT.search(text, opening, stop)
            or "简称" in text[opening:stop]
            or stop - opening < 4
        ):
            return stop
        i = opening
    return i


def _suffix_kind(name: str, rules: _NameRules) -> tuple[str, bool] | None:
    """(kind, is_organization) from the longest suffix the name ends with."""
    for length in rules.suffix_lengths:
        kind = rules.suffix_kinds.get(name[-length:])
        if kind is not None:
            return kind
    return None


def find_titles(text: str) -> list[NameFound]:
    """《》 titles: policies (or events), outer brackets dropped."""
    found: list[NameFound] = []
    for match in _TITLE.finditer(text):
        title = match.group(1)
        if title.strip().endswith(("报", "杂志", "志")):  # a newspaper: "《 人民日报 》"
            continue
        kind = "event" if title.endswith(("大会", "论坛")) else "policy"
        found.append(NameFound(title, match.start(1), match.end(1), kind, False))
    return found


def find_quoted(scan: TextScan, number_spans: Sequence[tuple[int, int]] = ()) -> list[NameFound]:
    """Names in quotes: the quoted text when it ends in a suffix (“研发贷”), else the quote with the
    suffix that follows it and the words before it (科技金融创新服务“十百千万”专项行动).
    `number_spans` in reading order, not overlapping."""
    text, rules = scan.text, scan.rules
    found: list[NameFound] = []
    number_starts = [a for a, _ in number_spans]
    number_ends = [b for _, b in number_spans]
    for match in _QUOTED.finditer(text):
        inner = match.group(1)
        if _SPEECH_PUNCT.search(inner) or "、" in inner:
            continue
        own = _suffix_kind(inner, rules)
        tail = _suffix_after(scan, match.end())
        if tail is not None:  # a number between the quote and the suffix: they are not one name
            after = bisect.bisect_right(number_ends, match.end())
            if after < len(number_starts) and number_starts[after] < tail[0]:
                tail = None
        if (
            tail is not None
            and text.endswith(rules.right_after_quote, 0, tail[0])
            and not text.startswith(rules.right_after_quote, match.end())
        ):
            tail = None  # "企业“长大”离不开政策": such a word names with the quote only right after it
        adjacent = tail is not None and scan.suffix_starts_at(match.end())
        if own is not None and len(inner) >= 3 and not adjacent:
            found.append(NameFound(inner, match.start(1), match.end(1), own[0], own[1]))
            continue
        if tail is None:
            continue
        end, kind, is_org = tail
        before = bisect.bisect_right(number_ends, match.start())
        floor = number_ends[before - 1] if before else 0
        start = name_start(scan, match.start(), floor=floor, also=INITIATIVE_BOUNDARY)
        found.append(NameFound(text[start:end], start, end, kind, is_org))
    return found


def _suffix_after(scan: TextScan, position: int) -> tuple[int, str, bool] | None:
    """The nearest suffix word that ends a name within a few characters after `position`."""
    text, rules = scan.text, scan.rules
    run = _NAME_RUN.match(text, position)
    window_end = run.end() if run else position
    found: tuple[int, str, bool] | None = None
    for begin, word in scan.suffixes_in(position, window_end):
        if _ordinary_word(text, begin, word, rules):
            continue
        # "“X空间”入选省级众创空间": a verb between, two things named; but a verb right before the
        # suffix word is a noun with it ("“5311”产业培育工程")
        if (
            _JOINER.search(text, position, begin)
            or scan.boundary_marks[BASE_BOUNDARY | INITIATIVE_BOUNDARY].find(1, position + 1, begin) >= 0
        ):
            break
        kind = _suffix_kind(text[position : begin + len(word)], rules)
        if kind is not None:  # the last one that goes on the name: "“衢龙”飞地产业园"
            found = begin + len(word), kind[0], kind[1]
    return found


def find_suffixed(
    scan: TextScan, taken: list[tuple[int, int]], number_spans: list[tuple[int, int]]
) -> list[NameFound]:
    """Names in plain text that end in a suffix word, found from the suffix leftwards.

    A name never reaches back over a number ("2500亿元的母基金" names 母基金) nor into a name
    already found; one right after an amount ("5000万元的大数据产业发展专项资金") may be generic.
    """
    text, rules = scan.text, scan.rules
    found: list[NameFound] = []
    # a full legal name ends where the next name may begin ("…运营有限公司润石智谷产业园项目")
    legal_ends = _legal_name_ends(text)
    # ("年产800万套精密轴承项目": an output figure after 年产 is part of a project's name)
    floors = sorted(
        [*(b for _, b in taken), *(b for a, b in number_spans if not _is_output(text, a)), *legal_ends]
    )
    covered = bytearray(len(text))  # 1 inside a name already found
    for a, b in taken:
        covered[a:b] = b"\x01" * (b - a)
    quote_only, not_after_suffix, verb_before = rules.quote_only, rules.not_after_suffix, rules.verb_before
    amount_starts = {a for a, b in number_spans if text.find("元", a, b) >= 0 or text[b - 1] == "亿"}
    for suffix_start, suffix in scan.suffixes():
        end = suffix_start + len(suffix)
        if suffix in quote_only or covered[suffix_start]:
            continue
        # (the two checks below, each a call, only for the few suffix words they concern)
        if suffix in not_after_suffix and _ordinary_word(text, suffix_start, suffix, rules):
            continue
        if text.startswith(_SUBUNITS, end) and _continues_name(scan, end):
            continue
        if suffix in verb_before and text.startswith(verb_before[suffix], end):
            continue  # "长沙高新区计划投资50亿元": a plan being made, no program
        below = bisect.bisect_right(floors, suffix_start)
        floor = floors[below - 1] if below else 0
        kind, is_organization = rules.suffix_kinds[suffix]
        also = ORGANIZATION_BOUNDARY if is_organization else INITIATIVE_BOUNDARY
        after_yuan = floor > 0 and text[floor - 1] == "元"
        sized_by_amount = after_yuan and text.startswith("的", floor)
        start = name_start(scan, suffix_start, floor=floor, also=also)
        if (
            is_organization
            and suffix.endswith("公司")
            and start > floor + 1
            and text[start - 1] in "和与及"
            and is_industry(text[start:suffix_start], rules)
        ):  # "衡阳东和电子有限公司": a company's name holds 和 when what follows it is just an industry
            start = name_start(scan, start - 1, floor=floor, also=also)
        # "安排3亿元科技创新专项资金", "出资5000万元设立风险补偿资金池": a fund right after its size
        sized_by_amount = sized_by_amount or (
            after_yuan and kind == "fund" and text[floor:start] in _FUND_SETUP and start < suffix_start
        )
        # "安排产业扶持资金10亿元": a fund right before its size
        # ("生物医药子基金规模6亿元": its size, said of it)
        sized_after = (
            kind == "fund"
            and suffix not in rules.after_amount_only
            and (end in amount_starts or _sized_by(text, end, amount_starts))
        )
        if start == suffix_start and not sized_by_amount:
            continue  # "设立基金", "，平台": a suffix word with no name in front of it
        # what stands between the size and the name: "的", a setting-up verb ("设立"), or nothing
        if text.startswith("的", floor):
            gap = 1
        elif sized_by_amount:
            gap = start - floor
        else:
            gap = 0
        if sized_by_amount:  # "1亿元的产业共建资金": the size marks where the name begins
            sized = text[floor + gap : suffix_start]
            if len(sized) <= 12 and "的" not in sized and all(map(is_name_char, sized)):
                start = floor + gap
        while start < suffix_start and text[start] in "的之及和与":
            start += 1
        numbered = False  # an edition number makes an event's name specific ("第三届…对接会")
        if kind == "event":  # "举办2024年第一批…开工仪式", "联合X协会办好第五届…博览会"
            edition = _EDITION.search(text, max(floor, start - 12), suffix_start)
            if edition and not _SPEECH_PUNCT.search(text, edition.start(), suffix_start):
                start, numbered = edition.start(), True
        else:  # "2023年中关村示范区": the year dates the news, it is not in the name
            year = _LEADING_YEAR.match(text, start, suffix_start) if text[start] in "12" else None
            start = year.end() if year else start
        if (
            start
            and text[start - 1] in _COUNT_ENDS
            and _COUNTED_BEFORE.search(text, max(0, start - 8), start)
        ) or (start == floor and start and text[start - 1].isdigit() and text[start] in _COUNT_ENDS):
            continue  # "建设1个中试基地", "3个百亿级产业园", "拥有3家国家级孵化器": things counted
        prefix = text[start:suffix_start]
        after_amount = sized_by_amount and start == floor + gap and len(prefix) + len(suffix) >= 3
        # "…检测认证有限公司检测认证中心项目": the company that owns it makes the name specific
        owned = start in legal_ends and len(prefix) >= 2
        if not (after_amount or owned or numbered or (sized_after and len(prefix) + len(suffix) >= 4)) and (
            suffix in rules.after_amount_only
            or not _specific_enough(prefix, text, end, scan, is_organization, kind)
        ):
            continue
        if kind == "project" and prefix.endswith(rules.project_modifiers):
            continue
        if kind == "company" and prefix.endswith(rules.bank_words):
            kind = "bank"  # "宁波银行股份有限公司" is a bank by its registered name
        if not is_organization and suffix in _RESEARCH_UNITS and "大学" in prefix:
            kind, is_organization = "institute", True  # "浙江大学区域协调发展研究中心": a university's unit
        company_at = prefix.rfind("高新区企业")
        owner = prefix[company_at + 5 :] if company_at >= 0 else ""
        if not is_organization and len(owner) >= 2 and not scan.is_generic(owner):
            start += company_at + len("高新区企业")  # "X高新区企业云帆(洛阳)科技园区": the company's park
            kind, is_organization = "company", True
        found.append(NameFound(text[start:end], start, end, kind, is_organization))
    return found


_SIZE_STATED = re.compile(r"(?P<word>总规模|规模)(?:均为|为|达到|达)?")


def _sized_by(text: str, end: int, amount_starts: set[int]) -> bool:
    """Whether an amount follows `end` as the size of what ends there ("规模6亿元", "规模为3亿元",
    "规模达5亿元", where the amount's span may begin at 达)."""
    stated = _SIZE_STATED.match(text, end) if text.startswith(("规模", "总规模"), end) else None
    return stated is not None and any(
        at in amount_starts for at in range(stated.end("word"), stated.end() + 1)
    )


def _ordinary_word(text: str, start: int, suffix: str, rules: _NameRules) -> bool:
    """Whether a suffix word ends an ordinary word here ("布局", "格局"), not a name."""
    blocked = rules.not_after_suffix.get(suffix)
    return blocked is not None and any(text.startswith(w, start - len(w)) for w in blocked)


_SUBUNITS = ("分中心", "分行", "支行", "分院")  # what a longer name goes on with
_FUND_SETUP = frozenset({"", "设立", "成立", "组建", "发起设立", "设立了"})  # between a size and its fund
_LEADING_YEAR = re.compile(r"(?:19|20)\d\d年度?")
# a count just before a name: "1个", "3个百亿级" (ending in one of _COUNT_ENDS)
_COUNT_ENDS = "个家项支批座条所类亿级"
_COUNTED_BEFORE = re.compile(
    r"(?<!第)[\d一二三四五六七八九十两几数多][个家项支批座条所类](?:[百千万]?亿级?)?$"
)
# an event's edition, with its year: "第五届", "2024年第一批"
_EDITION = re.compile(r"(?:(?:19|20)\d\d年度?)?第[\d一二三四五六七八九十百]+[届次期批]")


def _is_output(text: str, start: int) -> bool:
    """Whether the number at `start` is a yearly output named with its project ("年产800万套…")."""
    return text.endswith(("年产", "年处理", "年加工", "年产能"), 0, start)


def _continues_name(scan: TextScan, end: int) -> bool:
    """Whether the suffix ending at `end` is inside a longer name ("研究中心贵州分中心")."""
    return scan.text.startswith(_SUBUNITS, end) and not scan.suffix_starts_at(end)


def _legal_name_ends(text: str) -> set[int]:
    """Where the full legal names of companies ("…有限公司", "…股份公司") end.

    >>> sorted(_legal_name_ends("甲有限责任公司与乙公司、丙股份公司"))
    [7, 17]
    """
    ends: set[int] = set()
    at = text.find("公司")  # str.find runs in C; a regex would try every "有" of the text
    while at >= 0:
        if text.endswith(("有限", "股份", "有限责任"), 0, at):
            ends.add(at + 2)
        at = text.find("公司", at + 2)
    return ends


_COUNTED = re.compile(r"[\d一二三四五六七八九十两几数]+(?:个|家|项|支|所|批|类|大|条|栋|级)")


def _specific_enough(
    prefix: str, text: str, end: int, scan: TextScan, is_organization: bool, kind: str = ""
) -> bool:
    if len(prefix) < 2 or _COUNTED.search(prefix):
        return False
    placed = is_organization and prefix.endswith(("高新区", "市", "省", "县", "镇"))  # "X高新区管委会"
    if scan.is_generic(prefix) and not placed:
        return False
    # "境内外证券交易所", "光伏行业协会": a kind of body, not one ("电子科技大学" is one school)
    if is_organization and not placed and kind not in _NAMED_BY_FIELD and is_industry(prefix, scan.rules):
        return False
    # "河南省级研发创新平台20个": a class of things being counted, not one named thing
    return not _COUNT_AFTER.match(text, end)


_RESEARCH_UNITS = frozenset({"研究中心", "中心", "实验室", "研究院"})
_NAMED_BY_FIELD = frozenset({"school", "institute", "hospital"})  # bodies often named by their field alone


def find_organizations(scan: TextScan) -> list[NameFound]:
    """Known national bodies, brand names in company context ("以星河电子为代表", "云帆科技估值"),
    and the elements of an enumeration of companies ("戴尔、博科、世欣蓝汛等225家大数据企业")."""
    text, rules = scan.text, scan.rules
    found: list[NameFound] = []
    for match in rules.known_pattern.finditer(text):
        found.append(NameFound(match.group(0), match.start(), match.end(), rules.known[match.group(0)], True))
    for match in rules.brand_pattern.finditer(text):
        begin, end = match.start(), match.end()
        near = begin - 8 if begin > 8 else 0
        if not (
            text.startswith(_COMPANY_NEXT, end)
            or text.find("、", near, begin) >= 0
            or text.find("以", near, begin) >= 0
        ):
            continue  # no company context: not worth finding where a name would begin
        start = name_start(scan, match.start(), also=ORGANIZATION_BOUNDARY)
        prefix = text[start : match.start()]
        if not 2 <= len(prefix) <= 6 or is_industry(prefix, rules) or "高新区" in prefix:
            continue
        if _inside_quotes(text, start) or _in_list_of_things(text, end, rules):
            continue
        if end < len(text) and is_name_char(text[end]) and not text.startswith(_COMPANY_NEXT, end):
            continue  # "有源医疗器械": the words go on, a thing, not a company
        if _company_context(text, start, end):
            found.append(NameFound(text[start:end], start, end, "company", True, strong=False))
    for match in rules.company_introduced.finditer(text):
        name = match.group("name")
        if scan.boundary_marks[BASE_BOUNDARY].find(1, match.start("name") + 1, match.end("name") + 1) >= 0:
            continue  # "公司是首批获得…": a word no name holds
        if not is_industry(name, rules):
            found.append(
                NameFound(name, match.start("name"), match.end("name"), "company", True, strong=False)
            )
    for match in _ENUMERATION_END.finditer(text):  # "…等225家大数据企业": the list ends at 等
        if not match.group("head").endswith(rules.list_heads):
            continue
        listed = _ENUMERATION.search(text, max(0, match.start() - 80), match.start())
        if listed is None:
            continue
        offset = listed.start()
        for part in _LIST_PART.finditer(listed.group(0)):
            start, end = offset + part.start(), offset + part.end()
            if part.start() == 0:
                start = name_start(scan, end, floor=offset)
            name = text[start:end]
            if 2 <= len(name) <= 10 and not is_industry(name, rules) and not _COUNTED.search(name):
                found.append(NameFound(name, start, end, "company", True, strong=False))
    return found


_ENUMERATION_END = re.compile(r"等(?:[\d一二三四五六七八九十]+(?:家|个|支))?(?P<head>[\u4e00-\u9fff]{2,6})")
_ENUMERATION = re.compile(r"[\u4e00-\u9fffA-Za-z0-9]{2,10}(?:、[\u4e00-\u9fffA-Za-z0-9]{2,10})+$")
_COMPANY_AFTER = (
    "估值",
    "领投",
    "跟投",
    "参投",
    "创始人",
    "董事长",
    "总经理",
    "有限",
    "股份",
    "公司",
    "为代表",
    "等",
    "、",
    "成功上市",
    "上市",
)


_SUBJECT_VERBS = (
    "将",
    "完成",
    "获得",
    "今年",
    "去年",
    "已",
    "正式",
    "宣布",
    "成功",
    "作为",
    "与",
    "在",
    "于",
    "近日",
    "日前",
)


_COMPANY_NEXT = _COMPANY_AFTER + _SUBJECT_VERBS  # what may follow a company's brand name


def _company_context(text: str, start: int, end: int) -> bool:
    """Whether a brand name stands where a company would: in a list, next to company words, or as
    the subject of a clause ("。量芯科技今年完成…")."""
    before = text[max(0, start - 1) : start]
    if before in ("、", "以") or text.startswith(_COMPANY_AFTER, end):
        return True
    return (start == 0 or text[start - 1] in "，,。；;：:\n") and text.startswith(_SUBJECT_VERBS, end)


def _in_list_of_things(text: str, end: int, rules: _NameRules) -> bool:
    """Whether a word at `end` is in an enumeration that ends with "等" and lists industries or
    fields, not companies ("数字安防、网络通信、集成电路等产业")."""
    if not text.startswith(("、", "等"), end):
        return False
    listed = _LIST_TAIL.match(text, end)
    return listed is not None and listed.group("head").startswith(rules.thing_list_heads)


_LIST_TAIL = re.compile(
    r"(?:、[^、，,。；;：:\n]{1,12})*?等(?:[\d一二三四五六七八九十]+(?:家|个|支|项))?(?P<head>[\u4e00-\u9fff]{2,6})"
)


def _inside_quotes(text: str, position: int) -> bool:
    opening = text.rfind("“", max(0, position - 40), position)
    return opening >= 0 and text.find("”", opening, position) < 0


class TextScan:
    """One item's text, with the places where boundary words end found once, in one pass."""

    def __init__(self, text: str, rules: _NameRules | None = None) -> None:
        self.text = text
        self.rules = rules = rules or name_rules()
        # per position, the kinds of boundary word (bit flags) that end there (an exception:
        # "高等" is not "高" + "等")
        ends = bytearray(len(text) + 1)
        suffixes: list[tuple[int, str]] = []
        values, plain = rules.words.values, rules.plain_boundary_flags
        for index, start, end in rules.words.find(text):
            if plain[index]:  # most words: a boundary with no exception that is no suffix
                ends[end] = plain[index]
                continue
            flags, excepted, suffix = values[index]
            if suffix is not None:
                suffixes.append((start, suffix))
            if flags and not (excepted and text.endswith(excepted, 0, start)):
                ends[end] = flags  # (words found do not overlap: one ends at each place at most)
        # per mask of boundary kinds, 1 where such a word ends: name_start looks them up in C
        self.boundary_marks = {mask: ends.translate(table) for mask, table in _MARK_TABLES.items()}
        self.reversed = text[::-1]
        self._generic: dict[str, bool] = {}
        self._suffixes = suffixes
        self._suffix_starts = [start for start, _ in suffixes]
        self._suffix_start_set = set(self._suffix_starts)

    def suffixes_in(self, start: int, end: int) -> list[tuple[int, str]]:
        """Suffix words in text[start:end], leftmost and longest first, not overlapping (windows
        begin where a quote closes, which no suffix word spans)."""
        first = bisect.bisect_left(self._suffix_starts, start)
        found = []
        for begin, word in self._suffixes[first:]:
            if begin + len(word) > end:
                break
            found.append((begin, word))
        return found

    def suffixes(self) -> list[tuple[int, str]]:
        """Suffix words of the whole text, leftmost and longest first, not overlapping."""
        return self._suffixes

    def suffix_starts_at(self, position: int) -> bool:
        """Whether a suffix word starts at `position`, where one ends or a quote closes (the scan
        for suffixes starts over there, so the ones it found are all there are)."""
        return position in self._suffix_start_set

    def is_generic(self, words: str) -> bool:
        """`is_generic`, remembered: the same words come back often within one text."""
        known = self._generic.get(words)
        if known is None:
            known = self._generic[words] = is_generic(words, self.rules)
        return known
