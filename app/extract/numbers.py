"""The number reader: finds numbers with their units and qualifiers in Chinese news text.

Arabic and Chinese numerals, magnitudes (万/亿/万亿), "1个亿", ranges, magnitude labels without
digits ("百亿级", "过万亿", "亿元以上"), currencies, counts, areas, durations and percentages.
Arithmetic is exact: Decimal, then integer yuan. What the words mean lives in
app/data/numbers.toml; the meaning of an amount (category, zone) is decided in figures.py.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Context, Decimal
from functools import cache

from app.extract.rules import alternation, load_rules, longest_first
from app.extract.types import FigureKind, Qualifier

CHINESE_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
CHINESE_SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
CHINESE_BIG_UNITS = {"万": 10**4, "亿": 10**8}
CHINESE_NUMERAL_CHARS = "".join(CHINESE_DIGITS) + "十百千万亿"
RANGE_CONNECTORS = ("-", "—", "－", "~", "～", "至", "到", "–")  # one character each


@dataclass(slots=True)  # not frozen: built by the hundred per page, 3x cheaper to construct
class NumberMention:
    """A number found in text, with the span as written (touching qualifier included)."""

    start: int
    end: int
    kind: FigureKind
    value: Decimal
    unit: str
    qualifier: Qualifier = "exact"
    value_high: Decimal | None = None
    currency: str | None = None
    magnitude: int = 0  # power of ten the written value is multiplied by
    is_label: bool = False  # a magnitude word without digits ("百亿级")

    @property
    def amount_yuan(self) -> int | None:
        return to_yuan(self.value, self.magnitude) if self.currency == "CNY" else None

    @property
    def amount_yuan_high(self) -> int | None:
        if self.currency != "CNY" or self.value_high is None:
            return None
        return to_yuan(self.value_high, self.magnitude)


# Yuan amounts are worked out exactly up to 10^40 (the default context has 28 digits, and would
# fail); past that a run of digits is no amount anyone wrote, and its yuan amount is unknown.
MAX_YUAN_DIGITS = 40
_EXACT = Context(prec=2 * MAX_YUAN_DIGITS, rounding=ROUND_HALF_UP)
_ONE = Decimal(1)


def to_yuan(value: Decimal, magnitude: int) -> int | None:
    """Exact integer yuan of a value written in units of 10**magnitude (None past 10^40).

    >>> to_yuan(Decimal("36.75"), 8)
    3675000000
    >>> to_yuan(Decimal("1.5"), 12)
    1500000000000
    >>> to_yuan(Decimal("9999999999999999999999"), 8)  # more yuan than BIGINT holds, but exact
    999999999999999999999900000000
    >>> to_yuan(Decimal("9" * 300), 8) is None
    True
    """
    if value.adjusted() + magnitude >= MAX_YUAN_DIGITS:
        return None
    return int(value.scaleb(magnitude, _EXACT).quantize(_ONE, context=_EXACT))


def parse_chinese_numeral(text: str) -> int | None:
    """The integer a Chinese numeral stands for, or None if it is not well formed.

    >>> parse_chinese_numeral("十二")
    12
    >>> parse_chinese_numeral("两千五百")
    2500
    >>> parse_chinese_numeral("三万五千")
    35000
    >>> parse_chinese_numeral("一千零五")
    1005
    >>> parse_chinese_numeral("十百千万") is None
    True
    """
    if not text or any(ch not in CHINESE_NUMERAL_CHARS for ch in text):
        return None
    total = 0  # completed 亿 groups
    section = 0  # completed 万 groups within the current 亿
    group = 0  # current group below 万
    digit: int | None = None
    last_small_unit = 10**9
    for ch in text:
        if ch in CHINESE_DIGITS:
            if digit is not None and digit != 0 and CHINESE_DIGITS[ch] != 0:
                return None  # two digits in a row ("二三") is not a numeral
            digit = CHINESE_DIGITS[ch]
        elif ch in CHINESE_SMALL_UNITS:
            unit = CHINESE_SMALL_UNITS[ch]
            if unit >= last_small_unit:
                return None  # "十百", "百千" run upwards
            if digit is None:
                if unit != 10 or group:
                    return None  # only a leading 十 may stand alone ("十二")
                digit = 1
            group += digit * unit
            digit = None
            last_small_unit = unit
        else:
            unit = CHINESE_BIG_UNITS[ch]
            value = group + (digit or 0)
            if value == 0 and not (section and unit == 10**8):
                return None
            if unit == 10**4:
                section += value * unit
            else:
                total += (section + value) * unit
                section = 0
            group, digit, last_small_unit = 0, None, 10**9
    return total + section + group + (digit or 0)


@dataclass(frozen=True, slots=True)
class _Tables:
    pattern: re.Pattern[str]
    number_start: re.Pattern[str]  # where `pattern` may match: a digit or a numeral
    label_pattern: re.Pattern[str]
    label_start: re.Pattern[str]  # where `label_pattern` may match: "百亿", "亿元", ...
    magnitudes: dict[str, int]
    currencies: dict[str, str]
    unit_kinds: dict[str, FigureKind]  # what a number with the unit measures; "other" if not listed
    before: dict[str, Qualifier]
    before_by_last: dict[str, tuple[str, ...]]  # the words by their last character, longest first
    between: dict[str, Qualifier]
    after: dict[str, Qualifier]
    distant: tuple[str, ...]
    distant_gap: int
    distant_first: re.Pattern[str]  # the first character of any distant word
    not_after: dict[str, frozenset[str]]
    label_values: dict[str, int]
    label_followers: tuple[str, ...]


def _alternation(words: list[str] | set[str] | tuple[str, ...]) -> str:
    return f"(?:{alternation(words)})"


def _unit_kinds(currencies: dict[str, str], units: dict[str, list[str]]) -> dict[str, FigureKind]:
    kinds: dict[str, FigureKind] = {}
    listed: tuple[tuple[FigureKind, list[str]], ...] = (
        ("money", list(currencies)),
        ("count", units["counts"]),
        ("percentage", units["percent_signs"]),
        ("area", units["areas"]),
        ("duration", units["durations"]),
    )
    for kind, words in listed:
        for word in words:
            kinds.setdefault(word, kind)  # a word in two lists: the first kind listed here
    return kinds


@cache
def digits_or_more() -> str:
    """The inside of a regex class that holds every digit (what `\\d` matches), and more.

    The regex engine checks a class of listed characters with one table lookup, but `\\d` with a
    call into the Unicode database, for every character of the text it scans; so the digits are
    listed, those beyond U+FFFF (of scripts no news here is written in) as the range of all.
    """
    digits = "".join(chr(code) for code in range(0x10000) if chr(code).isdecimal())
    return digits + "\U00010000-\U0010ffff"


@cache
def tables() -> _Tables:
    rules = load_rules("numbers")
    magnitudes: dict[str, int] = rules["magnitudes"]
    currencies: dict[str, str] = rules["currencies"]
    units = (
        list(currencies)
        + rules["units"]["counts"]
        + rules["units"]["areas"]
        + rules["units"]["durations"]
        + rules["units"]["percent_signs"]
        + rules["units"]["other_units"]
    )
    between: dict[str, Qualifier] = rules["qualifiers"]["between"]
    # Atomic groups: a number is read whole, never shortened to let what follows match. No
    # shorter reading could match where the whole one fails (no unit, magnitude or connector
    # begins with a digit; what follows "三" in "三万人" also follows "三万"), so this changes no
    # result, it only spares the regex engine the attempts.
    arabic = r"(?>\d+(?:,\d{3})*(?:\.\d+)?)"
    # a Chinese decimal point joins digits only: "一点五亿", while "重点", "一点" are no numbers
    digits_only = "".join(CHINESE_DIGITS)
    chinese = f"(?>[{CHINESE_NUMERAL_CHARS}]+(?:点[{digits_only}]+[万亿]*)?)"
    mag = _alternation(list(magnitudes))
    one = (
        rf"(?:(?P<{{p}}ar>{arabic})(?P<{{p}}between0>{_alternation(list(between))})?\s?(?P<{{p}}mag>{mag})?"
        # "二十余亿元": a Chinese numeral, 余 or 多, then its magnitude
        rf"|(?P<{{p}}zh>{chinese})(?:(?P<{{p}}zhbetween>{_alternation(list(between))})(?P<{{p}}zhmag>[万亿]+))?)"
        rf"(?P<{{p}}between>{_alternation(list(between))})?(?P<{{p}}unit>{_alternation(units)})?"
    )
    connectors = _alternation(list(RANGE_CONNECTORS))
    # A range's low end is followed by its connector within a few characters ("3亿元-", "三至"):
    # look for one before trying the many ways of reading those characters.
    widest = [max(map(len, words)) for words in (between, magnitudes, between, units)]
    # (Every connector is one character: "no connector, then one" is a class the regex engine
    # runs over in one step, where "anything, lazily, then a connector" tries each connector at
    # each character.)
    not_connector = f"[^{''.join(map(re.escape, RANGE_CONNECTORS))}]"
    connector_within_reach = rf"{not_connector}{{0,{sum(widest) + 2}}}+{connectors}"
    connector_near = rf"(?=[\d,.{CHINESE_NUMERAL_CHARS}]*+{connector_within_reach})"
    # Where a number may start: a digit, or a numeral that the numerals after it and then a
    # currency or a range's connector follow ("三亿元", "三至五亿元"). The first class lets the
    # regex engine skip in C to a digit or numeral, the look-behind checks it: "一步", "十大"
    # are passed over there, not tried one by one with the whole pattern.
    numeral = f"[{CHINESE_NUMERAL_CHARS}]"
    decimal_part = f"(?:点[{digits_only}]++[万亿]*+)?"
    money_or_range = (
        rf"(?:{_alternation(list(between))}[万亿]*)?{_alternation(list(currencies))}"
        rf"|{connector_within_reach}"
    )
    number_start = re.compile(
        rf"[{digits_or_more()}{CHINESE_NUMERAL_CHARS}](?<=\d|{numeral}(?={numeral}*+{decimal_part}(?:{money_or_range})))"
    )
    # the number being read needs a unit or a magnitude after it: "11月", "一批" fail in the regex
    needs_unit = rf"(?=(?:{_alternation(list(between))})?\s?(?:{mag}|{_alternation(units)}))"
    needs_currency = rf"(?=(?:{_alternation(list(between))}[万亿]*)?(?:{_alternation(list(currencies))}))"
    main = (
        one.replace("{p}", "")
        .replace(f"(?P<ar>{arabic})", f"(?P<ar>{arabic}){needs_unit}")
        .replace(f"(?P<zh>{chinese})", f"(?P<zh>{chinese}){needs_currency}")
    )
    pattern = re.compile(
        rf"(?:(?P<geti>(?>\d+(?:\.\d+)?))个(?P<getimag>亿|万亿)(?P<getiunit>元|人民币)?"
        rf"|(?:{connector_near}{one.replace('{p}', 'lo_')}\s?(?P<connector>{connectors})\s?)?"
        rf"{main})"
    )
    label_values = {"百亿": 10, "千亿": 11, "万亿": 12}
    not_after_number = rf"(?<![\d{CHINESE_NUMERAL_CHARS}.])"
    label_pattern = re.compile(
        rf"{not_after_number}(?:(?P<label>百亿|千亿|万亿)(?P<yuan>元)?|(?P<bare>亿元|千万元))"
        r"(?P<after>以上|级)?"
    )
    # where a label word starts and no number stands before it ("30亿元" holds no label):
    # the first character, then the look-behind, so that the regex engine skips in C
    label_words = [*label_values, "亿元", "千万元"]
    label_firsts = "|".join(
        f"{first}(?={alternation(word[1:] for word in label_words if word[0] == first)})"
        for first in sorted({word[0] for word in label_words})
    )
    label_start = re.compile(rf"(?:{label_firsts})(?<![\d{CHINESE_NUMERAL_CHARS}.].)")
    qual = rules["qualifiers"]
    if any(len(word) != 2 for word in qual["after"]):
        raise ValueError("numbers.toml: every [qualifiers.after] word must have two characters")
    return _Tables(
        pattern=pattern,
        number_start=number_start,
        label_pattern=label_pattern,
        label_start=label_start,
        magnitudes=magnitudes,
        currencies=currencies,
        unit_kinds=_unit_kinds(currencies, rules["units"]),
        before=qual["before"],
        before_by_last={
            last: tuple(word for word in longest_first(list(qual["before"])) if word.endswith(last))
            for last in {word[-1] for word in qual["before"]}
        },
        between=between,
        after=qual["after"],
        distant=tuple(longest_first(qual["distant"]["words"])),
        distant_gap=int(qual["distant"]["max_gap"]),
        distant_first=re.compile(
            "[" + "".join(re.escape(word[0]) for word in qual["distant"]["words"]) + "]"
        ),
        not_after={word: frozenset(chars) for word, chars in qual["not_after"].items()},
        label_values=label_values,
        label_followers=tuple(rules["magnitude_labels"]["followers"]),
    )


def _qualifier_before(text: str, start: int, t: _Tables) -> tuple[str, Qualifier] | None:
    """The qualifier word that touches the number from the left, if any."""
    words = t.before_by_last.get(text[start - 1]) if start else None
    if words is None:
        return None  # most numbers have none: one lookup
    for word in words:
        begin = start - len(word)
        if begin >= 0 and text.startswith(word, begin):
            blocked = t.not_after.get(word, frozenset())
            if begin > 0 and text[begin - 1] in blocked:
                continue
            return word, t.before[word]
    return None


_CLAUSE_BREAK = re.compile(r"[，,。；;：:！!？?\n、“”\"（）()]")


def _distant_up_to(text: str, start: int, t: _Tables) -> bool:
    """Whether an up-to word ("最高") stands a few characters before the number, same clause."""
    window_start = max(0, start - t.distant_gap - 3)
    if t.distant_first.search(text, window_start, start) is None:
        return False  # the usual case, decided without splitting the window
    window = _CLAUSE_BREAK.split(text[window_start:start])[-1]
    return any(word in window for word in t.distant)


def _split_chinese(numeral: str, t: _Tables) -> tuple[Decimal, int] | None:
    """A Chinese numeral as (value, magnitude): "两千万" → (2000, 4), "三亿" → (3, 8)."""
    magnitude = 0
    for word in ("万亿", "亿", "万"):
        if numeral.endswith(word) and len(numeral) > len(word):
            head = numeral[: -len(word)]
            if head[-1] in "万亿":
                continue
            magnitude = t.magnitudes[word]
            numeral = head
            break
    whole, point, fraction = numeral.partition("点")
    value = parse_chinese_numeral(whole)
    if value is None:
        return None
    if not point:
        return Decimal(value), magnitude
    if not fraction or any(ch not in CHINESE_DIGITS for ch in fraction):
        return None  # "一点五万亿": the digits after 点 are read one by one
    return Decimal(f"{value}.{''.join(str(CHINESE_DIGITS[ch]) for ch in fraction)}"), magnitude


def _arabic(text: str) -> Decimal:
    return Decimal(text.replace(",", ""))


def find_numbers(text: str) -> list[NumberMention]:
    """Every number with a unit (or a money magnitude) in `text`, in reading order.

    >>> [(m.value, m.unit, m.qualifier, m.amount_yuan) for m in find_numbers("融资需求近7亿元")]
    [(Decimal('7'), '亿元', 'under', 700000000)]
    >>> [(m.start, m.end) for m in find_numbers("融资需求近7亿元")]
    [(4, 8)]
    """
    t = tables()
    found: list[NumberMention] = []
    taken_until = 0
    for match in _matches(t.pattern, t.number_start, text):
        mention = _read_match(text, match, t)
        if mention is not None and mention.start >= taken_until:
            found.append(mention)
            taken_until = mention.end
    for match in _matches(t.label_pattern, t.label_start, text):
        mention = _read_label(text, match, t)
        if mention is not None and not any(m.start < mention.end and mention.start < m.end for m in found):
            found.append(mention)
    found.sort(key=lambda m: m.start)
    return found


def _matches(pattern: re.Pattern[str], starts: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """What `pattern.finditer(text)` finds, for a pattern that matches only where `starts` does
    and never matches nothing.

    The regex engine skips in C to the places where a match can begin when the pattern begins
    with a character or a class, as `starts` does; a pattern that begins with a group or a
    lookaround it tries at every place of the text in turn.

    >>> [m.group(0) for m in _matches(re.compile("(?<!二)[一二]元"), re.compile("[一二]"), "一元二二元")]
    ['一元']
    """
    position = 0
    while (start := starts.search(text, position)) is not None:
        match = pattern.match(text, start.start())
        if match is None:
            position = start.start() + 1
        else:
            yield match
            position = match.end()


def _read_match(text: str, match: re.Match[str], t: _Tables) -> NumberMention | None:
    if match.group("geti"):
        return _finish(
            text,
            match.start(),
            match.end(),
            t,
            value=_arabic(match.group("geti")),
            value_high=None,
            magnitude=t.magnitudes[match.group("getimag")],
            unit=match.group(0)[len(match.group("geti")) :],
            currency="CNY",
            kind="money",
            between=None,
            is_range=False,
        )
    start = match.start()
    if start > 0 and ((text[start - 1].isascii() and text[start - 1].isalnum()) or text[start - 1] in "第.#"):
        return None
    end = match.end()
    zh, ar, mag, unit, connector = match.group("zh", "ar", "mag", "unit", "connector")
    unit = unit or ""
    if not unit and end < len(text) and text[end].isascii() and text[end].isalpha():
        return None  # part of a code or model name ("5G", "GA20"); "近3亿元A+轮融资" has its unit
    if zh:
        zh += match.group("zhmag") or ""  # "二十余亿元": the magnitude after 余 is the numeral's
        vague = zh[0] in "百千" and start > 0 and text[start - 1] in "数几"  # "数千万元": some thousands
        split = _split_chinese("一" + zh if vague else zh, t)
        if split is None or unit not in t.currencies:
            return None  # Chinese numerals only as money: "十大计划", "三位一体" are names
        value, magnitude = split
    else:
        value = _arabic(ar)
        magnitude = t.magnitudes.get(mag or "", 0)
    currency = t.currencies.get(unit)
    kind = t.unit_kinds.get(unit, "other") if unit else None
    if kind is None:
        if magnitude >= 8:
            kind = "money"  # "总投资超100亿": a bare 亿 sizes money in this genre
            currency = "CNY"
        else:
            return None
    if kind == "duration" and mag is None and _is_year(value):
        return None
    value_high = None
    is_range = bool(connector)
    if is_range:
        lo = _range_low(match, t, magnitude)
        lo_unit = match.group("lo_unit")
        if lo is None or (lo_unit and lo_unit != unit):
            start = match.start("ar") if ar else match.start("zh")
            is_range = False
        else:
            value, value_high = lo, value
    unit_text = (mag or "") + unit if not zh else _zh_unit(zh, unit)
    mention = _finish(
        text,
        start,
        end,
        t,
        value=value,
        value_high=value_high,
        magnitude=magnitude,
        unit=unit_text,
        currency=currency,
        kind=kind,
        between=match.group("between") or match.group("between0") or match.group("zhbetween"),
        is_range=is_range,
    )
    # "数十亿元", "几百万元": some tens or hundreds, as vague as a bare magnitude
    if zh and zh[0] in "十百千" and mention.start == start and start > 0 and text[start - 1] in "数几":
        mention.start -= 1
        if mention.qualifier == "exact":
            mention.qualifier = "approx"
    return mention


def _zh_unit(numeral: str, unit: str) -> str:
    for word in ("万亿", "亿", "万"):
        if numeral.endswith(word) and len(numeral) > len(word) and numeral[-len(word) - 1] not in "万亿":
            return word + unit
    return unit


def _range_low(match: re.Match[str], t: _Tables, high_magnitude: int) -> Decimal | None:
    """The low end of a range, in the high end's magnitude ("80亿-100亿元" → 80)."""
    if match.group("lo_zh"):
        split = _split_chinese(match.group("lo_zh"), t)
        if split is None:
            return None
        value, magnitude = split
        magnitude = magnitude or high_magnitude  # "三至五亿元": the low end shares the magnitude
    else:
        value = _arabic(match.group("lo_ar"))
        magnitude = t.magnitudes.get(match.group("lo_mag") or "", high_magnitude)
    if _is_year(value) and high_magnitude == 0:
        return None  # "2020-2022年" is a span of years, not a duration
    return value.scaleb(magnitude - high_magnitude)


