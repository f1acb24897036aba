"""Request ids, the JSON request log and the Prometheus metrics (app.api.observability)."""

from __future__ import annotations

import asyncio
import io
import json
import logging
import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from prometheus_client.parser import text_string_to_metric_families
from starlette.types import Message, Receive, Scope, Send

from app.api.observability import DURATION_BUCKETS, UNMATCHED, Metrics, MetricsDep, RequestMiddleware
from app.config import Settings
from app.logs import JsonFormatter, current_request_id
from app.main import create_app

GENERATED = re.compile(r"[0-9a-f]{32}")
LogLines = Callable[[], list[dict[str, Any]]]


def bare_app() -> FastAPI:
    """An app whose database is never asked: enough for the routes that need none."""
    return create_app(Settings(database_url="sqlite://", auto_migrate=False, auto_seed=False))


@pytest.fixture
def bare_client() -> Iterator[TestClient]:
    with TestClient(bare_app()) as client:
        yield client


@pytest.fixture
def log_lines() -> Iterator[LogLines]:
    """Every log record of the test, formatted by JsonFormatter and parsed back."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    level = root.level
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    try:
        yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    finally:
        root.removeHandler(handler)
        root.setLevel(level)


def samples(client: TestClient, name: str) -> dict[tuple[tuple[str, str], ...], float]:
    """The samples called `name` in GET /metrics, by their sorted labels."""
    response = client.get("/metrics")
    assert response.status_code == 200
    return {
        tuple(sorted(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(response.text)
        for sample in family.samples
        if sample.name == name
    }


def requests_total(client: TestClient) -> dict[tuple[str, str, str], float]:
    """zonefacts_http_requests_total as {(method, route, status): count}."""
    found = samples(client, "zonefacts_http_requests_total")
    return {(d["method"], d["route"], d["status"]): v for d, v in ((dict(k), v) for k, v in found.items())}


# Request ids


def test_a_sane_request_id_is_echoed(client: TestClient) -> None:
    response = client.get("/v1/zones", headers={"X-Request-ID": "req-42_ABC.def:1"})
    assert response.status_code == 200
    assert response.headers["X-Request-ID"] == "req-42_ABC.def:1"


INSANE_IDS = {
    "absent": None,
    "empty": b"",
    "too long": b"a" * 129,
    "space inside": b"two words",
    "not ASCII": "请求".encode(),
    "control character": b"abc\x7f",
}


@pytest.mark.parametrize("sent", INSANE_IDS.values(), ids=INSANE_IDS.keys())
def test_a_request_id_is_made_when_none_or_an_insane_one_is_sent(
    bare_client: TestClient, sent: bytes | None
) -> None:
    headers = {} if sent is None else {"X-Request-ID": sent}
    first = bare_client.get("/healthz", headers=headers).headers["X-Request-ID"]
    second = bare_client.get("/healthz", headers=headers).headers["X-Request-ID"]
    assert GENERATED.fullmatch(first) and GENERATED.fullmatch(second)
    assert first != second


def test_the_longest_sane_request_id_is_kept(bare_client: TestClient) -> None:
    sent = "x" * 128
    assert bare_client.get("/healthz", headers={"X-Request-ID": sent}).headers["X-Request-ID"] == sent


ERROR_ANSWERS = {
    "no such route": ("GET", "/v1/nothing-here", 404),
    "no such article": ("GET", "/v1/articles/999999999", 404),
    "invalid parameter": ("GET", "/v1/figures?max_amount=很多", 422),
    "method not allowed": ("PUT", "/v1/zones", 405),
}


@pytest.mark.parametrize(("method", "url", "status"), ERROR_ANSWERS.values(), ids=ERROR_ANSWERS.keys())
def test_problem_answers_carry_the_request_id(client: TestClient, method: str, url: str, status: int) -> None:
    response = client.request(method, url, headers={"X-Request-ID": "problem-1"})
    assert response.status_code == status
    assert response.headers["content-type"] == "application/problem+json"
    assert response.headers["X-Request-ID"] == "problem-1"


def test_a_304_carries_the_request_id(client: TestClient) -> None:
    etag = client.get("/v1/zones").headers["ETag"]
    response = client.get("/v1/zones", headers={"If-None-Match": etag, "X-Request-ID": "cached-1"})
    assert response.status_code == 304
    assert response.headers["X-Request-ID"] == "cached-1"


def test_an_unexpected_error_carries_the_request_id_and_is_counted(bare_client: TestClient) -> None:
    app = bare_client.app
    assert isinstance(app, FastAPI)

    @app.get("/boom/{part}")
    def boom(part: str) -> None:
        raise RuntimeError("secret internals")

    with TestClient(app, raise_server_exceptions=False) as quiet:
        response = quiet.get("/boom/1", headers={"X-Request-ID": "failed-1"})
        assert response.status_code == 500
        assert response.headers["X-Request-ID"] == "failed-1"
        assert requests_total(quiet)[("GET", "/boom/{part}", "500")] == 1


def test_the_server_logs_an_escaped_error_under_the_request_id() -> None:
    """The server logs the traceback of an error that escapes the app after the middleware has
    returned, in the request's own task: the id must still be current there."""

    async def failing(scope: Scope, receive: Receive, send: Send) -> None:
        raise RuntimeError("boom")

    async def receive() -> Message:
        return {"type": "http.request", "body": b""}

    async def send(message: Message) -> None:
        pass

    scope = {"type": "http", "method": "GET", "path": "/x", "headers": [(b"x-request-id", b"lost-1")]}

    async def serve_like_a_server() -> str | None:
        with pytest.raises(RuntimeError):
            await RequestMiddleware(failing, Metrics())(scope, receive, send)
        return current_request_id()  # where the server writes "Exception in ASGI application"

    assert asyncio.run(serve_like_a_server()) == "lost-1"


