"""The web application: `create_app(settings)` wires the engine, the routers and the error handlers."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib.metadata import version

from fastapi import FastAPI

from app.api import (
    articles,
    caching,
    csv_export,
    docs,
    figures,
    health,
    initiatives,
    organizations,
    people,
    problems,
    search,
    stats,
    zones,
)
from app.config import Settings, get_settings
from app.db import create_engine, create_sessionmaker
from app.schemas import Problem

DESCRIPTION = """\
Facts from Chinese news about national high-tech zones (国家高新区): initiatives, money figures
normalized to yuan, organizations and people, each traceable to `start`/`end` character offsets
into the text of the article it came from. Errors are `application/problem+json` (RFC 9457).

Every list also answers CSV (`Accept: text/csv` or `format=csv`; `bom=true` for spreadsheets).
Every GET has an `ETag`; send it back in `If-None-Match` to get `304 Not Modified`.
"""


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        engine = create_engine(settings.database_url)
        app.state.engine = engine
        app.state.sessionmaker = create_sessionmaker(engine)
        try:
            yield
        finally:
            engine.dispose()

    app = FastAPI(
        title="zonefacts",
        version=version("zonefacts"),
        description=DESCRIPTION,
        lifespan=lifespan,
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
    for module in (health, zones, figures, initiatives, organizations, people, articles, search, stats):
        app.include_router(module.router)
    docs.install(app)
    # The last added runs first: CSV sees the tagged response, so a 304 passes it untouched.
    app.add_middleware(caching.CachingMiddleware)
    app.add_middleware(csv_export.CsvMiddleware)
    return app
