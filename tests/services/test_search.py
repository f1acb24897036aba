"""The search index follows the sentences table on both databases: added, changed, deleted."""

from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.orm import Session, sessionmaker

from app.models import Article, Sentence
from app.services import loader
from app.services.search import search
from tests.conftest import SEED_DIR


def texts(session: Session, query: str) -> list[str]:
    return [hit.text for hit in search(session, query, limit=500, offset=0).items]


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
