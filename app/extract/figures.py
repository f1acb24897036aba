"""Figures with meaning: a number mention plus its money category, per-year flag, zone,
the initiative or organization it is about, and the amount a percentage is a share of.

The words that decide a category live in app/data/categories.toml. The nearest word wins:
first a strong word in the clause before the amount, then a strong word in the clause after it,
then a strong word earlier in the sentence, then the weak words in the same order.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import cache
from operator import itemgetter

from app.extract.gazetteer import load_gazetteer
from app.extract.numbers import NumberMention
from app.extract.rules import WordFinder, alternation, load_rules
from app.extract.sentences import ClauseIndex
from app.extract.types import Figure, MoneyCategory, Sentence


@dataclass(frozen=True, slots=True)
class _CategoryRules:
    words: WordFinder[str]  # every category word, longest at each place
    strong: dict[str, MoneyCategory]
    weak: dict[str, MoneyCategory]
    per_year: tuple[str, ...]
    per_year_not_after: frozenset[str]
    city_metrics: tuple[str, ...]
    government_spending: tuple[str, ...]
    regions: re.Pattern[str]  # any region's name


def _with_year(words: list[str]) -> tuple[str, ...]:
    if any("年" not in word for word in words):
        raise ValueError("categories.toml: every [per_year] word must contain 年")
    return tuple(words)


@cache
def category_rules() -> _CategoryRules:
    rules = load_rules("categories")
    strong = {word: category for category, words in rules["strong"].items() for word in words}
    weak = {word: category for category, words in rules["weak"].items() for word in words}
    return _CategoryRules(
        words=WordFinder({word: word for word in [*strong, *weak]}),
        strong=strong,
        weak=weak,
        per_year=_with_year(rules["per_year"]["words"]),
        per_year_not_after=frozenset(rules["per_year"]["not_after"]),
        city_metrics=tuple(rules["city_metrics"]["words"]),
        government_spending=tuple(rules["government_spending"]["words"]),
        regions=re.compile(alternation(rules["regions"]["words"])),
    )


@dataclass(slots=True)  # not frozen: built by the hundred per page, 3x cheaper to construct
class Keyword:
    word: str
    start: int
    end: int


def keywords_in(text: str) -> list[Keyword]:
    """Category words of `text`, longest at each place, in order."""
    rules = category_rules()
    return [Keyword(rules.words.words[index], begin, stop) for index, begin, stop in rules.words.find(text)]


def money_category(
    text: str,
    keywords: list[Keyword],
    start: int,
    end: int,
    sentence: Sentence,
    is_label: bool = False,
    clauses: ClauseIndex | None = None,
) -> tuple[MoneyCategory, Keyword | None]:
    """The category of the amount at text[start:end], and the word that decided it.

    >>> t = "向风险补偿专项资金增资1000万元"
    >>> money_category(t, keywords_in(t), 11, 18, Sentence(0, len(t), t))[0]
    'capital_injection'
    >>> t = "推出专属信贷资金,规模达300亿元"
    >>> money_category(t, keywords_in(t), 12, 18, Sentence(0, len(t), t))[0]
    'credit_line'
    """
    rules = category_rules()
    clause_start, clause_end = (clauses or ClauseIndex(text)).bounds(start, end)
    clause_start = max(clause_start, sentence.start)
    clause_end = min(clause_end, sentence.end)
    left = [k for k in keywords if clause_start <= k.start and k.end <= start]
    right = [k for k in keywords if end <= k.start and k.end <= clause_end]
    earlier = [
        k
        for k in keywords
        if sentence.start <= k.start
        and k.end <= clause_start
        and not _inside_title(text, k.start, sentence.start)
    ]
    # "给予安家费每人15万元；硕士每人5万元": clauses after a semicolon go on from the one before it
    chain = chain_start(text, sentence)
    chained = (
        [k for k in keywords if chain <= k.start and k.end <= sentence.start]
        if chain < sentence.start
        else []
    )
    if is_label:  # "千亿产业园区", "百亿级重大项目": a class label sizes what follows it
        for keyword in right:
            if keyword.word in rules.strong:
                return rules.strong[keyword.word], keyword
        if text.startswith("级", end):
            return "investment", None
    # "5亿元的专项资金", "完成2.3亿元B轮融资": what follows right after names what the amount is
    right_first = text.startswith("的", end) or any(
        k.start == end and k.word in rules.strong for k in right[:1]
    )
    for table in (rules.strong, rules.weak):
        if right_first or table is rules.weak:
            searches: tuple[list[Keyword], ...] = (right, left[::-1], earlier[::-1], chained[::-1])
        else:
            searches = (left[::-1], right, earlier[::-1], chained[::-1])
        for candidates in searches:
            for keyword in candidates:
                if keyword.word in table:
                    return table[keyword.word], keyword
    return "other", None


def chain_start(text: str, sentence: Sentence) -> int:
    """Where the sentences joined to this one by semicolons begin ("…每人15万元；硕士每人5万元")."""
    if sentence.start == 0 or text[sentence.start - 1] not in "；;":
        return sentence.start
    return max(text.rfind(end_mark, 0, sentence.start) for end_mark in "。！？!?\n") + 1


def _inside_title(text: str, position: int, floor: int) -> bool:
    """Whether `position` is inside a 《》 title, whose words name a document, not the amount."""
    opening = text.rfind("《", floor, position)
    return opening >= 0 and text.find("》", opening, position) < 0


def is_per_year(text: str, start: int, sentence: Sentence, clauses: ClauseIndex | None = None) -> bool:
    """Whether the words before the amount in its clause make it recurring each year.

    >>> is_per_year("每年设立5000万元", 4, Sentence(0, 10, ""))
    True
    >>> is_per_year("今年产值达5亿元", 5, Sentence(0, 8, ""))
    False
    """
    rules = category_rules()
    clause_start, _ = (clauses or ClauseIndex(text)).bounds(start, start)
    window = text[max(clause_start, sentence.start) : start]
    if "年" not in window:
        return False  # every per-year word has 年 in it
    for word in rules.per_year:
        at = window.find(word)
        while at >= 0:
            if word.startswith("每") or at == 0 or window[at - 1] not in rules.per_year_not_after:
                return True
            at = window.find(word, at + 1)
    return False


_CITY_BEFORE = re.compile(r"[\u4e00-\u9fff](?:市|省)$|全市$|全省$")


def belongs_to_city(text: str, keyword: Keyword | None) -> bool:
    """A macro metric right after a city or province name ("石家庄市经济总量") is the city's."""
    if keyword is None or keyword.word not in category_rules().city_metrics:
        return False
    before = text[max(0, keyword.start - 6) : keyword.start]
    return bool(_CITY_BEFORE.search(before))


