"""Ingest: page text → a document, its articles and all their facts, in the caller's transaction.

Idempotency lives in the database: `documents.content_hash` is unique, so the same text loaded
twice (or by two processes at once) is stored once. This module only writes; the loader or
the request commits.

`add_article` turns an item into plain rows, which `app.services.document_rows` writes in bulk,
one statement per table for the whole page. (The ORM's unit of work spent 90 of the 105 ms a page
took building, sorting and flushing ~130 objects per article.)
"""

from __future__ import annotations

import datetime as dt
import hashlib
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from app.errors import InvalidInput
from app.extract import UnreadableText, check_text, extract_page
from app.extract.types import Figure as FoundFigure
from app.extract.types import Item, Span
from app.extract.types import Zone as ZoneData
from app.models import (
    Article,
    Document,
    Figure,
    Initiative,
    InitiativeMention,
    Organization,
    OrganizationMention,
    Person,
    PersonMention,
    Sentence,
    ZoneMention,
)
from app.services import zones as zones_service
from app.services.amounts import MAX_YUAN, amount_bounds
from app.services.document_rows import NewDocument, insert_document, reserve_ids, write_rows


@dataclass(frozen=True, slots=True)
class IngestResult:
    document_id: int
    created: bool  # False: this text was stored before
    articles: int
    facts: int  # figures, initiatives, organizations and people written
    zone_ids: Mapping[str, int] = field(default_factory=dict)  # of the zones the page names


def normalize_text(text: str) -> str:
    """The form a page is stored, hashed and extracted in: NFC, `\\n` line ends, no outer blanks.

    >>> normalize_text("\\r\\n高新区\\r\\n") == normalize_text("高新区\\n")
    True
    """
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    return text.strip()


def content_hash(text: str) -> str:
    """sha256 (hex) of the normalized text: the identity of a document.

    >>> content_hash("高新区") == content_hash(" 高新区\\r\\n")
    True
    """
    return _sha256(normalize_text(text))


def _sha256(normalized: str) -> str:
    return hashlib.sha256(normalized.encode("utf-8")).hexdigest()


_FIND_DOCUMENT = select(Document.id).where(Document.content_hash == bindparam("text_hash"))


def find_document_id(session: Session, text_hash: str) -> int | None:
    found: int | None = session.connection().scalar(_FIND_DOCUMENT, {"text_hash": text_hash})
    return found


def ingest_text(
    session: Session,
    text: str,
    source_name: str,
    published_date: dt.date | None = None,
    known_zones: zones_service.ZoneIds | None = None,
) -> IngestResult:
    """Store a page and its facts unless the same text is stored already. `published_date`, when
    given, dates the items whose text states no date; `known_zones` spares looking up the zones
    it holds (a load reads them once).

    A concurrent insert of the same text makes the document's INSERT raise IntegrityError; the
    caller rolls back and reports the document as unchanged (see `app.services.loader`).
    """
    try:
        text = normalize_text(check_text(text))
    except UnreadableText as exc:
        raise InvalidInput(str(exc)) from exc
    text_hash = _sha256(text)
    existing = find_document_id(session, text_hash)
    if existing is not None:
        return IngestResult(document_id=existing, created=False, articles=0, facts=0)

    items = extract_page(text)
    if published_date is not None:
        items = [item if item.date else replace(item, date=published_date) for item in items]
    # Claims the hash now: a concurrent loader of the same text fails here. On SQLite this first
    # write also takes the write lock, which `reserve_ids` relies on.
    document_id = insert_document(session, text_hash, source_name[:500], text)
    zone_ids = zones_service.ensure_zones(session, named_zones(items).values(), known_zones)
    document = NewDocument(document_id, text, zone_ids, reserve_ids(session, items))
    facts = sum(add_article(session, document, position, item) for position, item in enumerate(items))
    write_rows(session, document)
    return IngestResult(document_id, created=True, articles=len(items), facts=facts, zone_ids=zone_ids)


