"""Response models: the JSON the API returns.

The read routes build their answers as plain dicts in these shapes (`app.services.reader`) and
name the models in `response_model` for the OpenAPI schema; the models also validate ORM rows
(`from_attributes`), as `DocumentRead` does for a stored page.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from decimal import Decimal
from typing import Annotated, Any, Generic, TypeVar

from pydantic import (
    AliasPath,
    BaseModel,
    ConfigDict,
    Field,
    PlainSerializer,
    ValidationInfo,
    field_validator,
    model_validator,
)
from sqlalchemy import inspect

from app.extract.types import FigureKind, InitiativeKind, MoneyCategory, OrganizationType, Qualifier

T = TypeVar("T")


def _plain_number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


# Numbers as written (30, 36.75) are JSON numbers, not strings.
Number = Annotated[Decimal, PlainSerializer(_plain_number, return_type=int | float)]


class Schema(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class Page(Schema, Generic[T]):
    """One page of results, in a stable order; follow `next` (also sent as `Link: <...>; rel="next"`)
    for the following page."""

    items: list[T]
    next: str | None = Field(
        default=None, description="link (path and query) of the next page; null on the last page"
    )
    next_cursor: str | None = Field(
        default=None, description="opaque cursor of the next page, for the `cursor` parameter"
    )
    total: int | None = Field(
        default=None, description="rows matching the filters on all pages; only with `total=true`"
    )


def _unloaded(row: Any) -> Collection[str]:
    """The attributes of an ORM row that were not loaded (includes decide which): computed once
    per row, as SQLAlchemy computes the set anew on each access."""
    state = inspect(row, raiseerr=False)
    return () if state is None else state.unloaded


class SpanRead(Schema):
    start: int
    end: int


class ZoneRef(Schema):
    id: int
    name: str


class ZoneSummary(ZoneRef):
    official_name: str
    province: str | None
    city: str | None
    national: bool


class ZoneRead(ZoneSummary):
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


def _zone_as_asked(fields: dict[str, Any], info: ValidationInfo) -> dict[str, Any]:
    """Lists show a row's zone as id and name unless `include=zone` (the validation context)."""
    zone = fields.get("zone")
    if zone is not None and "zone" not in (info.context or {}).get("include", ()):
        fields["zone"] = ZoneRef.model_validate(zone)
    return fields


class ArticleRef(Schema):
    id: int
    document_id: int
    title: str | None
    published_date: dt.date | None


INCLUDE_NOTE = "null unless asked for with `include`"


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
    amount_low_yuan: int | None = Field(
        description="lowest amount the text allows (超8.4亿元: 840000000); null: unknown or not yuan"
    )
    amount_high_yuan: int | None = Field(
        description="highest amount the text allows (近30亿元: 3000000000); null: unknown or not yuan"
    )
    qualifier: Qualifier
    category: MoneyCategory | None
    per_year: bool
    zone_id: int | None
    zone: ZoneSummary | ZoneRef | None = Field(
        default=None, description="the figure's zone: id and name; with `include=zone` also its province..."
    )
    article: ArticleRef | None = Field(default=None, description=f"{INCLUDE_NOTE}=article")
    initiative: InitiativeRef | None
    organization: OrganizationRef | None
    share_of_id: int | None = Field(description="for a percentage: the figure it is a share of")
    sentence: SentenceRead = Field(description="the sentence the figure was read from (always shown)")
    start: int
    end: int

    @model_validator(mode="before")
    @classmethod
    def _from_row(cls, data: Any, info: ValidationInfo) -> Any:
        """The row keeps the sentence in three columns; the API nests them. What the service
        did not load (an `include` not asked for) is null; the zone is then just id and name."""
        if isinstance(data, dict) or not hasattr(type(data), "sentence_text"):
            return data
        unloaded = _unloaded(data)
        fields = {
            name: None if name in unloaded else getattr(data, name)
            for name in cls.model_fields
            if name != "sentence"
        }
        sentence = {"start": data.sentence_start, "end": data.sentence_end, "text": data.sentence_text}
        return _zone_as_asked(fields, info) | {"sentence": sentence}


class InitiativeRef(Schema):
    id: int
    name: str
    kind: InitiativeKind