# A named thing in the text a figure can belong to: (name, start, end).
Anchor = tuple[str, int, int]


MAX_ANCHOR = 64  # longer names than this are not looked back over


class Anchors:
    """Named things of an item sorted by where they start, to find the one nearest a figure."""

    def __init__(self, anchors: list[Anchor]) -> None:
        ordered = sorted(anchors, key=itemgetter(1))
        self.names = [name for name, _, _ in ordered]
        self.starts = [start for _, start, _ in ordered]
        self.ends = [end for _, _, end in ordered]
        # no anchor ends within reach of a figure if it starts further before it than this
        self.longest = min(MAX_ANCHOR, max((end - start for _, start, end in ordered), default=0))


def nearest_anchor(anchors: Anchors, start: int, end: int, sentence: Sentence, reach: int = 24) -> str | None:
    """The anchor in the same sentence nearest to the figure, within `reach` characters."""
    starts, ends = anchors.starts, anchors.ends
    if not starts:
        return None  # (many items name no organization)
    best, best_distance = None, reach + 1
    first = start - reach - anchors.longest
    i = bisect.bisect_left(starts, first if first > sentence.start else sentence.start)
    last = end + reach if end + reach < sentence.end else sentence.end
    while i < len(starts) and starts[i] <= last:
        anchor_start, anchor_end = starts[i], ends[i]
        if anchor_start >= sentence.start and anchor_end <= sentence.end:
            distance = start - anchor_end if anchor_end <= start else anchor_start - end
            if 0 <= distance < best_distance:
                best, best_distance = anchors.names[i], distance
        i += 1
    return best


