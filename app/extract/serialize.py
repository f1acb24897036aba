"""Turn extracted items into JSON-ready dicts: the `zonefacts extract` contract."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from app.extract.types import Figure, Initiative, Item, Organization, Person, Span, Zone


def number_to_json(value: Decimal | None) -> int | float | None:
    """A Decimal as the plainest JSON number.

    >>> number_to_json(Decimal("30"))
    30
    >>> number_to_json(Decimal("36.75"))
    36.75
    """
    if value is None:
        return None
    if value == value.to_integral_value():
        return int(value)
    return float(value)


def zone_to_dict(zone: Zone) -> dict[str, Any]:
    return {
        "name": zone.name,
        "official_name": zone.official_name,
        "province": zone.province,
        "city": zone.city,
        "aliases": list(zone.aliases),
        "national": zone.national,
    }


def figure_to_dict(figure: Figure) -> dict[str, Any]:
    return {
        "kind": figure.kind,
        "text": figure.text,
        "value": number_to_json(figure.value),
        "value_high": number_to_json(figure.value_high),
        "unit": figure.unit,
        "currency": figure.currency,
        "amount_yuan": figure.amount_yuan,
        "amount_yuan_high": figure.amount_yuan_high,
        "qualifier": figure.qualifier,
        "category": figure.category,
        "per_year": figure.per_year,
        "zone": figure.zone,
        "initiative": figure.initiative,
        "organization": figure.organization,
        "share_of": figure.share_of,
        "sentence": figure.sentence.text,
        "start": figure.start,
        "end": figure.end,
    }


def mentions_to_list(mentions: tuple[Span, ...]) -> list[dict[str, int]]:
    return [{"start": m.start, "end": m.end} for m in mentions]


def initiative_to_dict(initiative: Initiative) -> dict[str, Any]:
    return {
        "name": initiative.name,
        "kind": initiative.kind,
        "zone": initiative.zone,
        "mentions": mentions_to_list(initiative.mentions),
    }


def organization_to_dict(organization: Organization) -> dict[str, Any]:
    return {
        "name": organization.name,
        "type": organization.type,
        "mentions": mentions_to_list(organization.mentions),
    }


def person_to_dict(person: Person) -> dict[str, Any]:
    return {
        "name": person.name,
        "role": person.role,
        "organization": person.organization,
        "quote": person.quote,
        "mentions": mentions_to_list(person.mentions),
    }


def item_to_dict(item: Item) -> dict[str, Any]:
    return {
        "title": item.title,
        "subtitle": item.subtitle,
        "authors": list(item.authors),
        "date": item.date.isoformat() if item.date else None,
        "primary_zone": item.primary_zone,
        "zones": [zone_to_dict(z) for z in item.zones],
        "local_zones": [zone_to_dict(z) for z in item.local_zones],
        "figures": [figure_to_dict(f) for f in item.figures],
        "initiatives": [initiative_to_dict(i) for i in item.initiatives],
        "organizations": [organization_to_dict(o) for o in item.organizations],
        "people": [person_to_dict(p) for p in item.people],
        "sentences": [{"start": s.start, "end": s.end} for s in item.sentences],
        "text": item.text,
    }
