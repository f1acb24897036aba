"""The search indexes follow the sentences table on both databases (added, changed, deleted), and
two-character terms, ranked from a few candidates, rank as from every match."""

from __future__ import annotations

import random
import sqlite3
from contextlib import closing
from fractions import Fraction

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import delete, select
from sqlalchemy.orm import Session, sessionmaker

from app.db import alembic_config
from app.models import Article, Document, Sentence
from app.services import loader
from app.services.derived_rows import index_sentences, sqlite_bigram_tokens
from app.services.search import MAX_CANDIDATES, ranks_candidates, search
from tests.conftest import SEED_DIR


def texts(session: Session, query: str) -> list[str]:
    return [hit["text"] for hit in search(session, query, limit=500, offset=0).items]


def test_the_index_follows_inserts_updates_and_deletes(session_factory: sessionmaker[Session]) -> None:
    loader.sync_gazetteer(session_factory)
    loader.load_paths(session_factory, [SEED_DIR])
    with session_factory() as session:
        found = texts(session, "产业投资基金")
        assert found

        sentence = session.scalars(select(Sentence).where(Sentence.text.in_(found))).first()
        assert sentence is not None
        sentence.text = "这一句已改写为测试用的内容"
        session.flush()
        assert len(texts(session, "产业投资基金")) == len(found) - 1
        assert texts(session, "测试用的内容") == ["这一句已改写为测试用的内容"]

        # its sentences go with it by ON DELETE CASCADE, which fires the index's trigger too
        session.execute(delete(Article).where(Article.id == sentence.article_id))
        assert texts(session, "测试用的内容") == []
        assert texts(session, "测试") == []


# Sentences for the ranking of two-character terms: densities tie, repeat, overlap (基基基 holds
# 基基 once as replace() counts), differ in case, sit at the end; many shorter ones hold 基金 once.
RANKED = [
    "基金基金基金基金",
    "基金",
    "设立基金",
    "基金规模达到基金",
    "产业投资基金与基金管理基金",
    "基基基",
    "基基基基",
    "AB ab Ab,a b",
    "金",
    "我们的基金",
    *("基金" + "字" * n for n in range(1, 30)),
    "基金基金基金" + "字" * 30,
]


def add_sentences(session: Session, texts: list[str]) -> None:
    """Store the sentences in list order, indexed for search as a loaded page's are."""
    body = "".join(texts)
    document = Document(content_hash="0" * 64, source_name="ranked.txt", raw_text=body)
    session.add(document)
    session.flush()
    article = Article(document_id=document.id, position=0, text=body, authors=[], body_start=0)
    session.add(article)
    session.flush()
    at, sentences = 0, []
    for sentence in texts:
        sentences.append(Sentence(article_id=article.id, start=at, end=at + len(sentence), text=sentence))
        session.add(sentences[-1])
        at += len(sentence)
        session.flush()  # ids in list order
    index_sentences(session, [(sentence.id, sentence.text) for sentence in sentences])


def densest_first(session: Session, term: str) -> list[tuple[int, float]]:
    """(sentence id, score) of every sentence holding `term`, ranked here from the definition."""
    found = []
    for sentence in session.scalars(select(Sentence)):
        text = sentence.text.lower()
        if term.lower() in text:
            found.append((-Fraction(text.count(term.lower()) * len(term), len(text)), sentence.id))
    return [(sentence_id, round(float(-density), 6)) for density, sentence_id in sorted(found)]


@pytest.mark.parametrize("term", ["基金", "基基", "ab", "b,", "字字", "金基"])
def test_two_character_terms_rank_on_every_page_as_from_every_match(session: Session, term: str) -> None:
    add_sentences(session, RANKED)
    expected = densest_first(session, term)
    assert expected
    for limit in (1, 2, 3, 7):
        for offset in range(len(expected) + 1):
            page = search(session, term, limit=limit, offset=offset)
            assert ranks_candidates([term], limit, offset)
            assert [(h["sentence_id"], h["score"]) for h in page.items] == expected[offset : offset + limit]
            assert page.next == (offset + limit if offset + limit < len(expected) else None)


def test_deep_pages_are_ranked_from_every_match(session: Session) -> None:
    add_sentences(session, RANKED)
    expected = densest_first(session, "基金")
    offset = MAX_CANDIDATES - 3
    assert not ranks_candidates(["基金"], 5, offset)
    assert search(session, "基金", limit=5, offset=offset).items == []
    everything = search(session, "基金", limit=500, offset=0).items
    assert [(h["sentence_id"], h["score"]) for h in everything] == expected


def test_a_rewritten_sentence_moves_in_the_ranking(session: Session) -> None:
    add_sentences(session, RANKED)
    last = session.scalars(select(Sentence).where(Sentence.text == "我们的基金")).one()
    last.text = "基金基金"
    session.flush()
    densest = ["基金基金基金基金", "基金"]
    assert [h["text"] for h in search(session, "基金", limit=2, offset=0).items] == densest
    session.execute(delete(Sentence).where(Sentence.text.in_(densest)))
    assert [h["text"] for h in search(session, "基金", limit=1, offset=0).items] == ["基金基金"]


# Texts whose bigrams repeat, overlap, differ in case (ASCII and not), or are too short to have any.
TOKEN_CASES = [
    *RANKED,
    "",
    "基",
    "aaaaa",
    "abab abab",
    "Ａｂ É İ ß ÀÀ",
    "😀😀😀😀",
    "基金规模达到基金,基金基金",
    "a\tb\n",
    "“双创”基金“双创”",
]


def test_the_writer_indexes_a_sentence_as_the_trigger_did() -> None:
    """SQLite's bigram tokens found in Python are the ones the SQL of migration 0004 finds (which
    its delete trigger gives FTS5 to forget), repeats included."""
    script = ScriptDirectory.from_config(alembic_config("sqlite://"))
    revision = script.get_revision("0004")
    assert revision is not None
    statement = "SELECT " + revision.module._sqlite_tokens("?1")
    rng = random.Random(6)
    texts = TOKEN_CASES + ["".join(rng.choices("基金aAbB 1", k=rng.randint(0, 14))) for _ in range(500)]
    with closing(sqlite3.connect(":memory:")) as connection:
        for text in texts:
            by_sql = connection.execute(statement, (text,)).fetchone()[0] or ""
            # the same tokens as many times each: FTS5 forgets a row only when told what it was given
            assert sorted(sqlite_bigram_tokens(text).split()) == sorted(by_sql.split()), text