def build_figures(
    text: str,
    mentions: list[NumberMention],
    sentences: list[Sentence],
    zone_spans: list[tuple[str, int, int]],
    primary_zone: str | None,
    initiatives: list[Anchor],
    organizations: list[Anchor],
) -> list[Figure]:
    """Figures for the number mentions of one item, in reading order."""
    keywords_of: dict[int, list[Keyword]] = {}  # per sentence, found only where money is
    # the item's category words, found in one scan at the first amount (no word holds the
    # punctuation that ends a sentence, so each word lies in one sentence)
    item_keywords: list[Keyword] | None = None
    keyword_starts: list[int] = []
    zones = ZonesNamed.of(zone_spans)
    clauses = ClauseIndex(text)
    initiatives_at, organizations_at = Anchors(initiatives), Anchors(organizations)
    starts = [s.start for s in sentences]
    respective = _respective_zones(text, mentions, sentences, zones) if "分别" in text else {}
    figures: list[Figure] = []
    for mention in mentions:
        index = max(0, bisect.bisect_right(starts, mention.start) - 1)
        sentence = sentences[index] if sentences else Sentence(0, len(text), text)
        category: MoneyCategory | None = None
        keyword: Keyword | None = None
        if mention.kind == "money":
            if item_keywords is None:
                item_keywords = keywords_in(text)
                keyword_starts = [k.start for k in item_keywords]
            if sentence.start not in keywords_of:
                keywords_of[sentence.start] = item_keywords[
                    bisect.bisect_left(keyword_starts, chain_start(text, sentence)) : bisect.bisect_left(
                        keyword_starts, sentence.end
                    )
                ]
            keywords = keywords_of[sentence.start]
            category, keyword = money_category(
                text, keywords, mention.start, mention.end, sentence, mention.is_label, clauses
            )
        zone = respective.get(mention.start) or _zone_of(text, zones, mention.start, sentence, primary_zone)
        decided_nearby = (
            keyword is not None
            and keyword.word in category_rules().strong
            and (clauses.bounds(mention.start, mention.start)[0] <= keyword.start)
        )
        if (
            category is not None
            and not decided_nearby
            and _zone_spends(text, mention.start, sentence, zones, clauses)
        ):
            category = "subsidy"  # a zone spending is support money, not an investment
        if (
            category == "investment"
            and keyword is not None
            and keyword.word == "项目"
            and mention.qualifier == "up_to"
        ):
            category = "subsidy"  # "单个项目最高1000万元": a cap on support per project
        if (
            mention.kind == "money"
            and mention.start not in respective
            and (
                belongs_to_city(text, keyword)
                or _about_a_wider_place(text, mention.start, sentence, zones, clauses)
            )
        ):
            zone = None
        share_of = None
        if mention.kind == "percentage":
            share_of = _share_of(text, figures, mention.start, sentence, clauses)
        per_year = mention.kind == "money" and is_per_year(text, mention.start, sentence, clauses)
        initiative = nearest_anchor(initiatives_at, mention.start, mention.end, sentence)
        organization = nearest_anchor(organizations_at, mention.start, mention.end, sentence, reach=12)
        # (by position, in the order of Figure's fields: 18 keywords to bind make the call half
        # again as slow)
        figures.append(
            Figure(
                mention.kind,
                text[mention.start : mention.end],
                mention.value,
                mention.unit,
                mention.start,
                mention.end,
                sentence,
                mention.qualifier,
                mention.value_high,
                mention.currency,
                mention.amount_yuan,
                mention.amount_yuan_high,
                category,
                per_year,
                zone,
                initiative,
                organization,
                share_of,
            )
        )
    return figures


_LIST_JOINERS = frozenset("、，,和与及")
_PARTNERED_BY = ("与", "同", "联合", "携手", "会同", "协同")


def _respective_zones(
    text: str, mentions: list[NumberMention], sentences: list[Sentence], zones: ZonesNamed
) -> dict[int, str]:
    """Amounts given zone by zone: "潍坊高新区、青岛高新区分别实现营业收入3210亿元和2480.5亿元"
    (as many amounts after 分别 as zones listed right before it). The zone of each, by start."""
    respective: dict[int, str] = {}
    for sentence in sentences:
        at = text.find("分别", sentence.start, sentence.end)
        last = zones.index_before(at, sentence.start) if at >= 0 else None
        if last is None or not _joins_a_list(text[zones.ends[last] : at]):
            continue
        listed = zones.names[zones.list_start(text, last, sentence.start) : last + 1]
        amounts = [m.start for m in mentions if m.kind == "money" and at < m.start < sentence.end]
        if len(listed) >= 2 and len(amounts) == len(listed):
            respective.update(zip(amounts, listed, strict=True))
    return respective


def _joins_a_list(gap: str) -> bool:
    """Whether what stands between two names joins them in a list ("、", "和", nothing)."""
    return set(gap.strip()) <= _LIST_JOINERS


@dataclass(slots=True)
class ZonesNamed:
    """The zone mentions of an item in reading order, to ask which came last before a place."""

    names: list[str]
    starts: list[int]
    ends: list[int]

    @classmethod
    def of(cls, zone_spans: list[tuple[str, int, int]]) -> ZonesNamed:
        ordered = sorted(zone_spans, key=lambda span: span[1])
        return cls(
            [name for name, _, _ in ordered],
            [start for _, start, _ in ordered],
            [end for _, _, end in ordered],
        )

    def index_before(self, position: int, floor: int) -> int | None:
        """The index of the last zone named in [floor, position)."""
        index = bisect.bisect_left(self.starts, position) - 1
        return index if index >= 0 and self.starts[index] >= floor else None

    def list_start(self, text: str, index: int, floor: int) -> int:
        """The index of the first zone of the list the zone at `index` ends ("A、B和C")."""
        first = index
        while (
            first > 0
            and self.starts[first - 1] >= floor
            and _joins_a_list(text[self.ends[first - 1] : self.starts[first]])
        ):
            first -= 1
        return first

    def subject_before(self, text: str, position: int, floor: int) -> tuple[str, int] | None:
        """The last zone named in [floor, position), or, when that one closes a list of partners
        ("乌鲁木齐高新区将与昌吉高新区、石河子高新区共同组建…"), the zone that acts with them."""
        index = self.index_before(position, floor)
        if index is None:
            return None
        first = self.list_start(text, index, floor)
        if (
            first > 0
            and self.starts[first - 1] >= floor
            and text.endswith(_PARTNERED_BY, 0, self.starts[first])
            and self.names[first - 1] not in self.names[first : index + 1]
        ):
            return self.names[first - 1], self.starts[first - 1]
        return self.names[index], self.starts[index]

    def first_in(self, floor: int, position: int) -> tuple[str, int] | None:
        """The first zone named in [floor, position), with where it starts."""
        index = bisect.bisect_left(self.starts, floor)
        if index >= len(self.starts) or self.starts[index] >= position:
            return None
        return self.names[index], self.starts[index]

    def last_before(self, position: int, floor: int) -> tuple[str, int] | None:
        """The last zone named in [floor, position), with where it starts."""
        index = self.index_before(position, floor)
        return None if index is None else (self.names[index], self.starts[index])


