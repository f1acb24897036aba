"""The web application: `create_app(settings)` wires the engine, the routers and the error handlers."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib.metadata import version

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

from app.api import (
    articles,
    caching,
    csv_export,
    docs,
    documents,
    figures,
    health,
    initiatives,
    observability,
    organizations,
    people,
    problems,
    search,
    stats,
    zones,
)
from app.api.limits import RequestLimitsMiddleware
from app.config import Settings, get_settings
from app.db import create_engine, create_sessionmaker
from app.logs import configure_logging
from app.schemas import Problem

DESCRIPTION = """\
Facts from Chinese news about national high-tech zones (国家高新区): initiatives, money figures
normalized to yuan, organizations and people, each traceable to `start`/`end` character offsets
into the text of the article it came from. Errors are `application/problem+json` (RFC 9457).

Every list also answers CSV (`Accept: text/csv` or `format=csv`; `bom=true` for spreadsheets).
Every GET has an `ETag`; send it back in `If-None-Match` to get `304 Not Modified`.
"""


def create_worker_app() -> FastAPI:
    """The app of one of `zonefacts serve`'s worker processes (uvicorn calls it in each, by name):
    settings from the environment, logged as in the parent. The parent has migrated and seeded."""
    settings = get_settings()
    configure_logging(settings.log_level, settings.log_format)
    return create_app(settings)


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        engine = create_engine(settings.database_url, timeout=settings.database_timeout_seconds)
        app.state.engine = engine
        app.state.sessionmaker = create_sessionmaker(engine)
        app.state.writer_sessionmaker = create_sessionmaker(engine, writer=True)
        try:
            yield
        finally:
            engine.dispose()

    app = FastAPI(
        title="zonefacts",
        version=version("zonefacts"),
        description=DESCRIPTION,
        lifespan=lifespan,
        # The service's telemetry is its own (/metrics, a log line per request); FastAPI's
        # OpenTelemetry hooks would look for providers on every request (4 us of ~90 here).
        telemetry={"tracing": False, "metrics": False, "logs": False},
        docs_url=None,  # FastAPI's pages load from a CDN; app.api.docs serves packaged ones
        redoc_url=None,
        responses={
            404: {"model": Problem, "description": "Not found (application/problem+json)"},
            422: {"model": Problem, "description": "Invalid input (application/problem+json)"},
        },
    )
    app.state.settings = settings
    problems.install(app)
    problems.document(app)
    csv_export.document(app)
    caching.document(app)
    for module in (
        health,
        zones,
        figures,
        initiatives,
        organizations,
        people,
        articles,
        documents,
        search,
        stats,
    ):
        app.include_router(module.router)
    docs.install(app)
    observability.install(app)  # GET /metrics; request ids, request logs and metrics around it all
    # The last added runs first: the limits, then Cache-Control, ETags and CSV (one layer, which
    # holds a GET's answer once for both).
    app.add_middleware(caching.CachingMiddleware)
    app.add_middleware(RequestLimitsMiddleware, max_body_bytes=settings.max_body_bytes)
    if settings.cors_origin_list:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=list(settings.cors_origin_list),
            allow_methods=["GET", "HEAD", "POST", "DELETE", "OPTIONS"],
            allow_headers=["Authorization", "X-API-Key", "Content-Type", "If-None-Match", "X-Request-ID"],
            expose_headers=["ETag", "Link", "Location", "X-Request-ID", "Retry-After"],
            max_age=600,
        )
    return app
