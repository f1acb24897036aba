"""Listing services on both databases: keyset pages with nulls last, cursors, amount bounds
written by ingest and backfilled by migration 0002."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from app.db import create_engine, upgrade_database
from app.errors import InvalidInput
from app.models import Figure
from app.services import figures, ingest, zones
from app.services.pagination import PageRequest, decode_cursor, encode_cursor
from tests.api.conftest import EXTRA_PAGE


@pytest.fixture
def loaded(session: Session) -> Session:
    zones.sync_gazetteer(session)
    ingest.ingest_text(session, EXTRA_PAGE, "extra.txt")
    return session


def all_pages(session: Session, sort: str, limit: int) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    cursor = None
    while True:
        page = figures.list_figures(session, figures.FigureFilters(), PageRequest(limit, cursor, sort))
        rows += page.items
        if page.next_cursor is None:
            return rows
        cursor = page.next_cursor


@pytest.mark.parametrize("sort", ["amount", "-amount", "zone", "-date", "id", "-id"])
@pytest.mark.parametrize("limit", [1, 2, 500])
def test_keyset_pages_partition_the_rows(loaded: Session, sort: str, limit: int) -> None:
    rows = all_pages(loaded, sort, limit)
    assert len({r["id"] for r in rows}) == len(rows) == len(loaded.scalars(select(Figure)).all())
    if sort.endswith("amount"):
        amounts = [r["amount_yuan"] for r in rows]
        known = [a for a in amounts if a is not None]
        assert amounts == known + [None] * (len(amounts) - len(known))
        assert known == sorted(known, reverse=sort.startswith("-"))


def test_ingest_writes_the_bounds(loaded: Session) -> None:
    rows = {f.text: (f.amount_low_yuan, f.amount_high_yuan) for f in loaded.scalars(select(Figure))}
    assert rows == {
        "5亿至8亿元": (500_000_000, 800_000_000),
        "1亿美元": (None, None),
        "约2亿元": (200_000_000,) * 2,
    }


CURSOR_CASES = {
    "int": ("-amount", 5, int),
    "none": ("amount", None, int),
    "text": ("zone", "佛山高新区", str),
}


@pytest.mark.parametrize(("sort", "value", "decode"), CURSOR_CASES.values(), ids=list(CURSOR_CASES))
def test_cursor_round_trip(sort: str, value: object, decode: object) -> None:
    cursor = encode_cursor(sort, value, 42)  # type: ignore[arg-type]
    assert cursor.isascii() and "佛山" not in cursor
    assert decode_cursor(cursor, sort, decode) == (value, 42)  # type: ignore[arg-type]
    with pytest.raises(InvalidInput):
        decode_cursor(cursor, "id", decode)  # type: ignore[arg-type]
    with pytest.raises(InvalidInput):
        decode_cursor(cursor[1:], sort, decode)  # type: ignore[arg-type]


def test_migration_0002_backfills_the_bounds(empty_database_url: str) -> None:
    upgrade_database(empty_database_url, "0001")
    engine = create_engine(empty_database_url)
    rows = [
        ("超8.4亿元", 840_000_000, None, "over"),
        ("近30亿元", 3_000_000_000, None, "under"),
        ("5-8亿元", 500_000_000, 800_000_000, "exact"),
        ("1亿美元", None, None, "exact"),
    ]
    try:
        with engine.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO documents (id, content_hash, source_name, raw_text, ingested_at) "
                    "VALUES (1, 'h', 's', 't', '2026-01-01 00:00:00')"
                )
            )
            connection.execute(
                text(
                    "INSERT INTO articles (id, document_id, position, authors, text, body_start) "
                    "VALUES (1, 1, 0, '[]', 't', 0)"
                )
            )
            for number, (written, amount, high, qualifier) in enumerate(rows, 1):
                connection.execute(
                    text(
                        "INSERT INTO figures (id, article_id, kind, text, value, unit, amount_yuan, "
                        "amount_yuan_high, qualifier, per_year, sentence_start, sentence_end, sentence_text, "
                        "\"start\", \"end\") VALUES (:id, 1, 'money', :text, 1, '亿元', :amount, :high, "
                        ":qualifier, false, 0, 1, 't', 0, 1)"
                    ),
                    {"id": number, "text": written, "amount": amount, "high": high, "qualifier": qualifier},
                )
        upgrade_database(empty_database_url, "0002")
        with engine.connect() as connection:
            found = dict(
                (written, (low, high))
                for written, low, high in connection.execute(
                    text("SELECT text, amount_low_yuan, amount_high_yuan FROM figures")
                )
            )
    finally:
        engine.dispose()
    assert found == {
        "超8.4亿元": (840_000_000, None),
        "近30亿元": (None, 3_000_000_000),
        "5-8亿元": (500_000_000, 800_000_000),
        "1亿美元": (None, None),
    }
