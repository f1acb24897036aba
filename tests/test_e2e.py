"""End to end: `zonefacts serve` as a real process on a free port, asked over real HTTP."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from app.extract.types import Item
from tests.conftest import SEED_DIR, extract_seed
from tests.postgres import free_port

YI = 100_000_000


@pytest.fixture
def server(empty_database_url: str, tmp_path: Path) -> Iterator[str]:
    port = free_port()
    env = os.environ | {"DATABASE_URL": empty_database_url, "SEED_DIR": str(SEED_DIR), "PORT": str(port)}
    log = (tmp_path / "server.log").open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "app.cli", "serve", "--host", "127.0.0.1"],
        env=env,
        cwd=tmp_path,  # no seed/ here: the seed comes from SEED_DIR
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                pytest.fail(
                    f"server exited with {process.returncode}:\n{(tmp_path / 'server.log').read_text()}"
                )
            try:
                if httpx.get(f"{base}/readyz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"server did not start:\n{(tmp_path / 'server.log').read_text()}")
            time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


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
