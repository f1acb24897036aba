"""Ingest: page text → a document, its articles and all their facts, in the caller's transaction.

Idempotency lives in the database: `documents.content_hash` is unique, so the same text loaded
twice (or by two processes at once) is stored once. This module only flushes; the loader or
the request commits.
"""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.errors import InvalidInput
from app.extract import UnreadableText, check_text, extract_page
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
from app.services.amounts import amount_bounds


@dataclass(frozen=True, slots=True)
class IngestResult:
    document_id: int
    created: bool  # False: this text was stored before
    articles: int
    facts: int  # figures, initiatives, organizations and people written


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
    return hashlib.sha256(normalize_text(text).encode("utf-8")).hexdigest()


def find_document_id(session: Session, text_hash: str) -> int | None:
    return session.scalar(select(Document.id).where(Document.content_hash == text_hash))


def ingest_text(session: Session, text: str, source_name: str) -> IngestResult:
    """Store a page and its facts unless the same text is stored already.

    A concurrent insert of the same text makes the flush raise IntegrityError; the caller
    rolls back and reports the document as unchanged (see `app.services.loader`).
    """
    try:
        text = normalize_text(check_text(text))
    except UnreadableText as exc:
        raise InvalidInput(str(exc)) from exc
    text_hash = content_hash(text)
    existing = find_document_id(session, text_hash)
    if existing is not None:
        return IngestResult(document_id=existing, created=False, articles=0, facts=0)

    items = extract_page(text)
    document = Document(content_hash=text_hash, source_name=source_name[:500], raw_text=text)
    session.add(document)
    session.flush()  # claims the hash now: a concurrent loader of the same text fails here
    facts = sum(add_article(session, document, position, item) for position, item in enumerate(items))
    session.flush()
    return IngestResult(document_id=document.id, created=True, articles=len(items), facts=facts)


def _zone_ids(session: Session, item: Item) -> dict[str, int]:
    """Ids for every zone the item refers to; zones not in the gazetteer are added as non-national."""
    zones = {zone.name: zone for zone in item.zones}
    named = [item.primary_zone, *(f.zone for f in item.figures), *(i.zone for i in item.initiatives)]
    named += [name for name, _span in item.zone_mentions]
    for name in named:
        if name and name not in zones:
            zones[name] = ZoneData(name=name, official_name=name, province=None, city=None, national=False)
    return zones_service.ensure_zones(session, zones.values())


def first_mention(mentions: tuple[Span, ...]) -> dict[str, int | None]:
    """`start`/`end` of the first mention in reading order (None when the extractor gave none)."""
    first = min(mentions, key=lambda m: (m.start, m.end), default=None)
    return {"start": first.start if first else None, "end": first.end if first else None}


def add_article(session: Session, document: Document, position: int, item: Item) -> int:
    """Add one extracted item with all its facts; returns how many facts it wrote."""
    zone_ids = _zone_ids(session, item)
    article = Article(
        document=document,
        position=position,
        title=item.title,
        subtitle=item.subtitle,
        authors=list(item.authors),
        published_date=item.date,
        primary_zone_id=zone_ids.get(item.primary_zone) if item.primary_zone else None,
        text=item.text,
        body_start=item.body_start,
    )
    session.add(article)
    article.sentences = [Sentence(start=s.start, end=s.end, text=s.text) for s in item.sentences]

    mentioned = set()
    for name, span in item.zone_mentions:
        mentioned.add(name)
        article.zone_mentions.append(ZoneMention(zone_id=zone_ids[name], start=span.start, end=span.end))
    for zone in item.zones:  # named by the extractor without a located span
        if zone.name not in mentioned:
            article.zone_mentions.append(ZoneMention(zone_id=zone_ids[zone.name], start=None, end=None))

    initiatives: dict[str, Initiative] = {}
    for found in item.initiatives:
        initiative = Initiative(
            name=found.name,
            kind=found.kind,
            zone_id=zone_ids.get(found.zone) if found.zone else None,
            **first_mention(found.mentions),
            mentions=[InitiativeMention(start=m.start, end=m.end) for m in found.mentions],
        )
        article.initiatives.append(initiative)
        initiatives.setdefault(found.name, initiative)

    organizations: dict[str, Organization] = {}
    for found_org in item.organizations:
        organization = Organization(
            name=found_org.name,
            type=found_org.type,
            **first_mention(found_org.mentions),
            mentions=[OrganizationMention(start=m.start, end=m.end) for m in found_org.mentions],
        )
        article.organizations.append(organization)
        organizations.setdefault(found_org.name, organization)

    for person in item.people:
        article.people.append(
            Person(
                name=person.name,
                role=person.role,
                organization=person.organization,
                quote=person.quote,
                **first_mention(person.mentions),
                mentions=[PersonMention(start=m.start, end=m.end) for m in person.mentions],
            )
        )

    figures = [
        Figure(
            kind=f.kind,
            text=f.text,
            value=f.value,
            value_high=f.value_high,
            unit=f.unit,
            currency=f.currency,
            amount_yuan=f.amount_yuan,
            amount_yuan_high=f.amount_yuan_high,
            qualifier=f.qualifier,
            category=f.category,
            per_year=f.per_year,
            zone_id=zone_ids.get(f.zone) if f.zone else None,
            initiative=initiatives.get(f.initiative) if f.initiative else None,
            organization=organizations.get(f.organization) if f.organization else None,
            sentence_start=f.sentence.start,
            sentence_end=f.sentence.end,
            sentence_text=f.sentence.text,
            start=f.start,
            end=f.end,
        )
        for f in item.figures
    ]
    for figure, found_figure in zip(figures, item.figures, strict=True):
        figure.amount_low_yuan, figure.amount_high_yuan = amount_bounds(
            figure.amount_yuan, figure.amount_yuan_high, figure.qualifier
        )
        share_of = found_figure.share_of
        if share_of is not None and 0 <= share_of < len(figures) and figures[share_of] is not figure:
            figure.share_of = figures[share_of]
    article.figures.extend(figures)
    return len(item.figures) + len(item.initiatives) + len(item.organizations) + len(item.people)