# The request log


def test_each_request_logs_one_json_line(client: TestClient, log_lines: LogLines) -> None:
    article_id = client.get("/v1/articles", params={"limit": 1}).json()["items"][0]["id"]
    response = client.get(f"/v1/articles/{article_id}", headers={"X-Request-ID": "log-1"})
    assert response.status_code == 200

    lines = [line for line in log_lines() if line["msg"] == "request" and line.get("request_id") == "log-1"]
    assert len(lines) == 1
    line = lines[0]
    assert set(line) == {
        "ts",
        "level",
        "logger",
        "msg",
        "request_id",
        "method",
        "path",
        "route",
        "status",
        "duration_ms",
        "client",
    }
    assert (line["level"], line["logger"], line["method"], line["status"]) == (
        "INFO",
        "zonefacts.access",
        "GET",
        200,
    )
    assert (line["path"], line["route"]) == (f"/v1/articles/{article_id}", "/v1/articles/{article_id}")
    assert isinstance(line["duration_ms"], float) and line["duration_ms"] >= 0
    assert line["client"] == "testclient"
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", line["ts"])


def test_every_log_line_during_a_request_carries_its_id(bare_client: TestClient, log_lines: LogLines) -> None:
    app = bare_client.app
    assert isinstance(app, FastAPI)

    @app.get("/chatty")
    def chatty() -> dict[str, str]:  # a plain def: it runs in a worker thread, the id goes along
        logging.getLogger("zonefacts.test").warning("working on it")
        return {"request_id": current_request_id() or ""}

    response = bare_client.get("/chatty", headers={"X-Request-ID": "chatty-1"})
    assert response.json() == {"request_id": "chatty-1"}
    logging.getLogger("zonefacts.test").warning("between requests")

    by_message = {line["msg"]: line for line in log_lines() if line["logger"].startswith("zonefacts")}
    assert by_message["working on it"]["request_id"] == "chatty-1"
    assert by_message["request"]["request_id"] == "chatty-1"
    assert "request_id" not in by_message["between requests"]
    assert current_request_id() is None