def _zone_spends(text: str, start: int, sentence: Sentence, zones: ZonesNamed, clauses: ClauseIndex) -> bool:
    """ "大连高新区每年将投入1.2亿元": a zone named earlier in the sentence spends the amount."""
    clause_start, _ = clauses.bounds(start, start)
    verb = text[max(clause_start, sentence.start) : start].rstrip("约近超过达共计")
    if not verb.endswith(category_rules().government_spending):
        return False
    return zones.last_before(start, sentence.start) is not None


_CITY_SUBJECT = re.compile(
    r"(?:同期|同时|其中|此外|今年|去年)?[，,]?(?P<city>[\u4e00-\u9fff]{2,4}?)市(?!高新区|场|民|级)"
)


def _about_a_wider_place(
    text: str, start: int, sentence: Sentence, zones: ZonesNamed, clauses: ClauseIndex
) -> bool:
    """Whether the amount is a city's or a region's: its clause begins with a city ("同期,青岛市实现
    进出口总额4210亿元"), or a region is named earlier in the sentence, with no zone named after it."""
    # (sentences joined by semicolons are read as one: "全省国家高新区…；全年研发经费投入890亿元")
    scope = chain_start(text, sentence)
    named = zones.last_before(start, scope)
    last_zone = named[1] if named else -1
    clause_start, _ = clauses.bounds(start, start)
    clause_start = max(clause_start, sentence.start)
    city = _CITY_SUBJECT.match(text, clause_start, start)
    if last_zone < clause_start and city and city.group("city") in load_gazetteer().place_stems:
        return True
    region = category_rules().regions.search(text, max(scope, last_zone + 1), start)
    while region is not None and (
        _in_a_name(text, region.start(), scope)  # "《…全球人才蓄水池…》"
        # "全国重点实验室", "全国首个", "领跑全省", "来自长三角": not the place the amount is of
        or text.startswith(_RANK_WORDS, region.end())
        or text.endswith(_RANKED_BY, 0, region.start())
    ):
        region = category_rules().regions.search(text, region.end(), start)
    return region is not None


_RANK_WORDS = ("重点", "首", "性", "领先", "百强", "前列", "一流", "示范")
# a region after these is where something comes from or reaches ("来自长三角的86家投资机构")
_RANKED_BY = ("领跑", "领先", "居", "位列", "排名", "来自", "面向", "辐射", "覆盖")


def _in_a_name(text: str, position: int, floor: int) -> bool:
    """Whether `position` is inside a 《》 title or a quoted name, whose words name a thing."""
    if _inside_title(text, position, floor):
        return True
    opening = text.rfind("“", floor, position)
    return opening >= 0 and text.find("”", opening, position) < 0


def _zone_of(text: str, zones: ZonesNamed, start: int, sentence: Sentence, primary: str | None) -> str | None:
    """The last zone named before the figure in its sentence, else the first named in its
    paragraph (its subject: an article about several zones takes them a paragraph each), else the
    item's primary zone."""
    named = zones.subject_before(text, start, sentence.start) or zones.first_in(
        text.rfind("\n", 0, sentence.start) + 1, sentence.start
    )
    return named[0] if named else primary


def _share_of(
    text: str, figures: list[Figure], start: int, sentence: Sentence, clauses: ClauseIndex
) -> int | None:
    """ "专项债36.75亿元,占全市的41.2%": the percentage is a share of the amount before it."""
    clause_start, _ = clauses.bounds(start, start)
    if "占" not in text[clause_start:start]:
        return None
    for index in range(len(figures) - 1, -1, -1):
        figure = figures[index]
        if figure.start < sentence.start:
            break
        if figure.kind == "money":
            return index
    return None
