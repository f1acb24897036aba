"""Organizations and people named in the articles, each with the spans of its mentions."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache, partial
from typing import Any

from sqlalchemy import ColumnElement, bindparam, func, select
from sqlalchemy.orm import Session

from app.models import Article, Organization, OrganizationMention, Person, PersonMention
from app.services.filters import Shape, in_zones, zone_filter
from app.services.pagination import PageRequest, Segment, SortKey, Window, keyset_page, ordered, text_key
from app.services.reader import (
    Query,
    Reader,
    Row,
    as_reader,
    group_spans,
    id_slots,
    id_values,
    in_ids,
    like_pattern,
)

ORGANIZATION_SORTS: dict[str, SortKey] = {"name": text_key(Organization.name)}
PERSON_SORTS: dict[str, SortKey] = {"name": text_key(Person.name)}

ORGANIZATION_COLUMNS = (
    Organization.id,
    Organization.name,
    Organization.type,
    Organization.article_id,
    Organization.start,
    Organization.end,
)
PERSON_COLUMNS = (
    Person.id,
    Person.article_id,
    Person.name,
    Person.role,
    Person.organization,
    Person.quote,
    Person.start,
    Person.end,
)


def may_scan(page: PageRequest, text: str | None) -> bool:
    """Whether the query may read far more rows than it returns: a text search or a count of all."""
    return page.with_total or bool(text)


# --- mentions: by the ids of a page, or joined to an article's rows ---------------------------


_MENTIONS: dict[str, tuple[Any, Any]] = {
    "organizations": (OrganizationMention, OrganizationMention.organization_id),
    "people": (PersonMention, PersonMention.person_id),
}


@lru_cache(maxsize=32)
def _mentions(owners: str, slots: int) -> Query:
    mention, owner_column = _MENTIONS[owners]
    statement = select(owner_column, mention.start, mention.end).where(in_ids(owner_column, slots))
    return Query(statement.order_by(mention.start, mention.id))


def _with_spans(reader: Reader, rows: Sequence[Row], owners: str) -> list[tuple[Row, list[dict[str, Any]]]]:
    """Each row (starting with its owner's id) with the owner's mentions, in text order."""
    spans: dict[int, list[dict[str, Any]]] = {row[0]: [] for row in rows}
    if rows:
        ids = [row[0] for row in rows]
        for owner_id, start, end in reader.rows(_mentions(owners, id_slots(len(ids))), id_values(ids)):
            spans[owner_id].append({"start": start, "end": end})
    return [(row, spans[row[0]]) for row in rows]


def organization_items(rows: Sequence[tuple[Row, list[dict[str, Any]]]]) -> list[dict[str, Any]]:
    """OrganizationRead rows from rows of ORGANIZATION_COLUMNS, each with its mentions."""
    return [
        {
            "id": oid,
            "name": name,
            "type": type_,
            "article_id": article_id,
            "start": start,
            "end": end,
            "mentions": mentions,
        }
        for (oid, name, type_, article_id, start, end, *_), mentions in rows
    ]


def person_items(rows: Sequence[tuple[Row, list[dict[str, Any]]]]) -> list[dict[str, Any]]:
    """PersonRead rows from rows of PERSON_COLUMNS, each with its mentions."""
    return [
        {
            "id": pid,
            "article_id": article_id,
            "name": name,
            "role": role,
            "organization": organization,
            "quote": quote,
            "start": start,
            "end": end,
            "mentions": mentions,
        }
        for (pid, article_id, name, role, organization, quote, start, end, *_), mentions in rows
    ]


# --- organizations -----------------------------------------------------------------------------


def _organization_conditions(shape: Shape) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    for part in shape:
        match part:
            case ("type",):
                conditions.append(Organization.type == bindparam("type"))
            case ("zones", int(count)):
                about = select(Article.id).where(in_zones(Article.primary_zone_id, count))
                conditions.append(Organization.article_id.in_(about))
            case ("text",):
                conditions.append(Organization.name.like(bindparam("text"), escape="/"))
            case ("article",):
                conditions.append(Organization.article_id == bindparam("article_id"))
            case _:
                raise ValueError(f"unknown filter shape {part!r}")
    return conditions


@lru_cache(maxsize=128)
def _organization_segment(shape: Shape, sort: str, descending: bool, segment: Segment, seek: bool) -> Query:
    base = select(*ORGANIZATION_COLUMNS).where(*_organization_conditions(shape))
    return Query(ordered(base, Organization.id, ORGANIZATION_SORTS.get(sort), descending, segment, seek))


@lru_cache(maxsize=64)
def _organization_count(shape: Shape) -> Query:
    return Query(select(func.count()).select_from(Organization).where(*_organization_conditions(shape)))


def list_organizations(
    db: Session | Reader,
    page: PageRequest,
    *,
    type: str | None = None,
    zones: Sequence[str] = (),
    text: str | None = None,
    article_id: int | None = None,
) -> Window[dict[str, Any]]:
    """Organizations; `zones`: named in an article about one of these zones (its primary zone)."""
    reader = as_reader(db)
    shape, values = zone_filter(reader, zones)
    if type:
        shape, values = (("type",), *shape), values | {"type": type}
    if text:
        shape, values = (*shape, ("text",)), values | {"text": like_pattern(text)}
    if article_id is not None:
        shape, values = (*shape, ("article",)), values | {"article_id": article_id}
    window = keyset_page(
        reader,
        page,
        ORGANIZATION_SORTS,
        partial(_organization_segment, shape),
        values,
        partial(_organization_count, shape),
    )
    rows = _with_spans(reader, window.items, "organizations")
    return Window(organization_items(rows), window.next_cursor, window.total)


# --- people ------------------------------------------------------------------------------------


def _person_conditions(text: bool, article: bool) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if text:
        conditions.append(Person.name.like(bindparam("text"), escape="/"))
    if article:
        conditions.append(Person.article_id == bindparam("article_id"))
    return conditions


@lru_cache(maxsize=64)
def _person_segment(
    text: bool, article: bool, sort: str, descending: bool, segment: Segment, seek: bool
) -> Query:
    base = select(*PERSON_COLUMNS).where(*_person_conditions(text, article))
    return Query(ordered(base, Person.id, PERSON_SORTS.get(sort), descending, segment, seek))


@lru_cache(maxsize=8)
def _person_count(text: bool, article: bool) -> Query:
    return Query(select(func.count()).select_from(Person).where(*_person_conditions(text, article)))


def list_people(
    db: Session | Reader, page: PageRequest, *, text: str | None = None, article_id: int | None = None
) -> Window[dict[str, Any]]:
    reader = as_reader(db)
    values: dict[str, Any] = {"text": like_pattern(text) if text else None, "article_id": article_id}
    shape = (bool(text), article_id is not None)
    window = keyset_page(
        reader, page, PERSON_SORTS, partial(_person_segment, *shape), values, partial(_person_count, *shape)
    )
    rows = _with_spans(reader, window.items, "people")
    return Window(person_items(rows), window.next_cursor, window.total)


# --- an article's: one statement each, the mentions joined ------------------------------------

_ORGANIZATIONS_OF = Query(
    select(*ORGANIZATION_COLUMNS, OrganizationMention.start, OrganizationMention.end)
    .outerjoin(OrganizationMention, OrganizationMention.organization_id == Organization.id)
    .where(Organization.article_id == bindparam("article_id"))
    .order_by(Organization.id, OrganizationMention.start, OrganizationMention.id)
)
_PEOPLE_OF = Query(
    select(*PERSON_COLUMNS, PersonMention.start, PersonMention.end)
    .outerjoin(PersonMention, PersonMention.person_id == Person.id)
    .where(Person.article_id == bindparam("article_id"))
    .order_by(Person.id, PersonMention.start, PersonMention.id)
)


def organizations_of_article(reader: Reader, article_id: int) -> list[dict[str, Any]]:
    rows = reader.rows(_ORGANIZATIONS_OF, {"article_id": article_id})
    return organization_items(group_spans(rows, len(ORGANIZATION_COLUMNS)))


def people_of_article(reader: Reader, article_id: int) -> list[dict[str, Any]]:
    rows = reader.rows(_PEOPLE_OF, {"article_id": article_id})
    return person_items(group_spans(rows, len(PERSON_COLUMNS)))
