"""Observability: a request id on every request, one JSON log line per request, Prometheus metrics.

`install(app)` puts `RequestMiddleware` around the whole application, outside Starlette's own
error middleware, so even a 500 answer carries its `X-Request-ID` and is counted. For each HTTP
request it:

- takes the caller's `X-Request-ID` when it is sane (1 to 128 visible ASCII characters), else
  makes one (uuid4, hex), and sends it back on the response, whatever the status;
- keeps the id in `app.logs.REQUEST_ID` while the request runs, so every log line written
  meanwhile carries it;
- logs one line, `request`, with the method, path, route template, status, duration and client;
- counts the request and times it in the app's `Metrics`, labelled by the route template
  (`/v1/articles/{article_id}`), never by the raw path, which would make a series per article.

It is a plain ASGI middleware, not `BaseHTTPMiddleware`, and it is on every request's path, so it
keeps to a few microseconds: the request's series of metrics is looked up once, the log record
is made without looking up its caller, and `app.logs.LineWriter` writes the line off the event
loop. Metrics live in a registry of the app's own (`app.state.metrics`), so apps built side by
side (the tests build many) count apart; with several worker processes each counts its own.
`GET /metrics` shows them in Prometheus' text format.
"""

from __future__ import annotations

import logging
import os
import re
import time
from typing import Annotated

from fastapi import APIRouter, Depends, FastAPI, Request, Response
from prometheus_client import (
    CollectorRegistry,
    Counter,
    GCCollector,
    Histogram,
    PlatformCollector,
    ProcessCollector,
    generate_latest,
)
from prometheus_client.exposition import CONTENT_TYPE_PLAIN_0_0_4
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.logs import REQUEST_ID

UNMATCHED = "<unmatched>"  # the route label of a request that no route took (a 404, a redirect)
SANE_REQUEST_ID = re.compile(rb"[!-~]{1,128}")  # visible ASCII: safe in a header and a log line
METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
# Seconds. The API answers most reads in a few milliseconds, so the low buckets are fine-grained.
DURATION_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)

ACCESS = "zonefacts.access"
access_log = logging.getLogger(ACCESS)


def request_id_from(headers: list[tuple[bytes, bytes]]) -> str:
    """The caller's X-Request-ID if it is sane, else a new one (128 random bits, in hex).

    >>> request_id_from([(b"x-request-id", b"abc-123")])
    'abc-123'
    >>> len(request_id_from([(b"x-request-id", b"has space")])), len(request_id_from([]))
    (32, 32)
    """
    for name, value in headers:
        if name == b"x-request-id" and SANE_REQUEST_ID.fullmatch(value):  # servers send names lowercase
            return value.decode("ascii")
    return os.urandom(16).hex()


def route_template(scope: Scope) -> str:
    """The template of the route that took the request (`/v1/zones/{zone}`), after routing."""
    route = scope.get("route")
    template: str | None = getattr(route, "path_format", None)
    if template is not None:
        return template
    if "app_root_path" in scope:  # a mounted app (the docs' files): routing set no route, a prefix
        prefix: str = scope["root_path"][len(scope["app_root_path"]) :]
        return prefix + "/{path}"
    return UNMATCHED


