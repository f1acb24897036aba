"""HTTP caching for every GET: a strong ETag, 304 on a matching If-None-Match, and Cache-Control.

The ETag is a hash of the response body and of the representation asked for (JSON, CSV, CSV with
a byte order mark), so it is the same on every copy of the service behind a load balancer and
changes exactly when the answer does. A client that sends it back in `If-None-Match` gets
`304 Not Modified` with no body: the query still runs, but nothing is sent again.

Cache-Control, by path:
- data (`/v1/...`): `public, max-age=60`. Facts change only when an article is loaded or deleted;
  a minute of staleness in a shared cache is a fair price for the read-heavy load, and after that
  minute the ETag makes checking cheap.
- `/healthz`, `/readyz`, `/metrics`: `no-store` and no ETag: a probe or a scrape asks about this
  moment, not a copy of it.
- the docs pages and `/openapi.json`: `no-cache` (always revalidated: they change with a release).
- the docs' JavaScript and CSS: `public, max-age=86400`; their file server sends its own ETag.
- errors: `no-store`.

One middleware does all of it, and the CSV of lists too (`app.api.csv_export`), since both need
the route's whole answer: the body is held once, and a JSON answer costs a pass over its headers
and the hash of its body. The hash is SHA-256, which this machine's CPUs run in hardware (about
0.7 us per KB here, against 0.2 us for CRC-32): a strong tag is worth that much.
"""

from __future__ import annotations

import hashlib
from typing import Any

from fastapi import FastAPI
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.api import csv_export
from app.api.csv_export import BadFormat, CsvOptions

DATA = "public, max-age=60"
NEVER = "no-store"
REVALIDATE = "no-cache"
ASSETS = "public, max-age=86400"
STATIC_PREFIX = "/static/"
NOT_STORED = ("/healthz", "/readyz", "/metrics")
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


def representation(options: CsvOptions | None) -> bytes:
    """What, beside the body, tells one representation of a URL from another: JSON or CSV."""
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
    """Cache-Control on GET and HEAD answers; on GET answers also `Vary: Accept`, the ETag, 304 to
    a matching If-None-Match, and the CSV of a list when the request asks for it."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        method = scope["method"] if scope["type"] == "http" else None
        if method != "GET" and method != "HEAD":
            await self.app(scope, receive, send)
            return
        get = method == "GET"
        try:
            options = csv_export.requested(scope) if get else None
        except BadFormat as exc:
            await csv_export.bad_format(scope, exc)(scope, receive, send)
            return
        policy = cache_control(scope["path"])
        tagged = get and policy != NEVER
        held: Message | None = None  # the start of an answer kept until its body is whole
        chunks: list[bytes] = []
        whole: bytes | None = None  # the body of a held answer, once whole and still to send

        async def respond(message: Message) -> None:
            nonlocal held, whole
            if message["type"] == "http.response.start":
                status = message["status"]
                headers, has_tag = _with_policy(message["headers"], policy if status in OK else NEVER, get)
                message = {**message, "headers": headers}
                if status == 200 and ((tagged and not has_tag) or options is not None):
                    held = message
                else:
                    await send(message)
            elif held is None or message["type"] != "http.response.body":
                await send(message)
            else:
                chunks.append(message.get("body", b""))
                if message.get("more_body", False):
                    return
                body = chunks[0] if len(chunks) == 1 else b"".join(chunks)
                if tagged:
                    tag = entity_tag(representation(options), body)
                    if_none_match = _if_none_match(scope)
                    if if_none_match and none_match(if_none_match, tag):
                        await send(_not_modified(held, tag))
                        await send({"type": "http.response.body", "body": b""})
                        return
                    held["headers"].append((b"etag", tag.encode()))
                if options is None:
                    await send(held)
                    await send({"type": "http.response.body", "body": body})
                else:
                    whole = body  # the CSV is made once the route is done, as a response of its own

        await self.app(scope, receive, respond)
        if held is not None and whole is not None and options is not None:
            await csv_export.respond(scope, receive, send, held, whole, options)


OK = (200, 304)  # the statuses that get the path's Cache-Control; any other gets no-store


def _with_policy(
    raw: list[tuple[bytes, bytes]], policy: str, vary: bool
) -> tuple[list[tuple[bytes, bytes]], bool]:
    """The headers with `policy` unless they have a Cache-Control, and `Vary: Accept` instead of
    any Vary if `vary`; and whether they have an ETag. (ASGI header names are lowercase.)"""
    headers = []
    has_policy = has_tag = False
    for name, value in raw:
        if name == b"cache-control":
            has_policy = True
        elif name == b"etag":
            has_tag = True
        elif name == b"vary" and vary:
            continue
        headers.append((name, value))
    if not has_policy:
        headers.append((b"cache-control", policy.encode()))
    if vary:
        headers.append((b"vary", b"Accept"))
    return headers, has_tag


def _if_none_match(scope: Scope) -> str:
    value: bytes
    for name, value in scope["headers"]:
        if name == b"if-none-match":
            return value.decode("latin-1")
    return ""


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
