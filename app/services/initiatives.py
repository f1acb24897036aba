"""Initiatives: listing by zone, province, kind, name and money ("initiatives by zone" is one call).

An initiative comes with its mentions and its figures: after the page, one statement for each,
keyed by the ids of the page (or the article, or the zone, for theirs).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache, partial
from typing import Any, Literal, cast

from sqlalchemy import ColumnElement, and_, bindparam, func, select
from sqlalchemy.orm import Session

from app.models import Article, Figure, Initiative, InitiativeMention, Sentence, Zone
from app.services.figures import ARTICLE_REF_COLUMNS, BRIEF_COLUMNS, article_ref, figure_brief, zone_of
from app.services.filters import (
    Match,
    Shape,
    amount_condition,
    amount_filter,
    in_province,
    in_zones,
    province_values,
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
from app.services.reader import (
    Query,
    Reader,
    Row,
    Statement,
    as_reader,
    group_spans,
    id_slots,
    id_values,
    in_ids,
    like_pattern,
)


@dataclass(frozen=True, slots=True)
class InitiativeFilters:
    zones: Sequence[str] = ()  # ids, names or aliases: any of them
    zone_ids: Sequence[int] = ()  # or zones already looked up (a zone's own initiatives)
    province: str | None = None
    kind: str | None = None
    text: str | None = None  # part of the name
    article_id: int | None = None
    has_figures: bool | None = None
    min_amount: str | None = None  # one of its money figures reaches this (see figures.amount_condition)
    match: Match = "possible"


def initiative_filter(db: Session | Reader, filters: InitiativeFilters) -> tuple[Shape, dict[str, Any]]:
    """The shape of the conditions `filters` ask for, and the values they bind."""
    shape, values = zone_filter(db, filters.zones, filters.zone_ids)
    if filters.province:
        shape += (("province",),)
        values |= province_values(filters.province)
    if filters.kind:
        shape += (("kind",),)
        values["kind"] = filters.kind
    if filters.text:
        shape += (("text",),)
        values["text"] = like_pattern(filters.text)
    if filters.article_id is not None:
        shape += (("article",),)
        values["article_id"] = filters.article_id
    if filters.has_figures is not None:
        shape += (("has_figures", filters.has_figures),)
    amount_shape, amount_values = amount_filter(filters.min_amount, None, filters.match)
    return shape + amount_shape, values | amount_values


@lru_cache(maxsize=256)
def initiative_conditions(shape: Shape) -> tuple[ColumnElement[bool], ...]:
    with_figures = select(Figure.initiative_id).where(Figure.initiative_id.is_not(None))
    conditions: list[ColumnElement[bool]] = []
    for part in shape:
        match part:
            case ("zones", int(count)):
                conditions.append(in_zones(Initiative.zone_id, count))
            case ("province",):
                conditions.append(in_province(Initiative.zone_id))
            case ("kind",):
                conditions.append(Initiative.kind == bindparam("kind"))
            case ("text",):
                conditions.append(Initiative.name.like(bindparam("text"), escape="/"))
            case ("article",):
                conditions.append(Initiative.article_id == bindparam("article_id"))
            case ("has_figures", bool(wanted)):
                linked = Initiative.id.in_(with_figures)
                conditions.append(linked if wanted else ~linked)
            case ("amount", how, bool(low), bool(high), bool(above_zero)):
                amount = amount_condition(cast(Match, how), low, high, above_zero)
                conditions.append(Initiative.id.in_(with_figures.where(amount)))
            case _:
                raise ValueError(f"unknown filter shape {part!r}")
    return tuple(conditions)


def may_scan(filters: InitiativeFilters, page: PageRequest) -> bool:
    """Whether the query may read far more rows than it returns (see figures.may_scan): a page in
    id order by zone, kind or article walks an index; money and text filters, sorts by name,
    date or zone and a count of all may not."""
    return (
        page.with_total
        or bool(filters.text or filters.province or filters.min_amount)
        or filters.has_figures is not None
        or page.sort.removeprefix("-") != "id"
    )


# --- rows ------------------------------------------------------------------------------------

INITIATIVE_COLUMNS = (
    Initiative.id,
    Initiative.name,
    Initiative.kind,
    Initiative.article_id,
    Initiative.zone_id,
    Zone.id,
    Zone.name,
    Zone.official_name,
    Zone.province,
    Zone.city,
    Zone.national,
    Initiative.start,
    Initiative.end,
)
_WIDTH = len(INITIATIVE_COLUMNS)


def initiative_select(with_article: bool = False) -> Statement:
    statement = (
        select(*INITIATIVE_COLUMNS, *(ARTICLE_REF_COLUMNS if with_article else ()))
        .select_from(Initiative)
        .outerjoin(Zone, Zone.id == Initiative.zone_id)
    )
    if with_article:
        statement = statement.outerjoin(Article, Article.id == Initiative.article_id)
    return statement


Owners = Literal["ids", "article", "zone"]  # whose facts: these initiatives, an article's, a zone's


def _owned(by: Owners, slots: int) -> ColumnElement[bool]:
    if by == "ids":
        return in_ids(Initiative.id, slots)
    column = Initiative.article_id if by == "article" else Initiative.zone_id
    return column == bindparam("owner")


@lru_cache(maxsize=32)
def _mentions(by: Owners, slots: int) -> Query:
    statement = select(InitiativeMention.initiative_id, InitiativeMention.start, InitiativeMention.end)
    if by == "ids":
        statement = statement.where(in_ids(InitiativeMention.initiative_id, slots))
    else:
        statement = statement.join(Initiative, Initiative.id == InitiativeMention.initiative_id)
        statement = statement.where(_owned(by, slots))
    return Query(statement.order_by(InitiativeMention.start, InitiativeMention.id))


@lru_cache(maxsize=32)
def _figures(by: Owners, slots: int) -> Query:
    statement = select(Figure.initiative_id, *BRIEF_COLUMNS)
    if by == "ids":
        statement = statement.where(in_ids(Figure.initiative_id, slots))
    else:
        statement = statement.join(Initiative, Initiative.id == Figure.initiative_id).where(_owned(by, slots))
    return Query(statement.order_by(Figure.start, Figure.id))


@lru_cache(maxsize=32)
def _sentences(by: Owners, slots: int) -> Query:
    """The sentence of each initiative's first mention."""
    holds = and_(
        Sentence.article_id == Initiative.article_id,
        Sentence.start <= Initiative.start,
        Sentence.end > Initiative.start,
    )
    statement = select(Initiative.id, Sentence.start, Sentence.end, Sentence.text).join(Sentence, holds)
    return Query(statement.where(_owned(by, slots)).order_by(Sentence.start))


