"""Figures: the filters every figure query shares ("all funds over 1亿元" is one call), and listing.

Amount filters compare the bounds each figure's qualifier gives (`amount_low_yuan`,
`amount_high_yuan`; see `app.services.amounts.amount_bounds`), not just the written amount:
`match="possible"` keeps a figure whose interval can meet [min_amount, max_amount] (an unknown
bound is open), `match="certain"` only one whose interval lies inside it. Figures with no yuan
amount (not money, or foreign currency) never pass an amount filter.

Filters become SQL in two steps (see `app.services.filters`): `figure_filter` reads the request
into a shape (which conditions) and the values to bind; `figure_conditions(shape)` builds the
conditions once per shape, with bind parameters named like the values.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from functools import lru_cache, partial
from typing import Any, cast

from sqlalchemy import ColumnElement, bindparam, func, select
from sqlalchemy.orm import Session

from app.models import Article, Figure, Initiative, Organization, Zone
from app.services.filters import (
    Match,
    Shape,
    amount_condition,
    amount_filter,
    in_province,
    in_zones,
    province_values,
    published_between,
    zone_filter,
)
from app.services.pagination import (
    PageRequest,
    Segment,
    SortKey,
    Window,
    date_key,
    keyset_page,
    ordered,
    text_key,
)
from app.services.reader import Query, Reader, Row, Statement, as_reader, flag, like_pattern, number

__all__ = [  # Match, Shape, in_province and in_zones come from app.services.filters, read here too
    "ARTICLE_REF_COLUMNS",
    "BRIEF_COLUMNS",
    "EQUAL",
    "FIGURE_COLUMNS",
    "FIGURE_SORTS",
    "FigureFilters",
    "Match",
    "Shape",
    "article_ref",
    "figure_brief",
    "figure_conditions",
    "figure_filter",
    "figure_item",
    "figure_select",
    "figures_of_article",
    "figures_of_zone",
    "filter_figures",
    "in_province",
    "in_zones",
    "list_figures",
    "may_scan",
    "zone_of",
]


@dataclass(frozen=True, slots=True)
class FigureFilters:
    zones: Sequence[str] = ()  # ids, names or aliases: any of them
    zone_ids: Sequence[int] = ()  # or zones already looked up (a zone's own figures)
    province: str | None = None
    kind: str | None = None
    category: str | None = None
    qualifier: str | None = None
    per_year: bool | None = None
    currency: str | None = None
    article_id: int | None = None
    initiative_id: int | None = None
    organization_id: int | None = None
    date_from: dt.date | None = None  # the article's published date, both ends included
    date_to: dt.date | None = None
    text: str | None = None  # part of the sentence the figure was read from
    min_amount: str | None = None  # "1亿", "5000万", "100000000"
    max_amount: str | None = None
    match: Match = "possible"


EQUAL = (
    "kind",
    "category",
    "qualifier",
    "per_year",
    "currency",
    "article_id",
    "initiative_id",
    "organization_id",
)


def figure_filter(db: Session | Reader, filters: FigureFilters) -> tuple[Shape, dict[str, Any]]:
    """The shape of the conditions `filters` ask for, and the values they bind."""
    shape, values = zone_filter(db, filters.zones, filters.zone_ids)
    if filters.province:
        shape += (("province",),)
        values |= province_values(filters.province)
    equal: dict[str, Any] = {
        "kind": filters.kind,
        "category": filters.category,
        "qualifier": filters.qualifier,
        "per_year": filters.per_year,
        "currency": filters.currency.upper() if filters.currency else None,
        "article_id": filters.article_id,
        "initiative_id": filters.initiative_id,
        "organization_id": filters.organization_id,
    }
    for name in EQUAL:
        if equal[name] is not None:
            shape += (("equal", name),)
            values[name] = equal[name]
    if filters.date_from is not None or filters.date_to is not None:
        shape += (("published", filters.date_from is not None, filters.date_to is not None),)
        values |= {"date_from": filters.date_from, "date_to": filters.date_to}
    if filters.text:
        shape += (("text",),)
        values["text"] = like_pattern(filters.text)
    amount_shape, amount_values = amount_filter(filters.min_amount, filters.max_amount, filters.match)
    return shape + amount_shape, values | amount_values


@lru_cache(maxsize=256)
def figure_conditions(shape: Shape) -> tuple[ColumnElement[bool], ...]:
    """The WHERE conditions of a filter shape, bound to the names `figure_filter` gives values."""
    conditions: list[ColumnElement[bool]] = []
    for part in shape:
        match part:
            case ("zones", int(count)):
                conditions.append(in_zones(Figure.zone_id, count))
            case ("province",):
                conditions.append(in_province(Figure.zone_id))
            case ("equal", str(name)):
                conditions.append(getattr(Figure, name) == bindparam(name))
            case ("published", bool(date_from), bool(date_to)):
                conditions.append(published_between(Figure.article_id, date_from, date_to))
            case ("text",):
                conditions.append(Figure.sentence_text.like(bindparam("text"), escape="/"))
            case ("amount", how, bool(low), bool(high), bool(above_zero)):
                conditions.append(amount_condition(cast(Match, how), low, high, above_zero))
            case _:
                raise ValueError(f"unknown filter shape {part!r}")
    return tuple(conditions)


def filter_figures(db: Session | Reader, statement: Statement, filters: FigureFilters) -> Statement:
    """`statement` (over Figure) narrowed by every filter given, with their values bound."""
    shape, values = figure_filter(db, filters)
    if not shape:
        return statement
    return statement.where(*figure_conditions(shape)).params(values)


def may_scan(filters: FigureFilters, page: PageRequest) -> bool:
    """Whether the query may read far more rows than it returns (off the event loop, then): a
    count of all, a text search, a sort by a joined column, filters answered by a subquery.
    A page in id or amount order under equality and amount filters walks an index."""
    return (
        page.with_total
        or bool(filters.text or filters.province)
        or filters.date_from is not None
        or filters.date_to is not None
        or page.sort.removeprefix("-") not in ("id", "amount")
    )


# --- rows ------------------------------------------------------------------------------------

FIGURE_COLUMNS = (
    Figure.id,
    Figure.article_id,
    Figure.kind,
    Figure.text,
    Figure.value,
    Figure.value_high,
    Figure.unit,
    Figure.currency,
    Figure.amount_yuan,
    Figure.amount_yuan_high,
    Figure.amount_low_yuan,
    Figure.amount_high_yuan,
    Figure.qualifier,
    Figure.category,
    Figure.per_year,
    Figure.zone_id,
    Figure.share_of_id,
    Figure.sentence_start,
    Figure.sentence_end,
    Figure.sentence_text,
    Figure.start,
    Figure.end,
    Zone.id,
    Zone.name,
    Zone.official_name,
    Zone.province,
    Zone.city,
    Zone.national,
    Initiative.id,
    Initiative.name,
    Initiative.kind,
    Organization.id,
    Organization.name,
    Organization.type,
)
ARTICLE_REF_COLUMNS = (Article.id, Article.document_id, Article.title, Article.published_date)
_WIDTH = len(FIGURE_COLUMNS)


def figure_select(with_article: bool = False) -> Statement:
    """FIGURE_COLUMNS (then ARTICLE_REF_COLUMNS `with_article`) of figures and what they refer to."""
    statement = (
        select(*FIGURE_COLUMNS, *(ARTICLE_REF_COLUMNS if with_article else ()))
        .select_from(Figure)
        .outerjoin(Zone, Zone.id == Figure.zone_id)
        .outerjoin(Initiative, Initiative.id == Figure.initiative_id)
        .outerjoin(Organization, Organization.id == Figure.organization_id)
    )
    if with_article:
        statement = statement.outerjoin(Article, Article.id == Figure.article_id)
    return statement


def zone_of(zone_id: int | None, values: Sequence[Any], details: bool) -> dict[str, Any] | None:
    """A ZoneRef, or with `details` a ZoneSummary: the zone's id, and its name, official_name,
    province, city and national in `values`."""
    if zone_id is None:
        return None
    if not details:
        return {"id": zone_id, "name": values[0]}
    name, official_name, province, city, national = values
    return {
        "id": zone_id,
        "name": name,
        "official_name": official_name,
        "province": province,
        "city": city,
        "national": flag(national),
    }


def article_ref(row: Row) -> dict[str, Any] | None:
    """An ArticleRef from the values of ARTICLE_REF_COLUMNS."""
    article_id, document_id, title, published_date = row
    if article_id is None:
        return None
    return {"id": article_id, "document_id": document_id, "title": title, "published_date": published_date}


def figure_item(row: Row, zone_details: bool = False, article: bool = False) -> dict[str, Any]:
    """A FigureRead from a row of `figure_select` (the article's columns only read if `article`)."""
    (fid, article_id, kind, text, value, value_high, unit, currency, amount, amount_high, low, high,
     qualifier, category, per_year, zone_id, share_of_id, s_start, s_end, s_text, start, end,
     z_id, *zone, i_id, i_name, i_kind, o_id, o_name, o_type) = row[:_WIDTH]  # fmt: skip
    return {
        "id": fid,
        "article_id": article_id,
        "kind": kind,
        "text": text,
        "value": number(value),
        "value_high": number(value_high),
        "unit": unit,
        "currency": currency,
        "amount_yuan": amount,
        "amount_yuan_high": amount_high,
        "amount_low_yuan": low,
        "amount_high_yuan": high,
        "qualifier": qualifier,
        "category": category,
        "per_year": flag(per_year),
        "zone_id": zone_id,
        "zone": zone_of(z_id, zone, zone_details),
        "article": article_ref(row[_WIDTH : _WIDTH + 4]) if article else None,
        "initiative": None if i_id is None else {"id": i_id, "name": i_name, "kind": i_kind},
        "organization": None if o_id is None else {"id": o_id, "name": o_name, "type": o_type},
        "share_of_id": share_of_id,
        "sentence": {"start": s_start, "end": s_end, "text": s_text},
        "start": start,
        "end": end,
    }


BRIEF_COLUMNS = (
    Figure.id,
    Figure.kind,
    Figure.text,
    Figure.amount_yuan,
    Figure.category,
    Figure.start,
    Figure.end,
)


def figure_brief(row: Sequence[Any]) -> dict[str, Any]:
    """A FigureBrief from the values of BRIEF_COLUMNS."""
    fid, kind, text, amount, category, start, end = row
    return {
        "id": fid,
        "kind": kind,
        "text": text,
        "amount_yuan": amount,
        "category": category,
        "start": start,
        "end": end,
    }


# --- listing ---------------------------------------------------------------------------------

FIGURE_SORTS: dict[str, SortKey] = {
    "amount": SortKey(Figure.amount_yuan),
    "date": date_key(Article.published_date),
    "zone": text_key(Zone.name),
}


@lru_cache(maxsize=512)
def _segment(
    shape: Shape, with_article: bool, sort: str, descending: bool, segment: Segment, seek: bool
) -> Query:
    base = figure_select(with_article).where(*figure_conditions(shape))
    return Query(ordered(base, Figure.id, FIGURE_SORTS.get(sort), descending, segment, seek))


@lru_cache(maxsize=256)
def _count(shape: Shape) -> Query:
    return Query(select(func.count()).select_from(Figure).where(*figure_conditions(shape)))


def list_figures(
    db: Session | Reader, filters: FigureFilters, page: PageRequest, include: Collection[str] = ()
) -> Window[dict[str, Any]]:
    """FigureRead rows; `include`: zone (its details, else id and name), article."""
    reader = as_reader(db)
    shape, values = figure_filter(reader, filters)
    article = "article" in include
    with_article = article or page.sort.removeprefix("-") == "date"
    window = keyset_page(
        reader, page, FIGURE_SORTS, partial(_segment, shape, with_article), values, partial(_count, shape)
    )
    items = [figure_item(row, "zone" in include, article) for row in window.items]
    return Window(items=items, next_cursor=window.next_cursor, total=window.total)


_OF_ZONE = Query(figure_select().where(Figure.zone_id == bindparam("zone_id")).order_by(Figure.id))
_OF_ARTICLE = Query(
    figure_select().where(Figure.article_id == bindparam("article_id")).order_by(Figure.start, Figure.id)
)


def figures_of_zone(reader: Reader, zone_id: int) -> list[dict[str, Any]]:
    """Every figure of a zone, in id order (FigureRead, the zone as id and name)."""
    return [figure_item(row) for row in reader.rows(_OF_ZONE, {"zone_id": zone_id})]


def figures_of_article(reader: Reader, article_id: int) -> list[dict[str, Any]]:
    """Every figure of an article, in text order (FigureRead, the zone as id and name)."""
    return [figure_item(row) for row in reader.rows(_OF_ARTICLE, {"article_id": article_id})]
