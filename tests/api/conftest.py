"""A TestClient over the seeded test database; each test's writes are rolled back."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator, Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, update
from sqlalchemy.orm import Session, sessionmaker

from app.api.deps import get_session, get_writer_session
from app.api.reading import get_reader
from app.config import Settings
from app.extract.types import Item
from app.main import create_app
from app.models import Article
from app.services import ingest, loader
from app.services.reader import Reader
from tests.conftest import SEED_DIR, extract_seed

API_KEY = "test-key-0123456789"
WRITER = {"X-API-Key": API_KEY}


@pytest.fixture(scope="session")
def seed_items() -> list[Item]:
    """What the extractor finds in the seed: the answers the API must give back."""
    return extract_seed()


@pytest.fixture
def client(session_factory: sessionmaker[Session], migrated_engine: Engine) -> Iterator[TestClient]:
    loader.sync_gazetteer(session_factory)
    summary = loader.load_paths(session_factory, [SEED_DIR])
    assert not summary.failed, summary.results

    def test_session() -> Iterator[Session]:
        with session_factory() as session:
            yield session
            session.commit()

    async def test_reader() -> AsyncIterator[Reader]:  # reads inside the test's transaction too
        with session_factory() as session:
            yield Reader.of(session)

    url = migrated_engine.url.render_as_string(hide_password=False)
    app = create_app(
        Settings(database_url=url, auto_migrate=False, auto_seed=False, zonefacts_api_keys=API_KEY)
    )
    app.dependency_overrides[get_session] = test_session
    app.dependency_overrides[get_writer_session] = test_session
    app.dependency_overrides[get_reader] = test_reader
    with TestClient(app) as test_client:
        yield test_client


# A page beside the seed with what the seed lacks: a range, foreign currency, an approximate
# amount, and dates (set below: the extractor finds none in it).
EXTRA_PAGE = """测试高新区设立新基金

本报讯 近日,佛山高新区设立产业基金,基金规模5亿至8亿元。该区企业获得境外投资1亿美元,另获约2亿元贷款。
"""
EXTRA_DATE = dt.date(2023, 5, 10)


@pytest.fixture
def extra_client(client: TestClient, session_factory: sessionmaker[Session]) -> TestClient:
    """The seeded client, plus EXTRA_PAGE published on EXTRA_DATE."""
    with session_factory() as session:
        result = ingest.ingest_text(session, EXTRA_PAGE, "extra.txt")
        session.execute(
            update(Article).where(Article.document_id == result.document_id).values(published_date=EXTRA_DATE)
        )
        session.commit()
    return client