def _is_year(value: Decimal) -> bool:
    return value == value.to_integral_value() and 1900 <= value <= 2100


def _finish(
    text: str,
    start: int,
    end: int,
    t: _Tables,
    *,
    value: Decimal,
    value_high: Decimal | None,
    magnitude: int,
    unit: str,
    currency: str | None,
    kind: FigureKind,
    between: str | None,
    is_range: bool,
) -> NumberMention:
    qualifier: Qualifier = "exact"
    # a percentage's span is just "N%" (its qualifier is kept apart); other spans take a touching one
    widen = kind != "percentage"
    before = _qualifier_before(text, start, t)
    if before is not None and before[1] != "exact":
        qualifier = before[1]
        start -= len(before[0]) if widen else 0
    elif start > 1 and text[start - 1] in "为了" and (linked := _qualifier_before(text, start - 1, t)):
        qualifier = linked[1]  # "约为9亿元", "超过了150亿元": the qualifier, one word away, not in the span
    elif is_range:
        qualifier = "approx"
    elif between:
        qualifier = t.between[between]
    after = t.after.get(text[end : end + 2])  # every after-word has two characters
    if after is not None:
        end += 2 if widen else 0
        if qualifier == "exact":
            qualifier = after
    if qualifier == "exact" and _distant_up_to(text, start, t):
        qualifier = "up_to"
    if between and qualifier == "exact":
        qualifier = t.between[between]
    # (each argument is the field of that name: passed by position, 3x cheaper to bind)
    return NumberMention(start, end, kind, value, unit, qualifier, value_high, currency, magnitude)


