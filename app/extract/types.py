"""The facts the extractor produces: plain frozen dataclasses, no database, no web.

Every offset (`start`, `end`) indexes into the text of the item (`Item.text`) it belongs to,
so that ``item.text[start:end]`` is exactly the span the fact was read from.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import MISSING, dataclass, field, fields
from decimal import Decimal
from typing import Any, Literal, TypeVar, get_args

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

_Record = TypeVar("_Record", bound=type)


def slot_init(cls: _Record) -> _Record:
    """Give a frozen, slotted dataclass an `__init__` that stores each field through its slot.

    A frozen dataclass's own `__init__` stores each field with `object.__setattr__`, which looks
    the slot up by name every time: about 6 µs for a `Figure`, and a page builds hundreds of
    these objects. This one calls each slot's setter directly, 2-3x cheaper; the class is
    otherwise the dataclass it was (same parameters and defaults, still frozen: assigning a field
    raises, `dataclasses.replace` works).

    >>> Span(1, 3), Sentence(start=0, end=2, text="好。")
    (Span(start=1, end=3), Sentence(start=0, end=2, text='好。'))
    """
    namespace: dict[str, Any] = {}
    parameters: list[str] = []
    for each in fields(cls):
        namespace[f"_set_{each.name}"] = cls.__dict__[each.name].__set__
        if each.default_factory is not MISSING:
            raise TypeError(f"{cls.__name__}.{each.name}: slot_init takes plain defaults only")
        if each.default is MISSING:
            parameters.append(each.name)
        else:
            namespace[f"_default_{each.name}"] = each.default
            parameters.append(f"{each.name}=_default_{each.name}")
    body = "".join(f"\n    _set_{each.name}(self, {each.name})" for each in fields(cls))
    exec(f"def __init__(self, {', '.join(parameters)}) -> None:{body}", namespace)  # as dataclass does
    init = namespace["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    cls.__init__ = init  # type: ignore[misc]
    return cls


@slot_init
@dataclass(frozen=True, slots=True)
class Span:
    """A half-open character range ``[start, end)`` of an item's text."""

    start: int
    end: int


@slot_init
@dataclass(frozen=True, slots=True)
class Zone:
    """A high-tech zone as the gazetteer knows it (or as the text names it, if not national)."""

    name: str  # canonical short name, e.g. "佛山高新区"
    official_name: str  # e.g. "佛山高新技术产业开发区"
    province: str | None
    city: str | None
    aliases: tuple[str, ...] = ()
    national: bool = True


@slot_init
@dataclass(frozen=True, slots=True)
class Sentence:
    start: int
    end: int
    text: str


@slot_init
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


@slot_init
@dataclass(frozen=True, slots=True)
class Initiative:
    name: str
    kind: InitiativeKind
    zone: str | None
    mentions: tuple[Span, ...]


@slot_init
@dataclass(frozen=True, slots=True)
class Organization:
    name: str
    type: OrganizationType
    mentions: tuple[Span, ...]


@slot_init
@dataclass(frozen=True, slots=True)
class Person:
    name: str
    role: str | None
    organization: str | None
    quote: str | None
    mentions: tuple[Span, ...]


@slot_init
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
