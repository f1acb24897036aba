"""End to end: `zonefacts serve` as a real process on a free port, asked over real HTTP."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from app.extract.types import Item
from tests.conftest import extract_seed
from tests.servers import running_server

YI = 100_000_000


@pytest.fixture
def server(empty_database_url: str, tmp_path: Path) -> Iterator[str]:
    with running_server(empty_database_url, tmp_path) as base:
        yield base


@pytest.fixture(scope="module")
def seed_items() -> list[Item]:
    return extract_seed()


def test_serve_loads_the_seed_and_answers(server: str, seed_items: list[Item]) -> None:
    with httpx.Client(base_url=server, timeout=10) as client:
        articles = client.get("/v1/articles", params={"limit": 500}).json()["items"]
        assert len(articles) == len(seed_items)

        initiatives = client.get("/v1/initiatives", params={"zone": "佛山高新区", "limit": 500}).json()[
            "items"
        ]
        expected = [
            (i.name, i.kind) for item in seed_items for i in item.initiatives if i.zone == "佛山高新区"
        ]
        assert sorted((i["name"], i["kind"]) for i in initiatives) == sorted(expected)

        figures = client.get("/v1/figures", params={"min_amount": "1亿", "limit": 500}).json()["items"]
        expected_money = [
            (f.text, f.amount_yuan)
            for item in seed_items
            for f in item.figures
            if f.amount_yuan is not None and f.amount_yuan >= YI
        ]
        assert sorted((f["text"], f["amount_yuan"]) for f in figures) == sorted(expected_money)

        problem = client.get("/v1/figures", params={"min_amount": "一些"})
        assert problem.status_code == 422
        assert problem.headers["content-type"].startswith("application/problem+json")
