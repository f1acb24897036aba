"""`Reader.on(engine)`: a pooled connection from its first read until `close()`, and a new one
(in a new transaction) for a read after that; on both databases."""

from __future__ import annotations

from sqlalchemy import Engine, func, select

from app.models import Zone
from app.services.reader import Query, Reader

ZONE_COUNT = Query(select(func.count()).select_from(Zone))


def test_a_reader_gives_its_connection_back_and_takes_another_for_a_later_read(
    migrated_engine: Engine,
) -> None:
    checked_out = migrated_engine.pool.checkedout  # type: ignore[attr-defined]  # QueuePool's
    before = checked_out()
    reader = Reader.on(migrated_engine)
    assert not reader.holds_connection

    first = reader.rows(ZONE_COUNT)
    assert reader.holds_connection
    assert checked_out() == before + 1

    reader.close()
    assert not reader.holds_connection
    assert checked_out() == before

    assert reader.rows(ZONE_COUNT) == first  # reads again, on a connection from the pool
    assert reader.holds_connection
    reader.close()
    reader.close()  # closing twice is harmless
    assert checked_out() == before