def test_the_request_line_is_left_out_above_info(bare_client: TestClient, log_lines: LogLines) -> None:
    access = logging.getLogger("zonefacts.access")
    access.setLevel(logging.WARNING)
    try:
        bare_client.get("/healthz")
    finally:
        access.setLevel(logging.NOTSET)
    assert not [line for line in log_lines() if line["msg"] == "request"]


# Metrics


def test_requests_are_counted_by_route_template(client: TestClient) -> None:
    ids = [item["id"] for item in client.get("/v1/articles", params={"limit": 2}).json()["items"]]
    for article_id in ids:
        assert client.get(f"/v1/articles/{article_id}").status_code == 200
    assert client.get("/v1/articles/999999999").status_code == 404
    for path in ("/nothing/1", "/nothing/2", "/nothing/3"):
        assert client.get(path).status_code == 404
    assert client.get("/v1/zones/佛山高新区").status_code == 200

    counted = requests_total(client)
    assert counted == {
        ("GET", "/v1/articles", "200"): 1,
        ("GET", "/v1/articles/{article_id}", "200"): len(ids),
        ("GET", "/v1/articles/{article_id}", "404"): 1,
        ("GET", UNMATCHED, "404"): 3,
        ("GET", "/v1/zones/{zone}", "200"): 1,
    }
    # the scrape itself is counted afterwards
    assert requests_total(client)[("GET", "/metrics", "200")] == 1


def test_an_unknown_method_is_counted_as_other(bare_client: TestClient) -> None:
    assert bare_client.request("BREW", "/healthz").status_code == 405
    assert requests_total(bare_client) == {("other", "/healthz", "405"): 1}


def test_durations_are_a_histogram_by_route_template(bare_client: TestClient) -> None:
    for _ in range(3):
        bare_client.get("/healthz")
    buckets = {
        dict(labels)["le"]: value
        for labels, value in samples(bare_client, "zonefacts_http_request_duration_seconds_bucket").items()
        if dict(labels)["route"] == "/healthz"
    }
    assert [float(le) for le in buckets] == [*DURATION_BUCKETS, float("inf")]
    counts = list(buckets.values())
    assert counts == sorted(counts) and counts[-1] == 3
    count = samples(bare_client, "zonefacts_http_request_duration_seconds_count")
    assert count[(("method", "GET"), ("route", "/healthz"))] == 3


def test_metrics_are_prometheus_text_never_cached(bare_client: TestClient) -> None:
    response = bare_client.get("/metrics")
    assert response.headers["content-type"] == "text/plain; version=0.0.4; charset=utf-8"
    assert response.headers["cache-control"] == "no-store"
    assert "etag" not in response.headers
    for name, kind in (
        ("zonefacts_http_requests_total", "counter"),
        ("zonefacts_http_request_duration_seconds", "histogram"),
        ("zonefacts_documents_ingested_total", "counter"),
        ("zonefacts_articles_ingested_total", "counter"),
        ("zonefacts_facts_ingested_total", "counter"),
        ("process_cpu_seconds_total", "counter"),
    ):
        assert f"# TYPE {name} {kind}\n" in response.text


def test_record_ingest_counts_from_a_request(bare_client: TestClient) -> None:
    app = bare_client.app
    assert isinstance(app, FastAPI)

    @app.post("/ingest-like")
    def ingest_like(metrics: MetricsDep) -> None:
        metrics.record_ingest(documents=1, articles=2, facts=17)

    before = samples(bare_client, "zonefacts_facts_ingested_total")
    assert before == {(): 0}
    for _ in range(2):
        bare_client.post("/ingest-like")
    assert samples(bare_client, "zonefacts_documents_ingested_total") == {(): 2}
    assert samples(bare_client, "zonefacts_articles_ingested_total") == {(): 4}
    assert samples(bare_client, "zonefacts_facts_ingested_total") == {(): 34}


def test_each_app_counts_apart() -> None:
    with TestClient(bare_app()) as first, TestClient(bare_app()) as second:
        first.get("/healthz")
        first.get("/healthz")
        second.get("/healthz")
        assert requests_total(first)[("GET", "/healthz", "200")] == 2
        assert requests_total(second)[("GET", "/healthz", "200")] == 1
