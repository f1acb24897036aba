"""Names of initiatives and organizations: 《》 titles, quoted names, and names that end in a
suffix word ("…基金", "…孵化中心", "…有限公司"), each found with its start in the text.

A name's start is found by walking left from its suffix until a clause break or a boundary
word (a verb or preposition that cannot begin a name). Names made only of generic vocabulary
("科技金融服务平台") are not names. What counts as a suffix, a boundary or generic vocabulary
lives in app/data/names.toml.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from app.extract.rules import load_rules, longest_first
from app.extract.types import InitiativeKind, OrganizationType

MAX_NAME = 32
_OPENING = {"”": "“", "’": "‘", ")": "(", "）": "（", "」": "「"}
_NAME_PUNCT = set("·—-–+&．.")
_SPEECH_PUNCT = re.compile(r"[，,。；;！？!?：:]")


@dataclass(frozen=True, slots=True)
class NameFound:
    name: str
    start: int
    end: int
    kind: str  # an InitiativeKind or an OrganizationType
    is_organization: bool
    strong: bool = True  # weak: a short brand name ("X科技") that yields to longer names


@dataclass(frozen=True, slots=True)
class _NameRules:
    initiative_suffixes: dict[str, InitiativeKind]
    organization_suffixes: dict[str, OrganizationType]
    brand_suffixes: tuple[str, ...]
    known: dict[str, OrganizationType]
    boundaries: tuple[str, ...]
    generic: frozenset[str]
    generic_max: int
    suffix_pattern: re.Pattern[str]
    known_pattern: re.Pattern[str]
    brand_pattern: re.Pattern[str]


@cache
def name_rules() -> _NameRules:
    rules = load_rules("names")
    initiative: dict[str, InitiativeKind] = rules["initiative_suffixes"]
    organization: dict[str, OrganizationType] = rules["organization_suffixes"]
    known = {name: kind for kind, names in rules["known_organizations"].items() for name in names}
    generic = frozenset(rules["generic"]["words"])
    brands = tuple(rules["company_brand_suffixes"]["words"])
    return _NameRules(
        initiative_suffixes=initiative,
        organization_suffixes=organization,
        brand_suffixes=brands,
        known=known,
        boundaries=tuple(longest_first(rules["boundaries"]["words"])),
        generic=generic,
        generic_max=max(len(w) for w in generic),
        suffix_pattern=re.compile("|".join(re.escape(w) for w in longest_first(list(initiative) + list(organization)))),
        known_pattern=re.compile("|".join(re.escape(w) for w in longest_first(list(known)))),
        brand_pattern=re.compile("|".join(re.escape(w) for w in longest_first(list(brands)))),
    )


def is_name_char(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or (ch.isascii() and ch.isalnum()) or ch in _NAME_PUNCT


def is_generic(words: str, rules: _NameRules | None = None) -> bool:
    """Whether `words` is made only of generic vocabulary (so it names nothing in particular).

    >>> is_generic("科技金融服务")
    True
    >>> is_generic("松山湖声学孵化")
    False
    """
    rules = rules or name_rules()
    text = re.sub(r"[“”‘’\"()（）·\-—\d]", "", words)
    i = 0
    while i < len(text):
        for length in range(min(rules.generic_max, len(text) - i), 0, -1):
            if text[i : i + length] in rules.generic:
                i += length
                break
        else:
            return False
    return True


def name_start(text: str, end: int, floor: int = 0, rules: _NameRules | None = None) -> int:
    """Where a name that ends before `end` begins: walk left to a clause break or boundary word.

    >>> t = "先后设立中科数智创业投资(佛山)基金、南海园基金"
    >>> t[name_start(t, 18):18]
    '中科数智创业投资(佛山)基金'
    """
    rules = rules or name_rules()
    i = end
    lowest = max(floor, end - MAX_NAME)
    while i > lowest:
        ch = text[i - 1]
        if ch in _OPENING:
            opening = text.rfind(_OPENING[ch], lowest, i - 1)
            if opening < 0:
                break
            i = opening
            continue
        if not is_name_char(ch):
            break
        if i < end and any(text.startswith(word, i - len(word)) for word in rules.boundaries if len(word) <= i):
            break
        i -= 1
    return i


def _suffix_kind(name: str, rules: _NameRules) -> tuple[str, bool] | None:
    """(kind, is_organization) from the longest suffix the name ends with."""
    best: tuple[int, str, bool] | None = None
    for suffix, kind in rules.initiative_suffixes.items():
        if name.endswith(suffix) and (best is None or len(suffix) > best[0]):
            best = (len(suffix), kind, False)
    for suffix, otype in rules.organization_suffixes.items():
        if name.endswith(suffix) and (best is None or len(suffix) > best[0]):
            best = (len(suffix), otype, True)
    return None if best is None else (best[1], best[2])


def find_titles(text: str) -> list[NameFound]:
    """《》 titles: policies (or events), outer brackets dropped."""
    found: list[NameFound] = []
    for match in re.finditer(r"《([^《》\n]{2,80})》", text):
        title = match.group(1)
        if title.endswith(("报", "杂志", "志")):
            continue
        kind = "event" if title.endswith(("大会", "论坛")) else "policy"
        found.append(NameFound(title, match.start(1), match.end(1), kind, False))
    return found


def find_quoted(text: str, rules: _NameRules | None = None) -> list[NameFound]:
    """Names in quotes: the quoted text when it ends in a suffix (“积分贷”), else the quote with the
    suffix that follows it and the words before it (科技金融创新服务“十百千万”专项行动)."""
    rules = rules or name_rules()
    found: list[NameFound] = []
    for match in re.finditer(r"“([^“”\n]{2,40})”", text):
        inner = match.group(1)
        if _SPEECH_PUNCT.search(inner) or "、" in inner:
            continue
        own = _suffix_kind(inner, rules)
        if own is not None and len(inner) >= 3:
            found.append(NameFound(inner, match.start(1), match.end(1), own[0], own[1]))
            continue
        tail = _suffix_after(text, match.end(), rules)
        if tail is None:
            continue
        end, kind, is_org = tail
        start = name_start(text, match.start(), rules=rules)
        found.append(NameFound(text[start:end], start, end, kind, is_org))
    return found


def _suffix_after(text: str, position: int, rules: _NameRules) -> tuple[int, str, bool] | None:
    """The nearest suffix word that ends a name within a few characters after `position`."""
    window_end = position
    while window_end < len(text) and window_end - position < 20 and is_name_char(text[window_end]):
        window_end += 1
    for match in rules.suffix_pattern.finditer(text, position, window_end):
        between = text[position : match.start()]
        if any(word in between for word in ("的", "和", "与", "及")):
            return None
        kind = _suffix_kind(text[position : match.end()], rules)
        if kind is not None:
            return match.end(), kind[0], kind[1]
    return None


def find_suffixed(text: str, taken: list[tuple[int, int]], rules: _NameRules | None = None) -> list[NameFound]:
    """Names in plain text that end in a suffix word, found from the suffix leftwards."""
    rules = rules or name_rules()
    found: list[NameFound] = []
    for match in rules.suffix_pattern.finditer(text):
        end = match.end()
        if end < len(text) and _continues_name(text, end, rules):
            continue
        if any(a <= match.start() < b for a, b in taken):
            continue
        start = name_start(text, match.start(), rules=rules)
        name = text[start:end]
        kind = _suffix_kind(name, rules)
        if kind is None:
            continue
        prefix = text[start : match.start()]
        if not _specific_enough(prefix, text, end, rules):
            continue
        found.append(NameFound(name, start, end, kind[0], kind[1]))
    return found


def _continues_name(text: str, end: int, rules: _NameRules) -> bool:
    """Whether the suffix at text[..end] is inside a longer name ("研究中心贵州分中心")."""
    nxt = rules.suffix_pattern.match(text, end)
    if nxt is not None:
        return False
    follower = text[end : end + 4]
    return follower.startswith(("分中心", "分行", "支行", "分院"))


def _specific_enough(prefix: str, text: str, end: int, rules: _NameRules) -> bool:
    if len(prefix) < 2 or is_generic(prefix, rules):
        return False
    if re.search(r"\d+(?:个|家|项|支|所|批)", prefix):
        return False
    # "河南省级研发创新平台20个": a class of things being counted, not one named thing
    return not re.match(r"\s?\d", text[end : end + 2])


def find_organizations(text: str, rules: _NameRules | None = None) -> list[NameFound]:
    """Known national bodies and short company names ("X科技", "X电子")."""
    rules = rules or name_rules()
    found: list[NameFound] = []
    for match in rules.known_pattern.finditer(text):
        found.append(NameFound(match.group(0), match.start(), match.end(), rules.known[match.group(0)], True))
    for match in rules.brand_pattern.finditer(text):
        end = match.end()
        start = name_start(text, match.start(), rules=rules)
        prefix = text[start : match.start()]
        if not 2 <= len(prefix) <= 6 or is_generic(prefix, rules) or "高新区" in prefix:
            continue
        if start > 0 and is_name_char(text[start - 1]) and not _boundary_before(text, start, rules):
            continue
        found.append(NameFound(text[start:end], start, end, "company", True, strong=False))
    return found


def _boundary_before(text: str, start: int, rules: _NameRules) -> bool:
    return any(text.startswith(word, start - len(word)) for word in rules.boundaries if len(word) <= start)