class InitiativeRead(InitiativeRef):
    article_id: int
    zone_id: int | None
    zone: ZoneSummary | ZoneRef | None = Field(
        default=None,
        description="the initiative's zone: id and name; with `include=zone` also its province...",
    )
    article: ArticleRef | None = Field(default=None, description=f"{INCLUDE_NOTE}=article")
    sentence: SentenceRead | None = Field(
        default=None, description=f"the sentence of the first mention; {INCLUDE_NOTE}=sentence"
    )
    start: int | None = Field(description="first mention; all of them are in `mentions`")
    end: int | None
    mentions: list[SpanRead]
    figures: list[FigureBrief]

    @model_validator(mode="before")
    @classmethod
    def _from_row(cls, data: Any, info: ValidationInfo) -> Any:
        if isinstance(data, dict) or not hasattr(type(data), "mentions"):
            return data
        unloaded = _unloaded(data)
        fields = {name: None if name in unloaded else getattr(data, name) for name in cls.model_fields}
        return _zone_as_asked(fields, info)


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


class MoneyGroupRead(Schema):
    key: str | None = Field(description="zone name, province, category or YYYY-MM; null: not known")
    sum_yuan: int
    count: int
    min_yuan: int
    max_yuan: int


class MoneyStats(Schema):
    group_by: str
    groups: list[MoneyGroupRead]


HAN_CHARACTER = "[\u4e00-\u9fff]"  # a page must hold at least one: JSON Schema `pattern` searches


class PageIn(BaseModel):
    """A page to ingest, as JSON (or send the text itself as `text/plain` or `text/html`)."""

    model_config = ConfigDict(extra="forbid")

    text: str = Field(
        min_length=1,
        pattern=HAN_CHARACTER,
        description="the page: one or more news items, as printed (HTML is reduced to its text); "
        "it must hold Chinese text",
        examples=["东湖高新区设立10亿元科技创新基金\n本报讯 东湖高新区日前设立规模10亿元的科技创新基金。"],
    )
    source: str | None = Field(
        default=None, max_length=500, description="where the page came from (a URL or a name)"
    )
    published_date: dt.date | None = Field(
        default=None, description="the page's date; dates the items whose text states none"
    )


class DocumentRead(Schema):
    """A stored source page and the news items read from it, with all their facts."""

    id: int
    source: str = Field(validation_alias="source_name", description="the name it was sent or loaded as")
    content_hash: str = Field(description="sha256 of the stored text: the same text is stored once")
    ingested_at: dt.datetime = Field(description="when it was stored (UTC)")
    articles: list[ArticleDetail]

    @field_validator("ingested_at")
    @classmethod
    def _in_utc(cls, value: dt.datetime) -> dt.datetime:
        """SQLite gives the stored UTC time back without its zone."""
        return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


class ExtractedZone(Schema):
    name: str
    official_name: str
    province: str | None
    city: str | None
    aliases: list[str]
    national: bool


class ExtractedFigure(Schema):
    kind: FigureKind
    text: str
    value: int | float
    value_high: int | float | None
    unit: str
    currency: str | None
    amount_yuan: int | None
    amount_yuan_high: int | None
    qualifier: Qualifier
    category: MoneyCategory | None
    per_year: bool
    zone: str | None
    initiative: str | None
    organization: str | None
    share_of: int | None = Field(description="for a percentage: index of the figure it is a share of")
    sentence: str
    start: int
    end: int


class ExtractedInitiative(Schema):
    name: str
    kind: InitiativeKind
    zone: str | None
    mentions: list[SpanRead]


class ExtractedOrganization(Schema):
    name: str
    type: OrganizationType
    mentions: list[SpanRead]


class ExtractedPerson(Schema):
    name: str
    role: str | None
    organization: str | None
    quote: str | None
    mentions: list[SpanRead]


class ExtractedItem(Schema):
    """One news item as the extractor reads it (the `zonefacts extract` format); not stored."""

    title: str | None
    subtitle: str | None
    authors: list[str]
    date: dt.date | None
    primary_zone: str | None
    zones: list[ExtractedZone]
    local_zones: list[ExtractedZone]
    figures: list[ExtractedFigure]
    initiatives: list[ExtractedInitiative]
    organizations: list[ExtractedOrganization]
    people: list[ExtractedPerson]
    sentences: list[SpanRead]
    text: str


class DryRun(Schema):
    """What `POST /v1/articles?dry_run=true` would store; nothing was written."""

    dry_run: bool = Field(default=True, description="always true: nothing was stored")
    content_hash: str
    stored_document_id: int | None = Field(description="the document that already holds this text, if any")
    items: list[ExtractedItem]


class Deleted(Schema):
    """What a DELETE removed."""

    document_id: int
    articles: list[int] = Field(description="ids of the articles removed")
    document_removed: bool = Field(description="whether the source document went too (no article left)")
