"""Database fixtures: every database test runs on SQLite and on a throwaway PostgreSQL.

The schema comes from the migrations (`alembic upgrade head`, once per session and backend);
each test runs inside a transaction that is rolled back at its end, so code under test may
commit freely (its commits release savepoints).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from app.db import create_engine, upgrade_database
from app.extract import decode_text, extract_page
from app.extract.types import Item
from app.services.ingest import normalize_text
from tests.postgres import PostgresServer, PostgresUnavailable

BACKENDS = ["sqlite", "postgresql"]
SEED_DIR = Path(__file__).resolve().parent.parent / "seed"


def extract_seed() -> list[Item]:
    """The items the loader stores for the seed pages: the answers the API must give back."""
    pages = sorted(SEED_DIR.glob("*.txt"))
    return [item for page in pages for item in extract_page(normalize_text(decode_text(page.read_bytes())))]


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    try:
        server = PostgresServer().start()
    except (PostgresUnavailable, OSError) as exc:
        message = f"PostgreSQL could not start: {exc}"
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    try:
        yield server
    finally:
        server.stop()


def _empty_database_url(backend: str, request: pytest.FixtureRequest, folder: Path) -> str:
    if backend == "sqlite":
        return f"sqlite:///{folder / 'zonefacts.db'}"
    server: PostgresServer = request.getfixturevalue("postgres_server")
    return server.create_database()


@pytest.fixture(params=BACKENDS)
def empty_database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A URL to a new database with no tables at all (for migration, CLI and e2e tests)."""
    return _empty_database_url(request.param, request, tmp_path)


@pytest.fixture(scope="session", params=BACKENDS)
def migrated_engine(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Engine]:
    url = _empty_database_url(request.param, request, tmp_path_factory.mktemp(request.param))
    upgrade_database(url)
    engine = create_engine(url)
    yield engine
    engine.dispose()


@pytest.fixture
def session_factory(migrated_engine: Engine) -> Iterator[sessionmaker[Session]]:
    """Sessions bound to one connection whose outer transaction is rolled back after the test."""
    connection = migrated_engine.connect()
    transaction = connection.begin()
    factory = sessionmaker(bind=connection, expire_on_commit=False, join_transaction_mode="create_savepoint")
    yield factory
    transaction.rollback()
    connection.close()


@pytest.fixture
def session(session_factory: sessionmaker[Session]) -> Iterator[Session]:
    with session_factory() as session:
        yield session