class Metrics:
    """The service's Prometheus metrics, in a registry of their own (one per app)."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        ProcessCollector(registry=self.registry)
        PlatformCollector(registry=self.registry)
        GCCollector(registry=self.registry)
        self.requests = Counter(
            "zonefacts_http_requests",
            "HTTP requests answered, by method, route template and status",
            ["method", "route", "status"],
            registry=self.registry,
        )
        self.duration = Histogram(
            "zonefacts_http_request_duration_seconds",
            "Time to answer an HTTP request, from its arrival to its last byte, by method and route template",
            ["method", "route"],
            buckets=DURATION_BUCKETS,
            registry=self.registry,
        )
        self.documents = Counter(
            "zonefacts_documents_ingested", "Documents (news pages) stored", registry=self.registry
        )
        self.articles = Counter(
            "zonefacts_articles_ingested", "Articles (news items) stored", registry=self.registry
        )
        self.facts = Counter(
            "zonefacts_facts_ingested",
            "Facts stored: figures, initiatives, organizations and people",
            registry=self.registry,
        )
        # (method, route, status) → its counter and histogram: `labels()` costs more than the rest
        self._series: dict[tuple[str, str, int], tuple[Counter, Histogram]] = {}

    def observe_request(self, method: str, route: str, status: int, seconds: float) -> None:
        method = method if method in METHODS else "other"  # any token is a method: bound the label
        key = (method, route, status)
        series = self._series.get(key)
        if series is None:
            series = (self.requests.labels(method, route, str(status)), self.duration.labels(method, route))
            self._series[key] = series
        series[0].inc()
        series[1].observe(seconds)

    def record_ingest(self, *, documents: int, facts: int, articles: int = 0) -> None:
        """Count what one ingestion stored: new documents (0 when the text was stored before),
        their articles and facts. Call it once the ingestion has succeeded."""
        self.documents.inc(documents)
        self.articles.inc(articles)
        self.facts.inc(facts)

    def exposition(self) -> bytes:
        return generate_latest(self.registry)


def get_metrics(request: Request) -> Metrics:
    metrics: Metrics = request.app.state.metrics
    return metrics


MetricsDep = Annotated[Metrics, Depends(get_metrics)]


class RequestMiddleware:
    """Request id, request log line and request metrics; see the module's docstring."""

    def __init__(self, app: ASGIApp, metrics: Metrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        request_id = request_id_from(scope["headers"])
        id_header = (b"x-request-id", request_id.encode("ascii"))
        status = 500  # if the application fails before it answers, the server answers 500

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message = {**message, "headers": [*message.get("headers", ()), id_header]}
            await send(message)

        token = REQUEST_ID.set(request_id)
        failed = True
        try:
            await self.app(scope, receive, send_with_id)
            failed = False
        finally:
            seconds = time.perf_counter() - started
            route = route_template(scope)
            self.metrics.observe_request(scope["method"], route, status, seconds)
            if access_log.isEnabledFor(logging.INFO):
                client = scope.get("client")
                fields = {
                    "request_id": request_id,
                    "method": scope["method"],
                    "path": scope["path"],
                    "route": route,
                    "status": status,
                    "duration_ms": round(seconds * 1000, 3),
                    "client": client[0] if client else None,
                }
                # What access_log.info("request", extra=fields) does, less finding the caller's
                # file and line in the stack, which no line shows.
                access_log.handle(
                    access_log.makeRecord(ACCESS, logging.INFO, "", 0, "request", (), None, extra=fields)
                )
            # An exception going on up is logged next by the server, with its traceback: leave the
            # id set for that line. The server runs each request in a task of its own, so the id
            # goes no further than this request.
            if not failed:
                REQUEST_ID.reset(token)


router = APIRouter()


# Not in the OpenAPI schema: it is for Prometheus, not for the API's clients (like /docs).
@router.get("/metrics", include_in_schema=False)
async def metrics(metrics: MetricsDep) -> Response:
    return Response(metrics.exposition(), media_type=CONTENT_TYPE_PLAIN_0_0_4)


def install(app: FastAPI) -> None:
    """Give `app` its metrics, `GET /metrics`, and `RequestMiddleware` outside every other layer."""
    app.state.metrics = Metrics()
    app.include_router(router)
    build = app.build_middleware_stack

    def build_middleware_stack() -> ASGIApp:
        # Outside Starlette's ServerErrorMiddleware, which add_middleware cannot reach: the 500
        # answer to an unexpected error gets its X-Request-ID and is counted too.
        return RequestMiddleware(build(), app.state.metrics)

    app.build_middleware_stack = build_middleware_stack  # type: ignore[method-assign]