def with_facts(
    reader: Reader,
    rows: Sequence[Row],
    by: Owners = "ids",
    owner: int | None = None,
    *,
    zone_details: bool = False,
    article: bool = False,
    sentences: bool | Mapping[int, dict[str, Any] | None] = False,
    mentions: Mapping[int, list[dict[str, Any]]] | None = None,
) -> list[dict[str, Any]]:
    """InitiativeRead rows from rows of `initiative_select`, with their mentions and figures read
    by their ids (or, `by` article or zone, by the `owner`'s id). `sentences`: True to read each
    first mention's sentence, or the sentences already known by initiative id; `mentions`: the
    mentions if already known."""
    ids = [row[0] for row in rows]
    figures: dict[int, list[dict[str, Any]]] = {iid: [] for iid in ids}
    first: Mapping[int, dict[str, Any] | None] = {} if isinstance(sentences, bool) else sentences
    spans: Mapping[int, list[dict[str, Any]]] = mentions or {}
    if ids:
        slots = id_slots(len(ids)) if by == "ids" else 0
        values = id_values(ids) if by == "ids" else {"owner": owner}
        if mentions is None:
            found_spans: dict[int, list[dict[str, Any]]] = {iid: [] for iid in ids}
            for owner_id, start, end in reader.rows(_mentions(by, slots), values):
                found_spans[owner_id].append({"start": start, "end": end})
            spans = found_spans
        for owner_id, *brief in reader.rows(_figures(by, slots), values):
            figures[owner_id].append(figure_brief(brief))
        if sentences is True:
            found: dict[int, dict[str, Any] | None] = {}
            for owner_id, start, end, text in reader.rows(_sentences(by, slots), values):
                found.setdefault(owner_id, {"start": start, "end": end, "text": text})
            first = found
    show_sentence = sentences is not False
    items = []
    for row in rows:
        (iid, name, kind, article_id, zone_id, z_id, *zone, start, end) = row[:_WIDTH]
        items.append(
            {
                "id": iid,
                "name": name,
                "kind": kind,
                "article_id": article_id,
                "zone_id": zone_id,
                "zone": zone_of(z_id, zone, zone_details),
                "article": article_ref(row[_WIDTH : _WIDTH + 4]) if article else None,
                "sentence": first.get(iid) if show_sentence else None,
                "start": start,
                "end": end,
                "mentions": spans[iid],
                "figures": figures[iid],
            }
        )
    return items


