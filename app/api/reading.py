"""Fast reads: a `Reader` per request without a thread hop, and JSON serialized once.

Read routes are `async def`: on SQLite a read that walks an index and stops at its page takes
well under a millisecond in this process, less than the two or three hops to the thread pool a
sync route makes, so it runs on the event loop. A read that may scan (a text search, a count of
all, an unbounded list), and any read from PostgreSQL (each statement waits on a round trip), is
handed to the thread pool instead (`run_read`), so the event loop never waits on it.

Answers are built as plain dicts and lists in the shape of the response models and written with
orjson into a `Response`: the route keeps its `response_model` for the OpenAPI schema, and
FastAPI neither validates nor re-serializes what the service built.
"""

from __future__ import annotations

import functools
from collections.abc import AsyncIterator, Callable
from typing import Annotated, Any, Concatenate, ParamSpec, TypeVar

import orjson
from fastapi import Depends, Request, Response
from starlette.concurrency import run_in_threadpool

from app.services.reader import Reader

P = ParamSpec("P")
T = TypeVar("T")


async def get_reader(request: Request) -> AsyncIterator[Reader]:
    """A reader on the app's engine: a pooled connection from its first statement to the end of
    the handler (scope="function": given back before the answer is sent)."""
    reader = Reader.on(request.app.state.engine)
    try:
        yield reader
    finally:
        if reader.holds_connection and not reader.in_process:
            await run_in_threadpool(reader.close)  # the pool's rollback waits on a round trip
        else:
            reader.close()


ReaderDep = Annotated[Reader, Depends(get_reader, scope="function")]


async def in_thread_if(slow: bool, function: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
    """`function(*args)` in the thread pool if `slow`, else here on the event loop."""
    if slow:
        return await run_in_threadpool(function, *args, **kwargs)
    return function(*args, **kwargs)


async def run_read(
    reader: Reader,
    slow: bool,
    function: Callable[Concatenate[Reader, P], T],
    *args: P.args,
    **kwargs: P.kwargs,
) -> T:
    """`function(reader, ...)` here on the event loop if it is quick (not `slow`, and the database
    is in this process), else in the thread pool. A database over the network gets its connection
    back in the same trip to the thread pool (its rollback waits on a round trip too): one hop per
    read instead of two."""
    if reader.in_process:
        return await in_thread_if(slow, function, reader, *args, **kwargs)
    return await run_in_threadpool(
        _read_and_release, reader, functools.partial(function, reader, *args, **kwargs)
    )


def _read_and_release(reader: Reader, read: Callable[[], T]) -> T:
    try:
        return read()
    finally:
        reader.close()


def json_response(content: Any, headers: dict[str, str] | None = None) -> Response:
    return Response(orjson.dumps(content), media_type="application/json", headers=headers)
