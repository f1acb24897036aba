"""The search indexes and the money totals, which the writer of a page keeps (no insert trigger
since migration 0006), equal what the base tables give when counted again: after loads, pages
sent over HTTP, and the deletes of documents and articles, on both databases."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, select, text
from sqlalchemy.orm import Session, sessionmaker

from app.db import alembic_config
from app.models import Article, Document
from app.services import documents, loader
from app.services.derived_rows import lowercase_agrees, postgresql_bigram_tokens, sqlite_bigram_tokens
from app.services.search import search
from tests.conftest import SEED_DIR
from tests.services.test_search import TOKEN_CASES
from tests.services.test_stats import kept, recounted

ARTICLES_DIR = Path(__file__).resolve().parent.parent / "extract" / "articles"

BigramIndex = list[tuple[str, int, int]]  # (token, sentence length, sentence id)


def bigram_index(connection: Connection) -> BigramIndex:
    """What the bigram index holds, token by sentence."""
    if connection.dialect.name == "postgresql":
        rows = connection.execute(text("SELECT token, length, sentence_id FROM sentence_bigrams"))
        return sorted((token, length, sentence_id) for token, length, sentence_id in rows)
    vocabulary = "fts5vocab(main, sentence_bigrams, instance)"  # a row per token and sentence
    connection.execute(text(f"CREATE VIRTUAL TABLE IF NOT EXISTS temp.bigram_terms USING {vocabulary}"))
    rows = connection.execute(text("SELECT term, doc FROM temp.bigram_terms"))
    return sorted((term, rowid >> 32, rowid & 0xFFFFFFFF) for term, rowid in rows)


def bigram_index_recounted(connection: Connection) -> BigramIndex:
    """The bigram index as it should be: every sentence's tokens, found again the way migration
    0004 found them (its SQL on SQLite, its function on PostgreSQL)."""
    if connection.dialect.name == "postgresql":
        statement = """
            SELECT token, length(lower(s.text)), s.id
            FROM sentences AS s, unnest(sentence_bigram_tokens(s.text)) AS token
        """
        return sorted(
            (token, length, sentence_id) for token, length, sentence_id in connection.execute(text(statement))
        )
    script = ScriptDirectory.from_config(alembic_config("sqlite://"))
    revision = script.get_revision("0004")
    assert revision is not None
    statement = f"SELECT length(s.text), s.id, {revision.module._sqlite_tokens('s.text')} FROM sentences AS s"
    return sorted(
        (token, length, sentence_id)
        for length, sentence_id, tokens in connection.execute(text(statement))
        for token in set((tokens or "").lower().split())  # the index's tokenizer folds case
    )


def assert_kept_exact(session: Session) -> None:
    connection = session.connection()
    assert kept(connection) == recounted(connection)
    index = bigram_index(connection)
    assert index and index == bigram_index_recounted(connection)
    if connection.dialect.name == "sqlite":  # the trigram index checked against `sentences`
        connection.execute(text("INSERT INTO sentences_fts(sentences_fts) VALUES ('integrity-check')"))


def load(factory: sessionmaker[Session]) -> None:
    loader.sync_gazetteer(factory)
    summary = loader.load_paths(factory, [SEED_DIR, ARTICLES_DIR])
    assert not summary.failed, summary.results


def send_over_http(factory: sessionmaker[Session]) -> None:
    """What POST /v1/articles does: `documents.store` in the request's transaction."""
    loader.sync_gazetteer(factory)
    for n, page in enumerate(sorted(ARTICLES_DIR.glob("*.txt"))):
        with factory() as session:
            date = dt.date(2023, 5, 10) if n % 2 else None
            stored = documents.store(session, page.read_text(encoding="utf-8"), page.name, date)
            assert stored.created
            session.commit()


def _ids(session: Session, model: type[Article | Document]) -> list[int]:
    return list(session.scalars(select(model.id).order_by(model.id)))


def remove_documents(session: Session) -> None:
    for document_id in _ids(session, Document)[::3]:
        documents.remove(session, document_id)


def remove_articles(session: Session) -> None:
    for article_id in _ids(session, Article)[1::4]:
        documents.remove_article(session, article_id)


WRITES: dict[str, Callable[[sessionmaker[Session]], None]] = {
    "load": load,
    "sent over HTTP": send_over_http,
}
DELETES: dict[str, Callable[[Session], None]] = {
    "nothing": lambda _session: None,
    "documents": remove_documents,
    "articles": remove_articles,
}


@pytest.mark.parametrize("write", WRITES.values(), ids=list(WRITES))
@pytest.mark.parametrize("remove", DELETES.values(), ids=list(DELETES))
def test_the_kept_rows_equal_a_recount(
    session_factory: sessionmaker[Session],
    write: Callable[[sessionmaker[Session]], None],
    remove: Callable[[Session], None],
) -> None:
    write(session_factory)
    with session_factory() as session:
        remove(session)
        session.flush()
        assert_kept_exact(session)


def test_loads_and_deletes_one_after_another(session_factory: sessionmaker[Session]) -> None:
    send_over_http(session_factory)
    with session_factory() as session:
        remove_articles(session)
        remove_documents(session)
        session.commit()
    load(session_factory)  # the documents deleted are stored again, beside the others
    with session_factory() as session:
        assert_kept_exact(session)


def test_the_index_written_holds_the_tokens_found_in_python(session_factory: sessionmaker[Session]) -> None:
    load(session_factory)
    with session_factory() as session:
        connection = session.connection()
        sentences = connection.execute(text("SELECT id, text FROM sentences")).all()
        if connection.dialect.name == "sqlite":
            expected = sorted(
                (token, len(sentence), sentence_id)
                for sentence_id, sentence in sentences
                for token in set(sqlite_bigram_tokens(sentence).lower().split())
            )
        else:
            expected = sorted(
                (token, len(sentence), sentence_id)
                for sentence_id, sentence in sentences
                for token in postgresql_bigram_tokens(sentence)
            )
        assert bigram_index(connection) == expected


# Sentences whose letters have case beyond ASCII (full-width, Latin, Greek, Turkish İ): PostgreSQL
# indexes them with its own lower(), SQLite lowers ASCII only.
CASED_PAGE = """佛山高新区设立ＡＩ产业基金

本报讯 佛山高新区设立ＡＩ产业基金，ａｉ基金规模达10亿元。
İSTANBUL与Ça创新园签约，ÉÉ基金与Ωmega基金基金合作，总投资5亿元。
"""


def test_sentences_with_cased_letters_beyond_ascii_are_indexed_as_the_database_would(
    session_factory: sessionmaker[Session],
) -> None:
    loader.sync_gazetteer(session_factory)
    with session_factory() as session:
        assert documents.store(session, CASED_PAGE, "cased.txt", None).created
        session.flush()
        assert_kept_exact(session)
        assert search(session, "ａｉ", limit=10, offset=0).items


def test_postgresql_tokens_found_in_python_are_the_functions(session: Session) -> None:
    connection = session.connection()
    if connection.dialect.name != "postgresql":
        pytest.skip("SQLite's tokens: tests/services/test_search.py")
    function = text("SELECT sentence_bigram_tokens(:sentence)")
    for sentence in filter(lowercase_agrees, TOKEN_CASES):
        by_function = connection.execute(function, {"sentence": sentence}).scalar()
        assert postgresql_bigram_tokens(sentence) == set(by_function or ()), sentence
