"""The extraction pipeline: page text → items, then, per item, an ordered sequence of steps.

    read_items → sentences → zones → numbers → names → people → figures

Each step is a pure function of the item's text (and earlier steps), testable alone.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from operator import attrgetter

from app.extract.decoding import check_text
from app.extract.figures import build_figures
from app.extract.gazetteer import ZoneMention, load_gazetteer
from app.extract.names import (
    NameFound,
    TextScan,
    find_organizations,
    find_quoted,
    find_suffixed,
    find_titles,
    name_rules,
)
from app.extract.numbers import find_numbers
from app.extract.page import ReadItem, read_items
from app.extract.people import find_people
from app.extract.sentences import split_sentences
from app.extract.types import (
    INITIATIVE_KINDS,
    ORGANIZATION_TYPES,
    Initiative,
    InitiativeKind,
    Item,
    Organization,
    OrganizationType,
    Span,
    Zone,
)

_START = attrgetter("start")


def extract_page(text: str) -> list[Item]:
    """The news items of a page with every fact read from them."""
    return [extract_item(read) for read in read_items(check_text(text), load_gazetteer().named_in)]


def extract_item(read: ReadItem) -> Item:
    text = read.text
    sentences = split_sentences(text)
    gazetteer = load_gazetteer()
    national = gazetteer.find(text)
    local = gazetteer.find_local(text, national)
    primary = primary_zone(national, read)
    zone_spans = [(m.zone.name, m.start, m.end) for m in sorted(national + local, key=_START)]
    numbers = find_numbers(text)
    number_spans = [(n.start, n.end) for n in numbers]
    initiatives, organizations = read_names(text, national, number_spans, primary)
    org_anchors = [(o.name, m.start, m.end) for o in organizations for m in o.mentions]
    people = find_people(text, org_anchors)
    figures = build_figures(
        text,
        numbers,
        sentences,
        zone_spans,
        primary,
        [(i.name, m.start, m.end) for i in initiatives for m in i.mentions],
        org_anchors,
    )
    return Item(
        text=text,
        title=read.title,
        subtitle=read.subtitle,
        authors=read.authors,
        date=read.date,
        primary_zone=primary,
        zones=_distinct_zones(national),
        local_zones=_distinct_zones(local),
        sentences=tuple(sentences),
        figures=tuple(figures),
        initiatives=tuple(initiatives),
        organizations=tuple(organizations),
        people=tuple(people),
        title_span=Span(read.title_start, read.title_start + len(read.title))
        if read.title is not None and read.title_start is not None
        else None,
        body_start=read.body_start,
        zone_mentions=tuple((name, Span(start, end)) for name, start, end in zone_spans),
    )


def primary_zone(mentions: list[ZoneMention], read: ReadItem) -> str | None:
    """The zone the item is about: the first named in its title, else the one named most often."""
    if not mentions:
        return None
    if read.title_start is not None and read.title:
        title_end = read.title_start + len(read.title)
        in_title = [(m.start, m.zone.name) for m in mentions if read.title_start <= m.start < title_end]
        # "张江携手中关村": a brand in the title names a zone that the item names in full
        named = {mention.zone.name for mention in mentions}
        gazetteer = load_gazetteer()
        for brand in gazetteer.brand_pattern.finditer(read.title):
            if gazetteer.brands[brand.group(0)] in named:
                in_title.append((read.title_start + brand.start(), gazetteer.brands[brand.group(0)]))
                break
        if in_title:
            return min(in_title)[1]
    counts: dict[str, int] = {}
    first_at: dict[str, int] = {}
    for m in mentions:
        counts[m.zone.name] = counts.get(m.zone.name, 0) + 1
        first_at.setdefault(m.zone.name, m.start)
    return max(counts, key=lambda name: (counts[name], -first_at[name]))


def _distinct_zones(mentions: list[ZoneMention]) -> tuple[Zone, ...]:
    seen: dict[str, Zone] = {}
    for mention in mentions:
        seen.setdefault(mention.zone.name, mention.zone)
    return tuple(seen.values())


@dataclass(slots=True)
class _Collected:
    name: str
    kind: str
    is_organization: bool
    mentions: list[Span]
    first: int  # where the first mention starts


def read_names(
    text: str,
    zones: list[ZoneMention],
    number_spans: list[tuple[int, int]],
    primary: str | None,
) -> tuple[list[Initiative], list[Organization]]:
    """Initiatives and organizations of an item, each once, with every mention."""
    titles = find_titles(text)
    scan = TextScan(text)
    quoted = find_quoted(scan, number_spans)
    taken = [(f.start, f.end) for f in titles + quoted]
    suffixed = find_suffixed(scan, taken, number_spans)
    organizations = find_organizations(scan)
    zone_spans = {(z.start, z.end) for z in zones}
    candidates = [
        f
        for f in _joined_events(
            text, _resolve_overlaps(titles + quoted + suffixed + organizations, number_spans)
        )
        if (f.start, f.end) not in zone_spans  # "苏州工业园区" is a zone, not a park initiative
    ]
    aliases = _aliases(text, candidates)
    if aliases:
        candidates = sorted(candidates + _alias_mentions(text, aliases, candidates), key=_START)
    collected = _group_mentions(candidates, [f.name for f in titles], aliases)
    initiatives: list[Initiative] = []
    organizations_out: list[Organization] = []
    for item in collected.values():
        mentions = tuple(sorted(item.mentions, key=_START))
        if item.is_organization:
            organizations_out.append(Organization(item.name, _org_type(item.kind), mentions))
        else:
            zone = _initiative_zone(text, mentions[0], zones, primary)
            initiatives.append(Initiative(item.name, _initiative_kind(item.kind), zone, mentions))
    return initiatives, organizations_out


_ALIAS = re.compile(r"[(（]以下简称[:：]?(?P<open>[《“])(?P<alias>[^《》“”\n]{2,20})[》”][)）]")


def _aliases(text: str, candidates: list[NameFound]) -> dict[str, str]:
    """Short names a text gives a name it has just written out: "《…若干政策措施》（以下简称
    《若干措施》）", "…措施》(以下简称“铜十条”)"."""
    if "简称" not in text:
        return {}
    ends = {f.end: f for f in candidates if not f.is_organization}
    aliases: dict[str, str] = {}
    for match in _ALIAS.finditer(text):
        named = ends.get(match.start()) or ends.get(match.start() - 1)  # (after its closing 》)
        if named is not None and match.group("alias") != named.name:
            aliases[match.group("alias")] = named.name
    return aliases


