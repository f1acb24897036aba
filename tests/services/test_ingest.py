"""Ingest and load on both databases: idempotent by content hash, nothing left by a failure."""

from __future__ import annotations

import contextlib
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from sqlalchemy import event, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from app import models
from app.db import Base, create_engine, create_sessionmaker, upgrade_database
from app.extract.types import Zone as ZoneData
from app.services import document_rows, ingest, loader, zones
from tests.conftest import SEED_DIR, extract_seed

FACT_TABLES = [t for t in Base.metadata.sorted_tables if t.name not in ("zones", "zone_aliases")]


def row_counts(session: Session) -> dict[str, int]:
    return {
        t.name: session.scalar(select(func.count()).select_from(t)) or 0 for t in Base.metadata.sorted_tables
    }


def seed_items() -> list:
    return extract_seed()


def test_loading_the_seed_twice_stores_it_once(session_factory: sessionmaker[Session]) -> None:
    loader.sync_gazetteer(session_factory)
    first = loader.load_paths(session_factory, [SEED_DIR])
    with session_factory() as session:
        after_first = row_counts(session)
    second = loader.load_paths(session_factory, [SEED_DIR])
    with session_factory() as session:
        after_second = row_counts(session)

    assert first.count(loader.Outcome.NEW) == len(list(SEED_DIR.glob("*.txt")))
    assert second.count(loader.Outcome.UNCHANGED) == first.count(loader.Outcome.NEW)
    assert second.facts == 0
    assert after_first == after_second
    assert after_first["documents"] == 1
    items = seed_items()
    assert after_first["articles"] == len(items)
    assert after_first["figures"] == sum(len(i.figures) for i in items)
    assert after_first["initiatives"] == sum(len(i.initiatives) for i in items)
    assert first.facts == sum(
        len(i.figures) + len(i.initiatives) + len(i.organizations) + len(i.people) for i in items
    )


def test_same_text_in_other_bytes_is_the_same_document(session: Session) -> None:
    text = (SEED_DIR / "000_172ae03964ca05be.txt").read_text(encoding="utf-8")
    first = ingest.ingest_text(session, text, "a.txt")
    again = ingest.ingest_text(session, "\ufeff" + text.replace("\n", "\r\n") + "\n\n", "b.txt")
    assert first.created and not again.created
    assert again.document_id == first.document_id


def test_offsets_point_into_the_article_text(session: Session) -> None:
    ingest.ingest_text(session, (SEED_DIR / "000_172ae03964ca05be.txt").read_text(encoding="utf-8"), "seed")
    for figure, text in session.execute(
        select(models.Figure, models.Article.text).join(models.Figure.article)
    ):
        assert text[figure.start : figure.end] == figure.text
    for sentence, text in session.execute(
        select(models.Sentence, models.Article.text).join(models.Sentence.article)
    ):
        assert text[sentence.start : sentence.end] == sentence.text


