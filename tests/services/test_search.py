"""The search indexes follow the sentences table on both databases (added, changed, deleted), and
two-character terms, ranked from a few candidates, rank as from every match."""

from __future__ import annotations

from fractions import Fraction

import pytest
from sqlalchemy import delete, select
from sqlalchemy.orm import Session, sessionmaker

from app.models import Article, Document, Sentence
from app.services import loader
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
    body = "".join(texts)
    document = Document(content_hash="0" * 64, source_name="ranked.txt", raw_text=body)
    session.add(document)
    session.flush()
    article = Article(document_id=document.id, position=0, text=body, authors=[], body_start=0)
    session.add(article)
    session.flush()
    at = 0
    for sentence in texts:
        session.add(Sentence(article_id=article.id, start=at, end=at + len(sentence), text=sentence))
        at += len(sentence)
        session.flush()  # ids in list order


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