def _read_label(text: str, match: re.Match[str], t: _Tables) -> NumberMention | None:
    """A magnitude word without digits that sizes money: "百亿级", "过万亿", "亿元以上", "超亿元"."""
    after = match.group("after") or ""
    before = _qualifier_before(text, match.start(), t)
    if match.group("bare"):
        if not after and (before is None or before[1] == "exact"):
            return None  # "亿元以上", "超亿元": a bare 亿元 sizes money only with a qualifier
        bare = match.group("bare")
        magnitude, unit = (8, "亿元") if bare == "亿元" else (7, "千万元")
        value = Decimal(1)
    else:
        label = match.group("label")
        follower = text[match.end("label") :]
        if not match.group("yuan") and not after and not follower.startswith(t.label_followers) and follower:
            return None
        magnitude = 12 if label == "万亿" else 8
        value = Decimal(10) ** (t.label_values[label] - magnitude)
        unit = (
            label[1:] + (match.group("yuan") or "") if magnitude == 8 else label + (match.group("yuan") or "")
        )
    end = match.end() if after != "级" else match.end() - 1
    qualifier: Qualifier = "over" if after == "以上" else "approx"
    start = match.start()
    if before is not None and before[1] != "exact":
        qualifier = before[1]
        start -= len(before[0])
    return NumberMention(
        start=start,
        end=end,
        kind="money",
        value=value,
        unit=unit,
        qualifier=qualifier,
        currency="CNY",
        magnitude=magnitude,
        is_label=True,
    )
