"""`zonefacts serve` as a real process: its output is JSON lines, each request's under its id."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import httpx
import pytest

from app.cli import main
from app.config import get_settings
from tests.servers import running_server


def log_lines(log: Path) -> list[dict[str, Any]]:
    """Every line the server wrote (stdout and stderr), each of which must be a JSON object."""
    lines = []
    for number, text in enumerate(log.read_text(encoding="utf-8").splitlines(), 1):
        try:
            line = json.loads(text)
        except json.JSONDecodeError:
            pytest.fail(f"server.log line {number} is not JSON: {text!r}")
        assert isinstance(line, dict) and {"ts", "level", "logger", "msg"} <= set(line), text
        lines.append(line)
    return lines


def request_lines(log: Path, request_id: str) -> list[dict[str, Any]]:
    """The request lines of `request_id`; the server writes one just after its answer."""
    deadline = time.monotonic() + 10
    while True:
        found = [x for x in log_lines(log) if x["msg"] == "request" and x.get("request_id") == request_id]
        if found or time.monotonic() > deadline:
            return found
        time.sleep(0.05)


def test_serve_logs_json_lines_with_the_request_id(empty_database_url: str, tmp_path: Path) -> None:
    with (
        running_server(empty_database_url, tmp_path) as base,
        httpx.Client(base_url=base, timeout=10) as client,
    ):
        article_id = client.get("/v1/articles", params={"limit": 1}).json()["items"][0]["id"]
        found = client.get(f"/v1/articles/{article_id}", headers={"X-Request-ID": "e2e-found"})
        missing = client.get("/v1/nothing-here", headers={"X-Request-ID": "e2e-missing"})
        anonymous = client.get("/healthz")
        metrics = client.get("/metrics")

        assert found.headers["X-Request-ID"] == "e2e-found"
        assert missing.status_code == 404 and missing.headers["X-Request-ID"] == "e2e-missing"
        assert len(anonymous.headers["X-Request-ID"]) == 32
        [found_line] = request_lines(tmp_path / "server.log", "e2e-found")
        [missing_line] = request_lines(tmp_path / "server.log", "e2e-missing")
        [anonymous_line] = request_lines(tmp_path / "server.log", anonymous.headers["X-Request-ID"])

    assert (found_line["route"], found_line["status"]) == ("/v1/articles/{article_id}", 200)
    assert (missing_line["route"], missing_line["status"]) == ("<unmatched>", 404)
    assert (anonymous_line["path"], anonymous_line["client"]) == ("/healthz", "127.0.0.1")
    assert 'route="/v1/articles/{article_id}",status="200"} 1.0' in metrics.text

    lines = log_lines(tmp_path / "server.log")  # all of them JSON, the shutdown's too
    messages = [line["msg"] for line in lines]
    assert any(m.startswith("loaded ") and "facts written" in m for m in messages)  # the seed
    assert any(line["logger"] == "uvicorn.error" and "Uvicorn running" in line["msg"] for line in lines)
    assert not [line for line in lines if line["logger"] == "uvicorn.access"]  # the app logs requests


def test_serve_refuses_an_unknown_log_level(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("LOG_LEVEL", "loud")
    get_settings.cache_clear()
    try:
        assert main(["serve"]) == 2
    finally:
        get_settings.cache_clear()
    assert "LOG_LEVEL: unknown level 'loud'" in capsys.readouterr().err