# --- listing ---------------------------------------------------------------------------------

INITIATIVE_SORTS: dict[str, SortKey] = {
    "name": text_key(Initiative.name),
    "date": date_key(Article.published_date),
    "zone": text_key(Zone.name),
}


@lru_cache(maxsize=512)
def _segment(
    shape: Shape, with_article: bool, sort: str, descending: bool, segment: Segment, seek: bool
) -> Query:
    base = initiative_select(with_article).where(*initiative_conditions(shape))
    return Query(ordered(base, Initiative.id, INITIATIVE_SORTS.get(sort), descending, segment, seek))


@lru_cache(maxsize=256)
def _count(shape: Shape) -> Query:
    return Query(select(func.count()).select_from(Initiative).where(*initiative_conditions(shape)))


def list_initiatives(
    db: Session | Reader, filters: InitiativeFilters, page: PageRequest, include: Collection[str] = ()
) -> Window[dict[str, Any]]:
    """InitiativeRead rows; `include`: zone (its details), article, sentence (of the first mention)."""
    reader = as_reader(db)
    shape, values = initiative_filter(reader, filters)
    article = "article" in include
    with_article = article or page.sort.removeprefix("-") == "date"
    window = keyset_page(
        reader, page, INITIATIVE_SORTS, partial(_segment, shape, with_article), values, partial(_count, shape)
    )
    items = with_facts(
        reader,
        window.items,
        zone_details="zone" in include,
        article=article,
        sentences="sentence" in include,
    )
    return Window(items=items, next_cursor=window.next_cursor, total=window.total)


_OF_ZONE = Query(
    initiative_select().where(Initiative.zone_id == bindparam("zone_id")).order_by(Initiative.id)
)
_OF_ARTICLE = Query(  # with the mentions joined: one row per mention
    initiative_select()
    .add_columns(InitiativeMention.start, InitiativeMention.end)
    .outerjoin(InitiativeMention, InitiativeMention.initiative_id == Initiative.id)
    .where(Initiative.article_id == bindparam("article_id"))
    .order_by(Initiative.id, InitiativeMention.start, InitiativeMention.id)
)


def initiatives_of_zone(reader: Reader, zone_id: int) -> list[dict[str, Any]]:
    """Every initiative of a zone in id order, with the sentence of its first mention."""
    rows = reader.rows(_OF_ZONE, {"zone_id": zone_id})
    return with_facts(reader, rows, "zone", zone_id, sentences=True)


def initiatives_of_article(
    reader: Reader, article_id: int, sentences: Sequence[dict[str, Any]]
) -> list[dict[str, Any]]:
    """Every initiative of an article in id order; `sentences`: the article's, in text order."""
    grouped = group_spans(reader.rows(_OF_ARTICLE, {"article_id": article_id}), _WIDTH)
    rows = [row for row, _ in grouped]
    first = {row[0]: sentence_at(sentences, row[_WIDTH - 2]) for row in rows}
    mentions = {row[0]: spans for row, spans in grouped}
    return with_facts(reader, rows, "article", article_id, sentences=first, mentions=mentions)


def sentence_at(sentences: Sequence[dict[str, Any]], offset: int | None) -> dict[str, Any] | None:
    """The sentence (of a text's, in order) that holds `offset`.

    >>> sentence_at([{"start": 0, "end": 5}, {"start": 5, "end": 9}], 6)
    {'start': 5, 'end': 9}
    """
    if offset is None:
        return None
    return next((s for s in sentences if s["start"] <= offset < s["end"]), None)