def test_a_failing_file_leaves_nothing_and_the_load_goes_on(
    session_factory: sessionmaker[Session], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    good = tmp_path / "1_good.txt"
    good.write_text("郑州高新区新添国家双创示范基地。", encoding="utf-8")
    binary = tmp_path / "2_binary.txt"
    binary.write_bytes(b"\x00\x01\x02 not text")
    breaks = tmp_path / "3_breaks.txt"
    breaks.write_text("佛山高新区设立基金,基金总规模达10亿元。", encoding="utf-8")

    real_add_article = ingest.add_article

    def add_then_fail(session: Session, document: models.Document, position: int, item: object) -> int:
        real_add_article(session, document, position, item)  # type: ignore[arg-type]
        session.flush()  # the rows are written ...
        if "基金" in document.raw_text:
            raise RuntimeError("extractor bug")  # ... and must all go away
        return 0

    monkeypatch.setattr(ingest, "add_article", add_then_fail)
    summary = loader.load_paths(session_factory, [tmp_path])

    assert [r.outcome for r in summary.results] == [
        loader.Outcome.NEW,
        loader.Outcome.FAILED,
        loader.Outcome.FAILED,
    ]
    assert summary.failed
    assert "failed" in summary.line()
    with session_factory() as session:
        counts = row_counts(session)
        assert counts["documents"] == 1
        assert session.scalar(select(models.Document.source_name)) == "1_good.txt"
        document_id = session.scalar(select(models.Document.id))
        assert set(session.scalars(select(models.Article.document_id))) == {document_id}
        stored = session.scalar(select(models.Document.raw_text))
        assert stored is not None and "基金" not in stored


def test_a_lost_race_counts_as_unchanged(
    session_factory: sessionmaker[Session], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = tmp_path / "page.txt"
    page.write_text("济南高新区获批中国侨联新侨双创基地。", encoding="utf-8")
    assert loader.load_file(session_factory, page).outcome is loader.Outcome.NEW
    # Pretend the existence check ran before the other loader committed.
    monkeypatch.setattr(ingest, "find_document_id", lambda session, text_hash: None)
    assert loader.load_file(session_factory, page).outcome is loader.Outcome.UNCHANGED


def test_concurrent_loads_of_one_page_store_it_once(
    empty_database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two loaders race on the same page: the database, not a lock of ours, decides.

    Both check for the page before either inserts it (where the database lets them: SQLite
    writers queue at BEGIN IMMEDIATE); one stores it, the other reports it unchanged."""
    upgrade_database(empty_database_url)
    engine = create_engine(empty_database_url)
    factory = create_sessionmaker(engine, writer=True)
    page = tmp_path / "page.txt"
    page.write_text("大连高新区每年将投入1.2亿元支持人才发展。", encoding="utf-8")
    both_checked = threading.Barrier(2)
    real_find = ingest.find_document_id

    def find_then_wait(session: Session, text_hash: str) -> int | None:
        found = real_find(session, text_hash)
        with contextlib.suppress(threading.BrokenBarrierError):
            both_checked.wait(timeout=2)
        return found

    monkeypatch.setattr(ingest, "find_document_id", find_then_wait)
    try:
        with ThreadPoolExecutor(2) as pool:
            results = list(pool.map(lambda _: loader.load_file(factory, page), range(2)))
        with factory() as session:
            assert row_counts(session)["documents"] == 1
    finally:
        engine.dispose()
    assert sorted(r.outcome.value for r in results) == ["new", "unchanged"], results


# --- the bulk write path -----------------------------------------------------------------------

SHARE_PAGE = (
    "佛山高新区发行专项债\n\n"
    "本报讯 今年,佛山高新区建设项目共获得专项债224.94亿元,占佛山市的52.1%。"
    "佛山高新区设立“科创贷”专项计划,“科创贷”专项计划授信额度达10亿元。\n"
)


def gazetteer_ids(session: Session) -> zones.ZoneIds:
    """The zone ids a load reads at its start."""
    zones.sync_gazetteer(session)
    return zones.ZoneIds.read(session)


def test_rows_point_to_each_other_as_the_extractor_says(session: Session) -> None:
    known = gazetteer_ids(session)
    result = ingest.ingest_text(session, SHARE_PAGE, "share.txt", known_zones=known)
    figures = {
        f.text: f
        for f in session.scalars(
            select(models.Figure).join(models.Article).where(models.Article.document_id == result.document_id)
        )
    }
    share, amount = figures["52.1%"], figures["224.94亿元"]
    assert share.share_of_id == amount.id and share.id > amount.id  # written after what it shares
    (item,) = ingest.extract_page(ingest.normalize_text(SHARE_PAGE))
    (article,) = session.scalars(
        select(models.Article).where(models.Article.document_id == result.document_id)
    )
    for found in item.initiatives:
        stored = session.scalars(
            select(models.Initiative).where(
                models.Initiative.article_id == article.id, models.Initiative.name == found.name
            )
        ).one()
        assert (stored.start, stored.end) == (found.mentions[0].start, found.mentions[0].end)
        mentions = session.scalars(
            select(models.InitiativeMention.start).where(models.InitiativeMention.initiative_id == stored.id)
        )
        assert sorted(mentions) == sorted(m.start for m in found.mentions)
    linked = [f for f in item.figures if f.initiative]
    assert linked and all(figures[f.text].initiative_id is not None for f in linked)
    assert (amount.amount_low_yuan, amount.amount_high_yuan) == (22_494_000_000, 22_494_000_000)
    assert article.primary_zone_id == known.get("佛山高新区")


def test_a_zone_added_by_a_failed_page_is_added_again(
    session_factory: sessionmaker[Session], tmp_path: Path
) -> None:
    """The zone ids a load keeps learn only committed zones: a zone inserted by a page that then
    fails is gone, and the next page naming it must insert it again, not point to it."""
    loader.sync_gazetteer(session_factory)
    refused = tmp_path / "1_refused.txt"  # a new zone, then a number no column holds
    refused.write_text("本报讯 南海高新区设立基金,规模达" + "9" * 23 + "亿元。", encoding="utf-8")
    stored = tmp_path / "2_stored.txt"
    stored.write_text("本报讯 南海高新区设立基金,规模达10亿元。", encoding="utf-8")

    summary = loader.load_paths(session_factory, [tmp_path])

    assert [r.outcome for r in summary.results] == [loader.Outcome.FAILED, loader.Outcome.NEW]
    assert "too large" in (summary.results[0].error or "")  # after the zone was inserted
    with session_factory() as session:
        zone_id = session.scalar(select(models.Zone.id).where(models.Zone.name == "南海高新区"))
        assert zone_id is not None
        assert session.scalar(select(models.ZoneMention.zone_id)) == zone_id


def test_known_zone_ids_spare_the_lookups(session: Session) -> None:
    known = gazetteer_ids(session)
    statements: list[str] = []
    bind = session.connection()
    event.listen(bind, "before_cursor_execute", lambda *args: statements.append(args[2]))
    ids = zones.ensure_zones(
        session, [ZoneData("佛山高新区", "x", None, None), ZoneData("佛山国家高新区", "x", None, None)], known
    )
    assert statements == []
    assert ids["佛山高新区"] == ids["佛山国家高新区"] == zones.get(session, "佛山高新区").id  # an alias


def test_the_loader_does_not_sync_each_commit(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite:///{tmp_path / 'load.db'}", bulk_load=True)
    try:
        with engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 1  # NORMAL
            assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert connection.exec_driver_sql("PRAGMA wal_autocheckpoint").scalar() == 10_000
    finally:
        engine.dispose()


def test_a_row_the_database_refuses_raises_sqlalchemys_error(session: Session) -> None:
    """Rows go to the driver directly (executemany, COPY); its errors still come as SQLAlchemy's,
    which the loader and the request tell apart (IntegrityError: perhaps a concurrent insert)."""
    zones.sync_gazetteer(session)
    items = ingest.extract_page(ingest.normalize_text(SHARE_PAGE))
    document_id = document_rows.insert_document(session, "0" * 64, "refused.txt", SHARE_PAGE)
    no_such_zone = dict.fromkeys(ingest.named_zones(items), 2**31 - 1)
    document = document_rows.NewDocument(
        document_id, SHARE_PAGE, no_such_zone, document_rows.reserve_ids(session, items)
    )
    for position, item in enumerate(items):
        ingest.add_article(session, document, position, item)
    with pytest.raises(IntegrityError):
        document_rows.write_rows(session, document)