def _alias_mentions(text: str, aliases: dict[str, str], candidates: list[NameFound]) -> list[NameFound]:
    """The quoted or titled uses of each short name ("“铜十条”") not found as names already."""
    kinds = {f.name: f.kind for f in candidates}
    taken = {(f.start, f.end) for f in candidates}
    found: list[NameFound] = []
    for alias, name in aliases.items():
        for opening, closing in (("“", "”"), ("《", "》")):
            at = text.find(opening + alias + closing)
            while at >= 0:
                span = (at + 1, at + 1 + len(alias))
                if span not in taken:
                    found.append(NameFound(alias, span[0], span[1], kinds.get(name, "policy"), False))
                at = text.find(opening + alias + closing, at + 1)
    return found


def _group_mentions(
    candidates: list[NameFound], titles: list[str], aliases: dict[str, str] | None = None
) -> dict[str, _Collected]:
    """One entry per named thing: a short form ("《实施意见》", "“十百千万”专项行动") joins the
    longer name that ends the same way, wherever each stands, and a short name the text gives
    one ("以下简称《若干措施》") joins it."""
    collected: dict[str, _Collected] = {}
    by_last: dict[str, list[_Collected]] = {}  # in the order collected: a name ends as its short form
    legal_forms = name_rules().legal_forms
    aliases = aliases or {}
    for found in sorted(candidates, key=lambda f: -len(f.name)):
        key = aliases.get(found.name, found.name)
        if found.is_organization and key not in collected:  # "宁波银行" is "宁波银行股份有限公司"
            key = next((key + form for form in legal_forms if key + form in collected), key)
        if key not in collected and (len(key) >= 4 or key in titles):
            for longer in by_last.get(key[-1:], ()):
                if longer.name.endswith(key) and longer.is_organization == found.is_organization:
                    key = longer.name
                    break
        entry = collected.get(key)
        if entry is not None:
            entry.mentions.append(Span(found.start, found.end))
            entry.first = min(entry.first, found.start)
        else:
            entry = collected[key] = _Collected(
                key, found.kind, found.is_organization, [Span(found.start, found.end)], found.start
            )
            by_last.setdefault(key[-1:], []).append(entry)
    return dict(sorted(collected.items(), key=lambda kv: kv[1].first))


