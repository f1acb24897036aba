"""The migrations build exactly the models, and come down cleanly, on both databases."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, select, text
from sqlalchemy.orm import Session

import app.models  # noqa: F401
from app.db import (
    Base,
    create_engine,
    create_sessionmaker,
    current_revision,
    downgrade_database,
    include_object,
    upgrade_database,
)
from app.models import Sentence
from app.services import loader
from app.services.search import search
from tests.conftest import SEED_DIR
from tests.services.test_stats import kept, recounted


def schema_differences(url: str) -> list[object]:
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(
                connection, opts={"compare_type": True, "include_object": include_object}
            )
            return list(compare_metadata(context, Base.metadata))
    finally:
        engine.dispose()


def table_names(url: str) -> set[str]:
    engine = create_engine(url)
    try:
        return set(inspect(engine).get_table_names())
    finally:
        engine.dispose()


def test_upgrade_downgrade_upgrade_matches_models(empty_database_url: str) -> None:
    upgrade_database(empty_database_url)
    assert table_names(empty_database_url) >= set(Base.metadata.tables)

    downgrade_database(empty_database_url, "base")
    assert table_names(empty_database_url) <= {"alembic_version"}

    upgrade_database(empty_database_url)
    assert schema_differences(empty_database_url) == []
    engine = create_engine(empty_database_url)
    try:
        assert current_revision(engine) is not None
    finally:
        engine.dispose()


def search_hits(session: Session) -> dict[str, list[tuple[int, float]]]:
    """(sentence id, score) of the hits of searches through each index: trigrams, bigrams (their
    candidates, and every match), one character."""
    queries = ("产业投资基金", "基金", "基金 高新", "园区", "亿")
    pages = {q: search(session, q, limit=500, offset=0).items for q in queries}
    pages["基金, from candidates"] = search(session, "基金", limit=20, offset=0).items
    return {q: [(hit["sentence_id"], hit["score"]) for hit in hits] for q, hits in pages.items()}


def test_upgrading_a_loaded_database_indexes_and_counts_its_rows(empty_database_url: str) -> None:
    """0004 indexes the bigrams of the sentences stored before it, 0005 counts their money: taken
    down to 0003 (the rows stay, the index and the totals go) and up again, a loaded database
    answers as the load left it, which 0006's writer kept (not triggers)."""
    upgrade_database(empty_database_url)
    engine = create_engine(empty_database_url)
    try:
        factory = create_sessionmaker(engine, writer=True)
        loader.sync_gazetteer(factory)
        assert not loader.load_paths(factory, [SEED_DIR]).failed
        with factory() as session:
            loaded = search_hits(session)
            holding = session.scalars(select(Sentence.id).where(Sentence.text.contains("基金"))).all()
            assert holding and sorted(i for i, _score in loaded["基金"]) == sorted(holding)
            totals = kept(session.connection())
            assert totals == recounted(session.connection()) != []

        downgrade_database(empty_database_url, "0003")
        assert not {"money_totals", "sentence_bigrams"} & table_names(empty_database_url)
        upgrade_database(empty_database_url)
        with factory() as session:
            assert search_hits(session) == loaded
            assert kept(session.connection()) == totals
            if engine.dialect.name == "sqlite":  # the FTS5 index is whole
                check = "INSERT INTO sentence_bigrams(sentence_bigrams) VALUES ('integrity-check')"
                session.execute(text(check))
    finally:
        engine.dispose()
