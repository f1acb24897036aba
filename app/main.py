"""The web application: `create_app(settings)` wires the engine, the routers and the error handlers."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib.metadata import version

from fastapi import FastAPI

from app.api import articles, figures, health, initiatives, organizations, people, problems, zones
from app.config import Settings, get_settings
from app.db import create_engine, create_sessionmaker
from app.schemas import Problem

DESCRIPTION = """\
Facts from Chinese news about national high-tech zones (国家高新区): initiatives, money figures
normalized to yuan, organizations and people, each traceable to `start`/`end` character offsets
into the text of the article it came from. Errors are `application/problem+json` (RFC 9457).
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
        responses={
            404: {"model": Problem, "description": "Not found (application/problem+json)"},
            422: {"model": Problem, "description": "Invalid input (application/problem+json)"},
        },
    )
    app.state.settings = settings
    problems.install(app)
    problems.document(app)
    for module in (health, zones, figures, initiatives, organizations, people, articles):
        app.include_router(module.router)
    return app
