"""Response models: the JSON the API returns, read from the ORM rows (`from_attributes`)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any, Generic, TypeVar

from pydantic import (
    AliasPath,
    BaseModel,
    ConfigDict,
    Field,
    PlainSerializer,
    field_validator,
    model_validator,
)

from app.extract.types import FigureKind, InitiativeKind, MoneyCategory, OrganizationType, Qualifier

T = TypeVar("T")


def _plain_number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


# Numbers as written (30, 224.94) are JSON numbers, not strings.
Number = Annotated[Decimal, PlainSerializer(_plain_number, return_type=int | float)]


class Schema(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class Page(Schema, Generic[T]):
    """One page of results; pass `next` as `offset` to get the following page (null: last page)."""

    items: list[T]
    next: int | None = Field(description="offset of the next page, null on the last page")


class SpanRead(Schema):
    start: int
    end: int


class ZoneRef(Schema):
    id: int
    name: str


class ZoneRead(ZoneRef):
    official_name: str
    province: str | None
    city: str | None
    national: bool
    aliases: list[str]

    @field_validator("aliases", mode="before")
    @classmethod
    def _alias_names(cls, value: Any) -> Any:
        return [getattr(alias, "alias", alias) for alias in value]


class FigureBrief(Schema):
    id: int
    kind: FigureKind
    text: str
    amount_yuan: int | None
    category: MoneyCategory | None
    start: int
    end: int


class SentenceRead(Schema):
    start: int
    end: int
    text: str


class FigureRead(Schema):
    id: int
    article_id: int
    kind: FigureKind
    text: str = Field(description="the span as written, qualifier included")
    value: Number = Field(description="the number as written, in `unit`")
    value_high: Number | None = Field(description="upper end of a range")
    unit: str
    currency: str | None
    amount_yuan: int | None = Field(description="money in CNY as exact integer yuan")
    amount_yuan_high: int | None
    qualifier: Qualifier
    category: MoneyCategory | None
    per_year: bool
    zone: ZoneRef | None
    initiative: InitiativeRef | None
    organization: OrganizationRef | None
    share_of_id: int | None = Field(description="for a percentage: the figure it is a share of")
    sentence: SentenceRead = Field(description="the sentence the figure was read from")
    start: int
    end: int

    @model_validator(mode="before")
    @classmethod
    def _nest_sentence(cls, data: Any) -> Any:
        """The row keeps the sentence in three columns; the API nests them."""
        if isinstance(data, dict) or not hasattr(data, "sentence_text"):
            return data
        fields = {name: getattr(data, name) for name in cls.model_fields if name != "sentence"}
        sentence = {"start": data.sentence_start, "end": data.sentence_end, "text": data.sentence_text}
        return fields | {"sentence": sentence}


class InitiativeRef(Schema):
    id: int
    name: str
    kind: InitiativeKind


class InitiativeRead(InitiativeRef):
    article_id: int
    zone: ZoneRef | None
    start: int | None = Field(description="first mention; all of them are in `mentions`")
    end: int | None
    mentions: list[SpanRead]
    figures: list[FigureBrief]


class OrganizationRef(Schema):
    id: int
    name: str
    type: OrganizationType


class OrganizationRead(OrganizationRef):
    article_id: int
    start: int | None = Field(description="first mention; all of them are in `mentions`")
    end: int | None
    mentions: list[SpanRead]


class PersonRead(Schema):
    id: int
    article_id: int
    name: str
    role: str | None
    organization: str | None
    quote: str | None
    start: int | None = Field(description="first mention; all of them are in `mentions`")
    end: int | None
    mentions: list[SpanRead]


class ZoneMentionRead(Schema):
    zone: ZoneRef
    start: int | None
    end: int | None


class ArticleRead(Schema):
    id: int
    document_id: int
    position: int = Field(description="order of the item on its source page, from 0")
    title: str | None
    subtitle: str | None
    authors: list[str]
    published_date: dt.date | None
    primary_zone: ZoneRef | None


class ArticleDetail(ArticleRead):
    """An article with its text and every fact; each `start`/`end` indexes into `text`."""

    text: str
    body_start: int
    zones: list[ZoneMentionRead] = Field(validation_alias=AliasPath("zone_mentions"))
    sentences: list[SentenceRead]
    figures: list[FigureRead]
    initiatives: list[InitiativeRead]
    organizations: list[OrganizationRead]
    people: list[PersonRead]


class ZoneDetail(ZoneRead):
    initiatives: list[InitiativeRead]
    figures: list[FigureRead]


class Status(Schema):
    status: str = Field(examples=["ok"])


class Problem(BaseModel):
    """RFC 9457 problem details, sent as application/problem+json. Invalid input also names
    the `parameter` at fault, or lists `errors` (each a `parameter` and a `message`)."""

    model_config = ConfigDict(extra="allow")

    type: str
    title: str
    status: int
    detail: str | None = None
    instance: str | None = None
