"""The tables. A document is one source page; its articles are the news items on it; every
fact belongs to one article and carries `start`/`end` offsets into that article's `text`."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import (
    JSON,
    BigInteger,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db import Base

# Figures keep the number as written (36.75 in 亿元): exact decimals, the same on both databases.
DECIMAL = Numeric(30, 8)


class Zone(Base):
    """A high-tech zone: the whole national gazetteer, plus other zones the articles name."""

    __tablename__ = "zones"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    official_name: Mapped[str] = mapped_column(String(200))
    province: Mapped[str | None] = mapped_column(String(50), index=True)
    city: Mapped[str | None] = mapped_column(String(50))
    national: Mapped[bool] = mapped_column(default=True)

    aliases: Mapped[list[ZoneAlias]] = relationship(
        back_populates="zone", lazy="raise", order_by="ZoneAlias.id", cascade="all, delete-orphan"
    )
    initiatives: Mapped[list[Initiative]] = relationship(
        back_populates="zone", lazy="raise", order_by="Initiative.id"
    )
    figures: Mapped[list[Figure]] = relationship(back_populates="zone", lazy="raise", order_by="Figure.id")


class ZoneAlias(Base):
    __tablename__ = "zone_aliases"
    __table_args__ = (UniqueConstraint("zone_id", "alias"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    zone_id: Mapped[int] = mapped_column(ForeignKey("zones.id", ondelete="CASCADE"))
    alias: Mapped[str] = mapped_column(String(100), index=True)

    zone: Mapped[Zone] = relationship(back_populates="aliases", lazy="raise")


class Document(Base):
    """A source page as loaded; the same text (by hash) is stored once."""

    __tablename__ = "documents"

    id: Mapped[int] = mapped_column(primary_key=True)
    content_hash: Mapped[str] = mapped_column(String(64), unique=True)  # sha256 of raw_text
    source_name: Mapped[str] = mapped_column(String(500))
    raw_text: Mapped[str] = mapped_column(Text)
    ingested_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), default=lambda: dt.datetime.now(dt.UTC)
    )

    articles: Mapped[list[Article]] = relationship(
        back_populates="document", lazy="raise", order_by="Article.position", cascade="all, delete-orphan"
    )


class Article(Base):
    """One news item of a document: its cleaned text, which every offset indexes into."""

    __tablename__ = "articles"
    __table_args__ = (
        UniqueConstraint("document_id", "position"),
        Index(None, "published_date", "id"),  # date sort and range, keyset by id
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)  # order on the page, from 0
    title: Mapped[str | None] = mapped_column(String(500))
    subtitle: Mapped[str | None] = mapped_column(String(500))
    authors: Mapped[list[str]] = mapped_column(JSON, default=list)
    published_date: Mapped[dt.date | None] = mapped_column(Date)
    primary_zone_id: Mapped[int | None] = mapped_column(ForeignKey("zones.id"), index=True)
    text: Mapped[str] = mapped_column(Text)
    body_start: Mapped[int] = mapped_column(Integer, default=0)

    document: Mapped[Document] = relationship(back_populates="articles", lazy="raise")
    primary_zone: Mapped[Zone | None] = relationship(lazy="raise")
    sentences: Mapped[list[Sentence]] = relationship(
        back_populates="article", lazy="raise", order_by="Sentence.start", cascade="all, delete-orphan"
    )
    zone_mentions: Mapped[list[ZoneMention]] = relationship(
        back_populates="article", lazy="raise", order_by="ZoneMention.start", cascade="all, delete-orphan"
    )
    figures: Mapped[list[Figure]] = relationship(
        back_populates="article",
        lazy="raise",
        order_by="Figure.start",
        cascade="all, delete-orphan",
        foreign_keys="Figure.article_id",
    )
    initiatives: Mapped[list[Initiative]] = relationship(
        back_populates="article", lazy="raise", order_by="Initiative.id", cascade="all, delete-orphan"
    )
    organizations: Mapped[list[Organization]] = relationship(
        back_populates="article", lazy="raise", order_by="Organization.id", cascade="all, delete-orphan"
    )
    people: Mapped[list[Person]] = relationship(
        back_populates="article", lazy="raise", order_by="Person.id", cascade="all, delete-orphan"
    )


class Sentence(Base):
    __tablename__ = "sentences"

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)

    article: Mapped[Article] = relationship(back_populates="sentences", lazy="raise")


class ZoneMention(Base):
    """A zone named in an article, at `start`..`end` (an article names all its zones)."""

    __tablename__ = "zone_mentions"
    __table_args__ = (Index(None, "zone_id", "article_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    zone_id: Mapped[int] = mapped_column(ForeignKey("zones.id"))
    start: Mapped[int | None] = mapped_column(Integer)  # None: named by the extractor, span unknown
    end: Mapped[int | None] = mapped_column(Integer)

    article: Mapped[Article] = relationship(back_populates="zone_mentions", lazy="raise")
    zone: Mapped[Zone] = relationship(lazy="raise")


class Initiative(Base):
    __tablename__ = "initiatives"

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(300), index=True)
    kind: Mapped[str] = mapped_column(String(32), index=True)
    zone_id: Mapped[int | None] = mapped_column(ForeignKey("zones.id"), index=True)
    start: Mapped[int | None] = mapped_column(Integer)  # the first mention; all are in `mentions`
    end: Mapped[int | None] = mapped_column(Integer)

    article: Mapped[Article] = relationship(back_populates="initiatives", lazy="raise")
    zone: Mapped[Zone | None] = relationship(back_populates="initiatives", lazy="raise")
    mentions: Mapped[list[InitiativeMention]] = relationship(
        back_populates="initiative",
        lazy="raise",
        order_by="InitiativeMention.start",
        cascade="all, delete-orphan",
    )
    figures: Mapped[list[Figure]] = relationship(
        back_populates="initiative", lazy="raise", order_by="Figure.start"
    )
    # The sentence of the first mention (read only: sentences and mentions are written apart).
    sentence: Mapped[Sentence | None] = relationship(
        primaryjoin="and_(foreign(Initiative.article_id) == Sentence.article_id, "
        "Sentence.start <= Initiative.start, Sentence.end > Initiative.start)",
        viewonly=True,
        uselist=False,
        lazy="raise",
    )


class InitiativeMention(Base):
    __tablename__ = "initiative_mentions"

    id: Mapped[int] = mapped_column(primary_key=True)
    initiative_id: Mapped[int] = mapped_column(ForeignKey("initiatives.id", ondelete="CASCADE"), index=True)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)

    initiative: Mapped[Initiative] = relationship(back_populates="mentions", lazy="raise")


class Organization(Base):
    __tablename__ = "organizations"

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(300), index=True)
    type: Mapped[str] = mapped_column(String(32), index=True)
    start: Mapped[int | None] = mapped_column(Integer)  # the first mention; all are in `mentions`
    end: Mapped[int | None] = mapped_column(Integer)

    article: Mapped[Article] = relationship(back_populates="organizations", lazy="raise")
    mentions: Mapped[list[OrganizationMention]] = relationship(
        back_populates="organization",
        lazy="raise",
        order_by="OrganizationMention.start",
        cascade="all, delete-orphan",
    )


class OrganizationMention(Base):
    __tablename__ = "organization_mentions"

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), index=True
    )
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)

    organization: Mapped[Organization] = relationship(back_populates="mentions", lazy="raise")


class Person(Base):
    __tablename__ = "people"

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100), index=True)
    role: Mapped[str | None] = mapped_column(String(200))
    organization: Mapped[str | None] = mapped_column(String(300))
    quote: Mapped[str | None] = mapped_column(Text)
    start: Mapped[int | None] = mapped_column(Integer)  # the first mention; all are in `mentions`
    end: Mapped[int | None] = mapped_column(Integer)

    article: Mapped[Article] = relationship(back_populates="people", lazy="raise")
    mentions: Mapped[list[PersonMention]] = relationship(
        back_populates="person", lazy="raise", order_by="PersonMention.start", cascade="all, delete-orphan"
    )


class PersonMention(Base):
    __tablename__ = "person_mentions"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)

    person: Mapped[Person] = relationship(back_populates="mentions", lazy="raise")


class Figure(Base):
    """A number with its meaning. Money also in exact integer yuan (`amount_yuan`, 64-bit)."""

    __tablename__ = "figures"
    __table_args__ = (
        # amount sorts and filters within a category or a zone, keyset by id
        Index(None, "category", "amount_yuan", "id"),
        Index(None, "zone_id", "amount_yuan", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(16), index=True)
    text: Mapped[str] = mapped_column(String(200))
    value: Mapped[Decimal] = mapped_column(DECIMAL)
    value_high: Mapped[Decimal | None] = mapped_column(DECIMAL)
    unit: Mapped[str] = mapped_column(String(20))
    currency: Mapped[str | None] = mapped_column(String(3))
    amount_yuan: Mapped[int | None] = mapped_column(BigInteger, index=True)
    amount_yuan_high: Mapped[int | None] = mapped_column(BigInteger)
    # The bounds its qualifier gives (超: low only; 近, 最高: high only; NULL: unknown); see
    # `app.services.amounts.amount_bounds`. What `min_amount`/`max_amount` compare with.
    amount_low_yuan: Mapped[int | None] = mapped_column(BigInteger, index=True)
    amount_high_yuan: Mapped[int | None] = mapped_column(BigInteger, index=True)
    qualifier: Mapped[str] = mapped_column(String(16), index=True)
    category: Mapped[str | None] = mapped_column(String(32))
    per_year: Mapped[bool] = mapped_column(default=False)
    zone_id: Mapped[int | None] = mapped_column(ForeignKey("zones.id"))
    initiative_id: Mapped[int | None] = mapped_column(
        ForeignKey("initiatives.id", ondelete="SET NULL"), index=True
    )
    organization_id: Mapped[int | None] = mapped_column(
        ForeignKey("organizations.id", ondelete="SET NULL"), index=True
    )
    share_of_id: Mapped[int | None] = mapped_column(ForeignKey("figures.id", ondelete="SET NULL"))
    sentence_start: Mapped[int] = mapped_column(Integer)
    sentence_end: Mapped[int] = mapped_column(Integer)
    sentence_text: Mapped[str] = mapped_column(Text)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)

    article: Mapped[Article] = relationship(back_populates="figures", lazy="raise", foreign_keys=[article_id])
    zone: Mapped[Zone | None] = relationship(back_populates="figures", lazy="raise")
    initiative: Mapped[Initiative | None] = relationship(back_populates="figures", lazy="raise")
    organization: Mapped[Organization | None] = relationship(lazy="raise")
    share_of: Mapped[Figure | None] = relationship(remote_side=[id], lazy="raise")
