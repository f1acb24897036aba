"""End to end: `zonefacts serve` as a real process on a free port, asked over real HTTP."""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest

from app.extract.types import Item
from tests.conftest import extract_seed
from tests.servers import running_server

YI = 100_000_000


@pytest.fixture
def server(empty_database_url: str, tmp_path: Path) -> Iterator[str]:
    with running_server(empty_database_url, tmp_path, {"WORKERS": "1"}) as base:
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


def parent_of(pid: int) -> int:
    stat = Path(f"/proc/{pid}/stat").read_text()
    return int(stat.rsplit(")", 1)[1].split()[1])


def log_messages(log: Path, until: Callable[[list[str]], bool]) -> list[str]:
    """The messages of the server's log once `until` holds of them (lines come within 0.1 s)."""
    deadline = time.monotonic() + 30
    while True:
        messages = [json.loads(line)["msg"] for line in log.read_text().splitlines()]
        if until(messages) or time.monotonic() > deadline:
            return messages
        time.sleep(0.1)


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads the process tree from /proc")
def test_serve_with_two_workers_seeds_once_and_both_answer(empty_database_url: str, tmp_path: Path) -> None:
    log = tmp_path / "server.log"
    with running_server(empty_database_url, tmp_path, {"WORKERS": "2"}) as base:
        messages = log_messages(log, lambda ms: ms.count("Application startup complete.") >= 2)
        assert messages.count("Application startup complete.") == 2  # each worker built its app
        [parent] = [int(m) for m in re.findall(r"Started parent process \[(\d+)\]", "\n".join(messages))]
        workers = {int(m) for m in re.findall(r"Started server process \[(\d+)\]", "\n".join(messages))}
        assert len(workers) == 2
        assert all(parent_of(pid) == parent for pid in workers)  # alive, and the parent's

        # Each request on a new connection, so either worker may take it.
        answers = [httpx.get(f"{base}/v1/articles", params={"limit": 500}, timeout=10) for _ in range(30)]
        assert {a.status_code for a in answers} == {200}
        assert len({a.content for a in answers}) == 1  # the same data in every process
        assert httpx.get(f"{base}/v1/figures", params={"min_amount": "1亿"}, timeout=10).status_code == 200

    # The migrations and the seed ran once, in the parent, before the workers started.
    messages = log_messages(log, lambda ms: True)
    assert sum(m.startswith("loaded ") and "facts written" in m for m in messages) == 1
    assert len(answers[0].json()["items"]) == len(extract_seed())
    # Each worker's last lines are in the log, though uvicorn ends it by re-raising SIGTERM.
    assert sum(m.startswith("Finished server process") for m in messages) == 2
