"""The gazetteer of national high-tech zones (app/data/zones.csv) and zone mentions in text.

A zone is found by any of its names: the canonical short name, the official name, the aliases
of the data file, and the forms derived from its short name ("佛山国家高新区",
"佛山高新技术产业开发区", ...). The longest name wins. A name is skipped where it is only a
brand inside another place's name ("南宁·中关村科技园" is not 中关村科技园).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Collection
from dataclasses import dataclass
from functools import cache

from app.extract.rules import alternation, load_rules, read_data_text, word_ends
from app.extract.types import Zone

ZONE_SUFFIX = "高新区"
# Forms an article may use in place of "<X>高新区".
DERIVED_FORMS = (
    "国家高新区",
    "高新技术产业开发区",
    "国家高新技术产业开发区",
    "高新技术开发区",
    "国家级高新区",
    "高新技术产业园区",
    "国家级高新技术产业开发区",
)
HAN = r"\u4e00-\u9fff"


@dataclass(slots=True)  # not frozen: built by the hundred per page, 3x cheaper to construct
class ZoneMention:
    zone: Zone
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Gazetteer:
    zones: dict[str, Zone]
    by_alias: dict[str, str]  # any name → canonical zone name
    # Every name ends in one of a dozen two-character endings ("新区", "园区", "关村"). Where one
    # ends (found by its last character: endings may overlap, "技园区"); by ending, the
    # lengths of the names shorter than TAIL characters; by their last TAIL characters, the
    # lengths of the longer names; longest first.
    ending_at: re.Pattern[str]
    short_lengths: dict[str, tuple[int, ...]]
    lengths_by_tail: dict[str, tuple[int, ...]]
    place_stems: frozenset[str]  # province and city names without 省/市, for non-national zones
    brands: dict[str, str]  # short stems a headline may use for a zone ("张江", "松山湖") → the zone
    brand_pattern: re.Pattern[str]  # any of the brands

    def named_in(self, text: str) -> bool:
        """Whether `text` names a zone, by any name or brand stem.

        >>> load_gazetteer().named_in("张江打造生物医药创新策源高地")
        True
        >>> load_gazetteer().named_in("重点投向生物医药和稀土新材料")  # industries, not brands
        False
        """
        return bool(self.find(text)) or self.brand_pattern.search(text) is not None

    def find(self, text: str) -> list[ZoneMention]:
        """National zones named in `text`, longest name first, in reading order.

        >>> [(m.zone.name, m.start) for m in load_gazetteer().find("东莞松山湖高新区、佛山国家高新区")]
        [('东莞松山湖高新区', 0), ('佛山高新区', 9)]
        """
        found: list[ZoneMention] = []
        # find the endings of names (in one scan), then look up the names that end there
        by_start: dict[int, tuple[int, str]] = {}
        for ending in self.ending_at.finditer(text):
            end = ending.end()
            longer = self.lengths_by_tail.get(text[max(0, end - TAIL) : end], ())
            for length in longer + self.short_lengths[text[end - 2 : end]]:  # longest first
                start = end - length
                if start >= 0 and text[start:end] in self.by_alias and not _inside_other_name(text, start):
                    if length > by_start.get(start, (0, ""))[0] - start:
                        by_start[start] = (end, text[start:end])
                    break
        for start in sorted(by_start):
            end, name = by_start[start]
            if found and start < found[-1].end:  # overlapping names: the longer one wins
                if end - start > found[-1].end - found[-1].start:
                    found[-1] = ZoneMention(self.zones[self.by_alias[name]], start, end)
                continue
            found.append(ZoneMention(self.zones[self.by_alias[name]], start, end))
        return found

    def find_local(self, text: str, national: list[ZoneMention]) -> list[ZoneMention]:
        """High-tech zones named in `text` that the gazetteer does not hold (provincial ones).

        >>> g = load_gazetteer()
        >>> [(m.zone.name, m.zone.national) for m in g.find_local("与梅州高新区签约,梅州市", [])]
        [('梅州高新区', False)]
        >>> g.find_local("努力夯实高新区金融基础", [])
        []
        """
        out: list[ZoneMention] = []
        national_ends = {m.end for m in national}
        for anchor in _LOCAL_ANCHOR.finditer(text):  # anchors first: far fewer places to look
            if anchor.end() in national_ends:
                continue
            match = _LOCAL_PREFIX.search(text, max(0, anchor.start() - 6), anchor.start())
            if match is None:
                continue
            place = _place_prefix(match.group(0), self.place_stems)
            if place is None:
                continue
            begin, end = anchor.start() - len(place), anchor.end()
            if any(m.start < end and begin < m.end for m in national):
                continue
            name = place + ZONE_SUFFIX
            if name in self.by_alias:
                continue
            zone = Zone(
                name=name,
                official_name=place + "高新技术产业开发区",
                province=None,
                city=None,
                aliases=(),
                national=False,
            )
            out.append(ZoneMention(zone, begin, end))
        return out


_LOCAL_PREFIX = re.compile(rf"[{HAN}]{{2,6}}$")
_LOCAL_ANCHOR = re.compile("高新技术产业开发区|高新技术开发区|高新区")


@cache
def _not_places() -> frozenset[str]:
    return frozenset(load_rules("zones")["not_places"])


def _place_prefix(prefix: str, stems: frozenset[str]) -> str | None:
    """The place name that ends `prefix`, when it is recognizably a place."""
    for length in (4, 3, 2):
        place = prefix[-length:]
        not_places = _not_places()
        if len(place) < length or place in not_places or place[-2:] in not_places:
            continue
        stem = place.rstrip("市县")
        if place in stems or stem in stems:
            return place
    return None


def _inside_other_name(text: str, start: int) -> bool:
    """A zone brand glued to another place by "·" names a park elsewhere ("南宁·中关村科技园")."""
    return start > 0 and text[start - 1] in "·・•"


def _derived_names(zone: Zone) -> set[str]:
    names = {zone.name, zone.official_name, *zone.aliases}
    for name in list(names):
        if name.endswith(ZONE_SUFFIX) and not name.endswith(("国家高新区", "国家级高新区")):
            stem = name[: -len(ZONE_SUFFIX)]
            names.update(stem + form for form in DERIVED_FORMS)
            if zone.city and stem == zone.city.rstrip("市"):
                names.add(zone.city + ZONE_SUFFIX)
                names.add(zone.city + "国家高新区")
    if zone.official_name.endswith("开发区") and "国家" not in zone.official_name:
        for anchor in ("高新技术产业开发区", "高技术产业开发区", "新技术开发区"):
            if zone.official_name.endswith(anchor):
                names.add(zone.official_name[: -len(anchor)] + "国家" + anchor)
    return {n for n in names if len(n) >= 3}


TAIL = 4  # how many last characters index a name: under "高新区" it would share its entry with
# every other zone, under "湖高新区" with almost none


def _short_lengths(names: Collection[str]) -> dict[str, tuple[int, ...]]:
    """By ending, the lengths of the names shorter than TAIL characters, longest first."""
    lengths: dict[str, set[int]] = {name[-2:]: set() for name in names}
    for name in names:
        if len(name) < TAIL:
            lengths[name[-2:]].add(len(name))
    return {ending: tuple(sorted(found, reverse=True)) for ending, found in lengths.items()}


def _lengths_by_tail(names: Collection[str]) -> dict[str, tuple[int, ...]]:
    """The lengths of the names of TAIL characters or more, by their last TAIL, longest first.

    >>> _lengths_by_tail(["中关村", "北京中关村", "京中关村", "武汉东湖高新区"])["京中关村"]
    (5, 4)
    """
    lengths: dict[str, set[int]] = {}
    for name in names:
        if len(name) >= TAIL:
            lengths.setdefault(name[-TAIL:], set()).add(len(name))
    return {tail: tuple(sorted(found, reverse=True)) for tail, found in lengths.items()}


@cache
def load_gazetteer() -> Gazetteer:
    """The gazetteer, read once from app/data/zones.csv."""
    zones: dict[str, Zone] = {}
    for row in csv.DictReader(io.StringIO(read_data_text("zones.csv"))):
        aliases = tuple(a for a in (row.get("aliases") or "").split("|") if a)
        zone = Zone(
            name=row["name"],
            official_name=row["official_name"],
            province=row["province"] or None,
            city=row["city"] or None,
            aliases=aliases,
        )
        zones[zone.name] = zone
    owners: dict[str, set[str]] = {}
    for zone in zones.values():
        for name in _derived_names(zone):
            owners.setdefault(name, set()).add(zone.name)
    # A derived name two zones could claim names neither; their own short names always win.
    by_alias = {name: next(iter(owner)) for name, owner in owners.items() if len(owner) == 1}
    by_alias.update({zone.name: zone.name for zone in zones.values()})
    stems = {z.province.rstrip("省市") for z in zones.values() if z.province}
    stems |= {z.city.rstrip("市") for z in zones.values() if z.city}
    for place in csv.DictReader(io.StringIO(read_data_text("places.csv"))):
        stems.add(place["short"])
        stems.add(place["name"])
    brand_owners: dict[str, set[str]] = {}
    for zone in zones.values():
        stem = zone.name.removesuffix(ZONE_SUFFIX)
        city = (zone.city or "").removesuffix("市")
        if stem.startswith(city) and len(stem) - len(city) >= 2:
            brand_owners.setdefault(stem[len(city) :], set()).add(zone.name)
        if len(stem) >= 2:
            brand_owners.setdefault(stem, set()).add(zone.name)
    generic = set(load_rules("zones")["generic_brand_stems"])
    # a stem two zones share ("火炬": 厦门, 中山, 威海) marks a headline but names neither zone
    brands = {
        stem: next(iter(owners)) if len(owners) == 1 else ""
        for stem, owners in brand_owners.items()
        if stem not in generic
    }
    return Gazetteer(
        zones=zones,
        brands=brands,
        brand_pattern=re.compile(alternation(brands)),
        by_alias=by_alias,
        short_lengths=_short_lengths(by_alias),
        ending_at=re.compile(word_ends({name[-2:] for name in by_alias})),
        lengths_by_tail=_lengths_by_tail(by_alias),
        place_stems=frozenset(stems),
    )