def named_zones(items: Sequence[Item]) -> dict[str, ZoneData]:
    """Every zone the items refer to, by name; a name the extractor gave no zone for becomes a
    non-national zone. The first item that names a zone decides how it is stored, if it is new."""
    zones: dict[str, ZoneData] = {}
    for item in items:
        for zone in item.zones:
            zones.setdefault(zone.name, zone)
        named = [item.primary_zone, *(f.zone for f in item.figures), *(i.zone for i in item.initiatives)]
        named += [name for name, _span in item.zone_mentions]
        for name in named:
            if name and name not in zones:
                zones[name] = ZoneData(
                    name=name, official_name=name, province=None, city=None, national=False
                )
    return zones


def first_mention(mentions: tuple[Span, ...]) -> dict[str, int | None]:
    """`start`/`end` of the first mention in reading order (None when the extractor gave none)."""
    first = min(mentions, key=lambda m: (m.start, m.end), default=None)
    return {"start": first.start if first else None, "end": first.end if first else None}


# What a figure row holds (app/models.py): numbers in DECIMAL(30, 8), texts of 200 characters.
MAX_FIGURE_VALUE = Decimal(10) ** 22
MAX_FIGURE_TEXT = 200


def stored_amounts(figure: FoundFigure) -> tuple[int | None, int | None]:
    """`amount_yuan` and `amount_yuan_high` as stored: none beyond BIGINT (9999999999999999999999亿元
    is read, but no yuan column holds it). The figure keeps its number and unit as written and,
    like a foreign amount, passes no amount filter and counts in no sum."""
    amounts = (figure.amount_yuan, figure.amount_yuan_high)
    if any(amount is not None and abs(amount) > MAX_YUAN for amount in amounts):
        return None, None
    return amounts


def check_storable(figure: FoundFigure) -> None:
    """A number of more than 22 digits, or a figure text past its column, cannot be stored as
    read: the page is refused (422) rather than stored without the figure."""
    too_large = any(v is not None and abs(v) >= MAX_FIGURE_VALUE for v in (figure.value, figure.value_high))
    if too_large or len(figure.text) > MAX_FIGURE_TEXT:
        raise InvalidInput(f"the page holds a number too large to store: {figure.text[:50]!r}")


def share_of(figure: FoundFigure, index: int, count: int) -> int | None:
    """The index of the figure that the figure at `index` (of `count`) is a share of, if valid."""
    share = figure.share_of
    return share if share is not None and 0 <= share < count and share != index else None


def share_depth(shares: Sequence[int | None], index: int) -> int:
    """How many figures stand before this one in its chain of shares (0: a share of none).

    >>> share_depth([None, 0, 1], 2), share_depth([None, 0, 1], 0)
    (2, 0)
    """
    depth = 0
    while (share := shares[index]) is not None and depth < len(shares):  # bounded: no endless cycle
        index, depth = share, depth + 1
    return depth