def _resolve_overlaps(found: list[NameFound], number_spans: list[tuple[int, int]]) -> list[NameFound]:
    """Longer names win over names inside them, except that strong organization names (集团,
    有限公司) are kept inside initiative names; weak brand names yield to everything."""
    ordered = sorted(found, key=lambda f: (-(f.end - f.start), f.start))
    kept: list[NameFound] = []
    covered = bytearray(max((f.end for f in found), default=0))  # 1 where a kept name stands
    for candidate in ordered:
        # only a candidate that touches a kept name (most touch none: found in C) is compared
        if covered.find(1, candidate.start, candidate.end) >= 0:
            inside: list[NameFound] = []
            overlapping = same = False
            for k in kept:  # one pass: what the candidate sits inside, overlaps, or repeats
                if k.start < candidate.end and candidate.start < k.end:
                    same = same or (k.start == candidate.start and k.end == candidate.end)
                    if k.start <= candidate.start and candidate.end <= k.end:
                        inside.append(k)
                    else:
                        overlapping = True
            # 《…“星城英才计划”…》 and "“X学校”项目签约仪式" name both the container and what is inside
            if inside and all(k.kind in ("policy", "event") for k in inside):
                kept.append(candidate)  # (its place is covered already: the container covers it)
                continue
            if same or overlapping:
                continue
            if inside and (
                not (candidate.is_organization and candidate.strong) or any(k.is_organization for k in inside)
            ):
                continue
        if candidate.kind == "company" and any(
            a < candidate.end and candidate.start < b for a, b in number_spans
        ):
            continue
        kept.append(candidate)
        covered[candidate.start : candidate.end] = b"\x01" * (candidate.end - candidate.start)
    return sorted(kept, key=_START)


def _joined_events(text: str, found: list[NameFound]) -> list[NameFound]:
    """Two events held as one are one event: "…招商推介会暨重点项目集中签约仪式" (in reading order),
    whether found as two names or as one with the first inside it."""
    events = [(f.start, f.end) for f in found if f.kind == "event"]
    joined: list[NameFound] = []
    for name in found:
        if (
            name.kind == "event"
            and text.startswith("暨", name.end)
            and any(start <= name.start and name.end < end for start, end in events)
        ):
            continue
        previous = joined[-1] if joined else None
        if (
            previous is not None
            and previous.kind == name.kind == "event"
            and text.startswith("暨", previous.end)
            and name.start in (previous.end, previous.end + 1)  # (with 暨 or after it)
        ):
            previous.name, previous.end = text[previous.start : name.end], name.end
            continue
        joined.append(name)
    return joined


_INITIATIVE_KINDS: dict[str, InitiativeKind] = {kind: kind for kind in INITIATIVE_KINDS}
_ORG_TYPES: dict[str, OrganizationType] = {kind: kind for kind in ORGANIZATION_TYPES}


def _initiative_kind(kind: str) -> InitiativeKind:
    return _INITIATIVE_KINDS.get(kind, "program")


def _org_type(kind: str) -> OrganizationType:
    return _ORG_TYPES.get(kind, "other")


def _initiative_zone(text: str, first: Span, zones: list[ZoneMention], primary: str | None) -> str | None:
    """The zone named inside the initiative's name, else the item's; none for national programs.
    (`zones` in reading order.)"""
    for zone in zones[bisect.bisect_left(zones, first.start, key=_START) :]:
        if zone.start >= first.end:
            break
        if zone.end <= first.end:
            return zone.zone.name
    if text[max(0, first.start - 3) : first.start].endswith(("中央", "国家", "全国", "中央“", "国家“")):
        return None
    return primary
