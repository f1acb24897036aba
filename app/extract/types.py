"""The facts the extractor produces: plain frozen dataclasses, no database, no web.

Every offset (`start`, `end`) indexes into the text of the item (`Item.text`) it belongs to,
so that ``item.text[start:end]`` is exactly the span the fact was read from.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal, get_args

FigureKind = Literal["money", "count", "percentage", "area", "duration", "other"]
Qualifier = Literal["exact", "approx", "under", "over", "up_to"]
MoneyCategory = Literal[
    "credit_line",
    "loan",
    "fund_size",
    "bond",
    "valuation",
    "investment",
    "financing",
    "subsidy",
    "capital_injection",
    "revenue",
    "other",
]
InitiativeKind = Literal[
    "program", "policy", "fund", "financial_product", "platform", "base", "project", "event"
]
OrganizationType = Literal[
    "bank", "government", "company", "institute", "association", "hospital", "school", "other"
]

# The same choices as tuples, for validation and database enums (derived, never listed twice).
INITIATIVE_KINDS: tuple[InitiativeKind, ...] = get_args(InitiativeKind)
ORGANIZATION_TYPES: tuple[OrganizationType, ...] = get_args(OrganizationType)


@dataclass(frozen=True, slots=True)
class Span:
    """A half-open character range ``[start, end)`` of an item's text."""

    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Zone:
    """A high-tech zone as the gazetteer knows it (or as the text names it, if not national)."""

    name: str  # canonical short name, e.g. "佛山高新区"
    official_name: str  # e.g. "佛山高新技术产业开发区"
    province: str | None
    city: str | None
    aliases: tuple[str, ...] = ()
    national: bool = True


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Figure:
    """A number with its meaning, read from one mention in the text."""

    kind: FigureKind
    text: str  # the span as written, a touching qualifier included: "近30亿元"
    value: Decimal  # the number as written, in `unit`: 30
    unit: str  # as written: "亿元", "家", "%", "亩", "年"
    start: int
    end: int
    sentence: Sentence
    qualifier: Qualifier = "exact"
    value_high: Decimal | None = None  # upper end of a range ("5-8年" → 5 .. 8)
    currency: str | None = None  # ISO code for money: "CNY", "USD", "HKD", "EUR", ...
    amount_yuan: int | None = None  # money in CNY only, exact integer yuan
    amount_yuan_high: int | None = None  # upper end of a money range, in yuan
    category: MoneyCategory | None = None  # money only
    per_year: bool = False
    zone: str | None = None  # canonical zone name the figure belongs to
    initiative: str | None = None  # name of the initiative it is about, if the sentence says so
    organization: str | None = None  # name of the organization it is about, if the sentence says so
    share_of: int | None = None  # percentage: index (in Item.figures) of the figure it is a share of


@dataclass(frozen=True, slots=True)
class Initiative:
    name: str
    kind: InitiativeKind
    zone: str | None
    mentions: tuple[Span, ...]


@dataclass(frozen=True, slots=True)
class Organization:
    name: str
    type: OrganizationType
    mentions: tuple[Span, ...]


@dataclass(frozen=True, slots=True)
class Person:
    name: str
    role: str | None
    organization: str | None
    quote: str | None
    mentions: tuple[Span, ...]


@dataclass(frozen=True, slots=True)
class Item:
    """One news item of a page, with its cleaned text and every fact read from it."""

    text: str  # title lines, then the body; every offset indexes into this
    title: str | None
    subtitle: str | None
    authors: tuple[str, ...]
    date: dt.date | None
    primary_zone: str | None
    zones: tuple[Zone, ...]
    sentences: tuple[Sentence, ...]
    figures: tuple[Figure, ...] = ()
    initiatives: tuple[Initiative, ...] = ()
    organizations: tuple[Organization, ...] = ()
    people: tuple[Person, ...] = ()
    local_zones: tuple[Zone, ...] = ()  # high-tech zones named that are not national ones
    title_span: Span | None = None
    body_start: int = 0  # offset where the body begins (after title lines)
    zone_mentions: tuple[tuple[str, Span], ...] = field(default=())  # (zone name, span) in order
