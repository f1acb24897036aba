"""A TestClient over the seeded test database; each test's writes are rolled back."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from app.api.deps import get_session
from app.config import Settings
from app.extract.types import Item
from app.main import create_app
from app.services import loader
from tests.conftest import SEED_DIR, extract_seed


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

    url = migrated_engine.url.render_as_string(hide_password=False)
    app = create_app(Settings(database_url=url, auto_migrate=False, auto_seed=False))
    app.dependency_overrides[get_session] = test_session
    with TestClient(app) as test_client:
        yield test_client