def add_article(session: Session, document: NewDocument, position: int, item: Item) -> int:
    """Add the rows of one extracted item with all its facts to `document` (`ingest_text` writes
    them all at once; `session` is not used here); returns how many facts it holds."""
    for found_figure in item.figures:
        check_storable(found_figure)
    rows, zone_ids = document.rows, document.zone_ids
    article_id = document.new_id(Article)
    rows[Article].append(
        {
            "id": article_id,
            "document_id": document.id,
            "position": position,
            "title": item.title,
            "subtitle": item.subtitle,
            "authors": list(item.authors),
            "published_date": item.date,
            "primary_zone_id": zone_ids.get(item.primary_zone) if item.primary_zone else None,
            "text": item.text,
            "body_start": item.body_start,
        }
    )
    rows[Sentence].extend(
        {
            "id": document.new_id(Sentence),
            "article_id": article_id,
            "start": s.start,
            "end": s.end,
            "text": s.text,
        }
        for s in item.sentences
    )

    zone_mentions = rows[ZoneMention]
    mentioned = set()
    for name, span in item.zone_mentions:
        mentioned.add(name)
        zone_mentions.append(
            {"article_id": article_id, "zone_id": zone_ids[name], "start": span.start, "end": span.end}
        )
    for zone in item.zones:  # named by the extractor without a located span
        if zone.name not in mentioned:
            zone_mentions.append(
                {"article_id": article_id, "zone_id": zone_ids[zone.name], "start": None, "end": None}
            )

    initiatives: dict[str, int] = {}
    for found in item.initiatives:
        initiative_id = document.new_id(Initiative)
        rows[Initiative].append(
            {
                "id": initiative_id,
                "article_id": article_id,
                "name": found.name,
                "kind": found.kind,
                "zone_id": zone_ids.get(found.zone) if found.zone else None,
                **first_mention(found.mentions),
            }
        )
        rows[InitiativeMention].extend(
            {"initiative_id": initiative_id, "start": m.start, "end": m.end} for m in found.mentions
        )
        initiatives.setdefault(found.name, initiative_id)

    organizations: dict[str, int] = {}
    for found_org in item.organizations:
        organization_id = document.new_id(Organization)
        rows[Organization].append(
            {
                "id": organization_id,
                "article_id": article_id,
                "name": found_org.name,
                "type": found_org.type,
                **first_mention(found_org.mentions),
            }
        )
        rows[OrganizationMention].extend(
            {"organization_id": organization_id, "start": m.start, "end": m.end} for m in found_org.mentions
        )
        organizations.setdefault(found_org.name, organization_id)

    for person in item.people:
        person_id = document.new_id(Person)
        rows[Person].append(
            {
                "id": person_id,
                "article_id": article_id,
                "name": person.name,
                "role": person.role,
                "organization": person.organization,
                "quote": person.quote,
                **first_mention(person.mentions),
            }
        )
        rows[PersonMention].extend(
            {"person_id": person_id, "start": m.start, "end": m.end} for m in person.mentions
        )

    figures = item.figures
    shares = [share_of(f, index, len(figures)) for index, f in enumerate(figures)]
    # A figure goes in after the figure it is a share of (its foreign key is checked row by row),
    # and takes its id in that order, as the ORM's unit of work gave them.
    order = sorted(range(len(figures)), key=lambda index: share_depth(shares, index))
    figure_ids = [0] * len(figures)
    for index in order:
        figure_ids[index] = document.new_id(Figure)
    for index in order:
        f, share = figures[index], shares[index]
        amount_yuan, amount_yuan_high = stored_amounts(f)
        amount_low_yuan, amount_high_yuan = amount_bounds(amount_yuan, amount_yuan_high, f.qualifier)
        rows[Figure].append(
            {
                "id": figure_ids[index],
                "article_id": article_id,
                "kind": f.kind,
                "text": f.text,
                "value": f.value,
                "value_high": f.value_high,
                "unit": f.unit,
                "currency": f.currency,
                "amount_yuan": amount_yuan,
                "amount_yuan_high": amount_yuan_high,
                "amount_low_yuan": amount_low_yuan,
                "amount_high_yuan": amount_high_yuan,
                "qualifier": f.qualifier,
                "category": f.category,
                "per_year": f.per_year,
                "zone_id": zone_ids.get(f.zone) if f.zone else None,
                "initiative_id": initiatives.get(f.initiative) if f.initiative else None,
                "organization_id": organizations.get(f.organization) if f.organization else None,
                "share_of_id": None if share is None else figure_ids[share],
                "sentence_start": f.sentence.start,
                "sentence_end": f.sentence.end,
                "sentence_text": f.sentence.text,
                "start": f.start,
                "end": f.end,
            }
        )
    return len(item.figures) + len(item.initiatives) + len(item.organizations) + len(item.people)
