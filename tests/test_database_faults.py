"""Database faults against a real `zonefacts serve`: 503 problems while the database is away or
locked, and recovery by itself, with no restart, once it is back."""

from __future__ import annotations

import sqlite3
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import make_url

from tests.postgres import PostgresServer, PostgresUnavailable
from tests.servers import running_server

API_KEY = "faults-key"
SETTINGS = {"ZONEFACTS_API_KEYS": API_KEY, "DATABASE_TIMEOUT_SECONDS": "1"}
WRITER = {"X-API-Key": API_KEY}


def new_page() -> str:
    marker = uuid.uuid4().hex[:8]
    return (
        f"郑州高新区启动算力专项行动（{marker}）\n\n本报讯 郑州高新区投入6亿元建设算力中心，编号{marker}。\n"
    )


def assert_unavailable(response: httpx.Response) -> None:
    assert response.status_code == 503, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert response.headers["retry-after"].isdigit()
    problem = response.json()
    assert problem["status"] == 503 and problem["type"] == "urn:zonefacts:problem:unavailable"
    assert "Traceback" not in response.text and "psycopg" not in response.text


def wait_until_ready(client: httpx.Client, seconds: float) -> float:
    """Poll /readyz until it answers 200; returns how long that took."""
    began = time.monotonic()
    while time.monotonic() - began < seconds:
        try:
            if client.get("/readyz").status_code == 200:
                return time.monotonic() - began
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    pytest.fail(f"the service did not recover within {seconds} s")


@pytest.fixture
def own_postgres() -> Iterator[PostgresServer]:
    """A PostgreSQL server of this test's own, which it may stop and start."""
    try:
        server = PostgresServer().start()
    except (PostgresUnavailable, OSError) as exc:
        pytest.fail(f"PostgreSQL could not start: {exc}", pytrace=False)
    try:
        yield server
    finally:
        server.stop()


def test_postgresql_going_away_gives_503s_and_the_service_recovers_by_itself(
    own_postgres: PostgresServer, tmp_path: Path
) -> None:
    url = own_postgres.create_database()
    with running_server(url, tmp_path, SETTINGS) as base, httpx.Client(base_url=base, timeout=30) as client:
        assert client.get("/v1/figures").status_code == 200

        own_postgres.pause()
        began = time.monotonic()
        assert_unavailable(client.get("/readyz"))
        assert_unavailable(client.get("/v1/figures", params={"min_amount": "1亿"}))
        assert_unavailable(client.get("/v1/articles/1"))
        assert_unavailable(client.post("/v1/articles", content=new_page().encode(), headers=WRITER))
        assert time.monotonic() - began < 20  # each answer came within the connect timeout
        assert client.get("/healthz").status_code == 200  # the process itself is fine

        own_postgres.resume()
        recovered_in = wait_until_ready(client, seconds=15)
        assert recovered_in < 15
        assert client.get("/v1/figures").status_code == 200
        stored = client.post("/v1/articles", content=new_page().encode(), headers=WRITER)
        assert stored.status_code == 201, stored.text
        assert client.get(stored.headers["location"]).status_code == 200


def test_a_locked_sqlite_database_gives_503_to_writers_and_reads_go_on(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'zonefacts.db'}"
    with running_server(url, tmp_path, SETTINGS) as base, httpx.Client(base_url=base, timeout=30) as client:
        database = make_url(url).database
        assert database
        locker = sqlite3.connect(database, isolation_level=None)
        try:
            locker.execute("BEGIN EXCLUSIVE")  # another writer holds the lock for longer than the timeout
            assert_unavailable(client.post("/v1/articles", content=new_page().encode(), headers=WRITER))
            assert client.get("/v1/figures").status_code == 200  # WAL: readers are not blocked
            assert client.get("/readyz").status_code == 200
        finally:
            locker.execute("ROLLBACK")
            locker.close()
        stored = client.post("/v1/articles", content=new_page().encode(), headers=WRITER)
        assert stored.status_code == 201, stored.text
