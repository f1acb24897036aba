"""Every error as RFC 9457 application/problem+json: domain errors, validation errors, HTTP errors."""

from __future__ import annotations

import logging
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy import exc as sqlalchemy_exc
from starlette.exceptions import HTTPException as StarletteHTTPException

from app.errors import DomainError, InvalidInput, Unavailable

MEDIA_TYPE = "application/problem+json"

logger = logging.getLogger(__name__)


def problem(
    request: Request, status: int, title: str, detail: str | None, type_: str = "about:blank", **extra: Any
) -> JSONResponse:
    body = {"type": type_, "title": title, "status": status, "detail": detail, "instance": request.url.path}
    return JSONResponse(body | extra, status_code=status, media_type=MEDIA_TYPE)


async def domain_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, DomainError)
    response = problem(request, exc.status, exc.title, exc.detail, exc.type, **exc.extensions)
    response.headers.update(exc.headers)
    return response


async def validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = [
        {
            "parameter": ".".join(str(part) for part in error["loc"][1:]) or str(error["loc"][0]),
            "message": error["msg"],
        }
        for error in exc.errors()
    ]
    detail = "; ".join(f"{e['parameter']}: {e['message']}" for e in errors)
    return problem(
        request, 422, InvalidInput.title, detail, f"urn:zonefacts:problem:{InvalidInput.slug}", errors=errors
    )


async def http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    title = HTTPStatus(exc.status_code).phrase
    detail = exc.detail if exc.detail != title else None
    if exc.status_code == 404 and detail is None:
        detail = f"no resource at {request.url.path}"
    elif exc.status_code == 405 and detail is None:
        detail = f"{request.method} is not allowed on {request.url.path}"
    elif detail is None:
        detail = f"{title}: {request.method} {request.url.path}"
    response = problem(request, exc.status_code, title, detail)
    for name, value in (exc.headers or {}).items():
        response.headers[name] = value
    return response


# Errors that mean the database cannot be reached or is busy now: worth a retry, not a bug.
UNAVAILABLE_ERRORS = (
    sqlalchemy_exc.OperationalError,
    sqlalchemy_exc.InterfaceError,
    sqlalchemy_exc.DisconnectionError,
    sqlalchemy_exc.TimeoutError,
)


# SQLite reports bad SQL as OperationalError too; only these messages mean "try again later".
SQLITE_UNAVAILABLE = ("database is locked", "database table is locked", "unable to open", "disk i/o error")


def means_unavailable(exc: Exception) -> bool:
    """Whether a database error says the database is away or busy (not that the query was wrong)."""
    if not isinstance(exc, sqlalchemy_exc.OperationalError) or exc.orig is None:
        return True
    if type(exc.orig).__module__.startswith("sqlite3"):
        return any(message in str(exc.orig).lower() for message in SQLITE_UNAVAILABLE)
    return True


async def database_error(request: Request, exc: Exception) -> JSONResponse:
    """The database is down, restarting or locked: 503 with Retry-After, never a stack trace.
    The pool pings connections before use, so once the database is back requests succeed."""
    if not means_unavailable(exc):
        logger.error("database error on %s %s", request.method, request.url.path, exc_info=exc)
        return await unexpected_error(request, exc)
    logger.warning("database unavailable on %s %s: %s", request.method, request.url.path, _first_line(exc))
    response = problem(
        request,
        Unavailable.status,
        Unavailable.title,
        "the database does not answer; retry in a few seconds",
        f"urn:zonefacts:problem:{Unavailable.slug}",
    )
    response.headers.update(Unavailable.headers)
    return response


def _first_line(exc: Exception) -> str:
    lines = str(exc).strip().splitlines()
    return lines[0] if lines else type(exc).__name__


async def unexpected_error(request: Request, exc: Exception) -> JSONResponse:
    """Any other exception: a 500 problem that tells the caller nothing of the internals (the
    traceback goes to the server log, which Starlette writes as it re-raises)."""
    return problem(request, 500, "Internal Server Error", "the server failed to answer this request")


def install(app: FastAPI) -> None:
    app.add_exception_handler(Exception, unexpected_error)
    app.add_exception_handler(DomainError, domain_error)
    for error in UNAVAILABLE_ERRORS:
        app.add_exception_handler(error, database_error)
    app.add_exception_handler(RequestValidationError, validation_error)
    app.add_exception_handler(StarletteHTTPException, http_error)


def document(app: FastAPI) -> None:
    """Let the OpenAPI schema say what error responses really are: application/problem+json."""
    build = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = build()
            for operations in schema.get("paths", {}).values():
                for operation in operations.values():
                    for status, response in operation.get("responses", {}).items():
                        content = response.get("content", {})
                        if status[0] in "45" and "application/json" in content:
                            content[MEDIA_TYPE] = content.pop("application/json")
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
