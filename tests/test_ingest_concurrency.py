"""Concurrent writers against a real `zonefacts serve`: one transaction per page, stored once."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
from sqlalchemy import func, select

from app.db import create_engine
from app.models import Article, Document, Figure
from app.services.ingest import content_hash
from tests.servers import running_server

API_KEY = "concurrency-key"
WRITERS = 8


def new_page(marker: str) -> str:
    """A page of our own in the genre, made unique by `marker` (so it is new to the database)."""
    return (
        f"南宁高新区设立数字经济基金（{marker}）\n\n"
        f"本报讯 南宁高新区设立规模15亿元的数字经济基金，编号{marker}，"
        "首期出资约3亿元，重点投向人工智能和集成电路企业。\n"
    )


@pytest.fixture
def server(empty_database_url: str, tmp_path: Path) -> Iterator[str]:
    with running_server(empty_database_url, tmp_path, {"ZONEFACTS_API_KEYS": API_KEY}) as base:
        yield base


def post_all(base: str, texts: list[str]) -> list[httpx.Response]:
    """POST every text at the same moment, each from its own thread and connection."""
    start = threading.Barrier(len(texts))

    def post(text: str) -> httpx.Response:
        with httpx.Client(base_url=base, timeout=60) as client:
            start.wait()
            return client.post("/v1/articles", content=text.encode(), headers={"X-API-Key": API_KEY})

    with ThreadPoolExecutor(len(texts)) as pool:
        return list(pool.map(post, texts))


def test_eight_concurrent_posts_of_one_new_text_store_it_once(server: str, empty_database_url: str) -> None:
    text = new_page(uuid.uuid4().hex[:8])

    responses = post_all(server, [text] * WRITERS)

    statuses = sorted(r.status_code for r in responses)
    assert statuses == [200] * (WRITERS - 1) + [201], [r.text for r in responses]
    assert len({r.json()["id"] for r in responses}) == 1
    assert len({len(r.json()["articles"][0]["figures"]) for r in responses}) == 1  # all see every fact
    engine = create_engine(empty_database_url)
    try:
        with engine.connect() as connection:
            stored = connection.scalar(
                select(func.count()).select_from(Document).where(Document.content_hash == content_hash(text))
            )
            figures = connection.scalar(
                select(func.count())
                .select_from(Figure)
                .join(Article)
                .where(Article.document_id == responses[0].json()["id"])
            )
    finally:
        engine.dispose()
    assert stored == 1
    assert figures == len(responses[0].json()["articles"][0]["figures"]) > 0


def test_eight_concurrent_posts_of_different_texts_all_store(server: str) -> None:
    texts = [new_page(uuid.uuid4().hex[:8]) for _ in range(WRITERS)]

    responses = post_all(server, texts)

    assert [r.status_code for r in responses] == [201] * WRITERS, [r.text for r in responses]
    assert len({r.json()["id"] for r in responses}) == WRITERS
    with httpx.Client(base_url=server) as client:
        for response in responses:
            assert client.get(response.headers["location"]).json() == response.json()
