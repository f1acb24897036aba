"""Page reading: clean lines, rejoin page breaks, split a page into news items.

A page holds one or more items, each made of heading lines (title, lead-in), a byline,
image credits, body paragraphs and sometimes a signature line. The item's text is its kept
lines joined by newlines; every offset of every fact indexes into it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from typing import Literal

from app.extract.rules import alternation, load_rules

HAN = r"\u4e00-\u9fff"
_FIRST_CLAUSE_END = re.compile(r"[，,、；;。:：]")
_CLAUSE_MARK = re.compile(r"[，,、；;]")
_NAME_SEPARATORS = re.compile(r"[、\s]+")
_PERSON = rf"(?:[{HAN}]{{1,6}}·[{HAN}]{{1,6}}|[{HAN}]{{2,4}}?)"
_NOT_HAN = re.compile(rf"[^{HAN}]")
_LINE_MARKS = "▶►■●◆▲★☆□◇>※◎"
_LINE_MARKS_AND_SPACES = _LINE_MARKS + " \u3000"


# What a line is. "byline": a line holding only a byline; "dateline": a body paragraph opening
# with "本报讯(...)". (Strings, not an Enum: reading an Enum member costs a lookup each time, and
# lines are looked at by the thousand.)
LineKind = Literal["heading", "body", "byline", "dateline", "credit", "caption", "meta", "signature"]


@dataclass(slots=True)  # not frozen: built by the hundred per page, 3x cheaper to construct
class Line:
    text: str
    kind: LineKind


@dataclass(slots=True)
class PageItem:
    """An item as read from the page, before facts are extracted."""

    lines: list[Line] = field(default_factory=list)
    headings: list[str] = field(default_factory=list)
    authors: list[str] = field(default_factory=list)

    has_body: bool = False
    after_byline: bool = False  # a byline or an image credit has been read
    published: dt.date | None = None  # the date a metadata line gives ("发布时间:2024-04-09 10:32")

    def add(self, line: Line) -> None:
        self.lines.append(line)
        self.has_body = self.has_body or line.kind in ("body", "dateline", "caption")
        self.after_byline = self.after_byline or line.kind in ("byline", "credit")


@dataclass(frozen=True, slots=True)
class ReadItem:
    text: str
    title: str | None
    subtitle: str | None
    authors: tuple[str, ...]
    date: dt.date | None
    title_start: int | None
    body_start: int


@dataclass(frozen=True, slots=True)
class _PageRules:
    sentence_ends: str
    closing_marks: str
    credit_prefixes: tuple[str, ...]
    credit_tail: re.Pattern[str]  # the credit a caption ends with
    credit_endings: tuple[str, ...]  # its last words, looked at before the pattern is run
    meta_line: re.Pattern[str]  # a web page's metadata: "发布时间:…", "来源:…"
    title_labels: tuple[str, ...]
    byline_line: re.Pattern[str]
    dateline: re.Pattern[str]
    author: re.Pattern[str]
    signature: re.Pattern[str]
    sentence_openers: tuple[str, ...]
    subtitle_markers: tuple[str, ...]


@cache
def page_rules() -> _PageRules:
    rules = load_rules("page")
    roles = alternation(rules["byline_roles"])
    prefixes = alternation(rules["byline_line_prefixes"])
    return _PageRules(
        sentence_ends=rules["sentence_ends"],
        closing_marks=rules["closing_marks"],
        credit_prefixes=tuple(rules["credit_prefixes"]),
        # a name (or an outlet) after a sentence's end or a space, then the credit word
        credit_endings=tuple(
            word + bracket for word in rules["credit_endings"] for bracket in ("", ")", "）")
        ),
        credit_tail=re.compile(
            rf"[。！!\s](?:{roles})?\s*[{HAN}]{{2,12}}(?:[\s、][{HAN}]{{2,4}})*\s*"
            rf"(?:{alternation(rules['credit_endings'])})[)）]?$"
        ),
        title_labels=tuple(rules["title_labels"]),
        meta_line=re.compile(
            rf"^[【\[]?(?:{alternation(rules['meta_labels'])})\s*[:：|｜]"
            # a breadcrumb: "首页 > 新闻中心 > 园区动态"
            r"|^(?:[^>\s]{1,12}\s*>\s*){2,}[^>\s]{1,12}$"
            # a time stamp, a source, an e-paper page: "2024-03-19 08:12:36 来源: 新华网", "第A05版:园区",
            # "…日报 2024年2月27日 第A2版"
            r"|(?:19|20)\d\d\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}日?\s*\d{1,2}:\d\d"
            r"|来源\s*[:：]|第\s*[A-Z]?\d{1,3}\s*版\s*(?:[:：]|$)"
            # an outlet's name and the day, alone on the line: "营口日报 2024年09月10日"
            r"|^\S{0,14}\s*(?:19|20)\d\d\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日(?:\s*星期.)?$"
        ),
        # a byline, the outlet's name first or not ("长沙晚报全媒体记者 贺文涛 通讯员 邹晴")
        # ("21世纪经济报道记者 孙一鸣 杭州报道", "新华日报·交汇点记者 X": an outlet's name may hold
        # digits and a middle dot)
        byline_line=re.compile(rf"^(?:{prefixes}|[{HAN}\dA-Za-z·]{{2,12}}?(?:{roles}))[^。!！?？]{{0,40}}$"),
        dateline=re.compile(
            rf"^(?:[{HAN}]{{1,{rules['dateline_outlets_max_chars']}}}讯(?!员)|新华社[{HAN}\d]{{0,12}}电"
            rf"|[{HAN}]{{2,12}}\d{{1,2}}月\d{{1,2}}日电)"  # "中新网苏州6月28日电"
            rf"\s*(?:[(（][^()（）]{{0,40}}[)）])?"
        ),
        sentence_openers=tuple(rules["sentence_openers"]),
        subtitle_markers=tuple(rules["subtitle_markers"]),
        author=re.compile(
            # a name: two to four characters, or a transcribed one in parts ("古丽米热·艾山")
            rf"(?:{roles})\s*(?P<names>(?!{roles}){_PERSON}(?:[、\s]+(?!{roles}){_PERSON})*)"
            rf"(?=[\s、,，)）]|$|{roles}|\d)"
        ),
        signature=re.compile(
            rf"^(?:[(（]?(?:{roles})\s*)?[{HAN}]{{2,{rules['signature_max_chars']}}}[)）]?$"
            # "（包头日报记者 孙立明 通讯员 韩雪）"
            rf"|^[(（][{HAN}]{{0,8}}?(?:{roles})[^()（）]{{2,40}}[)）]$"
        ),
    )


def clean_lines(text: str) -> list[str]:
    """Lines of the page, stripped of surrounding blanks (full-width spaces included).

    >>> clean_lines(" a\\r\\n\\u3000b \\n")
    ['a', 'b', '']
    """
    return [
        line.strip(" \t\u3000\xa0") for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    ]


def _strip_marks(line: str) -> str:
    return line.lstrip(_LINE_MARKS_AND_SPACES)


_META_MARKS = (":", "：", "|", "｜", "版", ">")
_PAGE_WIDGETS = frozenset({"打印本页", "关闭窗口", "打印", "关闭", "返回顶部", "分享到", "收藏", "分享"})
_PAGE_WIDGET_LINE = re.compile(rf"(?:[【\[]?(?:{alternation(_PAGE_WIDGETS)})[】\]]?\s*){{2,}}")
_CAPTION_ITEM_CHARS = 40
_PHOTO_DESCRIBED = ("图为", "图片", "图中", "上图", "下图", "左图", "右图", "图:", "图：", "图/")


def classify(line: str, rules: _PageRules) -> LineKind:
    """What a line is: heading, body, byline, dateline, credit (signature is decided in context)."""
    bare = _strip_marks(line)
    if len(bare) <= 200:
        if bare.startswith(rules.credit_prefixes) and len(bare) <= 40:
            return "credit"
        credit = rules.credit_tail.search(bare) if bare.endswith(rules.credit_endings) else None
        if credit is not None:
            # a photo's news told in its caption ("9月20日,在随州高新区…总投资15亿元…。 记者 X 摄")
            # is an item of its own; "图为…" describes the photo of the item it stands in
            if credit.start() >= _CAPTION_ITEM_CHARS and not bare.startswith(_PHOTO_DESCRIBED):
                return "caption"
            return "credit"
    # (every kind of metadata line holds a colon ("发布时间:", "08:12", "来源："), a bar ("编辑 | X"),
    # an e-paper's page label ("第A2版") or ends in a day)
    if (
        len(bare) <= 100
        and (bare.endswith("日") or any(mark in bare for mark in _META_MARKS))
        and rules.meta_line.search(bare)
        and not ends_sentence(bare, rules)
    ):
        return "meta"
    if bare in _PAGE_WIDGETS or _PAGE_WIDGET_LINE.fullmatch(bare):
        return "meta"  # "打印本页 关闭窗口": the page's buttons
    if rules.dateline.match(bare):
        return "dateline"
    if rules.byline_line.match(bare) and rules.author.search(bare):
        return "byline"
    if ends_sentence(line, rules) or len(line) > 60 or line.endswith((":", "：")):
        return "body"  # (a line that ends in a colon opens what follows: "各有关企业、单位：")
    return "heading"


def ends_sentence(line: str, rules: _PageRules) -> bool:
    stripped = line.rstrip(rules.closing_marks)
    return bool(stripped) and stripped[-1] in rules.sentence_ends


def _is_fragment_start(line: str, rules: _PageRules) -> bool:
    """Whether a line starts in the middle of a sentence: a closing quote first, or a
    one- or two-character clause ("要素,推动…", "能,激发…") that is not an opener ("近日,")."""
    if line[0] in "”’）)】":
        return True
    if line.startswith(rules.sentence_openers):
        return False
    return _FIRST_CLAUSE_END.search(line, 0, 3) is not None  # the first clause ends within two characters


class LineKinds(dict[str, LineKind]):
    """The kind of each line of a page, worked out once however often it is asked for.

    >>> kinds = LineKinds(page_rules())
    >>> kinds["本报讯 近日,…。"]
    'dateline'
    """

    def __init__(self, rules: _PageRules) -> None:
        super().__init__()
        self.rules = rules

    def __missing__(self, line: str) -> LineKind:
        kind = self[line] = classify(line, self.rules)
        return kind


def join_page_breaks(lines: list[str], rules: _PageRules, kinds: LineKinds | None = None) -> list[str]:
    """Rejoin lines that a page break cut, dropping blank lines.

    >>> join_page_breaks(["标题", "成为“十百", "", "千万”专项行动首批单位。"], page_rules())
    ['标题', '成为“十百千万”专项行动首批单位。']
    >>> join_page_breaks(["标题一", "", "本报讯 近日,…。"], page_rules())
    ['标题一', '本报讯 近日,…。']
    """
    kinds = LineKinds(rules) if kinds is None else kinds
    out: list[str] = []
    for line in (raw for raw in lines if raw):
        # the page's first line is its headline (or byline): never the start of a cut sentence
        if len(out) > 1 and _continues(out[-1], line, rules, kinds):
            out[-1] += line
        else:
            out.append(line)
    return out


def _continues(previous: str, line: str, rules: _PageRules, kinds: LineKinds) -> bool:
    if ends_sentence(previous, rules):
        return False
    if kinds[line] in ("dateline", "byline", "credit", "caption", "meta"):
        return False
    if kinds[previous] in ("dateline", "byline", "credit", "caption", "meta"):
        return kinds[previous] == "dateline" and not ends_sentence(previous, rules)
    if _is_fragment_start(line, rules) or previous.count("“") > previous.count("”"):
        return True  # a sentence cut inside quotes ("“十百" + "千万”专项行动")
    has_clause = bool(_CLAUSE_MARK.search(previous))
    return len(previous) >= 40 or (has_clause and len(previous) >= 12 and kinds[line] == "body")


def _is_signature(line: str, previous: Line | None, rules: _PageRules) -> bool:
    return (
        previous is not None
        and previous.kind in ("body", "dateline")
        and ends_sentence(previous.text, rules)
        and bool(rules.signature.match(line))
    )


def authors_in(text: str, rules: _PageRules | None = None) -> list[str]:
    """Personal names that follow a byline role.

    >>> authors_in("■本报记者林灵 通讯员欧阳钢桥")
    ['林灵', '欧阳钢桥']
    >>> authors_in("河北新闻网讯(通讯员钟蕾、张默)")
    ['钟蕾', '张默']
    """
    rules = rules or page_rules()
    names: list[str] = []
    for match in rules.author.finditer(text):
        for name in _NAME_SEPARATORS.split(match.group("names")):
            if name and name not in names and not name.endswith("报道"):  # "杭州报道": where from
                names.append(name)
    return names


def split_items(text: str) -> list[PageItem]:
    """The news items of a page, in order."""
    rules = page_rules()
    kinds = LineKinds(rules)
    lines = [Line(t, kinds[t]) for t in join_page_breaks(clean_lines(text), rules, kinds)]
    items: list[PageItem] = []
    current = PageItem()
    for index, line in enumerate(lines):
        previous = current.lines[-1] if current.lines else None
        if current.has_body and _is_signature(line.text, previous, rules):
            current.add(Line(line.text, "signature"))
            current.authors.extend(n for n in _signature_names(line.text) if n not in current.authors)
            items.append(current)
            current = PageItem()
            continue
        if current.has_body and _starts_item(lines, index, current, rules):
            items.append(current)
            current = PageItem()
        if line.kind == "meta":
            current.published = current.published or published_date(line.text)
            current.authors.extend(n for n in authors_in(line.text, rules) if n not in current.authors)
        if line.kind == "heading" and not current.has_body and not current.after_byline:
            current.headings.append(line.text)
        if line.kind == "caption":  # its credit names the photographer ("记者 X 摄")
            current.authors.extend(n for n in authors_in(line.text[-30:], rules) if n not in current.authors)
        if line.kind in ("byline", "dateline") or (line.kind == "body" and _trailing_byline(line.text)):
            head = line.text if line.kind != "body" else _trailing_byline(line.text)
            current.authors.extend(
                n for n in authors_in(_byline_part(head, rules), rules) if n not in current.authors
            )
        current.add(line)
    if current.lines:
        items.append(current)
    return [item for item in items if item.has_body or item.headings]


def _starts_item(lines: list[Line], index: int, current: PageItem, rules: _PageRules) -> bool:
    """Whether line `index` opens a new item, given that the current one has a body."""
    line = lines[index]
    if line.kind in ("dateline", "byline", "caption"):
        return True
    if line.kind == "credit":  # a photo opens an item, unless a headline follows its caption
        return index + 1 < len(lines) and lines[index + 1].kind != "heading"
    if line.kind == "heading":  # a headline: its byline or its photo follows
        for following in lines[index + 1 : index + 4]:
            if following.kind in ("dateline", "byline", "credit"):
                return True
            if following.kind != "heading":
                break
        # or, in a column of short items, a body signed at its end ("简讯": headline, text, name),
        # where the current item has no subheadings of its own
        return not _has_subheadings(current) and _signed_before_next_heading(lines, index + 1, rules)
    return False


def _has_subheadings(item: PageItem) -> bool:
    seen_body = False
    for line in item.lines:
        if line.kind in ("body", "dateline"):
            seen_body = True
        elif line.kind == "heading" and seen_body:
            return True
    return False


def _signed_before_next_heading(lines: list[Line], start: int, rules: _PageRules) -> bool:
    previous: Line | None = None
    for line in lines[start:]:
        if previous is not None and _is_signature(line.text, previous, rules):
            return True
        if line.kind == "heading":  # (a signature line is read as a heading before its context)
            return False
        previous = line
    return False


def _byline_part(line: str, rules: _PageRules) -> str:
    match = rules.dateline.match(_strip_marks(line))
    return match.group(0) if match else line


_TRAILING_BYLINE = re.compile(r"[(（](?:记者|通讯员|特约通讯员|实习生)[^()（）]{2,20}[)）]\s*$")


def _trailing_byline(text: str) -> str:
    if not text.rstrip().endswith((")", "）")):
        return ""  # what the pattern ends with, checked before the regex reads the whole line
    match = _TRAILING_BYLINE.search(text)
    return match.group(0) if match else ""


def _signature_names(line: str) -> list[str]:
    names = authors_in(line)
    return names or [_NOT_HAN.sub("", line)]


_DATE = re.compile(r"(?<!\d)(\d{1,2})月(\d{1,2})日")
# The year is found by its 年, a single character the regex engine skips to in C (it tries a
# pattern that begins with a class or a group at every digit), then read backwards.
_YEAR = re.compile(r"年(?<=(?<![\d自到至])((?:19|20)\d\d)年)(?!以来|底|末|前)")
_SENTENCE_END = re.compile(r"[。！？!?]")


# a year that begins a name: followed by a Han character that no count, amount or area begins with
_NAMED_YEAR = re.compile(
    r"(?:19|20)\d\d(?=[\u4e00-\u9fff])(?![万亿千百元年余多家个项名人亩平台户倍款支所条套吨届])"
)


def page_year(text: str) -> int | None:
    """The year a page speaks of most, leaving out years of history or targets.

    >>> page_year("2022年7月启动。自2014年起…到2027年,2022年底完成,2022年度名单")
    2022
    >>> page_year("在18日举行的2024杭州人才发展大会上…2010年,该区启动…2024中国论坛,2000平方米")
    2024
    """
    counts = Counter(int(m.group(1)) for m in _YEAR.finditer(text))
    counts.update(  # an event's name: "2024杭州高新区人才发展大会", "2023中国…论坛"
        int(m.group(0))
        for m in _NAMED_YEAR.finditer(text)
        if m.start() == 0 or not (text[m.start() - 1].isdigit() or text[m.start() - 1] in ".-—~")
    )
    if not counts:
        return None
    return max(counts, key=lambda year: (counts[year], year))  # a tie goes to the latest year


_PUBLISHED = re.compile(r"((?:19|20)\d\d)\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")


def published_date(line: str) -> dt.date | None:
    """The date a metadata line gives.

    >>> published_date("发布时间:2024-04-09 10:32 来源:长春高新区管委会")
    datetime.date(2024, 4, 9)
    >>> published_date("来源:新华网") is None
    True
    """
    return _date_in(_PUBLISHED.search(line))


_CLOSING_DATE = re.compile(r"\n\s*((?:19|20)\d\d)年(\d{1,2})月(\d{1,2})日\s*$")


def _closing_date(text: str) -> dt.date | None:
    """The date a notice is signed with, on its last line ("…\n2024年3月12日")."""
    return _date_in(_CLOSING_DATE.search(text, max(0, len(text) - 20)))


def _date_in(match: re.Match[str] | None) -> dt.date | None:
    """The date a match of year, month and day names, if there is such a day."""
    if match is None:
        return None
    return _calendar_date(int(match.group(1)), int(match.group(2)), int(match.group(3)))


def _calendar_date(year: int, month: int, day: int) -> dt.date | None:
    """The day, or None when the calendar has no such day ("2月30日")."""
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def item_date(body: str, year: int | Callable[[], int | None] | None) -> dt.date | None:
    """The date an item's first sentence states ("11月22日,…"), with the year from that sentence
    or else the page's year (`year` may be a function that works it out, called only if needed).

    >>> item_date("11月22日,签约。", 2022), item_date("签约。", lambda: 1 / 0)
    (datetime.date(2022, 11, 22), None)
    """
    first = _SENTENCE_END.split(body[:80], maxsplit=1)[0]
    match = _DATE.search(first)
    if match is None:
        return None
    own_year = _YEAR.search(first)
    chosen = int(own_year.group(1)) if own_year else year() if callable(year) else year
    if chosen is None:
        return None
    return _calendar_date(chosen, int(match.group(1)), int(match.group(2)))


def _title_and_subtitle(
    headings: list[str], rules: _PageRules, names_zone: Callable[[str], bool]
) -> tuple[str | None, str | None, int | None]:
    """(title, subtitle, index of the title line among the headings)."""
    if not headings:
        return None, None, None
    for i, heading in enumerate(headings):
        for label in rules.title_labels:
            if heading.startswith(label):
                rest = [h for j, h in enumerate(headings) if j != i]
                return heading[len(label) :].strip(), (" ".join(rest) or None), i
    if len(headings) == 1:
        return headings[0], None, 0
    last = len(headings) - 1
    if headings[last].startswith(rules.subtitle_markers) or (
        names_zone(headings[0]) and not names_zone(headings[last])
    ):
        return headings[0], " ".join(headings[1:]).lstrip("—- "), 0
    return headings[last], " ".join(headings[:last]), last


def read_items(text: str, names_zone: Callable[[str], bool] = lambda _: False) -> list[ReadItem]:
    """Split a page into items with their cleaned text, title, subtitle, authors and date.
    `names_zone` tells a headline that names a zone (the title) from a lead-in line."""
    rules = page_rules()
    year = cache(lambda: page_year(text))  # read only if an item's date has no year of its own
    out: list[ReadItem] = []
    items = split_items(text)
    # the date the page shows (an e-paper's header, a web page's metadata) dates every item on it
    page_published = next((item.published for item in items if item.published), None)
    for item in items:
        kept = [line for line in item.lines if line.kind not in ("credit", "meta")]
        item_text = "\n".join(line.text for line in kept)
        title, subtitle, title_index = _title_and_subtitle(item.headings, rules, names_zone)
        title_start: int | None = None
        body_start = 0
        offset = 0
        for line in kept:
            if title_index is not None and line.text == item.headings[title_index] and title_start is None:
                title_start = offset + (len(line.text) - len(title or ""))
            if line.text in item.headings or line.kind == "byline":
                body_start = offset + len(line.text) + 1
            offset += len(line.text) + 1
        body_start = min(body_start, len(item_text))
        out.append(
            ReadItem(
                text=item_text,
                title=title,
                subtitle=subtitle or None,
                authors=tuple(item.authors),
                date=item.published
                or page_published
                or item_date(item_text[body_start:], year)
                or _closing_date(item_text),
                title_start=title_start,
                body_start=body_start,
            )
        )
    return out
