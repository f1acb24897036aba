"""HTTP caching for every GET: a strong ETag, 304 on a matching If-None-Match, and Cache-Control.

The ETag is a hash of the response body and of the representation asked for (JSON, CSV, CSV with
a byte order mark), so it is the same on every copy of the service behind a load balancer and
changes exactly when the answer does. A client that sends it back in `If-None-Match` gets
`304 Not Modified` with no body: the query still runs, but nothing is sent again.

Cache-Control, by path:
- data (`/v1/...`): `public, max-age=60`. Facts change only when an article is loaded or deleted;
  a minute of staleness in a shared cache is a fair price for the read-heavy load, and after that
  minute the ETag makes checking cheap.
- `/healthz`, `/readyz`: `no-store` and no ETag: a probe asks about this moment, not a copy of it.
- the docs pages and `/openapi.json`: `no-cache` (always revalidated: they change with a release).
- the docs' JavaScript and CSS: `public, max-age=86400`; their file server sends its own ETag.
- errors: `no-store`.
"""

from __future__ import annotations

import hashlib
from typing import Any

from fastapi import FastAPI
from starlette.datastructures import Headers, MutableHeaders, QueryParams
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.api.csv_export import BadFormat, requested_csv

DATA = "public, max-age=60"
NEVER = "no-store"
REVALIDATE = "no-cache"
ASSETS = "public, max-age=86400"
STATIC_PREFIX = "/static/"
NOT_STORED = ("/healthz", "/readyz")
DOCS = ("/docs", "/redoc", "/openapi.json", "/docs/oauth2-redirect")


def cache_control(path: str) -> str:
    """The Cache-Control of a successful GET of `path`.

    >>> cache_control("/v1/figures"), cache_control("/readyz"), cache_control("/docs")
    ('public, max-age=60', 'no-store', 'no-cache')
    """
    if path in NOT_STORED:
        return NEVER
    if path in DOCS:
        return REVALIDATE
    if path.startswith(STATIC_PREFIX):
        return ASSETS
    return DATA


def representation(scope: Scope) -> bytes:
    """What, beside the body, tells one representation of a URL from another: JSON or CSV."""
    try:
        options = requested_csv(QueryParams(scope.get("query_string", b"")), Headers(scope=scope))
    except BadFormat:
        return b"invalid"
    if options is None:
        return b"json"
    return b"csv+bom" if options.bom else b"csv"


def entity_tag(variant: bytes, body: bytes) -> str:
    """A strong ETag: 128 bits of sha256 over the representation and the body.

    >>> entity_tag(b"json", b"{}")
    '"42ce38f0bfa33df8d434f1e09e77e0d9"'
    """
    return '"' + hashlib.sha256(variant + b"\0" + body).hexdigest()[:32] + '"'


def none_match(header: str, tag: str) -> bool:
    """If-None-Match matches (weak comparison, as RFC 9110 wants for it).

    >>> none_match('W/"a", "b"', '"a"'), none_match("*", '"x"'), none_match('"b"', '"a"')
    (True, True, False)
    """
    candidates = [candidate.strip() for candidate in header.split(",")]
    return "*" in candidates or tag in (c.removeprefix("W/") for c in candidates)


class CachingMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in ("GET", "HEAD"):
            await self.app(scope, receive, send)
            return
        policy = cache_control(scope["path"])
        tagged = scope["method"] == "GET" and policy != NEVER
        start: Message = {}
        body = bytearray()
        passing = False

        async def respond(message: Message) -> None:
            nonlocal start, passing
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                ok = message["status"] in (200, 304)
                headers.setdefault("cache-control", policy if ok else NEVER)
                if not (tagged and message["status"] == 200) or "etag" in headers:
                    passing = True  # nothing to tag, or tagged already (the static files)
                    await send(message)
                else:
                    start = message
                return
            if passing or message["type"] != "http.response.body":
                await send(message)
                return
            body.extend(message.get("body", b""))
            if message.get("more_body", False):
                return
            tag = entity_tag(representation(scope), bytes(body))
            if none_match(Headers(scope=scope).get("if-none-match", ""), tag):
                await send(_not_modified(start, tag))
                await send({"type": "http.response.body", "body": b""})
                return
            MutableHeaders(scope=start)["etag"] = tag
            await send(start)
            await send({"type": "http.response.body", "body": bytes(body)})

        await self.app(scope, receive, respond)


def _not_modified(start: Message, tag: str) -> Message:
    """304 keeps the headers a cache needs (RFC 9110 §15.4.5), without the body's length or type."""
    kept = [
        (name, value)
        for name, value in start["headers"]
        if name.lower() in (b"cache-control", b"vary", b"content-location", b"expires")
    ]
    return {"type": "http.response.start", "status": 304, "headers": [*kept, (b"etag", tag.encode())]}


IF_NONE_MATCH = {
    "name": "If-None-Match",
    "in": "header",
    "required": False,
    "description": "the ETag of an answer you have: if it is still the answer, you get 304 and no body",
    "schema": {"type": "string"},
    "example": '"42ce38f0bfa33df8d434f1e09e77e0d9"',
}


def document(app: FastAPI) -> None:
    """Say in the OpenAPI schema that every GET has an ETag and may answer 304."""
    build = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = build()
            for path, operations in schema.get("paths", {}).items():
                operation = operations.get("get")
                if operation is None or cache_control(path) == NEVER:
                    continue
                operation.setdefault("parameters", []).append(IF_NONE_MATCH)
                ok = operation.get("responses", {}).get("200")
                if ok is not None:
                    ok.setdefault("headers", {})["ETag"] = {
                        "description": "identifies this answer; send it back in If-None-Match",
                        "schema": {"type": "string"},
                    }
                operation["responses"]["304"] = {"description": "Not Modified: your copy is the answer"}
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
